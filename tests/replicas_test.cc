// Two gateways and two replicas of each service side by side on loopback,
// against one PostgreSQL and one Redis, under traffic spread over both
// gateways: every replica serves, and nothing is done twice. The outbox
// relays (one per destination across replicas, by advisory lock), the
// review sweepers (reminders and stale-queue alerts, FOR UPDATE SKIP
// LOCKED) and the webhook senders all run on both replicas at once.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <csignal>
#include <functional>
#include <pqxx/pqxx>
#include <thread>

#include "tests/harness/api.h"
#include "tests/harness/prometheus.h"
#include "tests/harness/test_http_server.h"
#include "tests/harness/traffic.h"

namespace briefdesk::testing {
namespace {

using std::chrono::milliseconds;

const bool kConfigured = [] {
  Stack::Options o;
  o.replicas = 2;
  // Every claim is reminded of at once and every task waiting a second is
  // reported stale, so both sweepers race for each; they sweep often.
  // On SIGTERM a service stays up, not ready, for a second: its clients
  // (health-checked round robin) move their new calls to the other replica.
  std::pair<std::string, std::string> delay = {
      "BRIEFDESK_SHUTDOWN_DELAY_SECONDS", "1"};
  o.briefs_env = {delay};
  o.review_env = {{"BRIEFDESK_LEASE_REMINDER_SECONDS", "3600"},
                  {"BRIEFDESK_QUEUE_ALERT_SECONDS", "1"},
                  {"BRIEFDESK_LEASE_SWEEP_MS", "50"},
                  {"BRIEFDESK_RECONCILE_SECONDS", "1"},
                  delay};
  o.notification_env = {{"BRIEFDESK_WEBHOOK_ALLOW_LOOPBACK", "true"},
                        {"BRIEFDESK_WEBHOOK_POLL_MS", "20"},
                        delay};
  Stack::Configure(o);
  return true;
}();

double Handled(Stack& stack, const std::string& process) {
  HttpClient client(stack.metrics_port(process));
  Exposition e = ParsePrometheus(client.Send("GET", "/metrics").body);
  EXPECT_EQ(e.error, "") << process;
  return process.rfind("gateway", 0) == 0
             ? e.Sum("briefdesk_http_requests_total")
             : e.Sum("grpc_server_handled_total");
}

// RPCs a service completed, health checks aside.
double CallsServed(Stack& stack, const std::string& process) {
  HttpClient client(stack.metrics_port(process));
  Exposition e = ParsePrometheus(client.Send("GET", "/metrics").body);
  return e.Sum("grpc_server_handled_total") -
         e.Sum("grpc_server_handled_total",
               {"grpc_service=\"grpc.health.v1.Health\""});
}

TEST(ReplicasTest, TwoOfEverythingDoNothingTwice) {
  Api api;
  Stack& stack = api.stack();
  ASSERT_EQ(stack.processes().size(), 10u);
  std::map<std::string, double> before;
  for (const std::string& p : stack.processes()) before[p] = Handled(stack, p);

  Traffic traffic(api, {stack.http_port(0), stack.http_port(1)}, 4, 3);
  // The editor's webhook: each brief.submitted delivered once, whichever
  // replica's sender takes it.
  TestHttpServer receiver([](int) { return 200; });
  HttpResponse hook = api.Call("POST", "/v1/webhooks", traffic.editor().key,
                               R"({"url":"http://127.0.0.1:)" +
                                   std::to_string(receiver.port()) +
                                   R"(/hook","events":["brief.submitted"]})");
  ASSERT_EQ(hook.status, 201) << hook.body;

  traffic.Start();
  std::this_thread::sleep_for(std::chrono::seconds(8));
  traffic.Stop();
  traffic.Verify();

  // The traffic is briefs and reviews; course reads through both gateways
  // reach both courses replicas (round robin).
  for (int i = 0; i < 16; ++i) {
    HttpClient gateway(stack.http_port(i % 2));
    EXPECT_EQ(gateway.Call("GET", "/v1/courses", stack.admin_key()).status,
              200);
  }
  for (const std::string& p : stack.processes()) {
    EXPECT_GT(Handled(stack, p), before[p]) << p << " served nothing";
  }

  pqxx::connection review_db(stack.DatabaseUrl("review"));
  pqxx::connection notification_db(stack.DatabaseUrl("notification"));
  pqxx::nontransaction rq(review_db), nq(notification_db);
  size_t submitted = traffic.ledger().submitted.size();
  ASSERT_GT(submitted, 10u);
  // One task per round: a brief event applied twice would queue two.
  EXPECT_EQ(rq.exec1("SELECT count(*) FROM (SELECT brief_id, round FROM tasks "
                     "GROUP BY 1, 2 HAVING count(*) > 1) x")[0]
                .as<int>(),
            0);
  // A task is claimed by one expert at a time.
  EXPECT_EQ(rq.exec1("SELECT count(*) FROM (SELECT task_id FROM task_holders "
                     "GROUP BY 1 HAVING count(*) > 1) x")[0]
                .as<int>(),
            0)
      << "a task claimed by two experts (no lease expired in this test)";

  // Each reminder and each stale alert once, though both sweepers ran.
  int reminders = nq.exec1(
                        "SELECT count(*) FROM notifications WHERE event = "
                        "'review.lease_ending'")[0]
                      .as<int>();
  int alerts = nq.exec1(
                     "SELECT count(*) FROM notifications WHERE event = "
                     "'review.queue_stale'")[0]
                   .as<int>();
  EXPECT_GT(reminders, 0);
  EXPECT_LE(reminders, static_cast<int>(traffic.ledger().claimed.size()))
      << "at most one lease_ending reminder per claim";
  EXPECT_EQ(nq.exec1("SELECT count(*) FROM (SELECT user_id, brief_id FROM "
                     "notifications WHERE event IN ('review.lease_ending', "
                     "'review.queue_stale') GROUP BY 1, 2 HAVING count(*) > 1) "
                     "x")[0]
                .as<int>(),
            0)
      << "a reminder or alert sent twice";
  std::cout << "replicas: " << traffic.ledger().requests << " requests, "
            << submitted << " submissions, " << traffic.ledger().claimed.size()
            << " claims, " << reminders << " reminders, " << alerts
            << " stale alerts\n";

  // Webhook deliveries: exactly one request per submission.
  auto got = receiver.WaitFor(submitted, std::chrono::seconds(30));
  std::this_thread::sleep_for(milliseconds(500));  // any extra would show
  std::map<std::string, int> per_delivery;
  for (const auto& r : receiver.received()) {
    ++per_delivery[r.headers.count("x-briefdesk-delivery")
                       ? r.headers.at("x-briefdesk-delivery")
                       : r.body];
  }
  EXPECT_EQ(receiver.received().size(), submitted);
  for (const auto& [id, n] : per_delivery) EXPECT_EQ(n, 1) << id;
}

// A rolling restart: each service's first replica gets SIGTERM under
// traffic and comes back; the other replica takes the calls meanwhile, so
// no client sees even a retryable failure.
TEST(ReplicasTest, RollingRestartUnderTrafficFailsNoRequest) {
  Api api;
  Stack& stack = api.stack();
  Traffic traffic(api, {stack.http_port(0), stack.http_port(1)}, 3, 2);
  traffic.Start();
  for (const std::string name : {"briefs", "review", "notification"}) {
    SCOPED_TRACE(name);
    std::this_thread::sleep_for(milliseconds(1000));
    stack.Signal(name, SIGTERM);
    // Not ready from the signal on: its clients stop sending new calls
    // while it still serves (the 1 s delay), not only once it is gone.
    std::this_thread::sleep_for(milliseconds(300));
    double before = CallsServed(stack, name);
    std::this_thread::sleep_for(milliseconds(500));
    EXPECT_EQ(CallsServed(stack, name), before)
        << "new calls reached the draining replica";
    int status = stack.Kill(name, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    stack.StartProcess(name);
    std::this_thread::sleep_for(milliseconds(1500));  // back and serving
  }
  traffic.Stop();
  traffic.Verify();
  std::lock_guard lock(traffic.ledger().mu);
  EXPECT_EQ(traffic.ledger().retryable, 0)
      << "of " << traffic.ledger().requests << " requests";
  EXPECT_GT(traffic.ledger().submitted.size(), 10u);
}

// Whether `ok` holds within `limit`, asked every 20 ms: a bound on how late
// a change reaches a gateway, not a timing.
bool Within(milliseconds limit, const std::function<bool()>& ok) {
  auto until = std::chrono::steady_clock::now() + limit;
  for (;;) {
    if (ok()) return true;
    if (std::chrono::steady_clock::now() >= until) return false;
    std::this_thread::sleep_for(milliseconds(20));
  }
}

double CacheLive(Stack& stack, int gateway) {
  HttpClient client(stack.http_port(gateway));
  return ParsePrometheus(client.Send("GET", "/metrics").body)
      .Sum("briefdesk_published_cache_live");
}

bool Shows(Stack& stack, int gateway, const std::string& path,
           const std::string& text) {
  HttpResponse r = HttpClient(stack.http_port(gateway)).Send("GET", path);
  return r.status == 200 && r.body.find(text) != std::string::npos;
}

// Whether both gateways show `text` at `path` within `limit`.
bool BothShowWithin(Stack& stack, const std::string& path,
                    const std::string& text, milliseconds limit) {
  bool both = true;
  for (int g : {0, 1}) {
    bool shown = Within(limit, [&] { return Shows(stack, g, path, text); });
    EXPECT_TRUE(shown) << "gateway " << g << " still serves the old " << path;
    both = both && shown;
  }
  return both;
}

// Both gateways watch a briefs replica and keep `path` (read once now).
void KeptOnBoth(Stack& stack, const std::string& path) {
  for (int g : {0, 1}) {
    ASSERT_TRUE(
        Within(milliseconds(10000), [&] { return CacheLive(stack, g) == 1; }))
        << "gateway " << g;
    ASSERT_EQ(HttpClient(stack.http_port(g)).Send("GET", path).status, 200);
  }
}

// An operator's fix, committed by neither briefs replica and announced.
void RetitleByHand(Stack& stack, const std::string& id,
                   const std::string& title) {
  pqxx::connection db(stack.DatabaseUrl("briefs"));
  pqxx::work tx(db);
  tx.exec_params(
      "UPDATE revisions r SET title = $2 FROM briefs b WHERE b.id = $1 "
      "AND r.brief_id = b.id AND r.number = b.published_revision",
      id, title);
  tx.exec("SELECT pg_notify('briefdesk_published', '*')");
  tx.commit();
}

// Both gateways keep published answers; a change made through either, by
// whichever briefs replica or by none, reaches both caches within a bounded
// delay, also once a briefs replica is killed (its watchers move to the
// other).
TEST(ReplicasTest, EveryGatewaysPublishedCacheFollowsChanges) {
  Api api;
  Stack& stack = api.stack();
  std::string topic = "replicas-" + Api::Unique();
  User author = api.NewUser({"PARTICIPANT"}), editor = api.NewUser({"EDITOR"});
  User expert = api.NewUser({"EXPERT"}, "[\"" + topic + "\"]");
  std::string first = api.ApprovedBrief(author, expert, topic, "First of two");
  std::string second =
      api.ApprovedBrief(author, expert, topic, "Second of two");
  HttpResponse published =
      api.Call("POST", "/v1/briefs/" + first + ":publish", editor.key);
  ASSERT_EQ(published.status, 200);
  const std::string page = "/published/" + Str(published.Json(), "slug");
  const std::string index = "/published?topic=" + topic;
  KeptOnBoth(stack, page);
  KeptOnBoth(stack, index);

  HttpClient via1(stack.http_port(1));
  ASSERT_EQ(via1.Call("POST", "/v1/briefs/" + first + ":retract", editor.key,
                      R"({"reason":"Superseded."})")
                .status,
            200);
  BothShowWithin(stack, page, "This brief was retracted", milliseconds(2000));
  RetitleByHand(stack, first, "First, fixed");
  BothShowWithin(stack, page, "<h1 lang=\"en\" dir=\"ltr\">First, fixed</h1>",
                 milliseconds(2000));

  // One briefs replica killed: the gateways that watched it watch the
  // other; published through gateway 0, by the surviving replica.
  stack.KillBriefs();
  KeptOnBoth(stack, index);
  ASSERT_FALSE(Shows(stack, 1, index, "Second of two"));
  ASSERT_TRUE(stack.WaitReady());
  HttpResponse again =
      api.Call("POST", "/v1/briefs/" + second + ":publish", editor.key);
  if (again.status == 503) {  // sent to the killed replica: not applied
    again = api.Call("POST", "/v1/briefs/" + second + ":publish", editor.key);
  }
  ASSERT_EQ(again.status, 200) << again.body;
  BothShowWithin(stack, index, "Second of two", milliseconds(2000));
  stack.StartBriefs();
  ASSERT_TRUE(stack.WaitReady());
}

}  // namespace
}  // namespace briefdesk::testing
