#include "services/notification/email_queue.h"

#include <boost/json.hpp>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "libs/auth/api_keys.h"
#include "libs/logging/logging.h"
#include "services/notification/email_templates.h"

namespace briefdesk::notification {
namespace {

namespace json = boost::json;

// The digest e-mail of `user`'s `items`, queued in `tx`; false when they
// already had the slot's digest.
bool WriteDigest(NotificationTx& tx, const std::string& user,
                 const std::vector<DigestItem>& items, const DigestSlot& slot,
                 Micros now) {
  std::string id = auth::NewId();
  if (!tx.InsertDigest(user, slot.day, id)) return false;
  json::array list;
  for (const DigestItem& item : items) {
    json::value v = json::parse(item.data);
    json::object entry{{"title", item.subject}};
    if (const auto* o = v.if_object()) {
      if (const auto* b = o->if_contains("body")) entry["body"] = *b;
      if (const auto* l = o->if_contains("briefLink")) entry["link"] = *l;
    }
    list.push_back(std::move(entry));
    tx.MarkDigested(user, item.event_id, id);
  }
  json::object data{{"count", absl::StrCat(items.size())},
                    {"one", items.size() == 1},
                    {"day", slot.day},
                    {"items", std::move(list)}};
  std::string text = json::serialize(data);
  auto subject = RenderSubject(kDigest, "en", text);
  tx.InsertEmail({.id = id,
                  .event_id = "digest:" + slot.day,
                  .event = "email.digest",
                  .kind = kDigest,
                  .user_id = user,
                  .recipient = user,
                  .to_email = "",
                  .to_name = "",
                  .language = "en",
                  .subject = subject.ok() ? *subject : "Your BriefDesk digest",
                  .data = text},
                 now);
  return true;
}

}  // namespace

Micros ToMicros(clock::Time t) {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             t.time_since_epoch())
      .count();
}

Mode ModeFor(NotificationTx& tx, const std::string& user,
             const std::string& kind) {
  for (const auto& [k, mode] : tx.EmailModes(user)) {
    Mode m = v1::EmailPreferences::IMMEDIATE;
    if (k == kind && v1::EmailPreferences::Mode_Parse(mode, &m)) return m;
  }
  return v1::EmailPreferences::IMMEDIATE;
}

bool QueueEmails(NotificationTx& tx, const EmailConfig& config,
                 const std::string& event_id,
                 const std::vector<OutgoingEmail>& emails, clock::Time now) {
  if (!config.on) return false;
  bool queued = false;
  for (const OutgoingEmail& m : emails) {
    Mode mode = IsAccountEmail(m.kind) || m.user_id.empty()
                    ? v1::EmailPreferences::IMMEDIATE
                    : ModeFor(tx, m.user_id, m.kind);
    if (mode == v1::EmailPreferences::NONE) continue;
    auto subject = RenderSubject(m.kind, m.language, m.data);
    if (!subject.ok()) {  // a template of ours is broken: say so, send none
      logging::Warn("email_template_failed",
                    {{"kind", m.kind},
                     {"error", std::string(subject.status().message())}});
      continue;
    }
    if (mode == v1::EmailPreferences::DAILY_DIGEST) {
      tx.InsertDigestItem(
          {m.user_id, event_id, m.event, m.kind, *subject, m.data},
          ToMicros(now));
      continue;
    }
    queued |= tx.InsertEmail(
        {auth::NewId(), event_id, m.event, m.kind, m.user_id, m.recipient,
         m.to_email, m.to_name, m.language, *subject, m.data},
        ToMicros(now));
  }
  return queued;
}

DigestSlot DigestSlotAt(clock::Time now, int hour) {
  absl::Time t = absl::FromChrono(now);
  absl::CivilHour h = absl::ToCivilHour(t, absl::UTCTimeZone());
  absl::CivilDay day = absl::CivilDay(h);
  if (h.hour() < hour) day -= 1;
  absl::Time start =
      absl::FromCivil(absl::CivilHour(day.year(), day.month(), day.day(), hour),
                      absl::UTCTimeZone());
  return {absl::ToChronoTime(start), absl::FormatCivilTime(day)};
}

absl::StatusOr<int> MakeDueDigests(storage::PgPool* pool,
                                   const EmailConfig& config, clock::Time now) {
  DigestSlot slot = DigestSlotAt(now, config.digest_hour);
  int made = 0;
  absl::Status s = Transact(pool, [&](NotificationTx& tx) {
    made = 0;  // the transaction may run again
    std::map<std::string, std::vector<DigestItem>> by_user;
    for (DigestItem& item : tx.TakeWaitingDigestItems(ToMicros(slot.start))) {
      by_user[item.user_id].push_back(std::move(item));
    }
    for (const auto& [user, items] : by_user) {
      made += WriteDigest(tx, user, items, slot, ToMicros(now)) ? 1 : 0;
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return made;
}

}  // namespace briefdesk::notification
