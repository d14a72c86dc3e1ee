// What BriefDesk accepts as text, and how it keeps text safe on the way out.
//
// Every string a client sends must be valid UTF-8 without control
// characters: only tab and newline pass (and newline only where the field
// holds more than one line). U+FFFE and U+FFFF, which no text needs and XML
// forbids, are refused too. Accepted text is stored in Unicode
// Normalization Form C, so the same words always compare and search alike.
// Pure functions on ICU (Debian's libicu); no I/O.
#ifndef BRIEFDESK_LIBS_TEXT_TEXT_H_
#define BRIEFDESK_LIBS_TEXT_TEXT_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace briefdesk::text {

enum class Lines { kOne, kMany };

// Why `s` is not acceptable text, in words a client can act on ("contains
// the control character U+0001 at character 5; ..."), or nullopt when it
// is. kOne also refuses newlines and the Unicode line and paragraph
// separators.
std::optional<std::string> Problem(std::string_view s, Lines lines);

// Whether `s` is valid UTF-8 (any code points).
bool IsUtf8(std::string_view s);

// `s` (valid UTF-8) in Normalization Form C. ASCII is returned as is.
std::string Nfc(std::string_view s);

// Unicode code points in valid UTF-8.
size_t CodePoints(std::string_view utf8);

// `s` with every byte sequence that XML 1.0 cannot carry (invalid UTF-8,
// control characters but tab, newline and carriage return, U+FFFE, U+FFFF)
// replaced by U+FFFD. For output built from stored text, whatever its age.
std::string XmlSafe(std::string_view s);

// `s` with runs of line breaks and other control characters turned into
// one space: one line, for titles written where a newline would change the
// document's structure (a Markdown heading).
std::string OneLine(std::string_view s);

}  // namespace briefdesk::text

#endif  // BRIEFDESK_LIBS_TEXT_TEXT_H_
