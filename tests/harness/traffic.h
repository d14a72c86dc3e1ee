// Mixed traffic through the gateway for the operations tests, and a ledger
// of what was acknowledged, to check afterwards that none of it was lost or
// repeated. Authors create and submit briefs (retrying with the same
// Idempotency-Key after a retryable failure), experts claim and complete
// review tasks, an editor reads notifications. Every answer is either a
// success, or 503 UNAVAILABLE with Retry-After ("retryable"), or, when
// RetryUnanswered() was called, no answer at all (the gateway is down);
// a workflow action retried after a retryable answer may find itself done
// (409), and counts as done. Anything else is recorded as unclean.
#ifndef BRIEFDESK_TESTS_HARNESS_TRAFFIC_H_
#define BRIEFDESK_TESTS_HARNESS_TRAFFIC_H_

#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "tests/harness/api.h"

namespace briefdesk::testing {

struct Ledger {
  std::mutex mu;
  std::set<std::string> created;          // brief ids answered 201
  std::map<std::string, int> created_by;  // author id -> briefs answered 201
  // Brief ids answered 200 to :submit, or 409 on a retry (done by the
  // attempt whose answer was lost: only the author submits).
  std::set<std::string> submitted;
  std::map<std::string, std::string> claimed;  // task id -> expert id
  std::set<std::string> completed;   // task ids answered 200 (or 409 on a
                                     // retry) to :complete
  std::vector<std::string> unclean;  // answers that were none of these
  int retryable = 0;                 // answers retried: 503, or no answer
  int unanswered = 0;                // of which no answer at all
  int done_on_retry = 0;  // retried actions that found themselves done
  int requests = 0;
};

class Traffic {
 public:
  // `ports`: the gateways to spread requests over.
  Traffic(Api& api, std::vector<int> ports, int authors = 3, int experts = 2);
  ~Traffic();
  // No answer (connection refused or reset) is retried like a 503, not
  // unclean: for tests that kill the gateway. Before Start().
  void RetryUnanswered() { retry_unanswered_ = true; }
  void Start();
  void Stop();  // waits for every worker's current request
  Ledger& ledger() { return ledger_; }
  const User& editor() const { return editor_; }

  // Waits (up to `seconds`) until every acknowledged submission shows in
  // the review and notification databases; then checks with gtest that
  // nothing acknowledged was lost or repeated:
  // - each created brief reads back; each submitted one left DRAFT;
  // - each submission made review tasks and exactly one brief.submitted
  //   notification for the editor;
  // - each acknowledged claim is held by (or was completed by) its expert,
  //   each acknowledged completion left exactly one review;
  // - no answer was unclean.
  void Verify(int seconds = 60);

 private:
  void Author(int n);
  void Expert(int n);
  void Reader();
  struct Answer {
    HttpResponse response;
    bool retried = false;  // an earlier attempt got a retryable answer
  };
  // Sends until the answer is not retryable (retrying with the same
  // request); the final answer. `expected` statuses are clean; so are
  // `if_retried` ones after a retry. Counts and records in the ledger.
  Answer Send(HttpClient& http, const std::string& method,
              const std::string& target, const std::string& key,
              const std::string& body,
              std::map<std::string, std::string> headers,
              const std::vector<int>& expected,
              const std::vector<int>& if_retried = {});
  // Whether a workflow action took effect: 200, or 409 after a retry.
  bool Done(const Answer& a);
  HttpClient& Client(int n);

  Api& api_;
  std::vector<int> ports_;
  std::vector<std::unique_ptr<HttpClient>> clients_;
  User editor_;
  std::vector<User> authors_, experts_;
  bool retry_unanswered_ = false;
  std::atomic<bool> running_{false};
  std::vector<std::thread> threads_;
  Ledger ledger_;
};

}  // namespace briefdesk::testing

#endif  // BRIEFDESK_TESTS_HARNESS_TRAFFIC_H_
