// The tasks and task_holders tables.
#include <google/protobuf/util/time_util.h>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "services/review/store.h"

namespace briefdesk::review {
namespace {

using google::protobuf::util::TimeUtil;

// The columns ReadTask reads, in its order.
constexpr char kTaskColumns[] =
    "t.id, t.brief_id, t.revision, t.round, t.topic, t.state, "
    "coalesce(t.claimed_by, '') AS claimed_by_or_empty, "
    "(extract(epoch FROM t.lease_expire_time) * 1000000)::bigint AS lease_us, "
    "coalesce(t.claim_token, '') AS token_or_empty, "
    "(extract(epoch FROM t.create_time) * 1000000)::bigint AS create_us ";

constexpr char kEntryColumns[] =
    "SELECT t.id, t.position, t.topic, t.brief_id, t.round, "
    "array_to_string(r.author_ids, ',') FROM tasks t "
    "JOIN rounds r USING (brief_id, round) ";

v1::Task ReadTask(const pqxx::row& row) {
  v1::Task t;
  t.set_id(row[0].as<std::string>());
  t.set_brief_id(row[1].as<std::string>());
  t.set_revision(row[2].as<int>());
  t.set_round(row[3].as<int>());
  t.set_topic(row[4].as<std::string>());
  v1::TaskState s = v1::TASK_STATE_UNSPECIFIED;
  v1::TaskState_Parse(row[5].as<std::string>(), &s);
  t.set_state(s);
  t.set_claimed_by(row[6].as<std::string>());
  if (!row[7].is_null()) {
    *t.mutable_lease_expire_time() =
        TimeUtil::MicrosecondsToTimestamp(row[7].as<int64_t>());
  }
  t.set_claim_token(row[8].as<std::string>());
  *t.mutable_create_time() =
      TimeUtil::MicrosecondsToTimestamp(row[9].as<int64_t>());
  return t;
}

queue::QueuedTask ReadEntry(const pqxx::row& row) {
  queue::QueuedTask q;
  q.id = row[0].as<std::string>();
  q.position = row[1].as<int64_t>();
  q.topic = row[2].as<std::string>();
  q.round = RoundKey(row[3].as<std::string>(), row[4].as<int>());
  q.author_ids =
      absl::StrSplit(row[5].as<std::string>(), ',', absl::SkipEmpty());
  return q;
}

void PrepareClaimStatements(pqxx::connection_base& c) {
  c.prepare("lock_expert",
            "SELECT pg_advisory_xact_lock(hashtextextended('claims:' || $1, "
            "0))");
  // One statement: the task moves only if it is still queued and the
  // expert is under the cap (counted after LockExpert, so no concurrent
  // claim of theirs is missed); the holder is recorded, and the revision
  // they last reviewed read, for the diff.
  c.prepare("claim_queued",
            absl::StrCat(
                "WITH claimed AS (UPDATE tasks t SET state = 'CLAIMED', "
                "claimed_by = $2, claim_token = $3, lease_expire_time = now() "
                "+ $4 * interval '1 second', lease_reminded = false "
                "WHERE t.id = $1 AND t.state = 'QUEUED' AND (SELECT count(*) "
                "FROM tasks WHERE state = 'CLAIMED' AND claimed_by = $2) < $5 "
                "RETURNING ",
                kTaskColumns,
                "), held AS (INSERT INTO task_holders (task_id, expert_id) "
                "SELECT id, $2 FROM claimed ON CONFLICT DO NOTHING) "
                "SELECT c.*, (SELECT coalesce(max(revision), 0) FROM reviews "
                "WHERE reviewer_id = $2 AND brief_id = c.brief_id) "
                "FROM claimed c"));
  c.prepare("claim_context",
            "SELECT t.revision, t.state = 'QUEUED', (SELECT count(*) FROM "
            "tasks WHERE state = 'CLAIMED' AND claimed_by = $2), (SELECT "
            "coalesce(max(revision), 0) FROM reviews WHERE reviewer_id = $2 "
            "AND brief_id = t.brief_id) FROM tasks t WHERE t.id = $1");
  c.prepare("open_claims",
            "SELECT count(*) FROM tasks WHERE state = 'CLAIMED' AND "
            "claimed_by = $1");
}

void PrepareLeaseStatements(pqxx::connection_base& c) {
  c.prepare("ever_held",
            "SELECT 1 FROM task_holders WHERE task_id = $1 AND expert_id = $2");
  c.prepare("lease_live",
            "SELECT lease_expire_time > now() FROM tasks WHERE id = $1");
  c.prepare("renew_lease",
            "UPDATE tasks SET lease_expire_time = now() + $2 * interval "
            "'1 second', lease_reminded = false WHERE id = $1");
  c.prepare("return_to_queue",
            "UPDATE tasks SET state = 'QUEUED', claimed_by = NULL, "
            "claim_token = NULL, lease_expire_time = NULL WHERE id = $1");
  c.prepare("due_leases",
            "SELECT id, brief_id, round FROM tasks WHERE state = 'CLAIMED' "
            "AND lease_expire_time < now() ORDER BY lease_expire_time "
            "LIMIT $1");
  c.prepare("expire_task",
            "WITH old AS (SELECT claimed_by FROM tasks WHERE id = $1 FOR "
            "UPDATE) UPDATE tasks SET state = 'QUEUED', claimed_by = NULL, "
            "claim_token = NULL, lease_expire_time = NULL FROM old "
            "WHERE id = $1 AND state = 'CLAIMED' AND lease_expire_time < "
            "now() RETURNING old.claimed_by");
  c.prepare("mark_done",
            "UPDATE tasks SET state = 'DONE', claim_token = NULL, "
            "lease_expire_time = NULL, done_time = now() WHERE id = $1");
  c.prepare("remind_leases",
            absl::StrCat("UPDATE tasks t SET lease_reminded = true WHERE id "
                         "IN (SELECT id FROM tasks WHERE state = 'CLAIMED' "
                         "AND NOT lease_reminded AND lease_expire_time < "
                         "now() + $1 * interval '1 second' FOR UPDATE SKIP "
                         "LOCKED) RETURNING ",
                         kTaskColumns));
  c.prepare("alert_stale",
            absl::StrCat("UPDATE tasks t SET stale_alerted = true WHERE id IN "
                         "(SELECT id FROM tasks WHERE state = 'QUEUED' AND NOT "
                         "stale_alerted AND create_time < now() - $1 * "
                         "interval '1 second' FOR UPDATE SKIP LOCKED) "
                         "RETURNING ",
                         kTaskColumns));
}

void PrepareRoundTaskStatements(pqxx::connection_base& c) {
  c.prepare("load_task", absl::StrCat("SELECT ", kTaskColumns,
                                      "FROM tasks t WHERE t.id = $1"));
  c.prepare("load_task_for_update",
            absl::StrCat("SELECT ", kTaskColumns,
                         "FROM tasks t WHERE t.id = $1 FOR UPDATE"));
  c.prepare("round_of_task", "SELECT brief_id, round FROM tasks WHERE id = $1");
  c.prepare("tasks_left",
            "SELECT count(*) FROM tasks WHERE brief_id = $1 AND round = $2 "
            "AND state NOT IN ('DONE', 'CANCELLED')");
  c.prepare("round_busy",
            "SELECT count(*) FROM tasks WHERE brief_id = $1 AND round = $2 "
            "AND state IN ('CLAIMED', 'DONE')");
  c.prepare("insert_task",
            "INSERT INTO tasks (id, brief_id, round, revision, topic, "
            "position) VALUES ($1, $2, $3, $4, $5, nextval('queue_position')) "
            "RETURNING position");
  c.prepare("cancel_open_tasks",
            "UPDATE tasks SET state = 'CANCELLED', claim_token = NULL, "
            "lease_expire_time = NULL WHERE brief_id = $1 AND state IN "
            "('QUEUED', 'CLAIMED') RETURNING id");
}

void PrepareQueueStatements(pqxx::connection_base& c) {
  c.prepare("queue_entry", absl::StrCat(kEntryColumns, "WHERE t.id = $1"));
  c.prepare("queued_entries",
            absl::StrCat(kEntryColumns,
                         "WHERE t.state = 'QUEUED' ORDER BY t.position"));
  c.prepare("open_round_holders",
            "SELECT t.brief_id, t.round, h.expert_id, t.id FROM task_holders "
            "h JOIN tasks t ON t.id = h.task_id JOIN rounds r "
            "USING (brief_id, round) WHERE r.state = 'OPEN'");
  c.prepare("still_queued",
            "SELECT id FROM tasks WHERE state = 'QUEUED' AND "
            "id = ANY (string_to_array($1, ','))");
  c.prepare("tasks_of",
            absl::StrCat("SELECT ", kTaskColumns,
                         "FROM tasks t JOIN task_holders h ON h.task_id = t.id "
                         "WHERE h.expert_id = $1 AND ($2 = '' OR t.state = $2) "
                         "AND t.id > $3 ORDER BY t.id LIMIT $4"));
  c.prepare("queue_by_topic",
            "SELECT topic, count(*), coalesce(extract(epoch FROM now() - "
            "min(create_time))::integer, 0) FROM tasks "
            "WHERE state = 'QUEUED' GROUP BY topic ORDER BY topic");
  c.prepare("active_leases",
            "SELECT count(*) FROM tasks WHERE state = 'CLAIMED' AND "
            "lease_expire_time > now()");
  // Open tasks only, through the partial indexes: finished ones pile up
  // for ever and would make every scrape a scan of the table.
  c.prepare("task_gauges",
            "SELECT count(*) FILTER (WHERE state = 'QUEUED'), "
            "count(*) FILTER (WHERE state = 'CLAIMED'), "
            "coalesce(extract(epoch FROM now() - min(create_time) FILTER "
            "(WHERE state = 'QUEUED')), 0) FROM tasks WHERE state IN "
            "('QUEUED', 'CLAIMED')");
}

}  // namespace

void PrepareTaskStatements(pqxx::connection_base& c) {
  PrepareClaimStatements(c);
  PrepareLeaseStatements(c);
  PrepareRoundTaskStatements(c);
  PrepareQueueStatements(c);
}

absl::StatusOr<v1::Task> ReviewTx::LoadTask(const std::string& id,
                                            bool for_update) {
  pqxx::result r =
      tx_.exec_prepared(for_update ? "load_task_for_update" : "load_task", id);
  if (r.empty()) return absl::NotFoundError("review task " + id + " not found");
  return ReadTask(r[0]);
}

std::optional<RoundRef> ReviewTx::RoundOfTask(const std::string& task_id) {
  pqxx::result r = tx_.exec_prepared("round_of_task", task_id);
  if (r.empty()) return std::nullopt;
  return RoundRef{r[0][0].as<std::string>(), r[0][1].as<int>()};
}

void ReviewTx::LockExpert(const std::string& expert) {
  tx_.exec_prepared("lock_expert", expert);
}

std::optional<ClaimRecord> ReviewTx::ClaimQueued(const std::string& task_id,
                                                 const std::string& expert,
                                                 const std::string& token,
                                                 int64_t lease_seconds,
                                                 int cap) {
  pqxx::result r = tx_.exec_prepared("claim_queued", task_id, expert, token,
                                     lease_seconds, cap);
  if (r.empty()) return std::nullopt;
  return ClaimRecord{ReadTask(r[0]), r[0][10].as<int>()};
}

int ReviewTx::OpenClaims(const std::string& expert) {
  return tx_.exec_prepared("open_claims", expert)[0][0].as<int>();
}

std::optional<ClaimContext> ReviewTx::ReadClaimContext(
    const std::string& task_id, const std::string& expert) {
  pqxx::result r = tx_.exec_prepared("claim_context", task_id, expert);
  if (r.empty()) return std::nullopt;
  return ClaimContext{r[0][0].as<int>(), r[0][1].as<bool>(), r[0][2].as<int>(),
                      r[0][3].as<int>()};
}

bool ReviewTx::EverHeld(const std::string& task_id, const std::string& expert) {
  return !tx_.exec_prepared("ever_held", task_id, expert).empty();
}

bool ReviewTx::LeaseLive(const std::string& task_id) {
  pqxx::result r = tx_.exec_prepared("lease_live", task_id);
  return !r.empty() && !r[0][0].is_null() && r[0][0].as<bool>();
}

void ReviewTx::RenewLease(const std::string& task_id, int64_t lease_seconds) {
  tx_.exec_prepared("renew_lease", task_id, lease_seconds);
}

void ReviewTx::ReturnToQueue(const std::string& task_id) {
  tx_.exec_prepared("return_to_queue", task_id);
}

std::vector<DueLease> ReviewTx::DueLeases(int limit) {
  std::vector<DueLease> out;
  for (const auto& row : tx_.exec_prepared("due_leases", limit)) {
    out.push_back({row[0].as<std::string>(),
                   {row[1].as<std::string>(), row[2].as<int>()}});
  }
  return out;
}

std::optional<std::string> ReviewTx::ExpireTask(const std::string& task_id) {
  pqxx::result r = tx_.exec_prepared("expire_task", task_id);
  if (r.empty()) return std::nullopt;
  return r[0][0].as<std::string>();
}

void ReviewTx::MarkDone(const std::string& task_id) {
  tx_.exec_prepared("mark_done", task_id);
}

int ReviewTx::TasksLeft(const RoundRef& round) {
  return tx_.exec_prepared("tasks_left", round.brief_id, round.round)[0][0]
      .as<int>();
}

bool ReviewTx::RoundIdle(const RoundRef& round) {
  return tx_.exec_prepared("round_busy", round.brief_id, round.round)[0][0]
             .as<int>() == 0;
}

std::string ReviewTx::InsertTask(const std::string& id, const RoundRef& round,
                                 int revision, const std::string& topic,
                                 int64_t* position) {
  *position = tx_.exec_prepared("insert_task", id, round.brief_id, round.round,
                                revision, topic)[0][0]
                  .as<int64_t>();
  return id;
}

std::vector<std::string> ReviewTx::CancelOpenTasks(
    const std::string& brief_id) {
  std::vector<std::string> out;
  for (const auto& row : tx_.exec_prepared("cancel_open_tasks", brief_id)) {
    out.push_back(row[0].as<std::string>());
  }
  return out;
}

absl::StatusOr<queue::QueuedTask> ReviewTx::QueueEntry(
    const std::string& task_id) {
  pqxx::result r = tx_.exec_prepared("queue_entry", task_id);
  if (r.empty()) return absl::NotFoundError("review task " + task_id);
  return ReadEntry(r[0]);
}

std::vector<queue::QueuedTask> ReviewTx::QueuedEntries() {
  std::vector<queue::QueuedTask> out;
  for (const auto& row : tx_.exec_prepared("queued_entries")) {
    out.push_back(ReadEntry(row));
  }
  return out;
}

std::vector<Holder> ReviewTx::OpenRoundHolders() {
  std::vector<Holder> out;
  for (const auto& row : tx_.exec_prepared("open_round_holders")) {
    out.push_back({RoundKey(row[0].as<std::string>(), row[1].as<int>()),
                   row[2].as<std::string>(), row[3].as<std::string>()});
  }
  return out;
}

std::set<std::string> ReviewTx::StillQueued(
    const std::vector<std::string>& ids) {
  std::set<std::string> out;
  for (const auto& row :
       tx_.exec_prepared("still_queued", absl::StrJoin(ids, ","))) {
    out.insert(row[0].as<std::string>());
  }
  return out;
}

std::vector<v1::Task> ReviewTx::TasksOf(const std::string& expert,
                                        const std::string& state,
                                        const std::string& after, int limit) {
  std::vector<v1::Task> out;
  for (const auto& row :
       tx_.exec_prepared("tasks_of", expert, state, after, limit)) {
    out.push_back(ReadTask(row));
  }
  return out;
}

v1::QueueStats ReviewTx::QueueStats() {
  v1::QueueStats out;
  for (const auto& row : tx_.exec_prepared("queue_by_topic")) {
    v1::TopicDepth* t = out.add_topics();
    t->set_topic(row[0].as<std::string>());
    t->set_queued(row[1].as<int>());
    t->set_oldest_age_seconds(row[2].as<int>());
    out.set_queued(out.queued() + t->queued());
    out.set_oldest_age_seconds(
        std::max(out.oldest_age_seconds(), t->oldest_age_seconds()));
  }
  out.set_active_leases(tx_.exec_prepared("active_leases")[0][0].as<int>());
  return out;
}

std::vector<std::pair<v1::Task, std::string>> ReviewTx::LeasesToRemind(
    int64_t window_seconds) {
  std::vector<std::pair<v1::Task, std::string>> out;
  for (const auto& row : tx_.exec_prepared("remind_leases", window_seconds)) {
    v1::Task t = ReadTask(row);
    std::string holder = t.claimed_by();
    out.emplace_back(std::move(t), std::move(holder));
  }
  return out;
}

std::vector<v1::Task> ReviewTx::StaleToAlert(int64_t age_seconds) {
  std::vector<v1::Task> out;
  for (const auto& row : tx_.exec_prepared("alert_stale", age_seconds)) {
    out.push_back(ReadTask(row));
  }
  return out;
}

std::array<double, 3> ReviewTx::TaskGauges() {
  pqxx::row r = tx_.exec_prepared("task_gauges")[0];
  return {r[0].as<double>(), r[1].as<double>(), r[2].as<double>()};
}

}  // namespace briefdesk::review
