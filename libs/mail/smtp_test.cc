#include "libs/mail/smtp.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <set>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_replace.h"
#include "tests/harness/process.h"
#include "tests/harness/smtp.h"

namespace briefdesk::mail {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using std::chrono::steady_clock;
using testing::ParseMail;
using testing::SmtpTls;
using testing::TestSmtp;

constexpr char kPassword[] = "s3cret-Passw0rd";

SmtpSettings Settings(const TestSmtp& smtp) {
  SmtpSettings s;
  s.url = smtp.url();
  s.ca_file = smtp.ca_file();
  s.timeout = milliseconds(10000);
  return s;
}

Message Invitation() {
  Message m;
  m.from = {.email = "briefdesk@example.org", .name = "BriefDesk"};
  m.to = {.email = "ana@example.com", .name = "Zoë Ångström"};
  m.subject = "Invitation : relire « Plan du T3 » — 审核邀请";
  m.text =
      "Bonjour Zoë,\n"
      ".a line that starts with a dot\n"
      ".\n"
      "..\n"
      "... and three\n"
      "Merci.\n";
  m.html = "<p>Bonjour Zoë,</p>\n.<p>dot first</p>\n.\n";
  m.message_id = "<invitation-1@example.org>";
  m.language = "fr";
  return m;
}

// A listening socket on a free loopback port that the test drives itself:
// a server that never speaks, or one that greets with `greeting` and hangs
// up.
class FakeServer {
 public:
  explicit FakeServer(std::string greeting = "")
      : port_(testing::FreePort()), fd_(socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(port_));
    testing::Require(
        bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
            listen(fd_, 8) == 0,
        "fake SMTP server: bind");
    if (greeting.empty()) return;  // the kernel accepts; nobody answers
    thread_ = std::thread([this, greeting] {
      for (int client; (client = accept(fd_, nullptr, nullptr)) >= 0;) {
        (void)!write(client, greeting.data(), greeting.size());
        close(client);
      }
    });
  }
  ~FakeServer() {
    shutdown(fd_, SHUT_RDWR);  // wakes accept()
    if (thread_.joinable()) thread_.join();
    close(fd_);
  }
  std::string url() const {
    return "smtp://127.0.0.1:" + std::to_string(port_);
  }

 private:
  int port_;
  int fd_;
  std::thread thread_;
};

TEST(MailSmtpSenderTest, DeliversTheMessageIntact) {
  TestSmtp smtp;
  Message m = Invitation();
  ASSERT_TRUE(SmtpSender(Settings(smtp)).Send(m).ok());
  std::vector<std::string> received = smtp.WaitForMessages(1, seconds(10));
  ASSERT_EQ(received.size(), 1u);
  const std::string& raw = received[0];
  // Lines that begin with "." survive SMTP's dot-stuffing unchanged.
  EXPECT_TRUE(absl::StrContains(
      raw, "\n.a line that starts with a dot\n.\n..\n... and three\n"))
      << raw;
  testing::ParsedMail p = ParseMail(raw);
  ASSERT_EQ(p.error, "");
  EXPECT_EQ(p.defects, 0);
  EXPECT_EQ(p.Header("Subject"), m.subject);
  EXPECT_EQ(p.Header("Message-ID"), m.message_id);
  EXPECT_EQ(p.Header("Content-Language"), "fr");
  EXPECT_EQ(p.from_name, "BriefDesk");
  EXPECT_EQ(p.to_name, "Zoë Ångström");
  EXPECT_EQ(p.to_email, "ana@example.com");
  // The envelope, as the server saw it.
  EXPECT_EQ(p.Header("X-MailFrom"), "briefdesk@example.org");
  EXPECT_EQ(p.Header("X-RcptTo"), "ana@example.com");
  ASSERT_EQ(p.parts.size(), 2u);
  // The Maildir stores lines with LF: the only change on the way.
  EXPECT_EQ(p.parts[0].body, m.text);
  EXPECT_EQ(p.parts[1].body, m.html);
  EXPECT_EQ(p.parts[1].content_type, "text/html");
}

TEST(MailSmtpSenderTest, UsesTheConfiguredSenderWhenTheMessageHasNone) {
  TestSmtp smtp;
  SmtpSettings settings = Settings(smtp);
  settings.from = {.email = "noreply@briefdesk.example", .name = "Brief Desk"};
  Message m = Invitation();
  m.from = {};
  ASSERT_TRUE(SmtpSender(settings).Send(m).ok());
  std::vector<std::string> received = smtp.WaitForMessages(1, seconds(10));
  ASSERT_EQ(received.size(), 1u);
  testing::ParsedMail p = ParseMail(received[0]);
  EXPECT_EQ(p.from_email, "noreply@briefdesk.example");
  EXPECT_EQ(p.from_name, "Brief Desk");
  EXPECT_EQ(p.Header("X-MailFrom"), "noreply@briefdesk.example");
}

TEST(MailSmtpSenderTest, ConcurrentSendsAllArrive) {
  TestSmtp smtp;
  SmtpSender sender(Settings(smtp));
  std::vector<std::thread> threads;
  std::atomic<int> failures = 0;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 3; ++i) {
        Message m = Invitation();
        m.message_id = "";
        m.subject = "Rappel " + std::to_string(t * 3 + i);
        if (!sender.Send(m).ok()) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures, 0);
  std::vector<std::string> received = smtp.WaitForMessages(12, seconds(10));
  ASSERT_EQ(received.size(), 12u);
  std::set<std::string> subjects;
  for (const auto& raw : received)
    subjects.insert(ParseMail(raw).Header("Subject"));
  EXPECT_EQ(subjects.size(), 12u);
}

TEST(MailSmtpSenderTest, RefusesAnUnrenderableMessageWithoutSending) {
  TestSmtp smtp;
  Message m = Invitation();
  m.subject = "Hi\r\nBcc: everyone@example.com";
  EXPECT_EQ(SmtpSender(Settings(smtp)).Send(m).code(),
            absl::StatusCode::kInvalidArgument);
  // The Mailbox handler stores a message before it answers 250: once Send
  // has returned, nothing is still on its way.
  EXPECT_TRUE(smtp.Messages().empty());
}

// The time a failed Send took, and its status.
std::pair<absl::Status, milliseconds> TimedSend(const SmtpSettings& s) {
  auto start = steady_clock::now();
  absl::Status status = SmtpSender(s).Send(Invitation());
  return {status, std::chrono::duration_cast<milliseconds>(steady_clock::now() -
                                                           start)};
}

TEST(MailSmtpSenderTest, ClosedPortIsUnavailableAtOnce) {
  SmtpSettings s;
  s.url = "smtp://127.0.0.1:" + std::to_string(testing::FreePort());
  s.user = "briefdesk";
  s.password = kPassword;
  auto [status, took] = TimedSend(s);
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable) << status;
  EXPECT_LT(took, milliseconds(2000));  // not the 30 s timeout
  EXPECT_FALSE(absl::StrContains(status.ToString(), kPassword));
}

TEST(MailSmtpSenderTest, SilentServerIsUnavailableAfterTheTimeout) {
  FakeServer silent;
  SmtpSettings s;
  s.url = silent.url();
  s.timeout = milliseconds(300);
  auto [status, took] = TimedSend(s);
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable) << status;
  EXPECT_TRUE(absl::StrContains(status.message(), "Timeout")) << status;
  EXPECT_GE(took, milliseconds(250));  // libcurl's clock is coarse
  EXPECT_LT(took, milliseconds(3000));
}

TEST(MailSmtpSenderTest, TemporaryRefusalIsUnavailable) {
  FakeServer busy("421 4.3.2 Too busy, try again later\r\n");
  SmtpSettings s;
  s.url = busy.url();
  absl::Status status = SmtpSender(s).Send(Invitation());
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable) << status;
  EXPECT_TRUE(absl::StrContains(status.message(), "421")) << status;
}

TEST(MailSmtpSenderTest, PermanentRefusalIsFailedPreconditionWithTheCode) {
  TestSmtp smtp({.max_size = 2000});
  Message m = Invitation();
  m.text = std::string(10000, 'x');
  absl::Status status = SmtpSender(Settings(smtp)).Send(m);
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << status;
  EXPECT_TRUE(absl::StrContains(status.message(), "552")) << status;
  EXPECT_TRUE(smtp.Messages().empty());
}

TEST(MailSmtpSenderTest, StartTlsDelivers) {
  TestSmtp smtp({.tls = SmtpTls::kStartTls});
  SmtpSettings s = Settings(smtp);
  s.starttls = true;
  // The server refuses MAIL before STARTTLS (next test): what arrives came
  // over TLS.
  ASSERT_TRUE(SmtpSender(s).Send(Invitation()).ok());
  std::vector<std::string> received = smtp.WaitForMessages(1, seconds(10));
  ASSERT_EQ(received.size(), 1u);
  testing::ParsedMail p = ParseMail(received[0]);
  EXPECT_EQ(p.Header("Subject"), Invitation().subject);
  ASSERT_EQ(p.parts.size(), 2u);
  EXPECT_EQ(p.parts[0].body, Invitation().text);
}

TEST(MailSmtpSenderTest, ServerThatRequiresTlsRefusesPlainText) {
  TestSmtp smtp({.tls = SmtpTls::kStartTls});
  absl::Status status = SmtpSender(Settings(smtp)).Send(Invitation());
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << status;
  EXPECT_TRUE(absl::StrContains(status.message(), "530")) << status;
  EXPECT_TRUE(smtp.Messages().empty());
}

TEST(MailSmtpSenderTest, StartTlsRequiredButNotOfferedFails) {
  TestSmtp smtp;  // no TLS at all
  SmtpSettings s = Settings(smtp);
  s.starttls = true;
  absl::Status status = SmtpSender(s).Send(Invitation());
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << status;
  EXPECT_TRUE(absl::StrContains(status.message(), "does not offer STARTTLS"))
      << status;
  EXPECT_TRUE(smtp.Messages().empty());
}

TEST(MailSmtpSenderTest, UntrustedCertificateFails) {
  TestSmtp smtp({.tls = SmtpTls::kStartTls});
  SmtpSettings s = Settings(smtp);
  s.starttls = true;
  s.ca_file = "";  // the system's CAs do not know the test's certificate
  absl::Status status = SmtpSender(s).Send(Invitation());
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << status;
  EXPECT_TRUE(smtp.Messages().empty());
}

TEST(MailSmtpSenderTest, ImplicitTlsDelivers) {
  TestSmtp smtp({.tls = SmtpTls::kImplicit});
  ASSERT_TRUE(absl::StartsWith(smtp.url(), "smtps://"));
  ASSERT_TRUE(SmtpSender(Settings(smtp)).Send(Invitation()).ok());
  std::vector<std::string> received = smtp.WaitForMessages(1, seconds(10));
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(ParseMail(received[0]).Header("Subject"), Invitation().subject);
}

TEST(MailSmtpSenderTest, RefusedLoginNeverShowsThePassword) {
  // aiosmtpd offers AUTH after STARTTLS but, given no authenticator, lets
  // no one in.
  TestSmtp smtp({.tls = SmtpTls::kStartTls});
  SmtpSettings s = Settings(smtp);
  s.starttls = true;
  s.user = "briefdesk";
  s.password = kPassword;
  absl::Status status = SmtpSender(s).Send(Invitation());
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << status;
  EXPECT_FALSE(absl::StrContains(status.ToString(), kPassword)) << status;
  EXPECT_TRUE(smtp.Messages().empty());
}

}  // namespace
}  // namespace briefdesk::mail
