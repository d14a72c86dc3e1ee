// The review lines. Claim latency at two queue depths: one expert claims
// and releases (a release puts the task back at its old place, so the
// depth holds still), the queue topped up with filler tasks written
// straight into the review database and into Redis in libs/queue's layout
// (seeding 100,000 through REST would take many minutes). The fillers sit
// behind the real tasks, so a claim finds a real one first (DESIGN.md: the
// oldest eligible task); they are deleted afterwards. Then claim+complete
// cycles of 16 experts over briefs seeded through REST.
#include <hiredis/hiredis.h>

#include <algorithm>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <pqxx/pqxx>
#include <thread>

#include "bench/lines.h"
#include "libs/queue/review_queue.h"

namespace briefdesk::bench {
namespace {

constexpr char kDepthTopic[] = "bench-depth";
constexpr char kCycleTopic[] = "bench-review";
constexpr char kFiller[] = "bench-filler-";

// Claims, then releases (`complete` false) or approves (true) what it
// claimed, and again. A 204 ends the connection, counted in `dry`: the
// queue ran dry.
class ReviewClient : public Client {
 public:
  ReviewClient(std::string key, bool complete, std::atomic<int>* dry)
      : key_(std::move(key)), complete_(complete), dry_count_(dry) {}

  int Next(Request* req) override {
    if (dry_) return -1;
    req->method(http::verb::post);
    req->set(http::field::authorization, "Bearer " + key_);
    if (claim_.empty()) {
      req->target("/v1/reviews:claim");
      return 0;
    }
    req->set(http::field::content_type, "application/json");
    if (complete_) {
      req->target(CompletePath(claim_));
      req->body() = CompleteBody(claim_, "APPROVE");
    } else {
      req->target("/v1/reviews/" + JsonString(claim_, "task", "id") +
                  ":release");
      req->body() = R"({"claimToken":")" +
                    JsonString(claim_, "task", "claimToken") + R"("})";
    }
    return 1;
  }

  std::string OnAnswer(const Response& res) override {
    bool claiming = claim_.empty();
    claim_.clear();
    if (claiming && res.result_int() == 204) {
      dry_ = true;
      ++*dry_count_;
      return "";
    }
    std::string bad = ExpectStatus(res, 200);
    if (claiming && bad.empty()) claim_ = res.body();
    return bad;
  }

 private:
  std::string key_;
  bool complete_, dry_ = false;
  std::atomic<int>* dry_count_;
  std::string claim_;  // the claim answer, until it is released or completed
};

int QueuedTasks(Bench& b) {
  pqxx::connection c(b.stack().DatabaseUrl("review"));
  pqxx::nontransaction tx(c);
  return tx.exec("SELECT count(*) FROM tasks WHERE state = 'QUEUED'")[0][0]
      .as<int>();
}

// Filler ids and their Redis entries, in libs/queue's layout
// (review_queue.h): bd:task:<id> holds topic, authors and round; bd:queue
// ranks ids by position. One script, so 100,000 take one round trip.
constexpr char kAddScript[] = R"lua(
local prefix, topic = ARGV[1], ARGV[2]
local from, to, first = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
for i = from, to - 1 do
  local id = prefix .. i
  redis.call('HSET', 'bd:task:' .. id, 'topic', topic, 'authors', ',,',
             'round', id .. ':1')
  redis.call('ZADD', 'bd:queue', 'NX', first + i - from, id)
end
return to - from
)lua";
constexpr char kRemoveScript[] = R"lua(
local prefix = ARGV[1]
for i = tonumber(ARGV[2]), tonumber(ARGV[3]) - 1 do
  redis.call('ZREM', 'bd:queue', prefix .. i)
  redis.call('DEL', 'bd:task:' .. prefix .. i)
end
return 0
)lua";

void RedisEval(Bench& b, const std::vector<std::string>& args) {
  redisContext* c = redisConnect("127.0.0.1", b.stack().redis_port());
  std::vector<const char*> argv;
  std::vector<size_t> lens;
  for (const auto& a : args) {
    argv.push_back(a.data());
    lens.push_back(a.size());
  }
  auto* reply =
      c == nullptr || c->err
          ? nullptr
          : static_cast<redisReply*>(redisCommandArgv(
                c, static_cast<int>(argv.size()), argv.data(), lens.data()));
  bool ok = reply != nullptr && reply->type != REDIS_REPLY_ERROR;
  std::string why = reply != nullptr && reply->str ? reply->str : "no answer";
  if (reply != nullptr) freeReplyObject(reply);
  if (c != nullptr) redisFree(c);
  if (!ok) throw SetupError("Redis: " + why);
}

// Filler tasks number `from` to `to` - 1, queued behind every task so far:
// rows first, then Redis, so that review's periodic reconciliation, which
// asks the database again before it drops a task from Redis, keeps them.
void AddFillers(Bench& b, int from, int to) {
  if (to <= from) return;
  pqxx::connection c(b.stack().DatabaseUrl("review"));
  pqxx::work tx(c);
  tx.exec_params(
      "INSERT INTO rounds (brief_id, round, revision, topic, author_ids, "
      "needed) SELECT $1 || g, 1, 1, $2, '{}', 1 "
      "FROM generate_series($3::int, $4::int) g",
      kFiller, kDepthTopic, from, to - 1);
  // One statement takes the positions; the table lock keeps any other
  // from taking one in between (the check says so).
  tx.exec("LOCK TABLE tasks IN SHARE ROW EXCLUSIVE MODE");
  pqxx::row r = tx.exec_params1(
      "WITH t AS (INSERT INTO tasks (id, brief_id, round, revision, topic, "
      "position) SELECT $1 || g, $1 || g, 1, 1, $2, "
      "nextval('queue_position') FROM generate_series($3::int, $4::int) g "
      "ORDER BY g RETURNING position) SELECT min(position), max(position) "
      "FROM t",
      kFiller, kDepthTopic, from, to - 1);
  if (r[1].as<int64_t>() - r[0].as<int64_t>() != to - from - 1) {
    throw SetupError("filler positions are not consecutive");
  }
  tx.commit();
  RedisEval(
      b, {"EVAL", kAddScript, "0", kFiller, kDepthTopic, std::to_string(from),
          std::to_string(to), r[0].as<std::string>()});
}

// The fillers go with review down, so that no reconciliation that read
// them before puts them back. SIGKILL: a graceful stop waits for a
// reconciliation under way, which at 100,000 tasks takes minutes here;
// review is built to lose nothing that way (the fault tests do it).
void RemoveFillers(Bench& b, int count) {
  if (count == 0) return;
  b.stack().KillReview(SIGKILL);
  {
    pqxx::connection c(b.stack().DatabaseUrl("review"));
    pqxx::work tx(c);
    tx.exec_params("DELETE FROM tasks WHERE brief_id LIKE $1 || '%'", kFiller);
    tx.exec_params("DELETE FROM rounds WHERE brief_id LIKE $1 || '%'", kFiller);
    tx.commit();
  }
  RedisEval(b,
            {"EVAL", kRemoveScript, "0", kFiller, "0", std::to_string(count)});
  b.stack().StartReview();
  if (!b.stack().WaitReady(300)) throw SetupError("review did not come back");
  b.ProcessesRestarted();
}

LineResult DepthLine(Bench& b, const BenchUser& expert, int depth,
                     int* fillers) {
  int queued = QueuedTasks(b);
  AddFillers(b, *fillers, *fillers + std::max(0, depth - queued));
  *fillers += std::max(0, depth - queued);
  queue::ReviewQueue q("127.0.0.1", b.stack().redis_port());
  auto in_redis = q.Depth();
  if (!in_redis.ok())
    throw SetupError(std::string(in_redis.status().message()));
  LoadOptions load = b.Load(1, {"claim", "release"});
  std::atomic<int> dry{0};
  LineResult line = b.Measure(
      "claim @" + std::to_string(depth),
      "POST /v1/reviews:claim then :release, 1 expert, " +
          std::to_string(*in_redis) + " tasks queued in Redis",
      load,
      [&](int) {
        return std::make_unique<ReviewClient>(expert.key, false, &dry);
      },
      b.stack_cpu());
  line.unit = "claims/s";
  if (dry > 0 && line.errors++ == 0) {
    line.first_error = "a claim answered 204: no task for the expert";
  }
  return line;
}

// Claim+complete cycles per second over one unmeasured second, and the
// tasks it took.
double Probe(Bench& b, const std::vector<BenchUser>& experts, int* taken) {
  std::atomic<int> dry{0};
  LoadOptions load =
      b.Load(static_cast<int>(experts.size()), {"claim", "complete"});
  load.warmup = std::chrono::seconds(0);
  load.measure = std::chrono::seconds(1);
  LoadResult r = RunLoad(load, [&](int i) {
    return std::make_unique<ReviewClient>(experts[i].key, true, &dry);
  });
  if (r.errors > 0)
    throw SetupError("probing the review rate: " + r.first_error);
  *taken = static_cast<int>(r.kinds[0].count);
  return r.kinds[1].count / std::max(r.seconds, 1e-3);
}

// Tasks for the whole warm-up and window: --review-tasks, or three times
// what the rate of a probe would use (the first second after seeding runs
// slower than the window), so that the queue never empties.
void SeedCycles(Bench& b, const std::vector<BenchUser>& authors,
                const std::vector<BenchUser>& experts, std::string* what) {
  const Options& o = b.options();
  if (o.review_tasks > 0) {
    b.SubmitBriefs(authors, kCycleTopic, o.review_tasks);
    *what = std::to_string(o.review_tasks) + " submitted briefs seeded";
    return;
  }
  int first = 20 * static_cast<int>(experts.size()), taken = 0;
  b.SubmitBriefs(authors, kCycleTopic, first);
  b.WaitQuiet();
  double rate = Probe(b, experts, &taken);
  int want = static_cast<int>(std::ceil(rate * (o.seconds + o.warmup) * 3)) +
             10 * static_cast<int>(experts.size());
  int more = std::max(0, want - (first - taken));
  if (more > 0) b.SubmitBriefs(authors, kCycleTopic, more);
  char text[160];
  snprintf(text, sizeof text,
           "%d submitted briefs seeded (a 1 s probe ran %.0f cycles/s)",
           first + more, rate);
  *what = text;
}

LineResult CycleLine(Bench& b) {
  const Options& o = b.options();
  std::vector<BenchUser> authors, experts;
  for (int i = 0; i < 8; ++i)
    authors.push_back(b.NewUser(R"(["PARTICIPANT"])"));
  for (int i = 0; i < o.experts; ++i) {
    experts.push_back(
        b.NewUser(R"(["EXPERT"])", std::string(R"([")") + kCycleTopic + "\"]"));
  }
  std::string seeded;
  SeedCycles(b, authors, experts, &seeded);
  std::atomic<int> dry{0};
  LineResult line = b.Measure(
      "claim+complete",
      "claim, then complete (APPROVE) the claimed task; " +
          std::to_string(o.experts) + " experts, one connection each, " +
          seeded + "; p50/p99: claim",
      b.Load(o.experts, {"claim", "complete"}),
      [&](int i) {
        return std::make_unique<ReviewClient>(experts[i].key, true, &dry);
      },
      b.stack_cpu(), /*counted=*/1, /*timed=*/0);
  line.unit = "cycles/s";
  if (dry > 0) {
    line.notes.push_back(std::to_string(dry.load()) +
                         " experts found the queue empty before the window "
                         "closed: the rate is a floor; seed more with "
                         "--review-tasks");
  }
  return line;
}

}  // namespace

std::vector<LineResult> ReviewLines(Bench& b) {
  BenchUser author = b.NewUser(R"(["PARTICIPANT"])");
  BenchUser expert =
      b.NewUser(R"(["EXPERT"])", std::string(R"([")") + kDepthTopic + "\"]");
  // Two real tasks at the head of the queue: the one expert claims the
  // oldest, releases it, and claims it again.
  b.SubmitBriefs({author}, kDepthTopic, 2);
  // Once one is claimable the rounds are open; it goes back at once.
  std::string claim = b.ClaimWithin(expert).body;
  b.Expect(
      200, "POST",
      "/v1/reviews/" + JsonString(claim, "task", "id") + ":release", expert.key,
      R"({"claimToken":")" + JsonString(claim, "task", "claimToken") + R"("})");
  std::vector<LineResult> out;
  int fillers = 0;
  try {
    for (int depth : b.options().depths) {
      out.push_back(DepthLine(b, expert, depth, &fillers));
    }
  } catch (...) {
    RemoveFillers(b, fillers);
    throw;
  }
  RemoveFillers(b, fillers);
  out.push_back(CycleLine(b));
  return out;
}

}  // namespace briefdesk::bench
