// An e-mail as BriefDesk sends it, and its rendering as an RFC 5322 / MIME
// message that any mail reader displays alike: UTF-8 everywhere, headers in
// RFC 2047 encoded-words, bodies in quoted-printable. Pure; no I/O.
#ifndef BRIEFDESK_LIBS_MAIL_MESSAGE_H_
#define BRIEFDESK_LIBS_MAIL_MESSAGE_H_

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace briefdesk::mail {

struct Address {
  std::string email;  // exactly one '@'; ASCII (no SMTPUTF8)
  std::string name;   // display name, any UTF-8; may be empty
};

struct Message {
  Address from;
  Address to;
  std::string subject;
  std::string text;  // the plain-text body; "\n" or "\r\n" end lines
  std::string html;  // the HTML body; empty sends the plain text alone
  // Extra header fields, e.g. {"List-Unsubscribe", "<https://...>"}: ASCII,
  // and none of the fields Render writes itself.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string message_id;  // "<...@host>"; generated when empty
  // Left at the epoch, Render uses the current time.
  std::chrono::system_clock::time_point date;
  std::string language;  // BCP 47, emitted as Content-Language when non-empty
};

// `m` as a message ready for SMTP DATA: CRLF line endings, no line longer
// than 998 octets (headers fold at 76, bodies soft-break at 76). A generated
// Message-ID's host is the sender's domain. INVALID_ARGUMENT, naming the
// field, for a line break in any header value or address (header
// injection), an address without exactly one '@', text that is not UTF-8,
// or an extra header that would replace one of Render's own.
absl::StatusOr<std::string> Render(const Message& m);

// Whether `a` can be written in a header and an SMTP envelope.
absl::Status CheckAddress(const Address& a);

// "Name <user@host>", "\"Name\" <user@host>" or "user@host" as an Address,
// checked by CheckAddress.
absl::StatusOr<Address> ParseAddress(std::string_view text);

}  // namespace briefdesk::mail

#endif  // BRIEFDESK_LIBS_MAIL_MESSAGE_H_
