// The Lua scripts of the review queue (review_queue.h has the layout). Each
// runs atomically in Redis; keys are built inside from the task's topic and
// round, which are slugs and ids, never user text.
#ifndef BRIEFDESK_LIBS_QUEUE_REVIEW_QUEUE_SCRIPTS_H_
#define BRIEFDESK_LIBS_QUEUE_REVIEW_QUEUE_SCRIPTS_H_

namespace briefdesk::queue::scripts {

// ARGV: id, position, topic, authors (",a,b,"), round. NX: a task already
// queued keeps its position. Returns 1 when bd:queue did not have it.
inline constexpr char kAdd[] = R"lua(
local id, pos, topic = ARGV[1], ARGV[2], ARGV[3]
redis.call('HSET', 'bd:task:' .. id, 'topic', topic, 'authors', ARGV[4],
           'round', ARGV[5])
redis.call('ZADD', 'bd:queue:topic:' .. topic, 'NX', pos, id)
return redis.call('ZADD', 'bd:queue', 'NX', pos, id)
)lua";

// ARGV: groups of five as kAdd's. Writes only what is missing, so that a
// reconciliation of a queue in step appends nothing to the AOF. Returns how
// many were missing from bd:queue.
inline constexpr char kEnsure[] = R"lua(
local added = 0
for i = 1, #ARGV, 5 do
  local id, pos, topic = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  local key = 'bd:task:' .. id
  if redis.call('EXISTS', key) == 0 then
    redis.call('HSET', key, 'topic', topic, 'authors', ARGV[i + 3],
               'round', ARGV[i + 4])
  end
  if not redis.call('ZSCORE', 'bd:queue:topic:' .. topic, id) then
    redis.call('ZADD', 'bd:queue:topic:' .. topic, 'NX', pos, id)
  end
  if not redis.call('ZSCORE', 'bd:queue', id) then
    redis.call('ZADD', 'bd:queue', 'NX', pos, id)
    added = added + 1
  end
end
return added
)lua";

// ARGV: id. Out of bd:queue, its topic set, and its hash.
inline constexpr char kRemove[] = R"lua(
local key = 'bd:task:' .. ARGV[1]
local topic = redis.call('HGET', key, 'topic')
if topic then redis.call('ZREM', 'bd:queue:topic:' .. topic, ARGV[1]) end
redis.call('DEL', key)
return redis.call('ZREM', 'bd:queue', ARGV[1])
)lua";

// ARGV: expert, then the expert's topics (none: any topic). From the head
// of each candidate set, the first task the expert is eligible for; the
// oldest of those wins. A set is read until its first eligible task or a
// task younger than the best found so far, so only the expert's own briefs
// and rounds they hold are ever skipped. A topic-set entry that bd:queue no
// longer has (left by an older version) is dropped on the way. Returns
// {id, position, topic, authors, round} or false.
inline constexpr char kClaim[] = R"lua(
local expert = ARGV[1]
local needle = ',' .. expert .. ','
local sets = {}
if #ARGV == 1 then
  sets[1] = 'bd:queue'
else
  for i = 2, #ARGV do sets[#sets + 1] = 'bd:queue:topic:' .. ARGV[i] end
end
local best, best_pos, best_t
for _, set in ipairs(sets) do
  local start, page, done = 0, 16, false
  while not done do
    local ids = redis.call('ZRANGE', set, start, start + page - 1,
                           'WITHSCORES')
    if #ids == 0 then break end
    for j = 1, #ids, 2 do
      local id, pos = ids[j], tonumber(ids[j + 1])
      if best_pos and pos >= best_pos then done = true break end
      local t = redis.call('HMGET', 'bd:task:' .. id, 'topic', 'authors',
                           'round')
      if set ~= 'bd:queue' and not redis.call('ZSCORE', 'bd:queue', id) then
        redis.call('ZREM', set, id)
        start = start - 1
      elseif t[1] and t[3] then
        local authored = string.find(t[2] or '', needle, 1, true) ~= nil
        local held = redis.call('HGET', 'bd:round:' .. t[3], expert)
        if not authored and (not held or held == id) then
          best, best_pos, best_t = id, pos, t
          done = true
          break
        end
      end
    end
    start = start + page
    page = math.min(page * 4, 1024)
  end
end
if not best then return false end
redis.call('ZREM', 'bd:queue', best)
redis.call('ZREM', 'bd:queue:topic:' .. best_t[1], best)
redis.call('DEL', 'bd:task:' .. best)
redis.call('HSET', 'bd:round:' .. best_t[3], expert, best)
return {best, tostring(best_pos), best_t[1], best_t[2] or '', best_t[3]}
)lua";

// ARGV: as kAdd's, then the expert: the claim undone before the database
// recorded it.
inline constexpr char kUnclaim[] = R"lua(
local id, pos, topic, round = ARGV[1], ARGV[2], ARGV[3], ARGV[5]
if redis.call('HGET', 'bd:round:' .. round, ARGV[6]) == id then
  redis.call('HDEL', 'bd:round:' .. round, ARGV[6])
end
redis.call('HSET', 'bd:task:' .. id, 'topic', topic, 'authors', ARGV[4],
           'round', round)
redis.call('ZADD', 'bd:queue:topic:' .. topic, 'NX', pos, id)
return redis.call('ZADD', 'bd:queue', 'NX', pos, id)
)lua";

// KEYS[1] round hash. ARGV: expert, task. Removes the holder record only if
// it still names this task.
inline constexpr char kForgetHolder[] = R"lua(
if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then
  return redis.call('HDEL', KEYS[1], ARGV[1])
end
return 0
)lua";

// KEYS[1] round hash. ARGV: expert, task. Writes only a change.
inline constexpr char kRecordHolder[] = R"lua(
if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] then
  return redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
end
return 0
)lua";

}  // namespace briefdesk::queue::scripts

#endif  // BRIEFDESK_LIBS_QUEUE_REVIEW_QUEUE_SCRIPTS_H_
