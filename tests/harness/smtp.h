// A throwaway SMTP server for tests: Debian's aiosmtpd with its Mailbox
// handler, on a free loopback port, storing what it receives in a Maildir in
// its own temporary folder; stopped (and the folder removed) when the object
// goes. Optionally with TLS, on a self-signed certificate made with openssl.
// And how Debian's Python email package reads a message, for tests that
// check what a mail reader would show.
#ifndef BRIEFDESK_TESTS_HARNESS_SMTP_H_
#define BRIEFDESK_TESTS_HARNESS_SMTP_H_

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace briefdesk::testing {

enum class SmtpTls {
  kNone,
  kStartTls,  // STARTTLS offered and required before MAIL (530 otherwise)
  kImplicit,  // SMTPS: TLS from the first byte
};

struct TestSmtpOptions {
  SmtpTls tls = SmtpTls::kNone;
  // The SIZE limit the server announces and enforces (552 above it); 0
  // keeps aiosmtpd's default of 32 MiB.
  int64_t max_size = 0;
};

class TestSmtp {
 public:
  // Aborts the test binary when aiosmtpd does not start.
  explicit TestSmtp(TestSmtpOptions options = {});
  ~TestSmtp();
  TestSmtp(const TestSmtp&) = delete;
  TestSmtp& operator=(const TestSmtp&) = delete;

  int port() const { return port_; }
  // "smtp://127.0.0.1:PORT", or smtps:// for SmtpTls::kImplicit.
  std::string url() const;
  // The server's certificate (for 127.0.0.1 and localhost), to trust as a
  // CA; empty without TLS.
  const std::string& ca_file() const { return ca_file_; }

  // The messages received so far, in order of arrival, as the Mailbox
  // handler stored them: re-serialized by Python's email package, with LF
  // line endings and X-Peer, X-MailFrom and X-RcptTo (the envelope) added
  // at the end of the header.
  std::vector<std::string> Messages() const;
  // Messages() once there are at least `n`, or when `timeout` has passed.
  std::vector<std::string> WaitForMessages(size_t n,
                                           std::chrono::seconds timeout) const;
  // The Maildir they are stored in (a file in new/ is whole), for readers
  // in other processes: the browser suites read invitations from it.
  std::string maildir() const { return dir_ + "/maildir"; }

 private:
  std::string dir_;
  std::string ca_file_;
  SmtpTls tls_;
  int port_ = 0;
  pid_t pid_ = 0;
};

// A message as Python's email package (policy=default) reads it.
struct ParsedMail {
  std::string error;  // the Python exception, when it could not parse
  int defects = 0;    // RFC violations the parser noticed, all parts
  std::vector<std::pair<std::string, std::string>> headers;  // decoded
  std::string from_name, from_email, to_name, to_email;
  // The display names decoded as RFC 2047 6.2 says, with the whitespace
  // between adjacent encoded-words dropped (email.header). The parser of
  // policy=default keeps it in addresses (not in Subject), so a name that
  // needs two encoded-words comes back from it with a space inserted.
  std::string from_name_rfc2047, to_name_rfc2047;
  std::string date_iso;  // the Date header as an ISO 8601 time
  std::string content_type;
  struct Part {
    std::string content_type, charset, transfer_encoding;
    std::string body;  // decoded octets (get_payload(decode=True))
    std::string text;  // as get_content() returns it, in UTF-8
  };
  std::vector<Part> parts;  // the leaves, in order

  // The first header of that name (any case), or "".
  std::string Header(const std::string& name) const;
};
// Parses `raw` with /usr/bin/python3.
ParsedMail ParseMail(const std::string& raw);

}  // namespace briefdesk::testing

#endif  // BRIEFDESK_TESTS_HARNESS_SMTP_H_
