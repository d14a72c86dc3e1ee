#include "services/briefs/transitions.h"

#include "libs/logging/logging.h"
#include "libs/outbox/outbox.h"
#include "services/briefs/access.h"
#include "services/briefs/brief_store.h"
#include "services/briefs/publication_watch.h"
#include "services/briefs/slug.h"

namespace briefdesk::briefs {

using workflow::Action;

std::string EventType(Action action, v1::BriefState to) {
  switch (action) {
    case Action::kSubmit:
      return "brief.submitted";
    case Action::kWithdraw:
      return "brief.withdrawn";
    case Action::kReopen:
      return "brief.reopened";
    case Action::kStartReview:
      return "brief.review_started";
    case Action::kRequeue:
      return "brief.requeued";
    case Action::kPublish:
      return "brief.published";
    case Action::kReturn:
      return "brief.returned";
    case Action::kRetract:
      return "brief.retracted";
    case Action::kConcludeRound:
      return to == v1::APPROVED   ? "brief.approved"
             : to == v1::REJECTED ? "brief.rejected"
                                  : "brief.changes_requested";
    default:
      return "";
  }
}

namespace {

// A published brief's address: its title's slug, or that with -2, -3, ...
// when taken. Slugs stay with their brief for good, retracted or not, so
// none is ever given out twice.
std::string AssignSlug(pqxx::work& tx, const v1::Brief& b) {
  std::string base = MakeSlug(b.title());
  tx.exec_params(
      "SELECT pg_advisory_xact_lock(hashtextextended('slug:' || $1, 0))", base);
  for (int n = 1;; ++n) {
    std::string slug = n == 1 ? base : base + "-" + std::to_string(n);
    if (tx.exec_params("SELECT 1 FROM briefs WHERE slug = $1", slug).empty()) {
      return slug;
    }
  }
}

}  // namespace

void RecordTransition(pqxx::work& tx, const v1::Brief& b, Action action,
                      v1::BriefState to, const std::string& actor_id,
                      const std::string& note,
                      const std::vector<std::string>& destinations,
                      outbox::Written* written) {
  UpdateHead(tx, b.id(), to, b.revision(), action == Action::kPublish);
  std::string slug = b.slug();
  if (action == Action::kPublish) {
    // What readers see is the approved revision, whatever comes later.
    slug = AssignSlug(tx, b);
    tx.exec_params(
        "UPDATE briefs SET slug = $2, published_revision = $3 WHERE id = $1",
        b.id(), slug, b.revision());
  }
  if (action == Action::kRetract) {
    tx.exec_params(
        "UPDATE briefs SET retract_reason = $2, retract_time = now() "
        "WHERE id = $1",
        b.id(), note);
  }
  if (action == Action::kPublish || action == Action::kReturn ||
      action == Action::kRetract) {
    AnnouncePublicationChange(tx, slug);  // gateways' published caches
  }
  std::string name(workflow::ActionName(action));
  InsertTransition(tx, b.id(), name, b.state(), to, actor_id, b.revision(),
                   note);
  std::string type = EventType(action, to);
  if (type.empty() || destinations.empty()) return;
  outbox::Event e = outbox::NewEvent(type, b.id(), actor_id);
  auto* c = e.mutable_brief_changed();
  c->set_action(name);
  c->set_from(v1::BriefState_Name(b.state()));
  c->set_to(v1::BriefState_Name(to));
  c->set_revision(b.revision());
  c->set_note(note);
  c->set_topic(b.topic());
  c->set_title(b.title());
  c->set_author_id(b.author_id());
  *c->mutable_co_author_ids() = b.co_author_ids();
  for (const auto& row : tx.exec_prepared("brief_experts", b.id())) {
    c->add_expert_ids(row[0].as<std::string>());
  }
  outbox::Enqueue(tx, e, destinations, written);
}

absl::StatusOr<bool> ApplySystemAction(
    pqxx::work& tx, const std::string& brief_id, Action action,
    const workflow::Context& context, const std::string& actor_id,
    const std::vector<std::string>& destinations) {
  auto b = LoadBrief(tx, brief_id, /*for_update=*/true);
  if (!b.ok()) return b.status();
  workflow::Decision d = workflow::Apply(ToWorkflow(b->state()), action,
                                         workflow::Actor::kSystem, context);
  if (!d.ok()) {
    logging::Info("system_action_skipped",
                  {{"brief_id", brief_id}, {"reason", d.message}});
    return false;
  }
  RecordTransition(tx, *b, action, FromWorkflow(d.next), actor_id, context.note,
                   destinations);
  return true;
}

}  // namespace briefdesk::briefs
