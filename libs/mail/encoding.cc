#include "libs/mail/encoding.h"

#include <cstdint>

#include "absl/strings/escaping.h"

namespace briefdesk::mail {
namespace {

// A soft line break takes the 76th column for its "=".
constexpr size_t kQpWidth = 76;
// 52 base64 characters (39 octets) plus "=?UTF-8?B?" and "?=".
constexpr size_t kWordOctets = 39;
constexpr size_t kHeaderWidth = 76;

// The length of the UTF-8 sequence that starts with `lead`, or 0 when no
// sequence starts with it.
size_t SequenceLength(uint8_t lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) return 2;
  if (lead >= 0xE0 && lead <= 0xEF) return 3;
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  return 0;
}

// Whether the continuation bytes of the sequence at `s[0]` (of length `n`)
// are in range, which also rules out overlongs, surrogates and code points
// past U+10FFFF.
bool ContinuationsValid(absl::string_view s, size_t n) {
  auto b = [&](size_t i) { return static_cast<uint8_t>(s[i]); };
  for (size_t i = 1; i < n; ++i) {
    if ((b(i) & 0xC0) != 0x80) return false;
  }
  if (n < 3) return true;
  uint8_t lo = 0x80, hi = 0xBF;
  if (b(0) == 0xE0) lo = 0xA0;
  if (b(0) == 0xED) hi = 0x9F;
  if (b(0) == 0xF0) lo = 0x90;
  if (b(0) == 0xF4) hi = 0x8F;
  return b(1) >= lo && b(1) <= hi;
}

void AppendHex(uint8_t c, std::string& out) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  out += '=';
  out += kHex[c >> 4];
  out += kHex[c & 0xF];
}

// One line of text (no line break in it) as quoted-printable, soft-broken.
void AppendQpLine(absl::string_view line, std::string& out) {
  size_t width = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    auto c = static_cast<uint8_t>(line[i]);
    bool last = i + 1 == line.size();
    bool blank = c == ' ' || c == '\t';
    bool literal = (c >= 33 && c <= 126 && c != '=') || (blank && !last);
    size_t len = literal ? 1 : 3;
    // The line's last character may take column 76, since no "=" follows.
    if (width + len > (last ? kQpWidth : kQpWidth - 1)) {
      out += "=\r\n";
      width = 0;
    }
    if (literal) {
      out += static_cast<char>(c);
    } else {
      AppendHex(c, out);
    }
    width += len;
  }
}

}  // namespace

bool IsUtf8(absl::string_view s) {
  for (size_t i = 0; i < s.size();) {
    size_t n = SequenceLength(static_cast<uint8_t>(s[i]));
    if (n == 0 || i + n > s.size() || !ContinuationsValid(s.substr(i), n)) {
      return false;
    }
    i += n;
  }
  return true;
}

std::string QuotedPrintable(absl::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  size_t start = 0;
  while (true) {
    size_t nl = text.find('\n', start);
    absl::string_view line = text.substr(start, nl - start);
    if (!line.empty() && line.back() == '\r' && nl != absl::string_view::npos) {
      line.remove_suffix(1);
    }
    AppendQpLine(line, out);
    if (nl == absl::string_view::npos) break;
    out += "\r\n";
    start = nl + 1;
  }
  return out;
}

std::vector<std::string> EncodedWords(absl::string_view utf8) {
  std::vector<std::string> words;
  size_t start = 0;
  while (start < utf8.size()) {
    size_t end = start;
    while (end < utf8.size()) {
      size_t n = SequenceLength(static_cast<uint8_t>(utf8[end]));
      if (n == 0) n = 1;  // not UTF-8: split anywhere rather than loop
      if (end + n - start > kWordOctets) break;
      end += n;
    }
    words.push_back("=?UTF-8?B?" +
                    absl::Base64Escape(utf8.substr(start, end - start)) + "?=");
    start = end;
  }
  return words;
}

std::string FoldHeader(absl::string_view name,
                       const std::vector<std::string>& tokens) {
  std::string out(name);
  out += ':';
  size_t width = out.size();
  for (size_t i = 0; i < tokens.size(); ++i) {
    // The first token stays beside the name: a field body that starts on a
    // continuation line trips up some readers. An empty token (two spaces
    // in a row) is not moved either: RFC 5322 forbids a line of only spaces.
    if (i > 0 && !tokens[i].empty() &&
        width + 1 + tokens[i].size() > kHeaderWidth) {
      out += "\r\n";
      width = 0;
    }
    out += ' ';
    out += tokens[i];
    width += 1 + tokens[i].size();
  }
  out += "\r\n";
  return out;
}

}  // namespace briefdesk::mail
