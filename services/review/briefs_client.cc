#include "services/review/briefs_client.h"

#include "absl/strings/str_cat.h"
#include "briefdesk/briefs/v1/briefs.grpc.pb.h"
#include "libs/rpc/rpc.h"
#include "services/review/review_deps.h"

namespace briefdesk::review {

std::optional<briefs::v1::Sections> SectionsCache::Get(const std::string& key) {
  std::lock_guard lock(mu_);
  auto it = index_.find(key);
  if (it == index_.end()) return std::nullopt;
  order_.splice(order_.begin(), order_, it->second);
  return it->second->second;
}

void SectionsCache::Put(const std::string& key,
                        const briefs::v1::Sections& sections) {
  std::lock_guard lock(mu_);
  if (auto it = index_.find(key); it != index_.end()) {
    order_.splice(order_.begin(), order_, it->second);
    return;
  }
  order_.emplace_front(key, sections);
  index_[key] = order_.begin();
  if (order_.size() > capacity_) {
    index_.erase(order_.back().first);
    order_.pop_back();
  }
}

namespace {

constexpr auto kDeadline = std::chrono::seconds(5);

class GrpcBriefsClient final : public BriefsClient {
 public:
  explicit GrpcBriefsClient(const std::string& target)
      : stub_(briefs::v1::Briefs::NewStub(rpc::NewChannel(target))) {}

  absl::StatusOr<briefs::v1::ReviewMaterial> Material(
      const std::string& brief_id, int revision, int since_revision,
      const std::string& expert) override {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + kDeadline);
    rpc::Principal service;
    service.set_user_id(rpc::kReviewService);
    rpc::AttachPrincipal(service, &ctx);
    briefs::v1::GetReviewMaterialRequest req;
    req.set_id(brief_id);
    req.set_revision(revision);
    req.set_since_revision(since_revision);
    req.set_expert_id(expert);
    briefs::v1::ReviewMaterial out;
    grpc::Status s = stub_->GetReviewMaterial(&ctx, req, &out);
    if (!s.ok()) return rpc::FromGrpcStatus(s);
    sections_.Put(absl::StrCat(brief_id, ":", revision),
                  out.brief().sections());
    return out;
  }

  absl::StatusOr<briefs::v1::Sections> Sections(const std::string& brief_id,
                                                int revision) override {
    if (auto s = sections_.Get(absl::StrCat(brief_id, ":", revision))) {
      return *s;
    }
    auto material = Material(brief_id, revision, 0, "");
    if (!material.ok()) return material.status();
    return material->brief().sections();
  }

  absl::StatusOr<briefs::v1::Brief> GetBrief(
      const directory::v1::Principal& principal,
      const std::string& brief_id) override {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + kDeadline);
    rpc::AttachPrincipal(principal, &ctx);
    briefs::v1::GetBriefRequest get;
    get.set_id(brief_id);
    briefs::v1::Brief brief;
    grpc::Status s = stub_->GetBrief(&ctx, get, &brief);
    if (!s.ok()) return rpc::FromGrpcStatus(s);
    return brief;
  }

 private:
  std::unique_ptr<briefs::v1::Briefs::Stub> stub_;
  SectionsCache sections_{4096};
};

}  // namespace

std::unique_ptr<BriefsClient> NewGrpcBriefsClient(const std::string& target) {
  return std::make_unique<GrpcBriefsClient>(target);
}

}  // namespace briefdesk::review
