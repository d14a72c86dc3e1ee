// The courses service's EventSink (transport): the briefs and review
// services' events, applied by course_events.h.
#ifndef BRIEFDESK_SERVICES_COURSES_EVENT_SINK_H_
#define BRIEFDESK_SERVICES_COURSES_EVENT_SINK_H_

#include "briefdesk/events/v1/events.grpc.pb.h"
#include "services/courses/courses_deps.h"

namespace briefdesk::courses {

class CoursesEventSink final : public events::v1::EventSink::Service {
 public:
  explicit CoursesEventSink(CoursesDeps deps) : d_(std::move(deps)) {}

  grpc::Status Deliver(grpc::ServerContext* ctx, const events::v1::Event* e,
                       events::v1::Ack* ack) override;
  grpc::Status DeliverBatch(grpc::ServerContext* ctx,
                            const events::v1::EventBatch* batch,
                            events::v1::Ack* ack) override;

 private:
  CoursesDeps d_;
};

}  // namespace briefdesk::courses

#endif  // BRIEFDESK_SERVICES_COURSES_EVENT_SINK_H_
