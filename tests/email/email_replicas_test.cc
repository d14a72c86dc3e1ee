// Two replicas of every service sending e-mail through one SMTP server; one
// notification replica SIGKILLed while e-mails are pending: every e-mail
// arrives, counted by Message-ID, and none twice but (at most) the one the
// killed replica had in flight, under its Message-ID (docs/email.md).
#include <gtest/gtest.h>

#include <map>

#include "tests/email/email_helpers.h"

namespace briefdesk::testing {
namespace {

const bool kConfigured = [] {
  Stack::Options o = EmailStackOptions();
  o.replicas = 2;
  Stack::Configure(o);
  return true;
}();

TEST(EmailReplicasTest, EveryEmailArrivesOnceThoughAReplicaIsKilled) {
  Api api;
  constexpr int kBriefs = 6;
  std::vector<Pair> pairs;
  for (int i = 0; i < kBriefs; ++i) pairs.push_back(NewPair(api));
  std::vector<std::string> addresses;
  for (int i = 0; i < kBriefs; ++i) {
    Approved(api, pairs[i], "Brief " + std::to_string(i));
    addresses.push_back(EmailOf(api, pairs[i].author));
    // Killed while the e-mails of the first briefs are being sent.
    if (i == kBriefs / 2) api.stack().KillNotification(9);
  }
  api.stack().StartNotification();
  ASSERT_TRUE(api.stack().WaitReady());
  // The live replicas first send what they can (email_helpers.h).
  WaitForMailQuiet();
  // A lease held by the killed replica runs out (SMTP timeout + 30 s).
  api.stack().SetClockOffset(std::chrono::seconds(60));
  for (const std::string& a : addresses) {
    EXPECT_GE(WaitForMailTo(a, 1, 60).size(), 1u) << a;
  }
  std::this_thread::sleep_for(std::chrono::seconds(3));
  std::map<std::string, int> by_id;
  for (const std::string& raw : Smtp().Messages()) {
    ++by_id[ParseMail(raw).Header("Message-ID")];
  }
  ExpectOnceButTheOneInFlight(by_id, kBriefs, /*killed=*/1);
}

}  // namespace
}  // namespace briefdesk::testing
