// Domain layer: the reminder worker. Every period it looks at the courses
// with a due time (or a follow-up) near, plans their reminders
// (reminder_plan.h) and, for those not yet done, writes in one
// transaction per course: a row per reminder (unique, so a second replica
// or a restart finds it done and sends nothing), the outbox event of each
// one to send (the notification service tells the people: inbox, stream,
// webhooks, e-mail), and the milestone statuses recorded at due times.
// Nothing is sent twice, whatever replicas run or processes die.
#ifndef BRIEFDESK_SERVICES_COURSES_REMINDERS_H_
#define BRIEFDESK_SERVICES_COURSES_REMINDERS_H_

#include <chrono>
#include <string>

#include "absl/status/statusor.h"
#include "libs/worker/worker.h"
#include "services/courses/courses_deps.h"

namespace briefdesk::courses {

class Reminders {
 public:
  Reminders(CoursesDeps deps, std::chrono::milliseconds period)
      : d_(std::move(deps)), worker_([this] { return Step(); }, period) {}

  // Does what is due now; how many notices it sent.
  absl::StatusOr<int> SendDue();
  void Start() { worker_.Start(); }
  void Stop() { worker_.Stop(); }

 private:
  absl::StatusOr<int> SendDueOf(const std::string& course_id, absl::Time now);
  worker::Next Step();

  const CoursesDeps d_;
  worker::Worker worker_;  // last: its thread stops before the rest goes
};

}  // namespace briefdesk::courses

#endif  // BRIEFDESK_SERVICES_COURSES_REMINDERS_H_
