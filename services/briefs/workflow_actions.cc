#include "services/briefs/workflow_actions.h"

#include "services/briefs/brief_access.h"
#include "services/briefs/brief_store.h"
#include "services/briefs/transitions.h"
#include "services/briefs/validation.h"

namespace briefdesk::briefs {
namespace {

using workflow::Action;

// The rules of `action` on `b` by `p`: the state it leads to.
absl::StatusOr<v1::BriefState> Decide(const rpc::Principal& p,
                                      const v1::Brief& b, Action action,
                                      const std::string& note,
                                      const CheckThresholds& thresholds) {
  workflow::Actors actors = ActorsFor(p, &b);
  if (!workflow::MayEverTake(action, actors)) {
    return absl::PermissionDeniedError(
        "you may not " + std::string(workflow::ActionName(action)) +
        " this brief");
  }
  workflow::Context context;
  context.note = note;
  v1::CheckReport check;
  if (action == Action::kSubmit) {
    check = CheckBrief(b.title(), b.sections(), b.language(), thresholds);
    context.check_has_errors = check.errors_size() > 0;
  }
  workflow::Decision d =
      workflow::Apply(ToWorkflow(b.state()), action, actors, context);
  if (!d.ok()) return RefusalStatus(d, action, &check);
  return FromWorkflow(d.next);
}

}  // namespace

absl::StatusOr<ActionResult> WorkflowActions::Act(const rpc::Principal& p,
                                                  const std::string& id,
                                                  Action action,
                                                  const std::string& note) {
  if (absl::Status s =
          ValidateText(NoteField(action), note, 0, 2000, text::Lines::kMany);
      !s.ok()) {
    return s;
  }
  outbox::Written written;
  auto brief =
      db_->InTransaction<v1::Brief>([&](Tx& tx) -> absl::StatusOr<v1::Brief> {
        written = {};  // a retried transaction writes its rows again
        auto row = LoadVisible(tx, p, id, /*lock=*/true);
        if (!row.ok()) return row.status();
        auto to = Decide(p, row->brief, action, note, thresholds_);
        if (!to.ok()) return to.status();
        RecordTransition(tx, row->brief, action, *to, p.user_id(), note,
                         events_.destinations, &written);
        auto after = LoadBrief(tx, id, p.user_id());
        if (!after.ok()) return after.status();
        return std::move(after->brief);
      });
  if (!brief.ok()) return brief.status();
  events_.wake();
  ActionResult out{*std::move(brief), std::nullopt};
  if (action == Action::kSubmit || action == Action::kWithdraw) {
    out.applied = events_.await(written);
  }
  return out;
}

}  // namespace briefdesk::briefs
