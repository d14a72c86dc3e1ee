#include "services/briefs/brief_access.h"

namespace briefdesk::briefs {

using directory::v1::ADMIN;
using directory::v1::EDITOR;
using directory::v1::PARTICIPANT;

bool IsAuthor(const rpc::Principal& p, const v1::Brief& b) {
  if (p.user_id().empty()) return false;
  if (b.author_id() == p.user_id()) return true;
  for (const std::string& id : b.co_author_ids()) {
    if (id == p.user_id()) return true;
  }
  return false;
}

bool SeesEverything(const rpc::Principal& p) {
  return rpc::HasRole(p, EDITOR) || rpc::HasRole(p, ADMIN);
}

bool MaySee(const rpc::Principal& p, const v1::Brief& b, bool reviewed) {
  return IsAuthor(p, b) || SeesEverything(p) || b.state() == v1::PUBLISHED ||
         b.state() == v1::RETRACTED || (reviewed && !p.user_id().empty());
}

absl::StatusOr<BriefRow> Visible(const rpc::Principal& p,
                                 absl::StatusOr<BriefRow> row) {
  if (!row.ok()) return row;
  if (!MaySee(p, row->brief, row->reviewed)) return NotFound(row->brief.id());
  return row;
}

absl::StatusOr<BriefRow> LoadVisible(Tx& tx, const rpc::Principal& p,
                                     const std::string& id, bool lock) {
  return Visible(p, lock ? LockBrief(tx, id, p.user_id())
                         : LoadBrief(tx, id, p.user_id()));
}

workflow::Actors ActorsFor(const rpc::Principal& p, const v1::Brief* b) {
  workflow::Actors a;
  if (rpc::HasRole(p, PARTICIPANT)) a = a | workflow::Actor::kParticipant;
  if (rpc::HasRole(p, EDITOR)) a = a | workflow::Actor::kEditor;
  if (b != nullptr && IsAuthor(p, *b)) a = a | workflow::Actor::kAuthor;
  return a;
}

workflow::State ToWorkflow(v1::BriefState s) {
  return workflow::ParseState(v1::BriefState_Name(s))
      .value_or(workflow::State::kNone);
}

v1::BriefState FromWorkflow(workflow::State s) {
  v1::BriefState out = v1::STATE_UNSPECIFIED;
  v1::BriefState_Parse(std::string(workflow::StateName(s)), &out);
  return out;
}

absl::Status NotFound(const std::string& id) {
  return absl::NotFoundError("brief " + id + " not found");
}

const char* NoteField(workflow::Action action) {
  return action == workflow::Action::kRetract ? "reason" : "note";
}

absl::Status RefusalStatus(const workflow::Decision& d, workflow::Action action,
                           const v1::CheckReport* check) {
  common::v1::ErrorDetails details;
  switch (d.refusal) {
    case workflow::Refusal::kNoteRequired:
      return rpc::FieldError(NoteField(action), "is required");
    case workflow::Refusal::kCheckHasErrors:
      if (check != nullptr) {
        for (const v1::Finding& f : check->errors()) {
          auto* detail = details.add_details();
          detail->set_field(f.field());
          detail->set_description(f.message());
        }
      }
      break;
    default: {
      auto* detail = details.add_details();
      detail->set_description(d.allowed.empty()
                                  ? "no action is allowed in this state"
                                  : "the actions allowed in this state");
      for (workflow::Action a : d.allowed) {
        detail->add_allowed_actions(std::string(workflow::ActionName(a)));
      }
      break;
    }
  }
  return rpc::WithDetails(absl::FailedPreconditionError(d.message), details);
}

}  // namespace briefdesk::briefs
