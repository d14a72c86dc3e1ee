// The Review gRPC service: claims, leases and reviews. PostgreSQL decides
// (claims, tokens, leases, the cap, reviews); Redis makes the claim of the
// oldest eligible task atomic. Events go out through the outbox.
#ifndef BRIEFDESK_SERVICES_REVIEW_REVIEW_SERVICE_H_
#define BRIEFDESK_SERVICES_REVIEW_REVIEW_SERVICE_H_

#include <functional>

#include "briefdesk/briefs/v1/briefs.grpc.pb.h"
#include "briefdesk/review/v1/review.grpc.pb.h"
#include "libs/outbox/outbox.h"
#include "libs/queue/review_queue.h"
#include "libs/rpc/rpc.h"
#include "libs/storage/pg_pool.h"
#include "services/review/review_config.h"

namespace briefdesk::review {

// The principal the review service calls the briefs service with.
inline constexpr char kServicePrincipal[] = "service:review";

// What the service shares with its event sink and sweeper.
struct ReviewDeps {
  storage::PgPool* pool;
  queue::ReviewQueue* queue;
  briefs::v1::Briefs::Stub* briefs;
  ReviewConfig config;
  std::vector<std::string> destinations;  // outbox destinations
  std::function<void()> wake = [] {};     // wakes the relays
  // Waits until the briefs service applied what a request wrote (read your
  // writes); false when it could not be reached in time.
  std::function<bool(const outbox::Written&)> await =
      [](const outbox::Written&) { return true; };
};

class ReviewService final : public v1::Reviews::Service {
 public:
  explicit ReviewService(ReviewDeps deps) : d_(std::move(deps)) {}

  grpc::Status Claim(grpc::ServerContext* ctx, const v1::ClaimRequest* req,
                     v1::ClaimResponse* resp) override;
  grpc::Status Renew(grpc::ServerContext* ctx, const v1::LeaseRequest* req,
                     v1::Task* resp) override;
  grpc::Status Release(grpc::ServerContext* ctx, const v1::LeaseRequest* req,
                       v1::Task* resp) override;
  grpc::Status Complete(grpc::ServerContext* ctx,
                        const v1::CompleteRequest* req,
                        v1::Review* resp) override;
  grpc::Status ListMyReviews(grpc::ServerContext* ctx,
                             const v1::ListMyReviewsRequest* req,
                             v1::ListMyReviewsResponse* resp) override;
  grpc::Status ListBriefReviews(grpc::ServerContext* ctx,
                                const v1::ListBriefReviewsRequest* req,
                                v1::ListBriefReviewsResponse* resp) override;
  grpc::Status GetQueue(grpc::ServerContext* ctx,
                        const v1::GetQueueRequest* req,
                        v1::QueueStats* resp) override;

 private:
  // `*applied`: whether the briefs service applied the change before the
  // answer (unset when there was no change).
  absl::StatusOr<v1::ClaimResponse> DoClaim(const rpc::Principal& p,
                                            std::optional<bool>* applied);
  // Takes a task for `p` in the database: nullopt when none is eligible.
  absl::StatusOr<std::optional<v1::Task>> TakeTask(const rpc::Principal& p,
                                                   int* since_revision,
                                                   outbox::Written* written);
  absl::StatusOr<v1::Task> DoRenew(const rpc::Principal& p,
                                   const v1::LeaseRequest& req);
  absl::StatusOr<v1::Task> DoRelease(const rpc::Principal& p,
                                     const std::string& task_id,
                                     const std::string& token,
                                     std::optional<bool>* applied = nullptr);
  absl::StatusOr<v1::Review> DoComplete(const rpc::Principal& p,
                                        const v1::CompleteRequest& req,
                                        std::optional<bool>* applied);
  absl::StatusOr<v1::ListBriefReviewsResponse> DoListBriefReviews(
      const rpc::Principal& p, const v1::ListBriefReviewsRequest& req);
  absl::StatusOr<v1::ListMyReviewsResponse> DoListMine(
      const rpc::Principal& p, const v1::ListMyReviewsRequest& req);
  absl::StatusOr<briefs::v1::ReviewMaterial> Material(
      const std::string& brief_id, int revision, int since_revision);
  // Puts tasks back in the Redis queue at their positions (after a release,
  // an expiry, or a claim the database did not keep).
  void Requeue(const std::vector<std::string>& task_ids);

  ReviewDeps d_;
};

// Writes a review.* task event to the outbox, caused by `expert` (the rows
// go to `written` when given).
void Announce(pqxx::work& tx, const ReviewDeps& d, const std::string& type,
              const v1::Task& t, const std::string& expert,
              bool first_of_round = false, outbox::Written* written = nullptr);
// The same for what the service itself did (an expiry, a reminder, an
// alert): the expert is named, but the actor is the service, so the expert
// is told of it.
void AnnounceBySystem(pqxx::work& tx, const ReviewDeps& d,
                      const std::string& type, const v1::Task& t,
                      const std::string& expert,
                      outbox::Written* written = nullptr);

// When no task of a round is claimed or done any more, the brief goes back
// to SUBMITTED (DESIGN.md: every claim of the round released or expired).
void RequeueRoundIfIdle(pqxx::work& tx, const ReviewDeps& d, const v1::Task& t,
                        outbox::Written* written = nullptr);

// Checks that `p` holds `task` under `token` with a live lease:
// PERMISSION_DENIED if they never held it, FAILED_PRECONDITION if their
// lease expired, the token is stale or the task is no longer claimed.
absl::Status CheckClaim(pqxx::work& tx, const rpc::Principal& p,
                        const v1::Task& task, const std::string& token);

}  // namespace briefdesk::review

#endif  // BRIEFDESK_SERVICES_REVIEW_REVIEW_SERVICE_H_
