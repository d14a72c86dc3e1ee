// The gateway's cache of published answers, over real HTTP with every
// service: a repeated read is a hit with the same bytes and headers (304
// and HEAD from them); a retraction through the gateway is seen at once;
// a change committed elsewhere arrives through the watch of the briefs
// service; while the briefs service is killed nothing kept is served, and
// once it is back the cache fills and follows changes again.
#include <gtest/gtest.h>

#include <functional>
#include <pqxx/pqxx>
#include <thread>

#include "tests/harness/api.h"
#include "tests/harness/prometheus.h"

namespace briefdesk::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// Whether `ok` holds within `limit`, asked every 20 ms. Changes made
// elsewhere arrive asynchronously: this bounds how late, it times nothing.
bool Within(milliseconds limit, const std::function<bool()>& ok) {
  auto until = std::chrono::steady_clock::now() + limit;
  for (;;) {
    if (ok()) return true;
    if (std::chrono::steady_clock::now() >= until) return false;
    std::this_thread::sleep_for(milliseconds(20));
  }
}

class PublishedCachingTest : public ::testing::Test {
 protected:
  Api api;
  Stack& stack = api.stack();
  User author = api.NewUser({"PARTICIPANT"});
  User editor = api.NewUser({"EDITOR"});
  std::string topic = "cache-" + Api::Unique();
  User expert = api.NewUser({"EXPERT"}, "[\"" + topic + "\"]");

  void SetUp() override {
    ASSERT_TRUE(Within(seconds(10), [&] { return Metric("live") == 1; }))
        << "the gateway never watched the briefs service";
  }

  // A published brief with this title; its id and slug.
  std::pair<std::string, std::string> Publish(const std::string& title) {
    std::string id = api.ApprovedBrief(author, expert, topic, title);
    double changes = Metric("invalidations_total");
    HttpResponse p =
        api.Call("POST", "/v1/briefs/" + id + ":publish", editor.key);
    EXPECT_EQ(p.status, 200) << p.body;
    // Dropped here before the answer, and again when the briefs service's
    // notice arrives: only after that does a kept answer stay kept.
    EXPECT_TRUE(Within(seconds(2), [&] {
      return Metric("invalidations_total") >= changes + 2;
    }));
    return {id, Str(p.Json(), "slug")};
  }
  HttpResponse Get(const std::string& path,
                   std::map<std::string, std::string> h = {}) {
    return api.http().Send("GET", path, "", h);
  }
  // briefdesk_published_cache_<name> (or a full metric name).
  double Metric(const std::string& name) {
    std::string full = name.rfind("briefdesk_", 0) == 0
                           ? name
                           : "briefdesk_published_cache_" + name;
    HttpClient client(stack.http_port());
    return ParsePrometheus(client.Send("GET", "/metrics").body).Sum(full);
  }
  // On the briefs database, as an operator's data fix would.
  void Sql(const std::string& statement, const std::vector<std::string>& args) {
    pqxx::connection db(stack.DatabaseUrl("briefs"));
    pqxx::work tx(db);
    tx.exec_params(statement, pqxx::prepare::make_dynamic_params(args));
    tx.commit();
  }
  void Retitle(const std::string& id, const std::string& title) {
    Sql("UPDATE revisions r SET title = $1 FROM briefs b WHERE b.id = $2 "
        "AND r.brief_id = b.id AND r.number = b.published_revision",
        {title, id});
  }
};

TEST_F(PublishedCachingTest, RepeatedReadsAreHitsUntilARetractionDropsThem) {
  auto [id, slug] = Publish("Kept " + Api::Unique());
  const std::string page = "/published/" + slug;
  const std::string index = "/published?topic=" + topic;
  HttpResponse first = Get(page), listed = Get(index);
  ASSERT_EQ(first.status, 200);
  ASSERT_EQ(listed.status, 200);
  double hits = Metric("hits_total");

  HttpResponse again = Get(page);
  EXPECT_EQ(again.body, first.body);
  for (const char* h : {"etag", "last-modified", "content-type",
                        "cache-control", "content-length"}) {
    EXPECT_EQ(again.Header(h), first.Header(h)) << h;
  }
  EXPECT_NE(again.Header("x-request-id"), first.Header("x-request-id"));
  EXPECT_EQ(Get(page, {{"If-None-Match", first.Header("etag")}}).status, 304);
  EXPECT_EQ(
      Get(page, {{"If-Modified-Since", first.Header("last-modified")}}).status,
      304);
  HttpResponse head = api.http().Send("HEAD", page);
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
  EXPECT_EQ(head.Header("content-length"), std::to_string(first.body.size()));
  EXPECT_EQ(Get(index).body, listed.body);
  // A parameter the index does not read selects the same copy.
  EXPECT_EQ(Get(index + "&utm_source=mail").body, listed.body);
  EXPECT_EQ(Metric("hits_total") - hits, 6);

  // Whoever retracts through this gateway sees it at once.
  ASSERT_EQ(api.Call("POST", "/v1/briefs/" + id + ":retract", editor.key,
                     R"({"reason":"Figures misread."})")
                .status,
            200);
  HttpResponse retracted = Get(page, {{"If-None-Match", first.Header("etag")}});
  ASSERT_EQ(retracted.status, 200);
  EXPECT_NE(retracted.body.find("This brief was retracted"), std::string::npos);
  EXPECT_NE(Get(index).body, listed.body);
  EXPECT_NE(Get("/published/feed.atom").body.find("Retracted: Kept"),
            std::string::npos);
}

// Changed by hand in the database: nothing tells the gateway but the
// NOTIFY an operator sends (operations.md), which the briefs service passes
// on through the watch; the internal RPC is no REST route.
TEST_F(PublishedCachingTest, ChangesCommittedElsewhereArriveThroughTheWatch) {
  auto [id, slug] = Publish("Before " + Api::Unique());
  const std::string page = "/published/" + slug;
  HttpResponse before = Get(page);
  std::string index = Get("/published?topic=" + topic).body;
  Retitle(id, "After the fix");
  EXPECT_EQ(Get(page).body, before.body) << "kept, not rendered again";

  Sql("SELECT pg_notify('briefdesk_published', $1)", {slug});
  EXPECT_TRUE(Within(seconds(2), [&] {
    return Get(page).body.find(
               "<h1 lang=\"en\" dir=\"ltr\">After the fix</h1>") !=
           std::string::npos;
  }));
  EXPECT_NE(Get("/published?topic=" + topic).body, index);

  Retitle(id, "Fixed again");
  Get(page);  // kept again
  Sql("SELECT pg_notify('briefdesk_published', '*')", {});
  EXPECT_TRUE(Within(seconds(2), [&] {
    return Get(page).body.find(
               "<h1 lang=\"en\" dir=\"ltr\">Fixed again</h1>") !=
           std::string::npos;
  }));

  HttpResponse openapi = Get("/v1/openapi.json");
  ASSERT_EQ(openapi.status, 200);
  EXPECT_EQ(openapi.body.find("WatchPublications"), std::string::npos);
  EXPECT_EQ(openapi.body.find("PublicationWatch"), std::string::npos);
}

TEST_F(PublishedCachingTest, NothingKeptIsServedWhileTheBriefsServiceIsDown) {
  auto [id, slug] = Publish("Outage " + Api::Unique());
  const std::string page = "/published/" + slug;
  HttpResponse before = Get(page);
  Get(page);
  ASSERT_GT(Metric("entries"), 0);

  stack.KillBriefs();  // SIGKILL: the watch stream breaks
  EXPECT_TRUE(Within(seconds(2), [&] { return Metric("live") == 0; }));
  EXPECT_EQ(Metric("entries"), 0);
  // The gateway cannot know what changed meanwhile: it asks, as without a
  // cache, and the briefs service is down.
  EXPECT_EQ(Get(page).status, 503);

  stack.StartBriefs();
  ASSERT_TRUE(stack.WaitReady());
  ASSERT_TRUE(Within(seconds(10), [&] { return Metric("live") == 1; }));
  EXPECT_EQ(Get(page).body, before.body);
  double hits = Metric("hits_total");
  EXPECT_EQ(Get(page).body, before.body);
  EXPECT_EQ(Metric("hits_total") - hits, 1);

  // The new stream follows changes as the first did.
  Retitle(id, "After the outage");
  Sql("SELECT pg_notify('briefdesk_published', $1)", {slug});
  EXPECT_TRUE(Within(seconds(2), [&] {
    return Get(page).body.find(
               "<h1 lang=\"en\" dir=\"ltr\">After the outage</h1>") !=
           std::string::npos;
  }));
  EXPECT_GE(Metric("briefdesk_published_watch_established_total"), 2);
}

}  // namespace
}  // namespace briefdesk::testing
