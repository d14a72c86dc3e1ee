#include <gtest/gtest.h>

#include <cstdlib>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "libs/mail/smtp.h"

namespace briefdesk::mail {
namespace {

using std::chrono::milliseconds;

constexpr char kPassword[] = "s3cret-Passw0rd";

// Sets the BRIEFDESK_SMTP_* variables for one test, and unsets them after.
class SmtpEnv {
 public:
  SmtpEnv(std::initializer_list<std::pair<const char*, const char*>> vars) {
    Clear();
    for (const auto& [name, value] : vars) setenv(name, value, 1);
  }
  ~SmtpEnv() { Clear(); }

 private:
  static void Clear() {
    for (const char* name :
         {"BRIEFDESK_SMTP_URL", "BRIEFDESK_SMTP_USER",
          "BRIEFDESK_SMTP_PASSWORD", "BRIEFDESK_SMTP_STARTTLS",
          "BRIEFDESK_SMTP_CA_FILE", "BRIEFDESK_SMTP_TIMEOUT_MS",
          "BRIEFDESK_SMTP_FROM"}) {
      unsetenv(name);
    }
  }
};

TEST(MailSmtpSettingsTest, WithoutAUrlMailIsOff) {
  SmtpEnv env({{"BRIEFDESK_SMTP_USER", "ignored"}});
  absl::StatusOr<std::optional<SmtpSettings>> s = SmtpSettingsFromEnv();
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_FALSE(s->has_value());
  SmtpEnv empty({{"BRIEFDESK_SMTP_URL", ""}});
  EXPECT_FALSE(SmtpSettingsFromEnv().value().has_value());
}

TEST(MailSmtpSettingsTest, ReadsEveryVariable) {
  SmtpEnv env(
      {{"BRIEFDESK_SMTP_URL", "smtp://mail.example.org:587"},
       {"BRIEFDESK_SMTP_USER", "briefdesk"},
       {"BRIEFDESK_SMTP_PASSWORD", kPassword},
       {"BRIEFDESK_SMTP_STARTTLS", "true"},
       {"BRIEFDESK_SMTP_CA_FILE", "/etc/hostname"},
       {"BRIEFDESK_SMTP_TIMEOUT_MS", "2500"},
       {"BRIEFDESK_SMTP_FROM", "\"Brief Desk\" <noreply@example.org>"}});
  absl::StatusOr<std::optional<SmtpSettings>> s = SmtpSettingsFromEnv();
  ASSERT_TRUE(s.ok()) << s.status();
  ASSERT_TRUE(s->has_value());
  const SmtpSettings& settings = **s;
  EXPECT_EQ(settings.url, "smtp://mail.example.org:587");
  EXPECT_EQ(settings.user, "briefdesk");
  EXPECT_EQ(settings.password, kPassword);
  EXPECT_TRUE(settings.starttls);
  EXPECT_EQ(settings.ca_file, "/etc/hostname");
  EXPECT_EQ(settings.timeout, milliseconds(2500));
  EXPECT_EQ(settings.from.email, "noreply@example.org");
  EXPECT_EQ(settings.from.name, "Brief Desk");
}

TEST(MailSmtpSettingsTest, Defaults) {
  SmtpEnv env({{"BRIEFDESK_SMTP_URL", "smtps://[::1]"}});
  absl::StatusOr<std::optional<SmtpSettings>> s = SmtpSettingsFromEnv();
  ASSERT_TRUE(s.ok() && s->has_value()) << s.status();
  EXPECT_FALSE((*s)->starttls);
  EXPECT_EQ((*s)->timeout, milliseconds(30000));
  EXPECT_EQ((*s)->from.email, "briefdesk@localhost");
  EXPECT_EQ((*s)->from.name, "BriefDesk");
  EXPECT_EQ((*s)->user, "");
}

TEST(MailSmtpSettingsTest, RefusesWhatCannotWorkNamingTheVariable) {
  struct Case {
    const char* name;
    const char* value;
    const char* named;  // the variable the message must name
  };
  for (const Case& c : std::vector<Case>{
           {"BRIEFDESK_SMTP_URL", "http://mail.example.org", "_URL"},
           {"BRIEFDESK_SMTP_URL", "mail.example.org:25", "_URL"},
           {"BRIEFDESK_SMTP_URL", "smtp://", "_URL"},
           {"BRIEFDESK_SMTP_URL", "smtp://:25", "_URL"},
           {"BRIEFDESK_SMTP_URL", "smtp://host:99999", "_URL"},
           {"BRIEFDESK_SMTP_URL", "smtp://[::1", "_URL"},
           {"BRIEFDESK_SMTP_STARTTLS", "yes", "_STARTTLS"},
           {"BRIEFDESK_SMTP_TIMEOUT_MS", "soon", "_TIMEOUT_MS"},
           {"BRIEFDESK_SMTP_FROM", "BriefDesk", "_FROM"},
           {"BRIEFDESK_SMTP_FROM", "a@b@c", "_FROM"},
           {"BRIEFDESK_SMTP_CA_FILE", "/nonexistent/ca.pem", "_CA_FILE"},
       }) {
    SmtpEnv env(
        {{"BRIEFDESK_SMTP_URL", "smtp://mail.example.org"}, {c.name, c.value}});
    absl::Status s = SmtpSettingsFromEnv().status();
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument)
        << c.name << "=" << c.value;
    EXPECT_TRUE(
        absl::StrContains(s.message(), std::string("BRIEFDESK_SMTP") + c.named))
        << s;
  }
}

TEST(MailSmtpSettingsTest, CredentialsStayOutOfTheUrlAndOffPlainText) {
  SmtpEnv in_url({{"BRIEFDESK_SMTP_URL", "smtp://u:s3cret-Passw0rd@host"}});
  absl::Status s = SmtpSettingsFromEnv().status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(absl::StrContains(s.message(), kPassword)) << s;
  SmtpEnv clear({{"BRIEFDESK_SMTP_URL", "smtp://host:25"},
                 {"BRIEFDESK_SMTP_USER", "u"},
                 {"BRIEFDESK_SMTP_PASSWORD", kPassword}});
  s = SmtpSettingsFromEnv().status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(s.message(), "clear text")) << s;
  EXPECT_FALSE(absl::StrContains(s.message(), kPassword)) << s;
  SmtpEnv tls({{"BRIEFDESK_SMTP_URL", "smtps://host"},
               {"BRIEFDESK_SMTP_USER", "u"},
               {"BRIEFDESK_SMTP_PASSWORD", kPassword}});
  EXPECT_TRUE(SmtpSettingsFromEnv().ok());
}

}  // namespace
}  // namespace briefdesk::mail
