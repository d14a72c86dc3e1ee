#include "libs/outbox/subscriptions.h"

#include <algorithm>
#include <map>

namespace briefdesk::outbox {
namespace {

const std::map<std::string, std::vector<std::string>, std::less<>>& Table() {
  static const auto* table =
      new std::map<std::string, std::vector<std::string>, std::less<>>{
          // The brief's state follows its review (workflow transitions).
          {"briefs",
           {"review.claimed", "review.round_requeued",
            "review.round_completed"}},
          // A submission opens a round of tasks; a withdrawal cancels it.
          {"review", {"brief.submitted", "brief.withdrawn"}},
          // The events people are told of (services/notification/
          // recipients.cc has a rule for each; its test holds the two
          // lists equal).
          {"notification",
           {"brief.submitted", "brief.review_started", "brief.requeued",
            "brief.approved", "brief.changes_requested", "brief.rejected",
            "brief.published", "brief.returned", "brief.retracted",
            "brief.withdrawn", "brief.reopened", "review.expired",
            "review.lease_ending", "review.queue_stale"}},
      };
  return *table;
}

}  // namespace

const std::vector<std::string>& SubscribedTypes(std::string_view destination) {
  static const std::vector<std::string> every;
  auto it = Table().find(destination);
  return it == Table().end() ? every : it->second;
}

bool Subscribes(std::string_view destination, std::string_view type) {
  const auto& types = SubscribedTypes(destination);
  return types.empty() ||
         std::find(types.begin(), types.end(), type) != types.end();
}

std::vector<std::string> Subscribers(const std::vector<std::string>& all,
                                     std::string_view type) {
  std::vector<std::string> out;
  for (const std::string& d : all) {
    if (Subscribes(d, type)) out.push_back(d);
  }
  return out;
}

}  // namespace briefdesk::outbox
