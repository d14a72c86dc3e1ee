// Nothing acknowledged is lost: the briefs service is killed with SIGKILL
// after and during acknowledged edits, restarted, and every acknowledged
// revision is there with exactly the content that was sent.
#include <gtest/gtest.h>

#include <atomic>
#include <csignal>
#include <thread>

#include "tests/harness/api.h"

namespace briefdesk::testing {
namespace {

TEST(DurabilityTest, AcknowledgedPatchSurvivesSigkill) {
  Api api;
  User author = api.NewUser({"PARTICIPANT"});
  std::string id = Str(api.NewBrief(author), "id");
  HttpResponse acked = api.Edit(author, id, R"({"sections":{"summary":"acknowledged"}})");
  ASSERT_EQ(acked.status, 200);

  api.stack().KillBriefs(SIGKILL);
  EXPECT_EQ(api.Call("GET", "/v1/briefs/" + id, author.key).status, 503);
  api.stack().StartBriefs();
  ASSERT_TRUE(api.stack().WaitReady());

  HttpResponse got = api.Call("GET", "/v1/briefs/" + id, author.key);
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.Json().at("revision").as_int64(), 2);
  EXPECT_EQ(Str(got.Json().at("sections"), "summary"), "acknowledged");
  EXPECT_EQ(got.Header("etag"), acked.Header("etag"));
}

TEST(DurabilityTest, KillDuringAStreamOfEditsLosesNoAcknowledgedRevision) {
  Api api;
  User author = api.NewUser({"PARTICIPANT"});
  std::string id = Str(api.NewBrief(author), "id");
  std::map<int64_t, std::string> acked;  // revision -> summary sent
  std::atomic<bool> killed{false};
  std::thread killer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    api.stack().KillBriefs(SIGKILL);
    killed = true;
  });
  int failures = 0;
  for (int i = 0; i < 400 && !(killed && failures > 0); ++i) {
    std::string summary = "edit number " + std::to_string(i);
    HttpResponse res = api.Edit(author, id, R"({"sections":{"summary":")" + summary + "\"}}");
    if (res.status == 200) {
      acked[res.Json().at("revision").as_int64()] = summary;
    } else {
      ++failures;  // in flight at the kill, or after it: not acknowledged
    }
  }
  killer.join();
  ASSERT_GT(acked.size(), 1u) << "no edit was acknowledged before the kill";
  api.stack().StartBriefs();
  ASSERT_TRUE(api.stack().WaitReady());

  HttpResponse now = api.Call("GET", "/v1/briefs/" + id, author.key);
  ASSERT_EQ(now.status, 200);
  EXPECT_GE(now.Json().at("revision").as_int64(), acked.rbegin()->first);
  for (const auto& [rev, summary] : acked) {
    HttpResponse r = api.Call("GET", "/v1/briefs/" + id + "/revisions/" +
                                         std::to_string(rev), author.key);
    ASSERT_EQ(r.status, 200) << "acknowledged revision " << rev << " lost";
    EXPECT_EQ(Str(r.Json().at("sections"), "summary"), summary);
  }
  // Editing goes on from where it stopped.
  EXPECT_EQ(api.Edit(author, id, R"({"title":"after restart"})").status, 200);
}

}  // namespace
}  // namespace briefdesk::testing
