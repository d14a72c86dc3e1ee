// Pure rules of the e-mail channel, no I/O: which events are e-mailed and
// under which preference kind, the preference values, the retry delays,
// and the signed tokens of unsubscribe links.
#ifndef BRIEFDESK_SERVICES_NOTIFICATION_EMAIL_KINDS_H_
#define BRIEFDESK_SERVICES_NOTIFICATION_EMAIL_KINDS_H_

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "briefdesk/events/v1/events.pb.h"
#include "briefdesk/notification/v1/notification.pb.h"

namespace briefdesk::notification {

// The kinds people choose a mode for, as the JSON names them.
inline constexpr char kReminders[] = "reminders";
inline constexpr char kReviews[] = "reviews";
inline constexpr char kPublication[] = "publication";
inline constexpr char kFollowUps[] = "followUps";
inline constexpr char kGuidance[] = "guidance";
// Not preferences: invitations and password-reset links are always sent
// at once, without an unsubscribe link, and their data (which holds the
// link's secret) is dropped once sent; digests list the others.
inline constexpr char kInvitation[] = "invitation";
inline constexpr char kPasswordReset[] = "passwordReset";
inline bool IsAccountEmail(std::string_view kind) {
  return kind == kInvitation || kind == kPasswordReset;
}
inline constexpr char kDigest[] = "digest";

// reminders, reviews, publication, followUps, guidance.
const std::vector<std::string>& PreferenceKinds();

// The kind an event is e-mailed as; "" for events that are not e-mailed.
std::string EmailKindOf(events::v1::EventType type);

using Mode = v1::EmailPreferences::Mode;
// "IMMEDIATE", "DAILY_DIGEST" or "NONE" as a Mode; INVALID_ARGUMENT naming
// `field` for anything else.
absl::StatusOr<Mode> ParseMode(absl::string_view field,
                               absl::string_view value);
std::string ModeName(Mode mode);

// The delay before try `attempt` + 1 after `attempt` failed (1 for the
// first retry): `base` doubling, at most `max`.
std::chrono::milliseconds EmailBackoff(int attempt,
                                       std::chrono::milliseconds base,
                                       std::chrono::milliseconds max);

// A token naming `user` and `kind`, signed with HMAC-SHA256 under `key`.
std::string UnsubscribeToken(absl::string_view key, absl::string_view user,
                             absl::string_view kind);
// The (user, kind) a token names (kind "digest" for a digest's link: every
// kind that is DAILY_DIGEST); INVALID_ARGUMENT on `token` when it was
// not made under `key` or names no preference kind.
absl::StatusOr<std::pair<std::string, std::string>> ReadUnsubscribeToken(
    absl::string_view key, absl::string_view token);

}  // namespace briefdesk::notification

#endif  // BRIEFDESK_SERVICES_NOTIFICATION_EMAIL_KINDS_H_
