#include "libs/workflow/workflow.h"

#include <array>
#include <initializer_list>

namespace briefdesk::workflow {
namespace {

// One row per (action, from-states, to, actor) line of DESIGN.md's table.
// kConcludeRound's `to` is decided by the round outcome, so it is kNone here.
struct Rule {
  Action action;
  std::initializer_list<State> from;
  State to;  // kNone: "same state" for edit, outcome for conclude
  Actor actor;
};

const std::array<Rule, 12>& Rules() {
  using enum State;
  static const std::array<Rule, 12> rules = {{
      {Action::kCreate, {kNone}, kDraft, Actor::kParticipant},
      {Action::kEdit, {kDraft, kChangesRequested}, kNone, Actor::kAuthor},
      {Action::kSubmit,
       {kDraft, kChangesRequested},
       kSubmitted,
       Actor::kAuthor},
      {Action::kWithdraw,
       {kDraft, kSubmitted, kChangesRequested},
       kWithdrawn,
       Actor::kAuthor},
      {Action::kReopen, {kWithdrawn}, kDraft, Actor::kAuthor},
      {Action::kReopen, {kRejected}, kDraft, Actor::kEditor},
      {Action::kStartReview, {kSubmitted}, kInReview, Actor::kSystem},
      {Action::kRequeue, {kInReview}, kSubmitted, Actor::kSystem},
      {Action::kConcludeRound, {kInReview}, kNone, Actor::kSystem},
      {Action::kPublish, {kApproved}, kPublished, Actor::kEditor},
      {Action::kReturn, {kApproved}, kChangesRequested, Actor::kEditor},
      {Action::kRetract, {kPublished}, kRetracted, Actor::kEditor},
  }};
  return rules;
}

bool FromContains(const Rule& r, State s) {
  for (State f : r.from) {
    if (f == s) return true;
  }
  return false;
}

std::string JoinActions(const std::vector<Action>& actions) {
  if (actions.empty()) return "none";
  std::string out;
  for (Action a : actions) {
    if (!out.empty()) out += ", ";
    out += ActionName(a);
  }
  return out;
}

Decision Refuse(Refusal why, std::string message,
                std::vector<Action> allowed = {}) {
  Decision d;
  d.refusal = why;
  d.message = std::move(message);
  d.allowed = std::move(allowed);
  return d;
}

State ConcludedState(RoundOutcome o) {
  switch (o) {
    case RoundOutcome::kApproved:
      return State::kApproved;
    case RoundOutcome::kRejected:
      return State::kRejected;
    case RoundOutcome::kChangesRequested:
      return State::kChangesRequested;
    case RoundOutcome::kNone:
      break;
  }
  return State::kNone;
}

// Preconditions beyond state and actor; an empty optional means none failed.
std::optional<Decision> CheckPreconditions(Action action,
                                           const Context& context) {
  switch (action) {
    case Action::kSubmit:
      if (context.check_has_errors) {
        return Refuse(Refusal::kCheckHasErrors,
                      "the brief check reports errors; fix them before "
                      "submitting");
      }
      break;
    case Action::kReturn:
    case Action::kRetract:
      if (context.note.find_first_not_of(" \t\r\n") == std::string::npos) {
        return Refuse(Refusal::kNoteRequired,
                      std::string(ActionName(action)) +
                          (action == Action::kReturn ? " needs a note"
                                                     : " needs a reason"));
      }
      break;
    case Action::kConcludeRound:
      if (context.outcome == RoundOutcome::kNone) {
        return Refuse(Refusal::kOutcomeRequired,
                      "concludeRound needs a round outcome");
      }
      break;
    default:
      break;
  }
  return std::nullopt;
}

}  // namespace

bool MayEverTake(Action action, Actors actors) {
  for (const Rule& r : Rules()) {
    if (r.action == action && actors.Has(r.actor)) return true;
  }
  return false;
}

std::vector<Action> AllowedActions(State state, Actors actors) {
  std::vector<Action> out;
  for (const Rule& r : Rules()) {
    if (!FromContains(r, state) || !actors.Has(r.actor)) continue;
    bool seen = false;
    for (Action a : out) seen = seen || a == r.action;
    if (!seen) out.push_back(r.action);
  }
  return out;
}

Decision Apply(State from, Action action, Actors actors,
               const Context& context) {
  bool applies_in_state = false;
  const Rule* match = nullptr;
  for (const Rule& r : Rules()) {
    if (r.action != action || !FromContains(r, from)) continue;
    applies_in_state = true;
    if (actors.Has(r.actor)) {
      match = &r;
      break;
    }
  }
  std::vector<Action> allowed = AllowedActions(from, actors);
  if (!applies_in_state || match == nullptr) {
    // Build the message before `allowed` is moved into the decision.
    std::string message =
        (applies_in_state
             ? "you may not " + std::string(ActionName(action)) +
                   " a brief in state "
             : std::string(ActionName(action)) + " is not allowed in state ") +
        std::string(StateName(from)) +
        "; allowed actions: " + JoinActions(allowed);
    return Refuse(applies_in_state ? Refusal::kNotAllowedForActor
                                   : Refusal::kNotAllowedInState,
                  std::move(message), std::move(allowed));
  }
  if (auto refused = CheckPreconditions(action, context)) return *refused;

  Decision d;
  if (action == Action::kEdit) {
    d.next = from;
  } else if (action == Action::kConcludeRound) {
    d.next = ConcludedState(context.outcome);
  } else {
    d.next = match->to;
  }
  return d;
}

RoundOutcome DecideRound(const std::vector<ReviewDecision>& decisions) {
  if (decisions.empty()) return RoundOutcome::kNone;
  size_t approvals = 0, rejections = 0;
  for (ReviewDecision d : decisions) {
    if (d == ReviewDecision::kApprove) ++approvals;
    if (d == ReviewDecision::kReject) ++rejections;
  }
  if (approvals == decisions.size()) return RoundOutcome::kApproved;
  if (rejections * 2 > decisions.size()) return RoundOutcome::kRejected;
  return RoundOutcome::kChangesRequested;
}

std::string_view StateName(State s) {
  switch (s) {
    case State::kNone:
      return "STATE_UNSPECIFIED";
    case State::kDraft:
      return "DRAFT";
    case State::kSubmitted:
      return "SUBMITTED";
    case State::kInReview:
      return "IN_REVIEW";
    case State::kChangesRequested:
      return "CHANGES_REQUESTED";
    case State::kApproved:
      return "APPROVED";
    case State::kRejected:
      return "REJECTED";
    case State::kPublished:
      return "PUBLISHED";
    case State::kRetracted:
      return "RETRACTED";
    case State::kWithdrawn:
      return "WITHDRAWN";
  }
  return "STATE_UNSPECIFIED";
}

std::string_view ActionName(Action a) {
  switch (a) {
    case Action::kCreate:
      return "create";
    case Action::kEdit:
      return "edit";
    case Action::kSubmit:
      return "submit";
    case Action::kWithdraw:
      return "withdraw";
    case Action::kReopen:
      return "reopen";
    case Action::kStartReview:
      return "startReview";
    case Action::kRequeue:
      return "requeue";
    case Action::kConcludeRound:
      return "concludeRound";
    case Action::kPublish:
      return "publish";
    case Action::kReturn:
      return "return";
    case Action::kRetract:
      return "retract";
  }
  return "";
}

std::optional<State> ParseState(std::string_view name) {
  for (State s : kAllStates) {
    if (StateName(s) == name) return s;
  }
  return std::nullopt;
}

std::optional<Action> ParseAction(std::string_view name) {
  for (Action a : kAllActions) {
    if (ActionName(a) == name) return a;
  }
  return std::nullopt;
}

}  // namespace briefdesk::workflow
