#include "services/review/review_service.h"

#include "absl/strings/str_cat.h"
#include "libs/auth/api_keys.h"
#include "libs/logging/logging.h"
#include "libs/outbox/outbox.h"
#include "services/review/review_store.h"

namespace briefdesk::review {

using directory::v1::ADMIN;
using directory::v1::EDITOR;
using directory::v1::EXPERT;

namespace {

void Write(pqxx::work& tx, const ReviewDeps& d, const std::string& type,
           const v1::Task& t, const std::string& expert,
           const std::string& actor, bool first_of_round,
           outbox::Written* written) {
  outbox::Event e = outbox::NewEvent(type, t.brief_id(), actor);
  auto* task = e.mutable_task();
  task->set_task_id(t.id());
  task->set_round(t.round());
  task->set_revision(t.revision());
  task->set_expert_id(expert);
  task->set_first_of_round(first_of_round);
  if (t.has_lease_expire_time()) {
    *task->mutable_lease_expire_time() = t.lease_expire_time();
  }
  task->set_topic(t.topic());
  outbox::Enqueue(tx, e, d.destinations, written);
}

}  // namespace

void Announce(pqxx::work& tx, const ReviewDeps& d, const std::string& type,
              const v1::Task& t, const std::string& expert, bool first_of_round,
              outbox::Written* written) {
  Write(tx, d, type, t, expert, expert, first_of_round, written);
}

void AnnounceBySystem(pqxx::work& tx, const ReviewDeps& d,
                      const std::string& type, const v1::Task& t,
                      const std::string& expert, outbox::Written* written) {
  Write(tx, d, type, t, expert, kServicePrincipal, false, written);
}

void RequeueRoundIfIdle(pqxx::work& tx, const ReviewDeps& d, const v1::Task& t,
                        outbox::Written* written) {
  if (!RoundIdle(tx, t.brief_id(), t.round())) return;
  pqxx::result r = tx.exec_params(
      "UPDATE rounds SET in_review = false WHERE brief_id = $1 AND round = $2 "
      "AND in_review RETURNING 1",
      t.brief_id(), t.round());
  if (!r.empty()) {
    AnnounceBySystem(tx, d, "review.round_requeued", t, "", written);
  }
}

absl::Status CheckClaim(pqxx::work& tx, const rpc::Principal& p,
                        const v1::Task& task, const std::string& token) {
  if (task.claimed_by() != p.user_id() &&
      !EverHeld(tx, task.id(), p.user_id())) {
    return absl::PermissionDeniedError("you do not hold review task " +
                                       task.id());
  }
  if (task.state() == v1::DONE || task.state() == v1::CANCELLED) {
    return absl::FailedPreconditionError("review task " + task.id() + " is " +
                                         v1::TaskState_Name(task.state()));
  }
  bool live = task.state() == v1::CLAIMED && task.claimed_by() == p.user_id() &&
              tx.exec_params(
                    "SELECT lease_expire_time > now() FROM tasks "
                    "WHERE id = $1",
                    task.id())[0][0]
                  .as<bool>();
  if (!live) {
    return absl::FailedPreconditionError(
        "your lease on review task " + task.id() +
        " expired or was released; claim again");
  }
  if (token.empty() || token != task.claim_token()) {
    return absl::FailedPreconditionError(
        "the claim token is stale: it is not the one of your current claim");
  }
  return absl::OkStatus();
}

void ReviewService::Requeue(const std::vector<std::string>& task_ids) {
  for (const std::string& id : task_ids) {
    auto entry = d_.pool->Run<queue::QueuedTask>(
        [&](pqxx::work& tx) { return QueueEntry(tx, id); });
    absl::Status s = entry.ok() ? d_.queue->Add(*entry) : entry.status();
    if (!s.ok()) {  // reconciliation puts it back later
      logging::Warn("requeue_deferred",
                    {{"task_id", id}, {"error", std::string(s.message())}});
    }
  }
}

absl::StatusOr<std::optional<v1::Task>> ReviewService::TakeTask(
    const rpc::Principal& p, int* since_revision, outbox::Written* written) {
  std::vector<std::string> taken;  // claimed in Redis, maybe not kept
  std::vector<std::string> topics(p.expertise().begin(), p.expertise().end());
  auto result = d_.pool->Run<std::optional<v1::Task>>(
      [&](pqxx::work& tx) -> absl::StatusOr<std::optional<v1::Task>> {
        *written = {};  // a retried transaction writes its rows again
        // One claim at a time per expert, so the cap holds.
        tx.exec_params(
            "SELECT pg_advisory_xact_lock(hashtextextended("
            "'claims:' || $1, 0))",
            p.user_id());
        int open = OpenClaims(tx, p.user_id());
        if (open >= d_.config.max_open_claims) {
          return absl::FailedPreconditionError(
              absl::StrCat("you hold ", open,
                           " open claims, the most allowed; complete "
                           "or release one first"));
        }
        for (int attempt = 0; attempt < 50; ++attempt) {
          auto claimed = d_.queue->Claim(p.user_id(), topics);
          if (!claimed.ok()) return claimed.status();
          if (!claimed->has_value()) return std::optional<v1::Task>();
          const queue::Claimed& c = **claimed;
          taken.push_back(c.task_id);
          if (absl::Status s = LockRoundOf(tx, c.task_id); !s.ok()) {
            (void)d_.queue->ForgetHolder(c.round, p.user_id(), c.task_id);
            (void)d_.queue->Remove(c.task_id);
            taken.pop_back();
            continue;  // unknown to the database
          }
          pqxx::result r = tx.exec_params(
              "UPDATE tasks SET state = 'CLAIMED', claimed_by = $2, "
              "claim_token = $3, lease_expire_time = now() + $4 * "
              "interval '1 second', lease_reminded = false "
              "WHERE id = $1 AND state = 'QUEUED' "
              "RETURNING id",
              c.task_id, p.user_id(), auth::NewApiKey(),
              static_cast<int64_t>(d_.config.lease.count()));
          if (r.empty()) {
            // Redis had a task the database no longer queues: drop it.
            (void)d_.queue->ForgetHolder(c.round, p.user_id(), c.task_id);
            (void)d_.queue->Remove(c.task_id);
            taken.pop_back();
            continue;
          }
          tx.exec_params(
              "INSERT INTO task_holders (task_id, expert_id) VALUES ($1, $2) "
              "ON CONFLICT DO NOTHING",
              c.task_id, p.user_id());
          auto task = LoadTask(tx, c.task_id, false);
          if (!task.ok()) return task.status();
          bool first = !tx.exec_params(
                              "UPDATE rounds SET in_review = true WHERE "
                              "brief_id = $1 AND round = $2 AND NOT in_review "
                              "RETURNING 1",
                              task->brief_id(), task->round())
                            .empty();
          Announce(tx, d_, "review.claimed", *task, p.user_id(), first,
                   written);
          *since_revision =
              LastReviewedRevision(tx, p.user_id(), task->brief_id());
          return std::optional<v1::Task>(*task);
        }
        return absl::UnavailableError("the queue is out of step; try again");
      });
  // Whatever Redis gave that the database did not keep goes back (a failed
  // attempt, or one that the pool retried on a new connection).
  if (result.ok() && result->has_value()) {
    std::erase(taken, (*result)->id());
    d_.wake();
  }
  Requeue(taken);
  return result;
}

absl::StatusOr<v1::ClaimResponse> ReviewService::DoClaim(
    const rpc::Principal& p, std::optional<bool>* applied) {
  if (!rpc::HasRole(p, EXPERT)) {
    return absl::PermissionDeniedError("only experts claim review tasks");
  }
  int since = 0;
  outbox::Written written;
  auto task = TakeTask(p, &since, &written);
  if (!task.ok()) return task.status();
  v1::ClaimResponse out;
  if (!task->has_value()) return out;  // nothing eligible: 204
  // The brief is IN_REVIEW, and the expert may see it, before the answer.
  *applied = d_.await(written);
  const v1::Task& t = **task;
  auto material = Material(t.brief_id(), t.revision(), since);
  if (!material.ok()) {
    // The expert gets nothing, so they hold nothing.
    (void)DoRelease(p, t.id(), t.claim_token());
    return material.status();
  }
  *out.mutable_task() = t;
  *out.mutable_brief() = std::move(*material->mutable_brief());
  *out.mutable_check() = std::move(*material->mutable_check());
  if (material->has_diff()) *out.mutable_diff() = material->diff();
  return out;
}

absl::StatusOr<briefs::v1::ReviewMaterial> ReviewService::Material(
    const std::string& brief_id, int revision, int since_revision) {
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  rpc::Principal service;
  service.set_user_id(kServicePrincipal);
  rpc::AttachPrincipal(service, &ctx);
  briefs::v1::GetReviewMaterialRequest req;
  req.set_id(brief_id);
  req.set_revision(revision);
  req.set_since_revision(since_revision);
  briefs::v1::ReviewMaterial out;
  grpc::Status s = d_.briefs->GetReviewMaterial(&ctx, req, &out);
  if (!s.ok()) return rpc::FromGrpcStatus(s);
  return out;
}

absl::StatusOr<v1::Task> ReviewService::DoRenew(const rpc::Principal& p,
                                                const v1::LeaseRequest& req) {
  return d_.pool->Run<v1::Task>(
      [&](pqxx::work& tx) -> absl::StatusOr<v1::Task> {
        auto task = LoadTask(tx, req.task_id(), true);
        if (!task.ok()) return task.status();
        if (absl::Status s = CheckClaim(tx, p, *task, req.claim_token());
            !s.ok()) {
          return s;
        }
        tx.exec_params(
            "UPDATE tasks SET lease_expire_time = now() + $2 * interval '1 "
            "second', "
            "lease_reminded = false WHERE id = $1",
            task->id(), static_cast<int64_t>(d_.config.lease.count()));
        return LoadTask(tx, task->id(), false);
      });
}

absl::StatusOr<v1::Task> ReviewService::DoRelease(
    const rpc::Principal& p, const std::string& task_id,
    const std::string& token, std::optional<bool>* applied) {
  outbox::Written written;
  auto released =
      d_.pool->Run<v1::Task>([&](pqxx::work& tx) -> absl::StatusOr<v1::Task> {
        written = {};
        if (absl::Status s = LockRoundOf(tx, task_id); !s.ok()) return s;
        auto task = LoadTask(tx, task_id, true);
        if (!task.ok()) return task.status();
        if (absl::Status s = CheckClaim(tx, p, *task, token); !s.ok()) return s;
        tx.exec_params(
            "UPDATE tasks SET state = 'QUEUED', claimed_by = NULL, "
            "claim_token = NULL, lease_expire_time = NULL WHERE id = $1",
            task_id);
        Announce(tx, d_, "review.released", *task, p.user_id(), false,
                 &written);
        RequeueRoundIfIdle(tx, d_, *task, &written);
        return LoadTask(tx, task_id, false);
      });
  if (released.ok()) {
    Requeue({task_id});
    d_.wake();
    if (applied != nullptr) *applied = d_.await(written);
  }
  return released;
}

grpc::Status ReviewService::Claim(grpc::ServerContext* ctx,
                                  const v1::ClaimRequest*,
                                  v1::ClaimResponse* resp) {
  std::optional<bool> applied;
  auto claimed = DoClaim(rpc::PrincipalFrom(*ctx), &applied);
  if (applied) rpc::SetEffects(ctx, *applied);
  return rpc::Reply(std::move(claimed), resp);
}

grpc::Status ReviewService::Renew(grpc::ServerContext* ctx,
                                  const v1::LeaseRequest* req, v1::Task* resp) {
  return rpc::Reply(DoRenew(rpc::PrincipalFrom(*ctx), *req), resp);
}

grpc::Status ReviewService::Release(grpc::ServerContext* ctx,
                                    const v1::LeaseRequest* req,
                                    v1::Task* resp) {
  std::optional<bool> applied;
  auto task = DoRelease(rpc::PrincipalFrom(*ctx), req->task_id(),
                        req->claim_token(), &applied);
  if (applied) rpc::SetEffects(ctx, *applied);
  if (task.ok()) task->clear_claim_token();
  return rpc::Reply(std::move(task), resp);
}

grpc::Status ReviewService::GetQueue(grpc::ServerContext* ctx,
                                     const v1::GetQueueRequest*,
                                     v1::QueueStats* resp) {
  rpc::Principal p = rpc::PrincipalFrom(*ctx);
  if (!rpc::HasRole(p, EDITOR) && !rpc::HasRole(p, ADMIN)) {
    return grpc::Status(grpc::StatusCode::PERMISSION_DENIED,
                        "only editors read the queue");
  }
  return rpc::Reply(
      d_.pool->Run<v1::QueueStats>([&](pqxx::work& tx)
                                       -> absl::StatusOr<v1::QueueStats> {
        v1::QueueStats out;
        for (const auto& row : tx.exec(
                 "SELECT topic, count(*), coalesce(extract(epoch FROM now() - "
                 "min(create_time))::integer, 0) FROM tasks "
                 "WHERE state = 'QUEUED' GROUP BY topic ORDER BY topic")) {
          v1::TopicDepth* t = out.add_topics();
          t->set_topic(row[0].as<std::string>());
          t->set_queued(row[1].as<int>());
          t->set_oldest_age_seconds(row[2].as<int>());
          out.set_queued(out.queued() + t->queued());
          out.set_oldest_age_seconds(
              std::max(out.oldest_age_seconds(), t->oldest_age_seconds()));
        }
        out.set_active_leases(
            tx.exec("SELECT count(*) FROM tasks WHERE state = 'CLAIMED' AND "
                    "lease_expire_time > now()")[0][0]
                .as<int>());
        return out;
      }),
      resp);
}

}  // namespace briefdesk::review
