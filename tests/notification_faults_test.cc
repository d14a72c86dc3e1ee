// The notification service killed with SIGKILL while events flow, webhook
// retries are pending and follow-ups are scheduled; then restarted. No
// notification lost or duplicated; retries and follow-ups resume.
#include <gtest/gtest.h>

#include <csignal>
#include <set>
#include <thread>

#include "tests/harness/api.h"
#include "tests/harness/test_http_server.h"

namespace briefdesk::testing {
namespace {

const bool kConfigured = [] {
  Stack::Options o;
  o.notification_env = {{"BRIEFDESK_WEBHOOK_ALLOW_LOOPBACK", "true"},
                        {"BRIEFDESK_WEBHOOK_TIMEOUT_MS", "500"},
                        {"BRIEFDESK_WEBHOOK_BACKOFF_BASE_MS", "300"},
                        {"BRIEFDESK_WEBHOOK_BACKOFF_MAX_MS", "1000"},
                        {"BRIEFDESK_WEBHOOK_RETRY_WINDOW_SECONDS", "120"},
                        {"BRIEFDESK_WEBHOOK_POLL_MS", "50"},
                        {"BRIEFDESK_FOLLOWUP_INTERVAL_SECONDS", "4"},
                        {"BRIEFDESK_FOLLOWUP_COUNT", "2"}};
  Stack::Configure(o);
  return true;
}();

TEST(NotificationFaultsTest, SigkillLosesAndDuplicatesNothing) {
  Api api;
  User author = api.NewUser({"PARTICIPANT"});
  User editor = api.NewUser({"EDITOR"});
  User expert = api.NewUser({"EXPERT"}, R"(["nf-topic"])");
  // The first three webhook requests fail: retries are pending at the kill.
  TestHttpServer receiver([](int n) { return n < 3 ? 503 : 200; });
  HttpResponse reg = api.Call("POST", "/v1/webhooks", editor.key,
                              R"({"url":"http://127.0.0.1:)" +
                                  std::to_string(receiver.port()) +
                                  R"(/","events":["brief.submitted"]})");
  ASSERT_EQ(reg.status, 201) << reg.body;

  // A published brief: its follow-ups are due 4 s and 8 s later.
  auto pub =
      api.NewBrief(author, R"("topic":"nf-topic",)" + Api::CompleteSections());
  std::string published = Str(pub, "id");
  ASSERT_EQ(api.Call("POST", "/v1/briefs/" + published + ":submit", author.key)
                .status,
            200);
  HttpResponse claim = api.ClaimWithin(expert);
  ASSERT_EQ(claim.status, 200);
  ASSERT_EQ(api.Complete(expert, claim, "APPROVE").status, 200);
  ASSERT_TRUE(api.WaitForState(published, "APPROVED"));
  ASSERT_EQ(api.Call("POST", "/v1/briefs/" + published + ":publish", editor.key)
                .status,
            200);

  // Submissions while the service is killed and restarted.
  std::set<std::string> submitted = {published};
  for (int i = 0; i < 6; ++i) {
    if (i == 2) api.stack().KillNotification(SIGKILL);
    if (i == 4) api.stack().StartNotification();
    submitted.insert(Str(api.SubmittedBrief(author), "id"));
  }
  ASSERT_TRUE(api.stack().WaitReady());

  // Every submission reaches the editor's inbox exactly once.
  auto inbox = [&] {
    HttpResponse r =
        api.Call("GET", "/v1/notifications?pageSize=100", editor.key);
    const boost::json::value v = r.Json();
    std::multiset<std::string> out;
    for (const auto& n : v.at("notifications").as_array()) {
      if (Str(n, "event") == "brief.submitted") out.insert(Str(n, "briefId"));
    }
    return out;
  };
  for (int i = 0; i < 200 && inbox().size() < submitted.size(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  std::multiset<std::string> got = inbox();
  EXPECT_EQ(std::set<std::string>(got.begin(), got.end()), submitted);
  EXPECT_EQ(got.size(), submitted.size()) << "a notification was duplicated";

  // Every delivery is eventually answered 200; retries resumed.
  auto delivered = [&] {
    std::set<std::string> ok;
    auto all = receiver.received();
    for (size_t i = 3; i < all.size(); ++i) {
      ok.insert(all[i].headers.at("x-briefdesk-delivery"));
    }
    return ok;
  };
  for (int i = 0; i < 300 && delivered().size() < submitted.size(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(delivered().size(), submitted.size());

  // Both follow-ups came, once each.
  auto followups = [&] {
    HttpResponse r =
        api.Call("GET", "/v1/notifications?pageSize=100", author.key);
    const boost::json::value v = r.Json();
    int n = 0;
    for (const auto& x : v.at("notifications").as_array()) {
      n += Str(x, "event") == "followup.due" && Str(x, "briefId") == published;
    }
    return n;
  };
  for (int i = 0; i < 200 && followups() < 2; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(followups(), 2);
  std::this_thread::sleep_for(std::chrono::seconds(2));
  EXPECT_EQ(followups(), 2);
}

}  // namespace
}  // namespace briefdesk::testing
