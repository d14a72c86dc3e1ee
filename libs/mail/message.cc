#include "libs/mail/message.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "libs/mail/encoding.h"

namespace briefdesk::mail {
namespace {

// The longest word of a subject or name kept as written: it still fits on a
// folded line of 76. Longer ones become encoded-words, which can be split.
constexpr size_t kMaxTextWord = 66;
// The longest word of an extra header, which cannot be encoded: well within
// the 998 octets RFC 5322 allows on a line.
constexpr size_t kMaxWord = 900;
// RFC 5321 4.5.3.1.3: a path is at most 256 octets with its "<>".
constexpr size_t kMaxEmail = 254;

absl::Status Invalid(absl::string_view field, absl::string_view value,
                     absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat(
      field, " \"", absl::CHexEscape(value.substr(0, 80)), "\" ", why));
}

// A line break in a header value would end the field and start another
// chosen by whoever wrote the value.
absl::Status NoLineBreak(absl::string_view field, absl::string_view value) {
  if (value.find_first_of("\r\n") != absl::string_view::npos) {
    return Invalid(field, value, "contains a line break");
  }
  return absl::OkStatus();
}

bool IsAtext(char c) {
  return absl::ascii_isalnum(c) ||
         absl::string_view("!#$%&'*+-/=?^_`{|}~").find(c) !=
             absl::string_view::npos;
}

// Text that cannot be written as it is: 8-bit or control characters,
// something a reader would take for an encoded-word, edge spaces that
// unfolding would eat, or a word too long to fold.
bool NeedsEncoding(absl::string_view s) {
  if (s.find("=?") != absl::string_view::npos) return true;
  if (!s.empty() && (s.front() == ' ' || s.back() == ' ')) return true;
  for (unsigned char c : s) {
    if (c < 0x20 || c > 0x7E) return true;
  }
  for (absl::string_view word : absl::StrSplit(s, ' ')) {
    if (word.size() > kMaxTextWord) return true;
  }
  return false;
}

std::vector<std::string> Words(absl::string_view s) {
  return absl::StrSplit(s, ' ');
}

// A display name as the tokens of an RFC 5322 phrase.
std::vector<std::string> PhraseTokens(absl::string_view name) {
  if (NeedsEncoding(name)) return EncodedWords(name);
  bool atoms = name.find("  ") == absl::string_view::npos;
  for (char c : name) atoms = atoms && (c == ' ' || IsAtext(c));
  if (atoms) return Words(name);
  std::string quoted = "\"";
  for (char c : name) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  quoted += '"';
  if (quoted.size() > kMaxTextWord) return EncodedWords(name);
  return {quoted};
}

std::vector<std::string> AddressTokens(const Address& a) {
  if (a.name.empty()) return {a.email};
  std::vector<std::string> tokens = PhraseTokens(a.name);
  tokens.push_back("<" + a.email + ">");
  return tokens;
}

std::string FormatDate(std::chrono::system_clock::time_point t) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed",
                                          "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr",
                                            "May", "Jun", "Jul", "Aug",
                                            "Sep", "Oct", "Nov", "Dec"};
  std::time_t seconds = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char out[40];
  // Names from tables, not strftime: the locale must not change a header.
  std::snprintf(out, sizeof out, "%s, %02d %s %04d %02d:%02d:%02d +0000",
                kDays[tm.tm_wday], tm.tm_mday, kMonths[tm.tm_mon],
                tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return out;
}

// 128 random bits as hex. std::random_device (the kernel's generator) each
// time: a seeded engine repeats its ids in every process given that seed.
std::string RandomHex() {
  std::random_device rd;
  std::string out;
  for (int i = 0; i < 4; ++i) {
    absl::StrAppend(&out, absl::Hex(rd(), absl::kZeroPad8));
  }
  return out;
}

absl::Status CheckAddressField(absl::string_view field, const Address& a) {
  const std::string email_field = absl::StrCat(field, " address");
  if (auto s = NoLineBreak(email_field, a.email); !s.ok()) return s;
  if (auto s = NoLineBreak(absl::StrCat(field, " name"), a.name); !s.ok()) {
    return s;
  }
  if (!IsUtf8(a.name)) return Invalid(field, a.name, "is not UTF-8");
  size_t at = a.email.find('@');
  if (at == std::string::npos || at != a.email.rfind('@')) {
    return Invalid(email_field, a.email, "does not have exactly one '@'");
  }
  if (at == 0 || at + 1 == a.email.size() || a.email.size() > kMaxEmail) {
    return Invalid(email_field, a.email,
                   "needs a local part and a domain, 254 octets at most");
  }
  // Neither header syntax nor the SMTP command line can carry these.
  for (unsigned char c : a.email) {
    if (c <= ' ' || c >= 0x7F ||
        absl::string_view("()<>[]:;\\,\"").find(c) != absl::string_view::npos) {
      return Invalid(email_field, a.email,
                     "may hold only ASCII letters, digits and !#$%&'*+-/=?^_`"
                     "{|}~.@");
    }
  }
  return absl::OkStatus();
}

// The fields Render writes: an extra one of the same name would contradict
// it, and Cc or Bcc would name people the envelope does not reach.
bool IsReserved(absl::string_view name) {
  for (absl::string_view r :
       {"From", "To", "Cc", "Bcc", "Subject", "Date", "Message-ID",
        "MIME-Version", "Content-Type", "Content-Transfer-Encoding",
        "Content-Language"}) {
    if (absl::EqualsIgnoreCase(name, r)) return true;
  }
  return false;
}

absl::Status CheckExtraHeader(absl::string_view name, absl::string_view value) {
  bool name_ok = !name.empty();
  for (unsigned char c : name) {
    name_ok = name_ok && c > ' ' && c < 0x7F && c != ':';
  }
  if (!name_ok) return Invalid("header name", name, "is not a field name");
  if (IsReserved(name)) {
    return Invalid("header name", name, "is written by Render itself");
  }
  if (auto s = NoLineBreak(name, value); !s.ok()) return s;
  for (unsigned char c : value) {
    if ((c < ' ' && c != '\t') || c >= 0x7F) {
      return Invalid(name, value, "is not printable ASCII");
    }
  }
  for (absl::string_view word : absl::StrSplit(value, ' ')) {
    if (word.size() > kMaxWord) {
      return Invalid(name, value, "has a too long word");
    }
  }
  return absl::OkStatus();
}

absl::Status CheckMessageId(absl::string_view id) {
  bool ok = id.size() >= 5 && id.size() <= kMaxWord && id.front() == '<' &&
            id.back() == '>' && id.find('@') != absl::string_view::npos;
  for (unsigned char c : id.substr(1, id.size() - 2)) {
    ok = ok && c > ' ' && c < 0x7F && c != '<' && c != '>';
  }
  return ok ? absl::OkStatus()
            : Invalid("message_id", id, "is not \"<left@right>\"");
}

absl::Status CheckLanguage(absl::string_view tag) {
  bool ok = tag.size() <= 64 && (tag.empty() || tag.front() != '-');
  for (char c : tag) ok = ok && (absl::ascii_isalnum(c) || c == '-');
  return ok ? absl::OkStatus()
            : Invalid("language", tag, "is not a BCP 47 language tag");
}

absl::Status CheckMessage(const Message& m) {
  if (auto s = CheckAddressField("from", m.from); !s.ok()) return s;
  if (auto s = CheckAddressField("to", m.to); !s.ok()) return s;
  if (auto s = NoLineBreak("subject", m.subject); !s.ok()) return s;
  if (!IsUtf8(m.subject)) return Invalid("subject", m.subject, "is not UTF-8");
  if (!IsUtf8(m.text)) return Invalid("text", "", "is not UTF-8");
  if (!IsUtf8(m.html)) return Invalid("html", "", "is not UTF-8");
  if (!m.message_id.empty()) {
    if (auto s = CheckMessageId(m.message_id); !s.ok()) return s;
  }
  if (auto s = CheckLanguage(m.language); !s.ok()) return s;
  for (const auto& [name, value] : m.headers) {
    if (auto s = CheckExtraHeader(name, value); !s.ok()) return s;
  }
  return absl::OkStatus();
}

std::string HeaderBlock(const Message& m) {
  auto date = m.date == std::chrono::system_clock::time_point()
                  ? std::chrono::system_clock::now()
                  : m.date;
  std::string id = m.message_id;
  if (id.empty()) {
    id = absl::StrCat("<", RandomHex(), "@",
                      m.from.email.substr(m.from.email.find('@') + 1), ">");
  }
  std::vector<std::string> subject =
      NeedsEncoding(m.subject) ? EncodedWords(m.subject) : Words(m.subject);
  std::string out = FoldHeader("From", AddressTokens(m.from));
  out += FoldHeader("To", AddressTokens(m.to));
  out += FoldHeader("Subject", subject);
  out += FoldHeader("Date", {FormatDate(date)});
  out += FoldHeader("Message-ID", {id});
  out += "MIME-Version: 1.0\r\n";
  if (!m.language.empty()) out += FoldHeader("Content-Language", {m.language});
  for (const auto& [name, value] : m.headers) {
    out += FoldHeader(name, Words(value));
  }
  return out;
}

std::string TextPart(absl::string_view subtype, absl::string_view body) {
  return absl::StrCat("Content-Type: text/", subtype,
                      "; charset=UTF-8\r\n"
                      "Content-Transfer-Encoding: quoted-printable\r\n\r\n",
                      QuotedPrintable(body));
}

}  // namespace

absl::Status CheckAddress(const Address& a) {
  return CheckAddressField("address", a);
}

absl::StatusOr<Address> ParseAddress(std::string_view input) {
  absl::string_view text =
      absl::StripAsciiWhitespace(absl::string_view(input.data(), input.size()));
  Address a;
  a.email = std::string(text);
  if (absl::ConsumeSuffix(&text, ">")) {
    size_t lt = text.rfind('<');
    if (lt == absl::string_view::npos) {
      return Invalid("address", a.email, "has '>' without '<'");
    }
    a.email = std::string(text.substr(lt + 1));
    absl::string_view name = absl::StripAsciiWhitespace(text.substr(0, lt));
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
      name = name.substr(1, name.size() - 2);
    }
    for (size_t i = 0; i < name.size(); ++i) {
      if (name[i] == '\\' && i + 1 < name.size()) ++i;
      a.name += name[i];
    }
  }
  if (auto s = CheckAddress(a); !s.ok()) return s;
  return a;
}

absl::StatusOr<std::string> Render(const Message& m) {
  if (auto s = CheckMessage(m); !s.ok()) return s;
  std::string out = HeaderBlock(m);
  if (m.html.empty()) {
    out += TextPart("plain", m.text);
    // SMTP ends DATA with a line break; writing it here keeps it the same
    // whichever way the message travels.
    if (!absl::EndsWith(out, "\r\n")) out += "\r\n";
    return out;
  }
  // "=_" cannot occur in quoted-printable, where "=" is always followed by a
  // hex digit or a line break: the boundary is never in a body.
  std::string boundary = "=_" + RandomHex();
  out += FoldHeader("Content-Type", {"multipart/alternative;",
                                     "boundary=\"" + boundary + "\""});
  absl::StrAppend(&out, "\r\n--", boundary, "\r\n", TextPart("plain", m.text),
                  "\r\n--", boundary, "\r\n", TextPart("html", m.html),
                  "\r\n--", boundary, "--\r\n");
  return out;
}

}  // namespace briefdesk::mail
