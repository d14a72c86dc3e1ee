#include "libs/outbox/subscriptions.h"

#include <algorithm>
#include <map>

namespace briefdesk::outbox {
namespace {

namespace ev = events::v1;
using Table = std::map<std::string, std::vector<ev::EventType>, std::less<>>;

const Table& Subscriptions() {
  static const auto* table = new Table{
      // The brief's state follows its review (workflow transitions).
      // Posted comments become its threads.
      {"briefs",
       {ev::REVIEW_CLAIMED, ev::REVIEW_ROUND_REQUEUED,
        ev::REVIEW_ROUND_COMPLETED, ev::COMMENTS_POSTED, ev::FEEDBACK_CLAIMED}},
      // Briefs of courses and their reviews: the analytics projection; a
      // publication plans the author's follow-ups.
      {"courses",
       {ev::BRIEF_SUBMITTED, ev::BRIEF_REVIEW_STARTED, ev::BRIEF_REQUEUED,
        ev::BRIEF_APPROVED, ev::BRIEF_CHANGES_REQUESTED, ev::BRIEF_REJECTED,
        ev::BRIEF_PUBLISHED, ev::BRIEF_RETURNED, ev::BRIEF_RETRACTED,
        ev::BRIEF_WITHDRAWN, ev::BRIEF_REOPENED, ev::REVIEW_COMPLETED,
        // An erased person's membership is made anonymous.
        ev::USER_ERASED}},
      // A submission opens a round of tasks; a withdrawal cancels it.
      {"review", {ev::BRIEF_SUBMITTED, ev::BRIEF_WITHDRAWN}},
      // The events people are told of (services/notification/recipients.cc
      // has a rule for each; its test holds the two lists equal), and
      // invitations and password-reset links, which are e-mailed only, and
      // erasures.
      {"notification",
       {ev::BRIEF_SUBMITTED, ev::BRIEF_REVIEW_STARTED, ev::BRIEF_REQUEUED,
        ev::BRIEF_APPROVED, ev::BRIEF_CHANGES_REQUESTED, ev::BRIEF_REJECTED,
        ev::BRIEF_PUBLISHED, ev::BRIEF_RETURNED, ev::BRIEF_RETRACTED,
        ev::BRIEF_WITHDRAWN, ev::BRIEF_REOPENED, ev::REVIEW_EXPIRED,
        ev::REVIEW_LEASE_ENDING, ev::REVIEW_QUEUE_STALE, ev::MILESTONE_DUE_SOON,
        ev::MILESTONE_OVERDUE, ev::MILESTONE_DIGEST, ev::COURSE_FOLLOWUP_DUE,
        ev::INVITATION_SENT, ev::PASSWORD_RESET_REQUESTED,
        ev::FEEDBACK_REQUESTED, ev::FEEDBACK_ANSWERED, ev::COMMENT_REPLIED,
        ev::COMMENT_RESOLVED, ev::AGREEMENT_DUE, ev::FOLLOWUP_MISSED,
        // Not told to anyone: the person's inbox, webhooks, preferences
        // and e-mails go, and their name leaves the others' texts.
        ev::USER_ERASED}},
  };
  return *table;
}

}  // namespace

const std::vector<ev::EventType>& SubscribedTypes(
    std::string_view destination) {
  static const std::vector<ev::EventType> every;
  auto it = Subscriptions().find(destination);
  return it == Subscriptions().end() ? every : it->second;
}

bool Subscribes(std::string_view destination, ev::EventType type) {
  const auto& types = SubscribedTypes(destination);
  return types.empty() ||
         std::find(types.begin(), types.end(), type) != types.end();
}

std::vector<std::string> Subscribers(const std::vector<std::string>& all,
                                     ev::EventType type) {
  std::vector<std::string> out;
  for (const std::string& d : all) {
    if (Subscribes(d, type)) out.push_back(d);
  }
  return out;
}

}  // namespace briefdesk::outbox
