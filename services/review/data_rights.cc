#include "services/review/data_rights.h"

#include "services/review/guidance.h"
#include "services/review/store.h"

namespace briefdesk::review {
namespace {

constexpr int kMost = 1000;

}  // namespace

absl::StatusOr<v1::ReviewExport> ExportFor(const ReviewDeps& d,
                                           const rpc::Principal& caller) {
  const std::string& user = caller.user_id();
  if (user.empty() || rpc::IsServicePrincipal(user)) {
    return absl::UnauthenticatedError("an export is of a person");
  }
  v1::ReviewExport out;
  absl::Status s = Transact(d.pool, [&](ReviewTx& tx) -> absl::Status {
    out.Clear();  // the transaction may run again
    std::vector<std::string> tasks;
    for (const v1::Task& t : tx.TasksOf(user, "", "", kMost)) {
      tasks.push_back(t.id());
    }
    for (v1::Review& r : tx.ReviewsOfTasks(tasks)) {
      if (r.reviewer_id() == user) *out.add_reviews() = std::move(r);
    }
    for (FeedbackRow& row : tx.FeedbackOf(ReviewTx::FeedbackOwner::kPerson,
                                          user, "", kMost, NowMicros())) {
      v1::FeedbackRequest& r = row.request;
      if (r.claimed_by() != user) r.clear_claim_token();
      *out.add_feedback() = std::move(r);
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

}  // namespace briefdesk::review
