#include "libs/queue/review_queue.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace briefdesk::queue {
namespace {

constexpr char kQueue[] = "bd:queue";

std::string TaskKey(const std::string& id) { return "bd:task:" + id; }
std::string RoundKey(const std::string& round) { return "bd:round:" + round; }

// KEYS[1] queue. ARGV: expert, ",topic,topic," or "" for any, scan limit.
// Eligibility is judged task by task, oldest first, within one atomic script,
// so two experts never take the same task.
constexpr char kClaimScript[] = R"lua(
local expert, topics, limit = ARGV[1], ARGV[2], tonumber(ARGV[3])
local needle = ',' .. expert .. ','
local start = 0
while start < limit do
  local ids = redis.call('ZRANGE', KEYS[1], start, start + 99)
  if #ids == 0 then return false end
  for _, id in ipairs(ids) do
    local t = redis.call('HMGET', 'bd:task:' .. id, 'topic', 'authors', 'round')
    if t[1] and t[3] then
      local topic_ok = topics == '' or
          string.find(topics, ',' .. t[1] .. ',', 1, true) ~= nil
      local authored = string.find(t[2] or '', needle, 1, true) ~= nil
      local held = redis.call('HGET', 'bd:round:' .. t[3], expert)
      if topic_ok and not authored and (not held or held == id) then
        redis.call('ZREM', KEYS[1], id)
        redis.call('HSET', 'bd:round:' .. t[3], expert, id)
        return {id, t[3]}
      end
    end
  end
  start = start + 100
end
return false
)lua";

// Removes the holder record only if it still names this task.
constexpr char kForgetHolderScript[] = R"lua(
if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then
  return redis.call('HDEL', KEYS[1], ARGV[1])
end
return 0
)lua";

}  // namespace

ReviewQueue::ReviewQueue(std::string host, int port,
                         std::chrono::milliseconds timeout)
    : host_(std::move(host)), port_(port), timeout_(timeout) {}

ReviewQueue::~ReviewQueue() {
  if (ctx_ != nullptr) redisFree(ctx_);
}

absl::Status ReviewQueue::Connect() {
  if (ctx_ != nullptr) redisFree(ctx_);
  timeval tv{static_cast<time_t>(timeout_.count() / 1000),
             static_cast<suseconds_t>((timeout_.count() % 1000) * 1000)};
  ctx_ = redisConnectWithTimeout(host_.c_str(), port_, tv);
  if (ctx_ == nullptr || ctx_->err) {
    std::string why = ctx_ ? ctx_->errstr : "out of memory";
    if (ctx_ != nullptr) redisFree(ctx_);
    ctx_ = nullptr;
    return absl::UnavailableError("redis unreachable: " + why);
  }
  redisSetTimeout(ctx_, tv);
  return absl::OkStatus();
}

absl::StatusOr<std::shared_ptr<redisReply>> ReviewQueue::Command(
    const std::vector<std::string>& args) {
  std::vector<const char*> argv;
  std::vector<size_t> lens;
  for (const auto& a : args) {
    argv.push_back(a.data());
    lens.push_back(a.size());
  }
  std::lock_guard lock(mu_);
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (ctx_ == nullptr) {
      if (absl::Status s = Connect(); !s.ok()) return s;
    }
    auto* raw = static_cast<redisReply*>(redisCommandArgv(
        ctx_, static_cast<int>(argv.size()), argv.data(), lens.data()));
    if (raw == nullptr) {  // the connection broke: reconnect and retry once
      redisFree(ctx_);
      ctx_ = nullptr;
      continue;
    }
    std::shared_ptr<redisReply> reply(raw, freeReplyObject);
    if (reply->type == REDIS_REPLY_ERROR) {
      return absl::InternalError(
          absl::StrCat("redis: ", std::string(reply->str, reply->len)));
    }
    return reply;
  }
  return absl::UnavailableError("redis connection lost");
}

absl::Status ReviewQueue::Add(const QueuedTask& t) {
  auto r = Command({"HSET", TaskKey(t.id), "topic", t.topic, "authors",
                    "," + absl::StrJoin(t.author_ids, ",") + ",", "round",
                    t.round});
  if (!r.ok()) return r.status();
  // NX: a task already queued keeps its position.
  r = Command({"ZADD", kQueue, "NX", std::to_string(t.position), t.id});
  return r.status();
}

absl::Status ReviewQueue::Remove(const std::string& task_id) {
  auto r = Command({"ZREM", kQueue, task_id});
  if (!r.ok()) return r.status();
  return Command({"DEL", TaskKey(task_id)}).status();
}

absl::StatusOr<std::optional<Claimed>> ReviewQueue::Claim(
    const std::string& expert, const std::vector<std::string>& topics) {
  std::string list = topics.empty() ? "" : "," + absl::StrJoin(topics, ",") + ",";
  auto r = Command({"EVAL", kClaimScript, "1", kQueue, expert, list, "100000"});
  if (!r.ok()) return r.status();
  if ((*r)->type != REDIS_REPLY_ARRAY || (*r)->elements != 2) {
    return std::optional<Claimed>();
  }
  const redisReply* id = (*r)->element[0];
  const redisReply* round = (*r)->element[1];
  return std::optional<Claimed>(Claimed{std::string(id->str, id->len),
                                        std::string(round->str, round->len)});
}

absl::Status ReviewQueue::ForgetHolder(const std::string& round,
                                       const std::string& expert,
                                       const std::string& task_id) {
  return Command({"EVAL", kForgetHolderScript, "1", RoundKey(round), expert,
                  task_id})
      .status();
}

absl::Status ReviewQueue::RecordHolder(const std::string& round,
                                       const std::string& expert,
                                       const std::string& task_id) {
  return Command({"HSET", RoundKey(round), expert, task_id}).status();
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
    const redisReply* id = (*r)->element[i];
    const redisReply* score = (*r)->element[i + 1];
    out.emplace_back(std::string(id->str, id->len),
                     std::stoll(std::string(score->str, score->len)));
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
