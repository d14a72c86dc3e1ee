// The brief workflow state machine of DESIGN.md: given a state, an action and
// the actor's relations to the brief, the next state or a precise refusal.
// Pure: no I/O, no dependencies beyond the standard library.
#ifndef BRIEFDESK_LIBS_WORKFLOW_WORKFLOW_H_
#define BRIEFDESK_LIBS_WORKFLOW_WORKFLOW_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace briefdesk::workflow {

// kNone is "no brief yet": the only state `create` starts from.
enum class State {
  kNone,
  kDraft,
  kSubmitted,
  kInReview,
  kChangesRequested,
  kApproved,
  kRejected,
  kPublished,
  kRetracted,
  kWithdrawn,
};
inline constexpr State kAllStates[] = {State::kNone,
                                       State::kDraft,
                                       State::kSubmitted,
                                       State::kInReview,
                                       State::kChangesRequested,
                                       State::kApproved,
                                       State::kRejected,
                                       State::kPublished,
                                       State::kRetracted,
                                       State::kWithdrawn};

enum class Action {
  kCreate,
  kEdit,
  kSubmit,
  kWithdraw,
  kReopen,
  kStartReview,
  kRequeue,
  kConcludeRound,
  kPublish,
  kReturn,
  kRetract,
};
inline constexpr Action kAllActions[] = {
    Action::kCreate,   Action::kEdit,          Action::kSubmit,
    Action::kWithdraw, Action::kReopen,        Action::kStartReview,
    Action::kRequeue,  Action::kConcludeRound, Action::kPublish,
    Action::kReturn,   Action::kRetract};

// The actor's relation to the brief. A person can hold several at once (an
// editor who co-authored a brief), so callers pass a set of them.
enum class Actor {
  kParticipant = 1 << 0,  // any participant: may create briefs
  kAuthor = 1 << 1,       // author or co-author of this brief
  kEditor = 1 << 2,
  kSystem = 1 << 3,  // the services themselves (review rounds)
};
inline constexpr Actor kAllActors[] = {Actor::kParticipant, Actor::kAuthor,
                                       Actor::kEditor, Actor::kSystem};

class Actors {
 public:
  constexpr Actors() = default;
  constexpr Actors(Actor a) : bits_(static_cast<unsigned>(a)) {}  // NOLINT
  constexpr Actors operator|(Actor a) const {
    Actors r = *this;
    r.bits_ |= static_cast<unsigned>(a);
    return r;
  }
  constexpr bool Has(Actor a) const {
    return (bits_ & static_cast<unsigned>(a)) != 0;
  }
  constexpr bool Empty() const { return bits_ == 0; }

 private:
  unsigned bits_ = 0;
};

enum class RoundOutcome { kNone, kApproved, kChangesRequested, kRejected };
enum class ReviewDecision { kApprove, kRequestChanges, kReject };

// What some transitions need besides state, action and actor.
struct Context {
  bool check_has_errors = false;  // submit
  std::string note;               // return (note), retract (reason)
  RoundOutcome outcome = RoundOutcome::kNone;  // conclude round
};

enum class Refusal {
  kNone,
  kNotAllowedInState,   // the action does not apply in this state
  kNotAllowedForActor,  // it applies, but not for this actor
  kCheckHasErrors,      // submit with a failing brief check
  kNoteRequired,        // return and retract need a note
  kOutcomeRequired,     // conclude round needs an outcome
};

struct Decision {
  Refusal refusal = Refusal::kNone;
  State next = State::kNone;
  std::string message;
  // On kNotAllowedInState / kNotAllowedForActor: what this actor may do in
  // the current state instead.
  std::vector<Action> allowed;

  bool ok() const { return refusal == Refusal::kNone; }
};

Decision Apply(State from, Action action, Actors actors,
               const Context& context = {});

// Whether `actors` may take `action` in some state: false means the action is
// not theirs at all (a 403), true that only the state may stand in the way.
bool MayEverTake(Action action, Actors actors);

// The actions `actors` may take from `state`, in table order.
std::vector<Action> AllowedActions(State state, Actors actors);

// DESIGN.md's rule: APPROVED when every review approves; REJECTED when more
// than half reject; CHANGES_REQUESTED otherwise. kNone for no reviews.
RoundOutcome DecideRound(const std::vector<ReviewDecision>& decisions);

std::string_view StateName(State s);    // "DRAFT", ... as in API.md
std::string_view ActionName(Action a);  // "submit", "startReview", ...
std::optional<State> ParseState(std::string_view name);
std::optional<Action> ParseAction(std::string_view name);

}  // namespace briefdesk::workflow

#endif  // BRIEFDESK_LIBS_WORKFLOW_WORKFLOW_H_
