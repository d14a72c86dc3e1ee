// GET /v1/users/me:export (docs/data-rights.md): everything BriefDesk holds
// about the caller, as one JSON document (privacy.v1.UserExport). The
// gateway asks every service for its part at once, each through an
// internal Export… RPC that reads the caller from the principal, so a
// person can only ever export themselves; one part failing fails the
// whole (an export that silently lacks a part would mislead).
#include <google/protobuf/util/time_util.h>

#include <mutex>

#include "briefdesk/privacy/v1/export.pb.h"
#include "libs/clock/clock.h"
#include "libs/rpc/rpc.h"
#include "services/gateway/gateway_call.h"
#include "services/gateway/transcode.h"

namespace briefdesk::gateway {
namespace {

using privacy::v1::UserExport;

struct Part {
  const char* service;
  const char* rpc;
  google::protobuf::Message* (*in)(UserExport&);
};

const Part kParts[] = {
    {"briefdesk.directory.v1.Directory",
     "/briefdesk.directory.v1.Directory/ExportAccount",
     [](UserExport& e) -> google::protobuf::Message* {
       return e.mutable_account();
     }},
    {"briefdesk.briefs.v1.Briefs", "/briefdesk.briefs.v1.Briefs/ExportBriefs",
     [](UserExport& e) -> google::protobuf::Message* {
       return e.mutable_briefs();
     }},
    {"briefdesk.review.v1.Guidance",
     "/briefdesk.review.v1.Guidance/ExportReviews",
     [](UserExport& e) -> google::protobuf::Message* {
       return e.mutable_reviews();
     }},
    {"briefdesk.courses.v1.FollowUps",
     "/briefdesk.courses.v1.FollowUps/ExportCourses",
     [](UserExport& e) -> google::protobuf::Message* {
       return e.mutable_courses();
     }},
    {"briefdesk.notification.v1.Notifications",
     "/briefdesk.notification.v1.Notifications/ExportNotifications",
     [](UserExport& e) -> google::protobuf::Message* {
       return e.mutable_notifications();
     }},
};

// The parts as they arrive (on gRPC threads).
struct Gathering {
  std::mutex mu;
  UserExport out;
  size_t waiting = std::size(kParts);
  grpc::Status failed;
};

}  // namespace

void Gateway::ServeExport(std::shared_ptr<Call> call) {
  auto g = std::make_shared<Gathering>();
  *g->out.mutable_export_time() =
      google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(
          std::chrono::duration_cast<std::chrono::microseconds>(
              clock::Now().time_since_epoch())
              .count());
  CallMetadata md;
  md.principal = &call->principal;
  md.request_id = call->request_id;
  for (const Part& part : kParts) {
    backends_->Call(
        part.service, part.rpc, "", md,
        [this, call, g, &part](const grpc::Status& s, std::string bytes) {
          {
            std::lock_guard<std::mutex> lock(g->mu);
            if (!s.ok()) {
              if (g->failed.ok()) g->failed = s;
            } else if (!part.in(g->out)->ParseFromString(bytes)) {
              g->failed = grpc::Status(grpc::StatusCode::INTERNAL,
                                       "unreadable answer from backend");
            }
            if (--g->waiting > 0) return;
          }
          if (!g->failed.ok()) {
            Fail(call, rpc::FromGrpcStatus(g->failed));
            return;
          }
          Response res;
          res.result(200);
          res.set(http::field::cache_control, "no-store");
          res.set(http::field::content_disposition,
                  "attachment; filename=\"briefdesk-export.json\"");
          res.body() = ToJson(g->out, nullptr);
          Finish(call, std::move(res));
        });
  }
}

}  // namespace briefdesk::gateway
