#include "libs/text/text.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <cstdio>

namespace briefdesk::text {
namespace {

// Decodes the code point at `*i` and advances past it; -1 on a byte
// sequence that is not UTF-8 (overlong forms and surrogates included).
int32_t Next(std::string_view s, size_t* i) {
  int32_t length = static_cast<int32_t>(s.size());
  int32_t at = static_cast<int32_t>(*i);
  UChar32 c;
  U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), at, length, c);
  *i = static_cast<size_t>(at);
  return c;
}

bool IsControl(int32_t c) { return u_charType(c) == U_CONTROL_CHAR; }

bool IsLineBreak(int32_t c) { return c == '\n' || c == 0x2028 || c == 0x2029; }

std::string CodePointName(int32_t c) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(c));
  return buf;
}

}  // namespace

std::optional<std::string> Problem(std::string_view s, Lines lines) {
  if (s.size() > static_cast<size_t>(INT32_MAX)) return "is too long";
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++n) {
    int32_t c = Next(s, &i);
    std::string where = " at character " + std::to_string(n + 1);
    if (c < 0)
      return "is not valid UTF-8 (at character " + std::to_string(n + 1) + ")";
    if (lines == Lines::kOne && IsLineBreak(c)) {
      return "must be one line: it contains a line break" + where;
    }
    if (c == '\t' || c == '\n') continue;
    if (IsControl(c)) {
      return "contains the control character " + CodePointName(c) + where +
             "; only tab and newline are allowed";
    }
    if (c == 0xFFFE || c == 0xFFFF) {
      return "contains the noncharacter " + CodePointName(c) + where;
    }
  }
  return std::nullopt;
}

bool IsUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    if (Next(s, &i) < 0) return false;
  }
  return true;
}

std::string Nfc(std::string_view s) {
  bool ascii = true;
  for (unsigned char c : s) ascii = ascii && c < 0x80;
  if (ascii) return std::string(s);
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return std::string(s);
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  if (nfc->isNormalized(u, status) && U_SUCCESS(status)) return std::string(s);
  status = U_ZERO_ERROR;
  icu::UnicodeString out = nfc->normalize(u, status);
  if (U_FAILURE(status)) return std::string(s);
  std::string utf8;
  out.toUTF8String(utf8);
  return utf8;
}

size_t CodePoints(std::string_view utf8) {
  size_t n = 0;
  for (unsigned char c : utf8) n += (c & 0xC0) != 0x80;
  return n;
}

std::string XmlSafe(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    size_t start = i;
    int32_t c = Next(s, &i);
    bool ok = c >= 0 && c != 0xFFFE && c != 0xFFFF &&
              (c >= 0x20 || c == '\t' || c == '\n' || c == '\r');
    if (ok) {
      out.append(s.substr(start, i - start));
    } else {
      out += "\xEF\xBF\xBD";  // U+FFFD
    }
  }
  return out;
}

std::string OneLine(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool gap = false;
  for (size_t i = 0; i < s.size();) {
    size_t start = i;
    int32_t c = Next(s, &i);
    if (c < 0 || IsControl(c) || IsLineBreak(c)) {
      gap = true;
      continue;
    }
    if (gap && !out.empty()) out += ' ';
    gap = false;
    out.append(s.substr(start, i - start));
  }
  return out;
}

}  // namespace briefdesk::text
