#include "services/courses/course_events.h"

#include <google/protobuf/util/time_util.h>

#include "libs/outbox/event_types.h"
#include "services/courses/data_rights.h"
#include "services/courses/followups.h"
#include "services/courses/store.h"

namespace briefdesk::courses {
namespace {

namespace ev = events::v1;
using google::protobuf::util::TimeUtil;

void ApplyBriefEvent(CoursesTx& tx, const ev::Event& e, ev::EventType type) {
  const ev::BriefChanged& c = e.brief_changed();
  if (c.course_id().empty()) return;  // a brief of no course
  BriefFact f;
  f.brief_id = e.brief_id();
  f.course_id = c.course_id();
  f.author_id = c.author_id();
  f.state = c.to();
  if (c.has_brief_create_time()) {
    f.create_micros = TimeUtil::TimestampToMicroseconds(c.brief_create_time());
  }
  f.event_micros = TimeUtil::TimestampToMicroseconds(e.time());
  f.submitted = type == ev::BRIEF_SUBMITTED;
  f.published = type == ev::BRIEF_PUBLISHED;
  tx.RecordBriefFact(f);
  if (!f.published) return;
  // A participant who published a brief of the course is followed up.
  auto course = tx.LoadCourse(c.course_id());
  auto member = tx.LoadMember(c.course_id(), c.author_id());
  if (course.ok() && member && member->course_role() == v1::PARTICIPANT) {
    PlanFollowUps(tx, *course, c.author_id(),
                  absl::FromUnixMicros(f.event_micros));
  }
}

void ApplyReview(CoursesTx& tx, const ev::Event& e) {
  const ev::ReviewTaskEvent& t = e.task();
  if (t.review_id().empty() || !t.has_scores()) return;
  ReviewFact f;
  f.review_id = t.review_id();
  f.brief_id = e.brief_id();
  f.round = t.round();
  f.expert_id = t.expert_id();
  f.decision = review::v1::Decision_Name(outbox::DecisionOf(t));
  f.scores[0] = t.scores().evidence();
  f.scores[1] = t.scores().clarity();
  f.scores[2] = t.scores().actionability();
  f.scores[3] = t.scores().relevance();
  tx.RecordReviewFact(f);
}

}  // namespace

absl::Status ApplyEvents(const CoursesDeps& d,
                         const std::vector<const ev::Event*>& batch) {
  return Transact(d.pool, [&](CoursesTx& tx) -> absl::Status {
    for (const ev::Event* e : batch) {
      if (!tx.FirstDelivery(e->id())) continue;  // a repeat
      ev::EventType type = outbox::TypeOf(*e);
      if (type == ev::USER_ERASED) {
        ApplyErasure(tx, e->user_erased());
      } else if (type == ev::REVIEW_COMPLETED) {
        ApplyReview(tx, *e);
      } else if (e->has_brief_changed()) {
        ApplyBriefEvent(tx, *e, type);
      }
    }
    return absl::OkStatus();
  });
}

}  // namespace briefdesk::courses
