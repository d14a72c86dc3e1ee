// Mutated requests against the running gateway, with every service behind
// it: every answer is a status a client can act on, never a 5xx (a 500 is a
// bug; with every service up, nothing is unavailable), and the gateway
// keeps serving. Bounded by BRIEFDESK_FUZZ_SECONDS (default 10); the seed
// is BRIEFDESK_FUZZ_SEED (default fixed) and is printed.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <mutex>
#include <thread>

#include "tests/fuzz/mutator.h"
#include "tests/harness/api.h"
#include "tests/harness/prometheus.h"
#include "tests/harness/raw_connection.h"

namespace briefdesk::testing {
namespace {

const bool kConfigured = [] {
  Stack::Options o;
  o.gateway_env = {{"BRIEFDESK_RATE_LIMIT_PER_MINUTE", "0"}};
  Stack::Configure(o);
  return true;
}();

struct Seed {
  std::string method, target, body;
  std::vector<std::pair<std::string, std::string>> headers;
};

std::string Serialize(const Seed& s, const std::string& key) {
  std::string out = s.method + " " + s.target + " HTTP/1.1\r\nHost: fuzz\r\n";
  out += "Authorization: Bearer " + key + "\r\nConnection: close\r\n";
  for (const auto& [k, v] : s.headers) out += k + ": " + v + "\r\n";
  if (!s.body.empty()) {
    out += "Content-Type: application/json\r\nContent-Length: " +
           std::to_string(s.body.size()) + "\r\n";
  }
  return out + "\r\n" + s.body;
}

int StatusOf(const std::string& answer) {
  if (answer.rfind("HTTP/1.1 ", 0) != 0 || answer.size() < 12) return 0;
  return std::atoi(answer.substr(9, 3).c_str());
}

TEST(GatewayFuzzTest, MutatedRequestsNeverGetA5xx) {
  Api api;
  User author = api.NewUser({"PARTICIPANT"});
  std::string id = Str(api.NewBrief(author, Api::CompleteSections()), "id");
  std::string etag =
      api.Call("GET", "/v1/briefs/" + id, author.key).Header("etag");
  std::vector<Seed> corpus = {
      {"POST",
       "/v1/briefs",
       R"({"title":"Fuzz","topic":"social-protection","constituency":"WORKERS",)"
       R"("sections":{"summary":"S","references":"- ILO"}})",
       {}},
      {"PATCH",
       "/v1/briefs/" + id,
       R"({"title":"x","sections":{"problem":"p"}})",
       {{"If-Match", etag}}},
      {"GET",
       "/v1/briefs?state=DRAFT&topic=a-b&cohort=2022%20Asia&pageSize=5",
       "",
       {}},
      {"GET",
       "/v1/briefs/" + id + "/revisions/1",
       "",
       {{"If-None-Match", etag}}},
      {"GET", "/v1/briefs/" + id + "/diff?from=1&to=1", "", {}},
      {"GET", "/v1/briefs/" + id + "/check?revision=1", "", {}},
      {"POST", "/v1/briefs/" + id + ":withdraw", "{}", {}},
      {"POST",
       "/v1/webhooks",
       R"({"url":"https://h.example/x","events":["brief.published"]})",
       {{"Idempotency-Key", "k-1"}}},
      {"GET", "/v1/notifications?unread=true", "", {}},
      {"GET", "/published?topic=social-protection&cohort=x", "", {}},
      {"GET", "/published/some-slug.md", "", {}},
      {"GET", "/published/feed.atom", "", {{"If-None-Match", "\"x\""}}},
      {"OPTIONS",
       "/v1/briefs",
       "",
       {{"Origin", "https://x.example"},
        {"Access-Control-Request-Method", "POST"}}},
  };
  const char* env_seconds = std::getenv("BRIEFDESK_FUZZ_SECONDS");
  const char* env_seed = std::getenv("BRIEFDESK_FUZZ_SEED");
  double seconds = env_seconds ? std::atof(env_seconds) : 10.0;
  uint64_t seed = env_seed ? std::strtoull(env_seed, nullptr, 10) : 20261201;
  std::cout << "seed " << seed << ", " << seconds << " s\n";
  auto until =
      std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  std::atomic<int> runs{0};
  std::mutex mu;
  std::map<int, int> statuses;
  std::vector<std::string> bad;  // requests answered 5xx or not at all
  std::vector<std::thread> workers;
  for (int w = 0; w < 4; ++w) {
    workers.emplace_back([&, w] {
      Mutator mutate(seed + w);
      while (std::chrono::steady_clock::now() < until) {
        Seed s = corpus[mutate.Below(corpus.size())];
        switch (mutate.Below(4)) {
          case 0:
            s.target = mutate.Mutate(s.target);
            break;
          case 1:
            s.body = mutate.Mutate(s.body);
            break;
          case 2:
            if (!s.headers.empty()) {
              s.headers[0].second = mutate.Mutate(s.headers[0].second, 2);
            }
            break;
          default:
            s.body = mutate.Mutate(mutate.Mutate(s.body));
            break;
        }
        // Now and then the key itself is mangled.
        std::string key =
            mutate.Below(8) == 0 ? mutate.Mutate(author.key, 2) : author.key;
        std::string request = Serialize(s, key);
        RawConnection conn(api.stack().http_port());
        conn.Send(request);
        int status = StatusOf(conn.ReadUntilClosed());
        ++runs;
        std::lock_guard lock(mu);
        ++statuses[status];
        if (status == 0 || status >= 500) bad.push_back(request.substr(0, 400));
      }
    });
  }
  for (auto& t : workers) t.join();
  std::cout << runs << " mutated requests:";
  for (const auto& [status, n] : statuses)
    std::cout << " " << status << "x" << n;
  std::cout << "\n";
  EXPECT_GT(runs, 1000);
  EXPECT_TRUE(bad.empty()) << bad.size()
                           << " answered 5xx or not at all; first:\n"
                           << (bad.empty() ? "" : bad.front());
  // And the gateway counted no 5xx of its own either (but /readyz's 503s
  // while the stack started).
  Exposition metrics = ParsePrometheus(api.Call("GET", "/metrics", "").body);
  for (const char* code : {"500", "502", "503", "504"}) {
    std::string c = std::string("code=\"") + code + "\"";
    EXPECT_EQ(metrics.Sum("briefdesk_http_requests_total", {c}) -
                  metrics.Sum("briefdesk_http_requests_total",
                              {c, "route=\"/readyz\""}),
              0)
        << code;
  }
  EXPECT_EQ(api.Call("GET", "/v1/users/me", author.key).status, 200);
}

}  // namespace
}  // namespace briefdesk::testing
