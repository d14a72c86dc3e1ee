#include <cstdint>
#include <cstring>

#include "services/gateway/json_values.h"

namespace briefdesk::gateway {
namespace {

constexpr char kHex[] = "0123456789abcdef";

void AppendU(uint32_t unit, std::string* out) {
  char b[6] = {'\\',
               'u',
               kHex[(unit >> 12) & 0xf],
               kHex[(unit >> 8) & 0xf],
               kHex[(unit >> 4) & 0xf],
               kHex[unit & 0xf]};
  out->append(b, 6);
}

// What protobuf writes for a code point below U+00A0; nullptr when the
// character goes out unchanged.
const char* LowEscape(uint32_t cp) {
  switch (cp) {
    case '\b':
      return "\\b";
    case '\t':
      return "\\t";
    case '\n':
      return "\\n";
    case '\f':
      return "\\f";
    case '\r':
      return "\\r";
    case '"':
      return "\\\"";
    case '\\':
      return "\\\\";
    default:
      return nullptr;
  }
}

bool NeedsU(uint32_t cp) {
  return cp < 0x20 || cp == '<' || cp == '>' || (cp >= 0x7f && cp < 0xa0);
}

// The code points protobuf escapes against JavaScript tricks (invisible,
// direction-changing, separators); true when written as one \uXXXX.
bool BmpEscaped(uint32_t cp) {
  switch (cp) {
    case 0x00ad:
    case 0x06dd:
    case 0x070f:
    case 0x17b4:
    case 0x17b5:
    case 0xfeff:
    case 0xfff9:
    case 0xfffa:
    case 0xfffb:
      return true;
    default:
      return (cp >= 0x0600 && cp <= 0x0603) || (cp >= 0x200b && cp <= 0x200f) ||
             (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x2064) ||
             (cp >= 0x206a && cp <= 0x206f);
  }
}

// The same for the astral ones, written as a surrogate pair.
bool AstralEscaped(uint32_t cp) {
  return cp == 0xe0001 || (cp >= 0x1d173 && cp <= 0x1d17a) ||
         (cp >= 0xe0020 && cp <= 0xe007f);
}

// Appends the escape for `cp`; false when it has none (the bytes go as they
// came, even an overlong form, as protobuf does).
bool AppendEscape(uint32_t cp, std::string* out) {
  if (cp < 0xa0) {
    if (const char* e = LowEscape(cp)) {
      out->append(e);
      return true;
    }
    if (!NeedsU(cp)) return false;
    AppendU(cp, out);
    return true;
  }
  if (BmpEscaped(cp)) {
    AppendU(cp, out);
    return true;
  }
  if (AstralEscaped(cp)) {
    AppendU(((cp - 0x10000) >> 10) + 0xd800, out);
    AppendU((cp & 0x3ff) + 0xdc00, out);
    return true;
  }
  return false;
}

// Printable ASCII that goes out as it is.
constexpr bool Plain(unsigned char c) {
  return c >= 0x20 && c < 0x7f && c != '"' && c != '<' && c != '>' && c != '\\';
}

constexpr uint64_t kOnes = 0x0101010101010101ULL;
constexpr uint64_t kHighs = 0x8080808080808080ULL;

constexpr uint64_t AnyZeroByte(uint64_t w) { return (w - kOnes) & ~w & kHighs; }

// True when all eight bytes at p are Plain: the common case of text, tested
// a word at a time (bytes below 0x20, from 0x7f, or one of "<>\\).
bool PlainWord(const char* p) {
  uint64_t w;
  std::memcpy(&w, p, sizeof w);
  uint64_t special =
      ((w - kOnes * 0x20) & ~w) | w | AnyZeroByte(w ^ (kOnes * 0x7f)) |
      AnyZeroByte(w ^ (kOnes * '"')) | AnyZeroByte(w ^ (kOnes * '<')) |
      AnyZeroByte(w ^ (kOnes * '>')) | AnyZeroByte(w ^ (kOnes * '\\'));
  return (special & kHighs) == 0;
}

// Length of the sequence a lead byte starts, 0 when it cannot start one.
int SequenceLength(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead < 0xc0) return 0;
  if (lead < 0xe0) return 2;
  if (lead < 0xf0) return 3;
  if (lead < 0xf8) return 4;
  return 0;
}

// Escapes the sequence at s[i]; returns how many bytes it consumed. Like
// protobuf, a bad continuation byte is dropped together with what came
// before it, a sequence cut off by the end is dropped, and so are
// surrogates and code points past U+10FFFF.
size_t EscapeOne(std::string_view s, size_t i, std::string* out) {
  auto lead = static_cast<unsigned char>(s[i]);
  int len = SequenceLength(lead);
  if (len == 0) return 1;
  static constexpr unsigned char kLeadMask[] = {0, 0x7f, 0x1f, 0x0f, 0x07};
  uint32_t cp = lead & kLeadMask[len];
  for (int k = 1; k < len; ++k) {
    if (i + k >= s.size()) return s.size() - i;
    auto c = static_cast<unsigned char>(s[i + k]);
    cp = (cp << 6) | (c & 0x3f);
    if (c < 0x80 || c > 0xbf) return k + 1;
  }
  if ((cp & 0xfffff800) == 0xd800 || cp > 0x10ffff) return len;
  if (!AppendEscape(cp, out)) out->append(s.data() + i, len);
  return len;
}

}  // namespace

void AppendJsonString(std::string_view s, std::string* out) {
  out->reserve(out->size() + s.size() + 2);
  out->push_back('"');
  size_t done = 0;  // s[done, i) goes out unchanged
  for (size_t i = 0; i < s.size();) {
    if (i + 8 <= s.size() && PlainWord(s.data() + i)) {
      i += 8;
      continue;
    }
    if (Plain(static_cast<unsigned char>(s[i]))) {
      ++i;
      continue;
    }
    out->append(s.data() + done, i - done);
    i += EscapeOne(s, i, out);
    done = i;
  }
  out->append(s.data() + done, s.size() - done);
  out->push_back('"');
}

}  // namespace briefdesk::gateway
