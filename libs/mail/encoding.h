// The encodings a MIME message is made of, apart from its structure so each
// rule (line lengths, escapes, where a word may be split) is tested alone.
#ifndef BRIEFDESK_LIBS_MAIL_ENCODING_H_
#define BRIEFDESK_LIBS_MAIL_ENCODING_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace briefdesk::mail {

// Whether `s` is well-formed UTF-8 (RFC 3629: no overlongs, no surrogates).
bool IsUtf8(absl::string_view s);

// `text` in quoted-printable (RFC 2045 6.7) with CRLF line breaks. "\n" and
// "\r\n" in `text` are line breaks; a lone "\r" is data. No output line is
// longer than 76 octets, "=" and whitespace before a line break are
// escaped, and an escape is never split by a soft line break.
std::string QuotedPrintable(absl::string_view text);

// `utf8` (well-formed) as RFC 2047 "=?UTF-8?B?...?=" encoded-words of at most
// 64 characters, so that even after "Subject: " a line stays within the 76
// that RFC 2047 allows. Each word holds whole UTF-8 sequences, since many
// decoders turn a sequence split across two words into U+FFFD.
std::vector<std::string> EncodedWords(absl::string_view utf8);

// "Name: " and `tokens` joined by single spaces, folded (CRLF SP) before a
// token that would take the line past 76 octets, ending in CRLF. Unfolding
// turns CRLF SP back into the space, so the value is unchanged.
std::string FoldHeader(absl::string_view name,
                       const std::vector<std::string>& tokens);

}  // namespace briefdesk::mail

#endif  // BRIEFDESK_LIBS_MAIL_ENCODING_H_
