// Domain layer: what the events of the other services do here
// (event_effects.h).
#include "services/notification/event_effects.h"

#include <algorithm>

#include "libs/auth/api_keys.h"
#include "libs/outbox/outbox.h"
#include "services/notification/data_rights.h"
#include "services/notification/email_queue.h"
#include "services/notification/inbox.h"
#include "services/notification/recipients.h"

namespace briefdesk::notification {
namespace {

// The course an event is about, when it says.
std::string CourseOf(const events::v1::Event& e) {
  if (e.has_course_notice()) return e.course_notice().course_id();
  if (e.has_discussion()) return e.discussion().course_id();
  if (e.has_brief_changed()) return e.brief_changed().course_id();
  return "";
}

std::string BriefTitle(NotificationTx& tx, const events::v1::Event& e) {
  if (e.has_brief_changed() && !e.brief_changed().title().empty()) {
    tx.SetBriefTitle(e.brief_id(), e.brief_changed().title());
    return e.brief_changed().title();
  }
  return tx.BriefTitle(e.brief_id());
}

// On publication, reminders to every author at each interval; on
// retraction, the ones not sent yet are cancelled.
void ScheduleFollowups(NotificationTx& tx, const events::v1::Event& e,
                       const NotificationConfig& config,
                       const std::string& title) {
  events::v1::EventType type = outbox::TypeOf(e);
  if (type == events::v1::BRIEF_RETRACTED) {
    tx.CancelFollowups(e.brief_id());
    return;
  }
  if (type != events::v1::BRIEF_PUBLISHED) return;
  std::vector<std::string> authors = {e.brief_changed().author_id()};
  for (const auto& id : e.brief_changed().co_author_ids())
    authors.push_back(id);
  for (const std::string& user : authors) {
    for (int k = 1; k <= config.followup_count; ++k) {
      tx.InsertFollowup(
          auth::NewId(), e.brief_id(), user, k, title,
          static_cast<int64_t>(config.followup_interval.count()) * k);
    }
  }
}

}  // namespace

bool NeedEditors(const std::vector<const events::v1::Event*>& events) {
  bool need = false;
  for (const auto* e : events) need |= AudienceOf(outbox::TypeOf(*e)).editors;
  return need;
}

absl::StatusOr<Effects> ApplyEvents(
    storage::PgPool* pool, const NotificationConfig& config,
    const std::vector<const events::v1::Event*>& events,
    const std::vector<std::string>& editors, clock::Time now) {
  Effects out;
  absl::Status s = Transact(pool, [&](NotificationTx& tx) {
    out = Effects();  // the transaction may run again
    tx.LockWrites();
    for (const auto* delivered : events) {
      if (!tx.FirstDelivery(delivered->id())) continue;  // a repeat
      events::v1::EventType type = outbox::TypeOf(*delivered);
      if (type == events::v1::USER_ERASED) {  // told to no one
        ApplyErasure(tx, delivered->user_erased());
        continue;
      }
      events::v1::Event copy;
      const events::v1::Event* e = &AsErasureLeavesIt(tx, *delivered, &copy);
      std::string title = BriefTitle(tx, *e);
      ScheduleFollowups(tx, *e, config, title);
      Text text = Describe(*e, title);
      for (const std::string& user : Recipients(*e, editors)) {
        out.deliveries |= WriteNotification(
            tx, user, e->id(), std::string(outbox::EventTypeName(type)),
            e->brief_id(), text.title, text.body, CourseOf(*e));
        out.people.push_back(user);
      }
      out.emails |=
          QueueEmails(tx, config.email, e->id(),
                      EmailsFor(*e, text, title, config.email.public_url), now);
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  std::sort(out.people.begin(), out.people.end());
  out.people.erase(std::unique(out.people.begin(), out.people.end()),
                   out.people.end());
  return out;
}

}  // namespace briefdesk::notification
