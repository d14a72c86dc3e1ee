#include "tests/harness/traffic.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <pqxx/pqxx>

namespace briefdesk::testing {
namespace {

using std::chrono::milliseconds;

std::string Describe(const std::string& method, const std::string& target,
                     const HttpResponse& r) {
  return method + " " + target + " -> " + std::to_string(r.status) + " " +
         r.body.substr(0, 200);
}

}  // namespace

Traffic::Traffic(Api& api, std::vector<int> ports, int authors, int experts)
    : api_(api), ports_(std::move(ports)) {
  editor_ = api_.NewUser({"EDITOR"});
  for (int i = 0; i < authors; ++i)
    authors_.push_back(api_.NewUser({"PARTICIPANT"}));
  for (int i = 0; i < experts; ++i)
    experts_.push_back(api_.NewUser({"EXPERT"}));
  for (size_t i = 0; i < authors_.size() + experts_.size() + 1; ++i) {
    clients_.push_back(std::make_unique<HttpClient>(ports_[i % ports_.size()]));
  }
}

Traffic::~Traffic() { Stop(); }

HttpClient& Traffic::Client(int n) { return *clients_[n]; }

void Traffic::Start() {
  running_ = true;
  for (size_t i = 0; i < authors_.size(); ++i) {
    threads_.emplace_back([this, i] { Author(static_cast<int>(i)); });
  }
  for (size_t i = 0; i < experts_.size(); ++i) {
    threads_.emplace_back([this, i] { Expert(static_cast<int>(i)); });
  }
  threads_.emplace_back([this] { Reader(); });
}

void Traffic::Stop() {
  running_ = false;
  for (auto& t : threads_) t.join();
  threads_.clear();
}

Traffic::Answer Traffic::Send(HttpClient& http, const std::string& method,
                              const std::string& target, const std::string& key,
                              const std::string& body,
                              std::map<std::string, std::string> headers,
                              const std::vector<int>& expected,
                              const std::vector<int>& if_retried) {
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(90);
  for (bool retried = false;; retried = true) {
    HttpResponse r = http.Call(method, target, key, body, headers);
    bool unanswered = r.status == 0 && retry_unanswered_;
    bool retryable =
        unanswered || (r.status == 503 && r.ErrorCode() == "UNAVAILABLE" &&
                       !r.Header("retry-after").empty());
    {
      std::lock_guard lock(ledger_.mu);
      ++ledger_.requests;
      if (!retryable) {
        auto in = [&](const std::vector<int>& list) {
          return std::find(list.begin(), list.end(), r.status) != list.end();
        };
        if (!in(expected) && !(retried && in(if_retried))) {
          ledger_.unclean.push_back(Describe(method, target, r));
        }
        return {r, retried};
      }
      ++ledger_.retryable;
      ledger_.unanswered += unanswered;
      if (std::chrono::steady_clock::now() > until) {
        ledger_.unclean.push_back("still unavailable after 90 s: " +
                                  Describe(method, target, r));
        return {r, retried};
      }
    }
    std::this_thread::sleep_for(milliseconds(100));
  }
}

// A workflow action answered 200, or 409 when retried: the attempt whose
// answer was lost did it (nobody else takes these actions on the brief or
// task), so it is as acknowledged.
bool Traffic::Done(const Answer& a) {
  bool on_retry = a.retried && a.response.status == 409;
  if (on_retry) {
    std::lock_guard lock(ledger_.mu);
    ++ledger_.done_on_retry;
  }
  return a.response.status == 200 || on_retry;
}

void Traffic::Author(int n) {
  const User& me = authors_[n];
  HttpClient& http = Client(n);
  while (running_) {
    std::string body = R"({"title":"Brief )" + Api::Unique() +
                       R"(","topic":"social-protection",)" +
                       Api::CompleteSections() + "}";
    HttpResponse created =
        Send(http, "POST", "/v1/briefs", me.key, body,
             {{"Idempotency-Key", "create-" + Api::Unique()}}, {201})
            .response;
    if (created.status != 201) continue;
    std::string id = Str(created.Json(), "id");
    {
      std::lock_guard lock(ledger_.mu);
      ledger_.created.insert(id);
      ++ledger_.created_by[me.id];
    }
    if (Done(Send(http, "POST", "/v1/briefs/" + id + ":submit", me.key, "", {},
                  {200}, {409}))) {
      std::lock_guard lock(ledger_.mu);
      ledger_.submitted.insert(id);
    }
    std::this_thread::sleep_for(milliseconds(20));
  }
}

void Traffic::Expert(int n) {
  const User& me = experts_[n];
  HttpClient& http = Client(static_cast<int>(authors_.size()) + n);
  // A claim whose answer was lost holds a task this expert never hears of;
  // enough of them reach the cap of open claims, and a claim is 409.
  bool unknown_claims = false;
  while (running_) {
    std::vector<int> clean = {200, 204};
    if (unknown_claims) clean.push_back(409);
    Answer claim =
        Send(http, "POST", "/v1/reviews:claim", me.key, "", {}, clean, {409});
    unknown_claims = unknown_claims || claim.retried;
    if (claim.response.status != 200) {
      std::this_thread::sleep_for(milliseconds(50));
      continue;
    }
    auto task = claim.response.Json().at("task");
    std::string task_id = Str(task, "id");
    {
      std::lock_guard lock(ledger_.mu);
      ledger_.claimed[task_id] = me.id;
    }
    Answer done = Send(
        http, "POST", "/v1/reviews/" + task_id + ":complete", me.key,
        R"({"claimToken":")" + Str(task, "claimToken") +
            R"(","decision":"REQUEST_CHANGES","summary":"Reviewed under load.",)"
            R"("scores":{"evidence":4,"clarity":3,"actionability":4,"relevance":5},)"
            R"("comments":[]})",
        {}, {200}, {409});
    if (Done(done)) {
      std::lock_guard lock(ledger_.mu);
      ledger_.completed.insert(task_id);
    }
  }
}

void Traffic::Reader() {
  HttpClient& http = Client(static_cast<int>(clients_.size()) - 1);
  while (running_) {
    Send(http, "GET", "/v1/notifications", editor_.key, "", {}, {200});
    std::this_thread::sleep_for(milliseconds(20));
  }
}

void Traffic::Verify(int seconds) {
  Stack& stack = api_.stack();
  pqxx::connection briefs_db(stack.DatabaseUrl("briefs"));
  pqxx::connection review_db(stack.DatabaseUrl("review"));
  pqxx::connection notification_db(stack.DatabaseUrl("notification"));
  std::lock_guard lock(ledger_.mu);

  // Events travel asynchronously: wait until each submission arrived.
  auto arrived = [&](const std::string& id) {
    pqxx::nontransaction rq(review_db), nq(notification_db);
    return rq.exec_params1("SELECT count(*) FROM tasks WHERE brief_id = $1",
                           id)[0]
                   .as<int>() > 0 &&
           nq.exec_params1(
                 "SELECT count(*) FROM notifications WHERE user_id = $1 "
                 "AND event = 'brief.submitted' AND brief_id = $2",
                 editor_.id, id)[0]
                   .as<int>() > 0;
  };
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  for (const std::string& id : ledger_.submitted) {
    while (!arrived(id) && std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(milliseconds(100));
    }
  }

  pqxx::nontransaction bq(briefs_db), rq(review_db), nq(notification_db);
  for (const auto& [author, n] : ledger_.created_by) {
    EXPECT_EQ(
        bq.exec_params1("SELECT count(*) FROM briefs WHERE author_id = $1",
                        author)[0]
            .as<int>(),
        n)
        << "briefs of " << author << ": one per acknowledged creation";
  }
  for (const std::string& id : ledger_.created) {
    HttpResponse got = api_.Call("GET", "/v1/briefs/" + id, stack.admin_key());
    EXPECT_EQ(got.status, 200) << id;
    if (ledger_.submitted.count(id)) {
      EXPECT_NE(Str(got.Json(), "state"), "DRAFT") << id;
      EXPECT_GT(rq.exec_params1(
                      "SELECT count(*) FROM tasks WHERE brief_id = $1", id)[0]
                    .as<int>(),
                0)
          << "no review task for the acknowledged submission of " << id;
      EXPECT_EQ(
          nq.exec_params1(
                "SELECT count(*) FROM notifications WHERE user_id = $1 AND "
                "event = 'brief.submitted' AND brief_id = $2",
                editor_.id, id)[0]
              .as<int>(),
          1)
          << "brief.submitted notifications for " << id;
    }
  }
  for (const auto& [task, expert] : ledger_.claimed) {
    pqxx::row t = rq.exec_params1(
        "SELECT state, coalesce(claimed_by, ''), "
        "(SELECT count(*) FROM reviews r WHERE r.task_id = t.id AND "
        "r.reviewer_id = $2) FROM tasks t WHERE id = $1",
        task, expert);
    std::string state = t[0].as<std::string>();
    if (ledger_.completed.count(task)) {
      EXPECT_EQ(state, "DONE") << task;
      EXPECT_EQ(t[2].as<int>(), 1) << "reviews of acknowledged task " << task;
    } else {
      EXPECT_TRUE((state == "CLAIMED" && t[1].as<std::string>() == expert) ||
                  state == "DONE" || state == "CANCELLED")
          << task << " is " << state;
    }
  }
  EXPECT_TRUE(ledger_.unclean.empty())
      << ledger_.unclean.size()
      << " unclean answers, the first: " << ledger_.unclean.front();
}

}  // namespace briefdesk::testing
