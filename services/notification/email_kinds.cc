#include "services/notification/email_kinds.h"

#include <sodium.h>

#include <algorithm>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "libs/rpc/rpc.h"

namespace briefdesk::notification {
namespace {

namespace ev = events::v1;

std::string Mac(absl::string_view key, absl::string_view text) {
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(
      &st, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  crypto_auth_hmacsha256_update(
      &st, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  crypto_auth_hmacsha256_final(&st, mac);
  return absl::WebSafeBase64Escape(
      absl::string_view(reinterpret_cast<const char*>(mac), sizeof mac));
}

}  // namespace

const std::vector<std::string>& PreferenceKinds() {
  static const std::vector<std::string> kinds = {
      kReminders, kReviews, kPublication, kFollowUps, kGuidance};
  return kinds;
}

std::string EmailKindOf(events::v1::EventType type) {
  switch (type) {
    case ev::BRIEF_CHANGES_REQUESTED:
    case ev::BRIEF_APPROVED:
    case ev::BRIEF_REJECTED:
    case ev::BRIEF_RETURNED:
      return kReviews;
    case ev::BRIEF_PUBLISHED:
    case ev::BRIEF_RETRACTED:
      return kPublication;
    case ev::FOLLOWUP_DUE:
    case ev::COURSE_FOLLOWUP_DUE:
    case ev::AGREEMENT_DUE:
    case ev::FOLLOWUP_MISSED:
      return kFollowUps;
    case ev::MILESTONE_DUE_SOON:
    case ev::MILESTONE_OVERDUE:
    case ev::MILESTONE_DIGEST:
      return kReminders;
    case ev::FEEDBACK_REQUESTED:
    case ev::FEEDBACK_ANSWERED:
    case ev::COMMENT_REPLIED:
    case ev::COMMENT_RESOLVED:
      return kGuidance;
    case ev::INVITATION_SENT:
      return kInvitation;
    case ev::PASSWORD_RESET_REQUESTED:
      return kPasswordReset;
    default:
      return "";
  }
}

absl::StatusOr<Mode> ParseMode(absl::string_view field,
                               absl::string_view value) {
  if (value == "IMMEDIATE") return v1::EmailPreferences::IMMEDIATE;
  if (value == "DAILY_DIGEST") return v1::EmailPreferences::DAILY_DIGEST;
  if (value == "NONE") return v1::EmailPreferences::NONE;
  return rpc::FieldError(
      std::string(field),
      absl::StrCat("\"", value.substr(0, 40),
                   "\" is not one of IMMEDIATE, DAILY_DIGEST, NONE"));
}

std::string ModeName(Mode mode) {
  return mode == v1::EmailPreferences::MODE_UNSPECIFIED
             ? "IMMEDIATE"
             : v1::EmailPreferences::Mode_Name(mode);
}

std::chrono::milliseconds EmailBackoff(int attempt,
                                       std::chrono::milliseconds base,
                                       std::chrono::milliseconds max) {
  long long d = base.count();
  for (int i = 1; i < attempt && d < max.count(); ++i) d *= 2;
  return std::chrono::milliseconds(std::min<long long>(d, max.count()));
}

std::string UnsubscribeToken(absl::string_view key, absl::string_view user,
                             absl::string_view kind) {
  std::string text = absl::StrCat(absl::WebSafeBase64Escape(user), ".", kind);
  return absl::StrCat(text, ".", Mac(key, text));
}

absl::StatusOr<std::pair<std::string, std::string>> ReadUnsubscribeToken(
    absl::string_view key, absl::string_view token) {
  std::vector<absl::string_view> parts = absl::StrSplit(token, '.');
  std::string user;
  absl::Status bad = rpc::FieldError(
      "token", "not an unsubscribe link of ours; use the link of an e-mail");
  if (parts.size() != 3 || !absl::WebSafeBase64Unescape(parts[0], &user)) {
    return bad;
  }
  std::string text = absl::StrCat(parts[0], ".", parts[1]);
  std::string expected = Mac(key, text);
  if (expected.size() != parts[2].size() ||
      sodium_memcmp(expected.data(), parts[2].data(), expected.size()) != 0) {
    return bad;
  }
  const auto& kinds = PreferenceKinds();
  if (parts[1] != kDigest &&
      std::find(kinds.begin(), kinds.end(), parts[1]) == kinds.end()) {
    return bad;
  }
  return std::make_pair(user, std::string(parts[1]));
}

}  // namespace briefdesk::notification
