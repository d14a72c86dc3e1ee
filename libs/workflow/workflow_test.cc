#include "libs/workflow/workflow.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <tuple>

namespace briefdesk::workflow {
namespace {

// DESIGN.md's table, one row per (action, from, actor), written out by hand
// and independently of the implementation's rule table. "*" as `to` means
// "same state"; "outcome" means decided by the round outcome.
struct Row {
  const char* action;
  const char* from;
  const char* actor;
  const char* to;
};
constexpr Row kSpec[] = {
    {"create", "STATE_UNSPECIFIED", "participant", "DRAFT"},
    {"edit", "DRAFT", "author", "*"},
    {"edit", "CHANGES_REQUESTED", "author", "*"},
    {"submit", "DRAFT", "author", "SUBMITTED"},
    {"submit", "CHANGES_REQUESTED", "author", "SUBMITTED"},
    {"withdraw", "DRAFT", "author", "WITHDRAWN"},
    {"withdraw", "SUBMITTED", "author", "WITHDRAWN"},
    {"withdraw", "CHANGES_REQUESTED", "author", "WITHDRAWN"},
    {"reopen", "WITHDRAWN", "author", "DRAFT"},
    {"reopen", "REJECTED", "editor", "DRAFT"},
    {"startReview", "SUBMITTED", "system", "IN_REVIEW"},
    {"requeue", "IN_REVIEW", "system", "SUBMITTED"},
    {"concludeRound", "IN_REVIEW", "system", "outcome"},
    {"publish", "APPROVED", "editor", "PUBLISHED"},
    {"return", "APPROVED", "editor", "CHANGES_REQUESTED"},
    {"retract", "PUBLISHED", "editor", "RETRACTED"},
};

const char* ActorName(Actor a) {
  switch (a) {
    case Actor::kParticipant:
      return "participant";
    case Actor::kAuthor:
      return "author";
    case Actor::kEditor:
      return "editor";
    case Actor::kSystem:
      return "system";
  }
  return "?";
}

const Row* FindSpec(std::string_view action, std::string_view from,
                    std::string_view actor) {
  for (const Row& r : kSpec) {
    if (r.action == action && r.from == from && r.actor == actor) return &r;
  }
  return nullptr;
}

bool SpecAppliesInState(std::string_view action, std::string_view from) {
  for (const Row& r : kSpec) {
    if (r.action == action && r.from == from) return true;
  }
  return false;
}

std::vector<std::string> SpecAllowed(std::string_view from,
                                     std::string_view actor) {
  std::vector<std::string> out;
  for (const Row& r : kSpec) {
    if (r.from == from && r.actor == actor &&
        std::find(out.begin(), out.end(), r.action) == out.end()) {
      out.push_back(r.action);
    }
  }
  return out;
}

// A context that satisfies every precondition, so only state and actor decide.
Context Satisfied() {
  Context c;
  c.note = "a note";
  c.outcome = RoundOutcome::kApproved;
  return c;
}

TEST(WorkflowTest, EveryStateActionActorCombination) {
  int allowed = 0, refused = 0;
  for (State from : kAllStates) {
    for (Action action : kAllActions) {
      for (Actor actor : kAllActors) {
        SCOPED_TRACE(std::string(ActionName(action)) + " from " +
                     std::string(StateName(from)) + " by " + ActorName(actor));
        Decision d = Apply(from, action, actor, Satisfied());
        const Row* spec =
            FindSpec(ActionName(action), StateName(from), ActorName(actor));
        if (spec != nullptr) {
          ++allowed;
          ASSERT_TRUE(d.ok()) << d.message;
          std::string to = spec->to;
          if (to == "*") to = StateName(from);
          if (to == "outcome") to = "APPROVED";
          EXPECT_EQ(StateName(d.next), to);
          continue;
        }
        ++refused;
        ASSERT_FALSE(d.ok());
        EXPECT_EQ(d.refusal,
                  SpecAppliesInState(ActionName(action), StateName(from))
                      ? Refusal::kNotAllowedForActor
                      : Refusal::kNotAllowedInState);
        std::vector<std::string> got;
        for (Action a : d.allowed) got.emplace_back(ActionName(a));
        std::vector<std::string> want =
            SpecAllowed(StateName(from), ActorName(actor));
        EXPECT_EQ(got, want);
        // The message names the refused action, the state and every allowed
        // action, so a client can act on it.
        EXPECT_NE(d.message.find(ActionName(action)), std::string::npos);
        EXPECT_NE(d.message.find(StateName(from)), std::string::npos);
        for (const std::string& a : want) {
          EXPECT_NE(d.message.find(a), std::string::npos) << d.message;
        }
        if (want.empty()) {
          EXPECT_NE(d.message.find("allowed actions: none"), std::string::npos);
        }
      }
    }
  }
  EXPECT_EQ(allowed, 16);
  EXPECT_EQ(refused, 10 * 11 * 4 - 16);
}

TEST(WorkflowTest, SeveralRelationsAtOnce) {
  // An editor who is also the author may withdraw and may not publish a
  // draft; the allowed list merges both relations.
  Actors both = Actors(Actor::kAuthor) | Actor::kEditor;
  EXPECT_TRUE(Apply(State::kDraft, Action::kWithdraw, both).ok());
  Decision d = Apply(State::kDraft, Action::kPublish, both);
  EXPECT_EQ(d.refusal, Refusal::kNotAllowedInState);
  EXPECT_EQ(d.allowed, (std::vector<Action>{Action::kEdit, Action::kSubmit,
                                            Action::kWithdraw}));
  // Nobody: every action refused, nothing allowed.
  Decision none = Apply(State::kDraft, Action::kEdit, Actors());
  EXPECT_EQ(none.refusal, Refusal::kNotAllowedForActor);
  EXPECT_TRUE(none.allowed.empty());
}

TEST(WorkflowTest, SubmitRefusedWhileCheckHasErrors) {
  Context c;
  c.check_has_errors = true;
  Decision d = Apply(State::kDraft, Action::kSubmit, Actor::kAuthor, c);
  EXPECT_EQ(d.refusal, Refusal::kCheckHasErrors);
  c.check_has_errors = false;
  EXPECT_EQ(
      Apply(State::kChangesRequested, Action::kSubmit, Actor::kAuthor, c).next,
      State::kSubmitted);
}

TEST(WorkflowTest, ReturnAndRetractNeedANote) {
  for (std::string note : {"", "   ", "\n\t"}) {
    Context c;
    c.note = note;
    EXPECT_EQ(
        Apply(State::kApproved, Action::kReturn, Actor::kEditor, c).refusal,
        Refusal::kNoteRequired);
    Decision r = Apply(State::kPublished, Action::kRetract, Actor::kEditor, c);
    EXPECT_EQ(r.refusal, Refusal::kNoteRequired);
    EXPECT_NE(r.message.find("reason"), std::string::npos);
  }
}

TEST(WorkflowTest, ConcludeRoundFollowsTheOutcome) {
  const std::map<RoundOutcome, State> want = {
      {RoundOutcome::kApproved, State::kApproved},
      {RoundOutcome::kChangesRequested, State::kChangesRequested},
      {RoundOutcome::kRejected, State::kRejected}};
  for (auto [outcome, state] : want) {
    Context c;
    c.outcome = outcome;
    EXPECT_EQ(
        Apply(State::kInReview, Action::kConcludeRound, Actor::kSystem, c).next,
        state);
  }
  EXPECT_EQ(
      Apply(State::kInReview, Action::kConcludeRound, Actor::kSystem).refusal,
      Refusal::kOutcomeRequired);
}

TEST(WorkflowTest, RoundOutcomeRule) {
  using D = ReviewDecision;
  EXPECT_EQ(DecideRound({}), RoundOutcome::kNone);
  EXPECT_EQ(DecideRound({D::kApprove}), RoundOutcome::kApproved);
  EXPECT_EQ(DecideRound({D::kApprove, D::kApprove}), RoundOutcome::kApproved);
  EXPECT_EQ(DecideRound({D::kApprove, D::kRequestChanges}),
            RoundOutcome::kChangesRequested);
  // Exactly half rejecting is not more than half.
  EXPECT_EQ(DecideRound({D::kApprove, D::kReject}),
            RoundOutcome::kChangesRequested);
  EXPECT_EQ(DecideRound({D::kReject}), RoundOutcome::kRejected);
  EXPECT_EQ(DecideRound({D::kReject, D::kReject, D::kApprove}),
            RoundOutcome::kRejected);
  EXPECT_EQ(DecideRound({D::kRequestChanges}), RoundOutcome::kChangesRequested);
}

TEST(WorkflowTest, MayEverTakeMatchesTheSpec) {
  for (Action action : kAllActions) {
    for (Actor actor : kAllActors) {
      bool in_spec = false;
      for (const Row& r : kSpec) {
        in_spec = in_spec || (r.action == ActionName(action) &&
                              r.actor == std::string_view(ActorName(actor)));
      }
      EXPECT_EQ(MayEverTake(action, actor), in_spec)
          << ActionName(action) << " by " << ActorName(actor);
    }
  }
}

TEST(WorkflowTest, NamesRoundTrip) {
  for (State s : kAllStates) EXPECT_EQ(ParseState(StateName(s)), s);
  for (Action a : kAllActions) EXPECT_EQ(ParseAction(ActionName(a)), a);
  EXPECT_FALSE(ParseState("DONE").has_value());
  EXPECT_FALSE(ParseAction("approve").has_value());
}

}  // namespace
}  // namespace briefdesk::workflow
