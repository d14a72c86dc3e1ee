// Sending a Message through an SMTP server with libcurl. The status of a
// failed send says whether trying again later can help, so that a caller's
// retry loop needs no knowledge of SMTP.
#ifndef BRIEFDESK_LIBS_MAIL_SMTP_H_
#define BRIEFDESK_LIBS_MAIL_SMTP_H_

#include <chrono>
#include <mutex>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "libs/mail/message.h"

namespace briefdesk::mail {

struct SmtpSettings {
  std::string url;  // smtp://host:port or smtps://host:port
  std::string user, password;
  bool starttls = false;  // require STARTTLS on smtp://
  // Optional CA bundle to verify the server with (tests use a self-signed
  // certificate); without it, the system's CAs.
  std::string ca_file;
  std::chrono::milliseconds timeout{30000};  // the whole send
  // The sender when a Message's own `from` has no address.
  Address from{.email = "briefdesk@localhost", .name = "BriefDesk"};
};

// The settings from BRIEFDESK_SMTP_URL, _USER, _PASSWORD, _STARTTLS
// (true/false), _CA_FILE, _TIMEOUT_MS and _FROM ("Name <addr>" or "addr").
// nullopt when BRIEFDESK_SMTP_URL is unset or empty: e-mail is off.
// INVALID_ARGUMENT naming the variable for a URL that is not smtp:// or
// smtps:// with a host, or any other malformed value.
absl::StatusOr<std::optional<SmtpSettings>> SmtpSettingsFromEnv();

// Thread-safe: every Send uses its own connection.
class SmtpSender {
 public:
  explicit SmtpSender(SmtpSettings settings);
  ~SmtpSender();
  SmtpSender(const SmtpSender&) = delete;
  SmtpSender& operator=(const SmtpSender&) = delete;

  // Delivers `m` to the server, to m.to alone. OK once the server accepted
  // it. INVALID_ARGUMENT when Render refuses `m`; FAILED_PRECONDITION when
  // retrying cannot help: the server refused with a 5xx reply (its code is
  // in the message), or TLS cannot be had as configured (no STARTTLS offered,
  // certificate not trusted). UNAVAILABLE when it may: no connection, a
  // timeout, a 4xx reply. The password is never in a status. Sends are
  // serialized on one connection.
  absl::Status Send(const Message& m) const;

 private:
  SmtpSettings settings_;
  // One libcurl handle whose connection stays open between sends (closed
  // with the sender, or when the server drops it), so that Send returns as
  // soon as the server accepted the message: the QUIT that ends a session
  // would otherwise come between the acceptance and the caller's record of
  // it, widening the window in which a crash makes a resend.
  mutable std::mutex mu_;
  mutable void* curl_ = nullptr;
};

}  // namespace briefdesk::mail

#endif  // BRIEFDESK_LIBS_MAIL_SMTP_H_
