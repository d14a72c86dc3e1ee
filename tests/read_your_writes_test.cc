// An answer means its effects are visible (read your writes): a claim sent
// right after a submission finds the task, and an editor's publication
// right after the approving review finds the brief APPROVED; when the other
// service cannot be reached, the change is still made and the answer says
// its effects are pending.
#include <gtest/gtest.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <mutex>
#include <thread>

#include "tests/harness/api.h"

namespace briefdesk::testing {
namespace {

const bool kConfigured = [] {
  Stack::Options o;
  o.gateway_env = {{"BRIEFDESK_RATE_LIMIT_PER_MINUTE", "0"}};
  Stack::Configure(o);
  return true;
}();

constexpr int kWorkers = 8;
constexpr int kCycles = 1000;

struct Tally {
  std::atomic<int> cycles{0}, claims_empty{0}, publish_refused{0}, pending{0},
      other{0};
  std::mutex mu;
  std::string first_problem;
  void Problem(const std::string& what) {
    ++other;
    std::lock_guard lock(mu);
    if (first_problem.empty()) first_problem = what;
  }
};

bool Applied(const HttpResponse& r, Tally* tally) {
  if (r.Header("x-briefdesk-effects") == "applied") return true;
  ++tally->pending;
  return false;
}

// The publication of an approved brief, retried while the approval is still
// on its way (its answer said "pending"); the 409 of the last try if never.
HttpResponse PublishWithin(HttpClient& http, const std::string& id,
                           const User& editor, int seconds) {
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  HttpResponse r;
  do {
    r = http.Call("POST", "/v1/briefs/" + id + ":publish", editor.key);
    if (r.status != 409) return r;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  } while (std::chrono::steady_clock::now() < until);
  return r;
}

// One author and one expert of a topic of their own, so that each claim can
// only be for the brief just submitted. An answer saying its effects are
// "applied" is held to it: the claim or the publication right after never
// misses. One saying "pending" (the wait ran out, as on a loaded machine) is
// held to the effects arriving later.
void Cycles(Api& api, int n, const User& editor, int count, Tally* tally) {
  std::string topic = "ryw-" + std::to_string(n) + "-" + Api::Unique();
  User author = api.NewUser({"PARTICIPANT"});
  User expert = api.NewUser({"EXPERT"}, "[\"" + topic + "\"]");
  HttpClient http(api.stack().http_port());
  for (int i = 0; i < count; ++i) {
    HttpResponse created =
        http.Call("POST", "/v1/briefs", author.key,
                  R"({"title":"Cycle )" + std::to_string(i) + R"(","topic":")" +
                      topic + "\"," + Api::CompleteSections() + "}");
    std::string id = Str(created.Json(), "id");
    HttpResponse submitted =
        http.Call("POST", "/v1/briefs/" + id + ":submit", author.key);
    if (submitted.status != 200)
      return tally->Problem("submit " + submitted.body);
    HttpResponse claim =
        Applied(submitted, tally)
            ? http.Call("POST", "/v1/reviews:claim", expert.key)
            : api.ClaimWithin(expert, 30);
    if (claim.status == 204) {
      ++tally->claims_empty;
      continue;
    }
    if (claim.status != 200) return tally->Problem("claim " + claim.body);
    auto task = claim.Json().at("task");
    if (Str(task, "briefId") != id)
      return tally->Problem("claimed another brief");
    HttpResponse review = http.Call(
        "POST", "/v1/reviews/" + Str(task, "id") + ":complete", expert.key,
        R"({"claimToken":")" + Str(task, "claimToken") +
            R"(","decision":"APPROVE","summary":"Good.","scores":{"evidence":4,)"
            R"("clarity":4,"actionability":4,"relevance":4}})");
    if (review.status != 200) return tally->Problem("complete " + review.body);
    HttpResponse published =
        Applied(review, tally)
            ? http.Call("POST", "/v1/briefs/" + id + ":publish", editor.key)
            : PublishWithin(http, id, editor, 30);
    if (published.status == 409) {
      ++tally->publish_refused;
    } else if (published.status != 200) {
      return tally->Problem("publish " + published.body);
    }
    ++tally->cycles;
  }
}

TEST(ReadYourWritesTest, ClaimAfterSubmitAndPublishAfterApprovalNeverMiss) {
  Api api;
  User editor = api.NewUser({"EDITOR"});
  Tally tally;
  std::vector<std::thread> workers;
  for (int n = 0; n < kWorkers; ++n) {
    workers.emplace_back(
        [&, n] { Cycles(api, n, editor, kCycles / kWorkers, &tally); });
  }
  for (auto& w : workers) w.join();
  EXPECT_EQ(tally.other, 0) << tally.first_problem;
  EXPECT_EQ(tally.cycles, kCycles);
  EXPECT_EQ(tally.claims_empty, 0) << "a claim after :submit found nothing";
  EXPECT_EQ(tally.publish_refused, 0) << "a :publish after approval got 409";
  // Most answers wait long enough (3 s) even on a loaded machine; were they
  // all "pending", the checks above would test nothing of read-your-writes.
  EXPECT_LT(tally.pending, kCycles / 2) << "answers saying effects pending";
  std::printf("%d cycles, %d of %d answers said their effects were pending\n",
              tally.cycles.load(), tally.pending.load(), 2 * kCycles);
}

TEST(ReadYourWritesTest, WithReviewDownASubmissionIsMadeAndSaysPending) {
  Api api;
  User author = api.NewUser({"PARTICIPANT"});
  User expert = api.NewUser({"EXPERT"}, "[\"social-protection\"]");
  api.stack().KillReview(SIGKILL);
  auto b = api.NewBrief(author, Api::CompleteSections());
  auto start = std::chrono::steady_clock::now();
  HttpResponse submitted =
      api.Call("POST", "/v1/briefs/" + Str(b, "id") + ":submit", author.key);
  double waited =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  EXPECT_EQ(submitted.status, 200) << submitted.body;
  EXPECT_EQ(Str(submitted.Json(), "state"), "SUBMITTED");
  EXPECT_EQ(submitted.Header("x-briefdesk-effects"), "pending");
  EXPECT_LT(waited, 4.0);  // at most the configured wait (3 s)
  // A second one does not wait again: deliveries are known to be failing.
  auto b2 = api.NewBrief(author, Api::CompleteSections());
  start = std::chrono::steady_clock::now();
  HttpResponse again =
      api.Call("POST", "/v1/briefs/" + Str(b2, "id") + ":submit", author.key);
  EXPECT_EQ(again.Header("x-briefdesk-effects"), "pending");
  EXPECT_LT(
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count(),
      1.0);
  // Once review is back, the outbox delivers both: the task is there.
  api.stack().StartReview();
  ASSERT_TRUE(api.stack().WaitReady());
  std::set<std::string> claimed;
  for (int i = 0; i < 2; ++i) {
    HttpResponse claim = api.ClaimWithin(expert, 30);
    ASSERT_EQ(claim.status, 200) << claim.body;
    claimed.insert(Str(claim.Json().at("task"), "briefId"));
    api.Complete(expert, claim, "REQUEST_CHANGES");
  }
  EXPECT_TRUE(claimed.count(Str(b, "id")));
  EXPECT_TRUE(claimed.count(Str(b2, "id")));
}

TEST(ReadYourWritesTest, AfterADatabaseRestartAnswersAreAppliedAgain) {
  Api api;
  User author = api.NewUser({"PARTICIPANT"});
  api.stack().RestartPostgres();
  ASSERT_TRUE(api.stack().WaitReady());
  // The relays reconnect; the review service was never down, so nothing is
  // pending once the database answers again.
  HttpResponse submitted;
  for (int i = 0; i < 50; ++i) {
    auto b = api.NewBrief(author, Api::CompleteSections());
    submitted =
        api.Call("POST", "/v1/briefs/" + Str(b, "id") + ":submit", author.key);
    if (submitted.status == 200) break;  // 503 while pools reconnect
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(submitted.status, 200) << submitted.body;
  EXPECT_EQ(submitted.Header("x-briefdesk-effects"), "applied");
}

}  // namespace
}  // namespace briefdesk::testing
