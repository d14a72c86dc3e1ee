// Mixed traffic through the gateway for the operations tests, and a ledger
// of what was acknowledged, to check afterwards that none of it was lost or
// repeated. Authors create and submit briefs (retrying with the same
// Idempotency-Key after a retryable failure), experts claim and complete
// review tasks, an editor reads notifications. Every answer is either a
// success, or 503 UNAVAILABLE with Retry-After ("retryable"); anything else
// is recorded as unclean.
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
  std::set<std::string> submitted;        // brief ids answered 200 to :submit
  std::map<std::string, std::string> claimed;  // task id -> expert id
  std::set<std::string> completed;             // task ids answered 200
  std::vector<std::string> unclean;            // answers that were neither
  int retryable = 0;
  int requests = 0;
};

class Traffic {
 public:
  // `ports`: the gateways to spread requests over.
  Traffic(Api& api, std::vector<int> ports, int authors = 3, int experts = 2);
  ~Traffic();
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
  // Sends until the answer is not retryable (retrying after 503 with the
  // same request); the final answer. Counts and records in the ledger.
  HttpResponse Send(HttpClient& http, const std::string& method,
                    const std::string& target, const std::string& key,
                    const std::string& body,
                    std::map<std::string, std::string> headers,
                    std::initializer_list<int> expected);
  HttpClient& Client(int n);

  Api& api_;
  std::vector<int> ports_;
  std::vector<std::unique_ptr<HttpClient>> clients_;
  User editor_;
  std::vector<User> authors_, experts_;
  std::atomic<bool> running_{false};
  std::vector<std::thread> threads_;
  Ledger ledger_;
};

}  // namespace briefdesk::testing

#endif  // BRIEFDESK_TESTS_HARNESS_TRAFFIC_H_
