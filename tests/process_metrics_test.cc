// /metrics of every process (the gateway and each service) parses as
// Prometheus text, and its figures move when traffic flows: requests per
// route and RPC, the review queue, the outboxes, webhook outcomes.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <thread>

#include "tests/harness/api.h"
#include "tests/harness/prometheus.h"
#include "tests/harness/test_http_server.h"

namespace briefdesk::testing {
namespace {

const bool kConfigured = [] {
  Stack::Options o;
  o.notification_env = {{"BRIEFDESK_WEBHOOK_ALLOW_LOOPBACK", "true"},
                        {"BRIEFDESK_WEBHOOK_POLL_MS", "50"}};
  Stack::Configure(o);
  return true;
}();

class ProcessMetricsTest : public ::testing::Test {
 protected:
  Exposition Scrape(const std::string& process) {
    HttpClient client(api.stack().metrics_port(process));
    HttpResponse r = client.Send("GET", "/metrics");
    EXPECT_EQ(r.status, 200) << process;
    EXPECT_EQ(r.Header("content-type").rfind("text/plain; version=0.0.4", 0),
              0u)
        << process << ": " << r.Header("content-type");
    Exposition e = ParsePrometheus(r.body);
    EXPECT_EQ(e.error, "") << process << ":\n" << r.body;
    return e;
  }
  // Scrapes until `ok` holds or 20 s pass; the last scrape.
  Exposition WaitFor(const std::string& process,
                     const std::function<bool(const Exposition&)>& ok) {
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    Exposition e = Scrape(process);
    while (!ok(e) && std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      e = Scrape(process);
    }
    return e;
  }
  Api api;
};

TEST_F(ProcessMetricsTest, EveryProcessExportsValidText) {
  for (const std::string& p : api.stack().processes()) {
    Exposition e = Scrape(p);
    EXPECT_FALSE(e.samples.empty()) << p;
  }
  // The parser itself refuses what Prometheus would.
  EXPECT_NE(ParsePrometheus("a{b=\"c} 1\n").error, "");
  EXPECT_NE(ParsePrometheus("# TYPE a counter\na -1\n").error, "");
  EXPECT_NE(ParsePrometheus("a 1\n# TYPE a counter\n").error, "");
  EXPECT_NE(ParsePrometheus("# TYPE h histogram\nh_bucket{le=\"1\"} 2\n"
                            "h_bucket{le=\"+Inf\"} 1\nh_count 1\n")
                .error,
            "");
  EXPECT_NE(ParsePrometheus("a 1").error, "");
  EXPECT_EQ(ParsePrometheus("# HELP a x\n# TYPE a gauge\na{b=\"\\\"\"} 1.5e3\n")
                .error,
            "");
}

TEST_F(ProcessMetricsTest, FiguresMoveWithTraffic) {
  User editor = api.NewUser({"EDITOR"});
  User author = api.NewUser({"PARTICIPANT"});
  User expert = api.NewUser({"EXPERT"});
  TestHttpServer receiver([](int) { return 200; });
  HttpResponse hook = api.Call("POST", "/v1/webhooks", editor.key,
                               R"({"url":"http://127.0.0.1:)" +
                                   std::to_string(receiver.port()) +
                                   R"(/hook","events":["brief.submitted"]})");
  ASSERT_EQ(hook.status, 201) << hook.body;

  Exposition gateway0 = Scrape("gateway");
  Exposition briefs0 = Scrape("briefs");
  Exposition review0 = Scrape("review");
  Exposition notification0 = Scrape("notification");

  auto brief = api.SubmittedBrief(author);

  // The gateway counts the route; briefs counts the RPC.
  Exposition gateway1 = Scrape("gateway");
  EXPECT_GT(gateway1.Sum("briefdesk_http_requests_total",
                         {"route=\"/v1/briefs/{id}:submit\"", "code=\"200\""}),
            gateway0.Sum("briefdesk_http_requests_total",
                         {"route=\"/v1/briefs/{id}:submit\"", "code=\"200\""}));
  Exposition briefs1 = Scrape("briefs");
  std::initializer_list<std::string> submit = {
      "grpc_service=\"briefdesk.briefs.v1.Briefs\"",
      "grpc_method=\"SubmitBrief\"", "grpc_code=\"OK\""};
  EXPECT_EQ(briefs1.Sum("grpc_server_handled_total", submit),
            briefs0.Sum("grpc_server_handled_total", submit) + 1);
  EXPECT_GT(briefs1.Sum("grpc_server_handling_seconds_count",
                        {"grpc_method=\"SubmitBrief\""}),
            briefs0.Sum("grpc_server_handling_seconds_count",
                        {"grpc_method=\"SubmitBrief\""}));
  EXPECT_TRUE(briefs1.Has("briefdesk_outbox_backlog")) << "briefs outbox";

  // The review service received the event and queued a task.
  Exposition review1 = WaitFor("review", [&](const Exposition& e) {
    return e.Sum("briefdesk_review_queue_depth") >
           review0.Sum("briefdesk_review_queue_depth");
  });
  EXPECT_EQ(review1.Sum("briefdesk_review_queue_depth"),
            review0.Sum("briefdesk_review_queue_depth") + 1);
  // Relays deliver in batches (DeliverBatch), one event a call only to an
  // older receiver (Deliver).
  auto delivered = [](const Exposition& e) {
    return e.Sum("grpc_server_handled_total",
                 {"grpc_method=\"DeliverBatch\"", "grpc_code=\"OK\""}) +
           e.Sum("grpc_server_handled_total",
                 {"grpc_method=\"Deliver\"", "grpc_code=\"OK\""});
  };
  EXPECT_GT(delivered(review1), delivered(review0));
  EXPECT_GE(review1.Sum("briefdesk_review_tasks", {"state=\"QUEUED\""}), 1);
  // A task waits: its age is counted from its creation.
  EXPECT_GT(review1.Sum("briefdesk_review_oldest_queued_age_seconds"), 0);
  EXPECT_TRUE(review1.Has("briefdesk_outbox_backlog"));

  // The webhook was delivered and counted.
  Exposition notification1 = WaitFor("notification", [&](const Exposition& e) {
    return e.Sum("briefdesk_webhook_attempts_total",
                 {"outcome=\"delivered\""}) >
           notification0.Sum("briefdesk_webhook_attempts_total",
                             {"outcome=\"delivered\""});
  });
  EXPECT_EQ(notification1.Sum("briefdesk_webhook_attempts_total",
                              {"outcome=\"delivered\""}),
            notification0.Sum("briefdesk_webhook_attempts_total",
                              {"outcome=\"delivered\""}) +
                1);
  EXPECT_GT(
      notification1.Sum("grpc_server_handled_total",
                        {"grpc_service=\"briefdesk.events.v1.EventSink\""}),
      notification0.Sum("grpc_server_handled_total",
                        {"grpc_service=\"briefdesk.events.v1.EventSink\""}));

  // A claim takes the task out of the queue.
  HttpResponse claim = api.ClaimWithin(expert);
  ASSERT_EQ(claim.status, 200) << claim.body;
  Exposition review2 = Scrape("review");
  EXPECT_EQ(review2.Sum("briefdesk_review_queue_depth"),
            review1.Sum("briefdesk_review_queue_depth") - 1);
  EXPECT_GE(review2.Sum("briefdesk_review_tasks", {"state=\"CLAIMED\""}), 1);
  (void)brief;
}

TEST_F(ProcessMetricsTest, OutboxBacklogShowsUndeliveredEvents) {
  // With the review service down, brief events wait in the briefs outbox.
  api.stack().KillReview(SIGKILL);
  User author = api.NewUser({"PARTICIPANT"});
  api.SubmittedBrief(author);
  Exposition waiting = WaitFor("briefs", [](const Exposition& e) {
    return e.Sum("briefdesk_outbox_backlog", {"destination=\"review\""}) >= 1;
  });
  EXPECT_GE(waiting.Sum("briefdesk_outbox_backlog", {"destination=\"review\""}),
            1);
  api.stack().StartReview();
  Exposition drained = WaitFor("briefs", [](const Exposition& e) {
    return e.Sum("briefdesk_outbox_backlog", {"destination=\"review\""}) == 0;
  });
  EXPECT_EQ(drained.Sum("briefdesk_outbox_backlog", {"destination=\"review\""}),
            0);
  EXPECT_EQ(drained.Sum("briefdesk_outbox_oldest_age_seconds",
                        {"destination=\"review\""}),
            0);
}

}  // namespace
}  // namespace briefdesk::testing

namespace briefdesk::testing {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// The request id a client gives (or the gateway assigns) is in the log line
// of the service that failed the call, not only in the gateway's.
TEST(RequestIdTest, TheServiceThatFailedACallLogsTheGatewaysRequestId) {
  Api api;
  User expert = api.NewUser({"EXPERT"});
  Stack& stack = api.stack();
  stack.KillRedis();
  const std::string id = "trace-" + Api::Unique();
  HttpResponse res = api.Call("POST", "/v1/reviews:claim", expert.key, "",
                              {{"X-Request-Id", id}});
  stack.StartRedis();
  EXPECT_EQ(res.status, 503) << res.body;
  EXPECT_EQ(res.Header("x-request-id"), id);
  std::string line;
  for (int i = 0; i < 50 && line.empty(); ++i) {
    std::string log = ReadFile(stack.dir() + "/review.log");
    size_t at = log.find("\"request_id\":\"" + id + "\"");
    if (at != std::string::npos) {
      size_t begin = log.rfind('\n', at) + 1;
      line = log.substr(begin, log.find('\n', at) - begin);
    }
    if (line.empty())
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_NE(line.find("\"service\":\"review\""), std::string::npos) << line;
  EXPECT_NE(line.find("UNAVAILABLE"), std::string::npos) << line;
}

}  // namespace
}  // namespace briefdesk::testing
