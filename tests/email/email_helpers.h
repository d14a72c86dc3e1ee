// What the e-mail tests share: the test SMTP server the stack sends to,
// briefs that make e-mails, and reading what arrived.
#ifndef BRIEFDESK_TESTS_EMAIL_EMAIL_HELPERS_H_
#define BRIEFDESK_TESTS_EMAIL_EMAIL_HELPERS_H_

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "tests/harness/api.h"
#include "tests/harness/smtp.h"

namespace briefdesk::testing {

// The server of this test binary, started before the stack.
inline TestSmtp& Smtp() {
  static TestSmtp* smtp = new TestSmtp();
  return *smtp;
}

// The options every e-mail test's stack starts with.
inline Stack::Options EmailStackOptions() {
  Stack::Options o;
  o.notification_env["BRIEFDESK_SMTP_URL"] = Smtp().url();
  o.notification_env["BRIEFDESK_SMTP_FROM"] =
      "BriefDesk <briefdesk@test.example>";
  o.notification_env["BRIEFDESK_SMTP_TIMEOUT_MS"] = "5000";
  o.notification_env["BRIEFDESK_PUBLIC_URL"] = "http://briefdesk.test";
  return o;
}

inline std::string EmailOf(Api& api, const User& u) {
  return Str(api.Call("GET", "/v1/users/me", u.key).Json(), "email");
}

// The messages to `address` so far, parsed.
inline std::vector<ParsedMail> MailTo(const std::string& address) {
  std::vector<ParsedMail> out;
  for (const std::string& raw : Smtp().Messages()) {
    ParsedMail m = ParseMail(raw);
    if (m.to_email == address) out.push_back(std::move(m));
  }
  return out;
}

// Waits until `address` has `n` messages or `seconds` pass.
// Until no new message reached the SMTP server for `quiet` (at most
// `most`). Before a test moves the clock past the sending leases: moving it
// while a live replica is still talking to the server ends that replica's
// lease too, and another one sends the message again (a test artefact, not
// a crash's; 2 s of quiet were once too short on a loaded machine).
inline void WaitForMailQuiet(
    std::chrono::seconds quiet = std::chrono::seconds(5),
    std::chrono::seconds most = std::chrono::seconds(60)) {
  size_t seen = Smtp().Messages().size();
  auto since = std::chrono::steady_clock::now();
  for (auto until = since + most;
       std::chrono::steady_clock::now() < until &&
       std::chrono::steady_clock::now() - since < quiet;) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    size_t now_seen = Smtp().Messages().size();
    if (now_seen != seen) {
      seen = now_seen;
      since = std::chrono::steady_clock::now();
    }
  }
}

// What a SIGKILL test may see of e-mails (docs/email.md, "Exactly once, and
// the one window"): every e-mail arrives; one the killed replica had handed
// to the SMTP server but not yet marked SENT arrives again, under the same
// Message-ID. So: each Message-ID at least once, and no more repeats than
// replicas killed (the most one could have had in flight).
inline void ExpectOnceButTheOneInFlight(const std::map<std::string, int>& by_id,
                                        size_t expected_ids, int killed) {
  EXPECT_EQ(by_id.size(), expected_ids);
  int repeats = 0;
  for (const auto& [id, n] : by_id) {
    EXPECT_GE(n, 1) << id;
    repeats += n - 1;
  }
  EXPECT_LE(repeats, killed) << "e-mails sent again beyond the one in flight";
}

inline std::vector<ParsedMail> WaitForMailTo(const std::string& address,
                                             size_t n, int seconds = 20) {
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  std::vector<ParsedMail> got = MailTo(address);
  while (got.size() < n && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    got = MailTo(address);
  }
  return got;
}

// An author and an expert of a topic of their own, so that the expert
// claims only this test's briefs.
struct Pair {
  User author, expert;
  std::string topic;
};
inline Pair NewPair(Api& api) {
  std::string topic = "email-" + Api::Unique();
  return Pair{api.NewUser({"PARTICIPANT"}),
              api.NewUser({"EXPERT"}, "[\"" + topic + "\"]"), topic};
}
// An approved brief of the pair's: brief.approved e-mails the author.
inline std::string Approved(Api& api, const Pair& p,
                            const std::string& title = "Social dialogue") {
  return api.ApprovedBrief(p.author, p.expert, p.topic, title);
}

// How many of `user`'s notifications tell of `event` on `brief`.
inline int InboxCount(Api& api, const User& user, const std::string& event,
                      const std::string& brief) {
  int n = 0;
  auto v = api.Call("GET", "/v1/notifications?pageSize=100", user.key).Json();
  for (const auto& x : v.at("notifications").as_array()) {
    n += Str(x, "event") == event && Str(x, "briefId") == brief;
  }
  return n;
}

}  // namespace briefdesk::testing

#endif  // BRIEFDESK_TESTS_EMAIL_EMAIL_HELPERS_H_
