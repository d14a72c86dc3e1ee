// The gateway's request path in process (target, routing, path parameters,
// transcoding) under mutated input: whatever the bytes, the answer is one a
// client can act on (a 4xx code naming the field) and never INTERNAL, and a
// request it accepts is one every service can parse (proto3 strings are
// UTF-8). Bounded by BRIEFDESK_FUZZ_SECONDS (default 3); the seed is
// BRIEFDESK_FUZZ_SEED (default fixed) and is printed, so a failure replays.
#include <google/protobuf/dynamic_message.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>

#include "libs/rpc/rpc.h"
#include "services/gateway/gateway.h"
#include "services/gateway/request_checks.h"
#include "services/gateway/transcode.h"
#include "tests/fuzz/mutator.h"

namespace briefdesk::gateway {
namespace {

struct Seed {
  const char* method;
  std::string target, body, if_match;
};

std::vector<Seed> Corpus() {
  return {
      {"POST", "/v1/briefs",
       R"({"title":"Título","topic":"social-protection",)"
       R"("constituency":"WORKERS","coAuthorIds":["a"],"sections":{"summary":"S"}})",
       ""},
      {"PATCH", "/v1/briefs/01abc",
       R"({"title":"x","sections":{"problem":"p"}})", "\"2-3\", W/\"1-1\""},
      {"GET", "/v1/briefs?state=DRAFT&topic=a-b&cohort=2022%20Asia&pageSize=5",
       "", ""},
      {"GET", "/v1/briefs/01abc/revisions/2", "", ""},
      {"GET", "/v1/briefs/01abc/diff?from=1&to=2", "", ""},
      {"POST", "/v1/briefs/01abc:return", R"({"note":"Say who acts."})", ""},
      {"POST", "/v1/reviews/t1:complete",
       R"({"claimToken":"k","decision":"APPROVE","summary":"ok","scores":)"
       R"({"evidence":1,"clarity":2,"actionability":3,"relevance":4},)"
       R"("comments":[{"section":"summary","quote":"q","body":"b"}]})",
       ""},
      {"POST", "/v1/users",
       R"({"displayName":"A","email":"a@b.c","roles":["EXPERT"],)"
       R"("expertise":["x"]})",
       ""},
      {"DELETE", "/v1/users/u1/keys/k1", "", ""},
      {"POST", "/v1/webhooks",
       R"({"url":"https://h.example/x","events":["brief.published"]})", ""},
      {"GET", "/v1/notifications?unread=true&pageToken=cDE6MQ", "", ""},
  };
}

bool ClientError(absl::StatusCode c) {
  return c == absl::StatusCode::kInvalidArgument ||
         c == absl::StatusCode::kFailedPrecondition ||  // 428
         c == absl::StatusCode::kAborted;               // 412
}

TEST(RequestFuzzTest, MutatedRequestsGetClientErrorsNeverInternal) {
  const char* env_seconds = std::getenv("BRIEFDESK_FUZZ_SECONDS");
  const char* env_seed = std::getenv("BRIEFDESK_FUZZ_SEED");
  double seconds = env_seconds ? std::atof(env_seconds) : 3.0;
  uint64_t seed = env_seed ? std::strtoull(env_seed, nullptr, 10) : 20261201;
  std::cout << "seed " << seed << ", " << seconds << " s\n";
  testing::Mutator mutate(seed);
  RouteTable routes = Gateway::DefaultRoutes();
  std::vector<Seed> corpus = Corpus();
  auto until =
      std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  int runs = 0, accepted = 0;
  while (std::chrono::steady_clock::now() < until) {
    Seed s = corpus[mutate.Below(corpus.size())];
    switch (mutate.Below(3)) {
      case 0:
        s.target = mutate.Mutate(s.target);
        break;
      case 1:
        s.body = mutate.Mutate(s.body);
        break;
      default:
        s.if_match = mutate.Mutate(s.if_match, 2);
        break;
    }
    ++runs;
    SCOPED_TRACE(std::string(s.method) + " " + s.target + " " + s.body);
    auto target = ParseTarget(s.target);
    if (!target.ok()) {
      ASSERT_EQ(target.status().code(), absl::StatusCode::kInvalidArgument);
      continue;
    }
    RouteTable::Found found = routes.Find(s.method, target->path);
    if (found.route == nullptr || found.route->method == nullptr) continue;
    if (absl::Status p = CheckPathParams(found); !p.ok()) {
      ASSERT_EQ(p.code(), absl::StatusCode::kInvalidArgument);
      continue;
    }
    const auto* prototype =
        google::protobuf::MessageFactory::generated_factory()->GetPrototype(
            found.route->method->input_type());
    std::unique_ptr<google::protobuf::Message> req(prototype->New());
    HttpInput in{found.params, found.names, target->query, s.body, s.if_match};
    absl::Status built = BuildRequest(*found.route, in, req.get());
    if (!built.ok()) {
      ASSERT_TRUE(ClientError(built.code())) << built;
      if (built.code() == absl::StatusCode::kInvalidArgument) {
        ASSERT_GT(rpc::DetailsOf(built).details_size(), 0) << built;
      }
      continue;
    }
    ++accepted;
    std::unique_ptr<google::protobuf::Message> again(prototype->New());
    ASSERT_TRUE(again->ParseFromString(req->SerializeAsString()))
        << "a service could not parse what the gateway accepted";
  }
  std::cout << runs << " mutated requests, " << accepted << " accepted\n";
  EXPECT_GT(runs, 1000);
  EXPECT_GT(accepted, 0);
}

}  // namespace
}  // namespace briefdesk::gateway
