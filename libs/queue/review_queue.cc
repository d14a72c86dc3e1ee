#include "libs/queue/review_queue.h"

#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "libs/queue/review_queue_scripts.h"

namespace briefdesk::queue {
namespace {

constexpr char kQueue[] = "bd:queue";
// Tasks per Ensure script: long enough to cut round trips, short enough
// that claims are not held up behind one script for long.
constexpr size_t kEnsureBatch = 500;

std::string RoundKey(const std::string& round) { return "bd:round:" + round; }

std::string Authors(const QueuedTask& t) {
  return "," + absl::StrJoin(t.author_ids, ",") + ",";
}

std::string Str(const redisReply* r) { return std::string(r->str, r->len); }

}  // namespace

ReviewQueue::ReviewQueue(std::string host, int port,
                         std::chrono::milliseconds timeout, int connections)
    : host_(std::move(host)), port_(port), timeout_(timeout) {
  for (int i = 0; i < std::max(1, connections); ++i) {
    connections_.push_back(std::make_unique<Connection>());
  }
}

ReviewQueue::~ReviewQueue() {
  for (auto& c : connections_) {
    if (c->ctx != nullptr) redisFree(c->ctx);
  }
}

absl::Status ReviewQueue::Connect(Connection& c) {
  if (c.ctx != nullptr) redisFree(c.ctx);
  timeval tv{static_cast<time_t>(timeout_.count() / 1000),
             static_cast<suseconds_t>((timeout_.count() % 1000) * 1000)};
  c.ctx = redisConnectWithTimeout(host_.c_str(), port_, tv);
  if (c.ctx == nullptr || c.ctx->err) {
    std::string why = c.ctx ? c.ctx->errstr : "out of memory";
    if (c.ctx != nullptr) redisFree(c.ctx);
    c.ctx = nullptr;
    return absl::UnavailableError("redis unreachable: " + why);
  }
  redisSetTimeout(c.ctx, tv);
  return absl::OkStatus();
}

absl::StatusOr<std::shared_ptr<redisReply>> ReviewQueue::Command(
    const std::vector<std::string>& args) {
  // A free connection if there is one, else wait on one picked by thread.
  for (auto& c : connections_) {
    std::unique_lock lock(c->mu, std::try_to_lock);
    if (lock.owns_lock()) return CommandOn(*c, args);
  }
  size_t pick = std::hash<std::thread::id>()(std::this_thread::get_id()) %
                connections_.size();
  std::unique_lock lock(connections_[pick]->mu);
  return CommandOn(*connections_[pick], args);
}

// With the connection's mutex held.
absl::StatusOr<std::shared_ptr<redisReply>> ReviewQueue::CommandOn(
    Connection& c, const std::vector<std::string>& args) {
  std::vector<const char*> argv;
  std::vector<size_t> lens;
  for (const auto& a : args) {
    argv.push_back(a.data());
    lens.push_back(a.size());
  }
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (c.ctx == nullptr) {
      if (absl::Status s = Connect(c); !s.ok()) return s;
    }
    auto* raw = static_cast<redisReply*>(redisCommandArgv(
        c.ctx, static_cast<int>(argv.size()), argv.data(), lens.data()));
    if (raw == nullptr) {  // the connection broke: reconnect and retry once
      redisFree(c.ctx);
      c.ctx = nullptr;
      continue;
    }
    std::shared_ptr<redisReply> reply(raw, freeReplyObject);
    if (reply->type == REDIS_REPLY_ERROR) {
      return absl::InternalError(absl::StrCat("redis: ", Str(reply.get())));
    }
    return reply;
  }
  return absl::UnavailableError("redis connection lost");
}

absl::Status ReviewQueue::Add(const QueuedTask& t) {
  return Command({"EVAL", scripts::kAdd, "0", t.id, std::to_string(t.position),
                  t.topic, Authors(t), t.round})
      .status();
}

absl::StatusOr<int> ReviewQueue::Ensure(const std::vector<QueuedTask>& tasks) {
  int added = 0;
  for (size_t i = 0; i < tasks.size(); i += kEnsureBatch) {
    std::vector<std::string> args = {"EVAL", scripts::kEnsure, "0"};
    for (size_t j = i; j < std::min(tasks.size(), i + kEnsureBatch); ++j) {
      const QueuedTask& t = tasks[j];
      args.insert(args.end(), {t.id, std::to_string(t.position), t.topic,
                               Authors(t), t.round});
    }
    auto r = Command(args);
    if (!r.ok()) return r.status();
    added += static_cast<int>((*r)->integer);
  }
  return added;
}

absl::Status ReviewQueue::Remove(const std::string& task_id) {
  return Command({"EVAL", scripts::kRemove, "0", task_id}).status();
}

absl::StatusOr<std::optional<Claimed>> ReviewQueue::Claim(
    const std::string& expert, const std::vector<std::string>& topics) {
  std::vector<std::string> args = {"EVAL", scripts::kClaim, "0", expert};
  args.insert(args.end(), topics.begin(), topics.end());
  auto r = Command(args);
  if (!r.ok()) return r.status();
  if ((*r)->type != REDIS_REPLY_ARRAY || (*r)->elements != 5) {
    return std::optional<Claimed>();
  }
  redisReply** e = (*r)->element;
  Claimed c;
  c.id = Str(e[0]);
  if (!absl::SimpleAtoi(Str(e[1]), &c.position)) {
    return absl::InternalError("redis: a task position is not a number");
  }
  c.topic = Str(e[2]);
  c.author_ids = absl::StrSplit(Str(e[3]), ',', absl::SkipEmpty());
  c.round = Str(e[4]);
  return std::optional<Claimed>(std::move(c));
}

absl::Status ReviewQueue::Unclaim(const Claimed& c, const std::string& expert) {
  return Command({"EVAL", scripts::kUnclaim, "0", c.id,
                  std::to_string(c.position), c.topic, Authors(c), c.round,
                  expert})
      .status();
}

absl::Status ReviewQueue::ForgetHolder(const std::string& round,
                                       const std::string& expert,
                                       const std::string& task_id) {
  return Command({"EVAL", scripts::kForgetHolder, "1", RoundKey(round), expert,
                  task_id})
      .status();
}

absl::Status ReviewQueue::RecordHolder(const std::string& round,
                                       const std::string& expert,
                                       const std::string& task_id) {
  return Command({"EVAL", scripts::kRecordHolder, "1", RoundKey(round), expert,
                  task_id})
      .status();
}

absl::Status ReviewQueue::ForgetRound(const std::string& round) {
  return Command({"DEL", RoundKey(round)}).status();
}

absl::StatusOr<std::vector<std::pair<std::string, int64_t>>>
ReviewQueue::Snapshot() {
  auto r = Command({"ZRANGE", kQueue, "0", "-1", "WITHSCORES"});
  if (!r.ok()) return r.status();
  std::vector<std::pair<std::string, int64_t>> out;
  for (size_t i = 0; i + 1 < (*r)->elements; i += 2) {
    int64_t position = 0;
    if (!absl::SimpleAtoi(Str((*r)->element[i + 1]), &position)) continue;
    out.emplace_back(Str((*r)->element[i]), position);
  }
  return out;
}

absl::StatusOr<int64_t> ReviewQueue::Depth() {
  auto r = Command({"ZCARD", kQueue});
  if (!r.ok()) return r.status();
  return static_cast<int64_t>((*r)->integer);
}

absl::Status ReviewQueue::Ping() { return Command({"PING"}).status(); }

}  // namespace briefdesk::queue
