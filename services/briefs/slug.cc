#include "services/briefs/slug.h"

#include <cctype>
#include <map>

namespace briefdesk::briefs {
namespace {

// Latin-1 Supplement and Latin Extended-A letters to ASCII.
const std::map<uint32_t, const char*>& Folds() {
  static const std::map<uint32_t, const char*> folds = [] {
    std::map<uint32_t, const char*> m;
    const char* a = "aaaaaaaceeeeiiiidnooooo";  // U+00E0..U+00F6
    for (int i = 0; i < 23; ++i) {
      static char one[23][2];
      one[i][0] = a[i];
      m[0xE0 + i] = one[i];
      m[0xC0 + i] = one[i];
    }
    m[0xE6] = m[0xC6] = "ae";
    m[0xF8] = m[0xD8] = "o";
    m[0xF9] = m[0xFA] = m[0xFB] = m[0xFC] = "u";
    m[0xD9] = m[0xDA] = m[0xDB] = m[0xDC] = "u";
    m[0xFD] = m[0xFF] = m[0xDD] = "y";
    m[0xDF] = "ss";
    m[0xF0] = m[0xD0] = "d";
    m[0xFE] = m[0xDE] = "th";
    m[0xD7] = nullptr;  // ×
    m[0xF7] = nullptr;  // ÷
    const char* ext =
        // U+0100..U+017F, each letter's base from its Unicode decomposition.
        "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkkllllllllll"
        "nnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
    for (uint32_t cp = 0x100; cp <= 0x17F && ext[cp - 0x100]; ++cp) {
      static char one[0x80][2];
      one[cp - 0x100][0] = ext[cp - 0x100];
      m[cp] = one[cp - 0x100];
    }
    return m;
  }();
  return folds;
}

}  // namespace

std::string MakeSlug(const std::string& title) {
  std::string out;
  bool gap = false;
  auto word = [&](const std::string& piece) {
    if (gap && !out.empty()) out += '-';
    gap = false;
    out += piece;
  };
  for (size_t i = 0; i < title.size();) {
    unsigned char c = title[i];
    if (c < 0x80) {
      ++i;
      if (std::isalnum(c)) {
        word(std::string(1, static_cast<char>(std::tolower(c))));
      } else {
        gap = true;
      }
      continue;
    }
    size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    if (i + len > title.size()) break;
    uint32_t cp = c & (len == 4 ? 0x07 : len == 3 ? 0x0F : 0x1F);
    for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (title[i + k] & 0x3F);
    auto fold = Folds().find(cp);
    bool punctuation =
        (cp >= 0x80 && cp <= 0xBF) || (cp >= 0x2000 && cp <= 0x206F) ||
        (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF00 && cp <= 0xFF20) ||
        cp == 0x060C || cp == 0x061B || cp == 0x061F || cp == 0x06D4;
    if (fold != Folds().end()) {
      if (fold->second == nullptr) {
        gap = true;
      } else {
        word(fold->second);
      }
    } else if (punctuation || len == 1) {
      gap = true;
    } else {
      word(title.substr(i, len));  // another script: kept
    }
    i += len;
  }
  if (out.size() > 80) {
    size_t cut = out.rfind('-', 80);
    out = out.substr(0, cut == std::string::npos || cut < 20 ? 80 : cut);
    while (!out.empty() &&
           (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) {
      out.pop_back();  // never half a character
    }
    if (!out.empty() && static_cast<unsigned char>(out.back()) >= 0xC0)
      out.pop_back();
  }
  return out.empty() ? "brief" : out;
}

}  // namespace briefdesk::briefs
