#include "services/briefs/transitions.h"

#include "libs/logging/logging.h"
#include "libs/outbox/outbox.h"
#include "services/briefs/brief_access.h"
#include "services/briefs/brief_store.h"
#include "services/briefs/outbox_store.h"
#include "services/briefs/reviewer_store.h"
#include "services/briefs/slug.h"
#include "services/briefs/transition_store.h"

namespace briefdesk::briefs {

using workflow::Action;

events::v1::EventType EventOf(Action action, v1::BriefState to) {
  switch (action) {
    case Action::kSubmit:
      return events::v1::BRIEF_SUBMITTED;
    case Action::kWithdraw:
      return events::v1::BRIEF_WITHDRAWN;
    case Action::kReopen:
      return events::v1::BRIEF_REOPENED;
    case Action::kStartReview:
      return events::v1::BRIEF_REVIEW_STARTED;
    case Action::kRequeue:
      return events::v1::BRIEF_REQUEUED;
    case Action::kPublish:
      return events::v1::BRIEF_PUBLISHED;
    case Action::kReturn:
      return events::v1::BRIEF_RETURNED;
    case Action::kRetract:
      return events::v1::BRIEF_RETRACTED;
    case Action::kConcludeRound:
      return to == v1::APPROVED   ? events::v1::BRIEF_APPROVED
             : to == v1::REJECTED ? events::v1::BRIEF_REJECTED
                                  : events::v1::BRIEF_CHANGES_REQUESTED;
    default:
      return events::v1::EVENT_TYPE_UNSPECIFIED;
  }
}

namespace {

// A published brief's address: its title's slug, or that with -2, -3, ...
// when taken. Slugs stay with their brief for good, retracted or not, so
// none is ever given out twice.
std::string AssignSlug(Tx& tx, const v1::Brief& b) {
  std::string base = MakeSlug(b.title());
  LockSlug(tx, base);
  for (int n = 1;; ++n) {
    std::string slug = n == 1 ? base : base + "-" + std::to_string(n);
    if (!SlugTaken(tx, slug)) return slug;
  }
}

// The event announcing the transition.
outbox::Event TransitionEvent(Tx& tx, const v1::Brief& b, Action action,
                              v1::BriefState to, const std::string& actor_id,
                              const std::string& note) {
  outbox::Event e = outbox::NewEvent(EventOf(action, to), b.id(), actor_id);
  auto* c = e.mutable_brief_changed();
  c->set_action(std::string(workflow::ActionName(action)));
  c->set_from(v1::BriefState_Name(b.state()));
  c->set_to(v1::BriefState_Name(to));
  c->set_revision(b.revision());
  c->set_note(note);
  c->set_topic(b.topic());
  c->set_title(b.title());
  c->set_author_id(b.author_id());
  *c->mutable_co_author_ids() = b.co_author_ids();
  c->set_course_id(b.course_id());
  *c->mutable_brief_create_time() = b.create_time();
  for (std::string& id : ReviewersOf(tx, b.id())) {
    c->add_expert_ids(std::move(id));
  }
  return e;
}

}  // namespace

void RecordTransition(Tx& tx, const v1::Brief& b, Action action,
                      v1::BriefState to, const std::string& actor_id,
                      const std::string& note,
                      const std::vector<std::string>& destinations,
                      outbox::Written* written) {
  UpdateHead(tx, b.id(), to, b.revision(), action == Action::kPublish);
  std::string slug = b.slug();
  if (action == Action::kPublish) {
    // What readers see is the approved revision, whatever comes later.
    slug = AssignSlug(tx, b);
    SetPublication(tx, b.id(), slug, b.revision());
  }
  if (action == Action::kRetract) SetRetraction(tx, b.id(), note);
  if (action == Action::kPublish || action == Action::kReturn ||
      action == Action::kRetract) {
    AnnouncePublicationChange(tx, slug);  // gateways' published caches
  }
  InsertTransition(tx, b.id(), std::string(workflow::ActionName(action)),
                   b.state(), to, actor_id, b.revision(), note);
  if (EventOf(action, to) == events::v1::EVENT_TYPE_UNSPECIFIED ||
      destinations.empty()) {
    return;
  }
  EnqueueEvent(tx, TransitionEvent(tx, b, action, to, actor_id, note),
               destinations, written);
}

absl::StatusOr<bool> ApplySystemAction(
    Tx& tx, const std::string& brief_id, Action action,
    const workflow::Context& context, const std::string& actor_id,
    const std::vector<std::string>& destinations) {
  auto row = LockBrief(tx, brief_id, "");
  if (!row.ok()) return row.status();
  const v1::Brief& b = row->brief;
  workflow::Decision d = workflow::Apply(ToWorkflow(b.state()), action,
                                         workflow::Actor::kSystem, context);
  if (!d.ok()) {
    logging::Info("system_action_skipped",
                  {{"brief_id", brief_id}, {"reason", d.message}});
    return false;
  }
  RecordTransition(tx, b, action, FromWorkflow(d.next), actor_id, context.note,
                   destinations);
  return true;
}

}  // namespace briefdesk::briefs
