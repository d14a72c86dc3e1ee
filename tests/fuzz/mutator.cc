#include "tests/fuzz/mutator.h"

namespace briefdesk::testing {
namespace {

const char* const kPieces[] = {"" /* NUL, below */,
                               "\x01",
                               "\x1f",
                               "\x7f",
                               "\x80",
                               "\xc0",
                               "\xff",
                               "\xed\xa0\x80",
                               "%",
                               "%00",
                               "%FF",
                               "%C0%AF",
                               "%zz",
                               "\"",
                               "\\",
                               "\\u0000",
                               "\\ud800",
                               "\\u001f",
                               "{",
                               "}",
                               "[",
                               "]",
                               ":",
                               ",",
                               "\r",
                               "\n",
                               "\r\n",
                               " ",
                               "+",
                               "&",
                               "=",
                               "?",
                               "#",
                               "/",
                               "..",
                               ":submit",
                               "9999999999999999999999",
                               "-1",
                               "null",
                               "true",
                               "1e999"};

}  // namespace

std::string Mutator::Piece() {
  size_t i = Below(std::size(kPieces));
  // The NUL piece is one byte long.
  return i == 0 ? std::string(1, '\0') : std::string(kPieces[i]);
}

std::string Mutator::Mutate(std::string s, int max_steps) {
  int steps = 1 + static_cast<int>(Below(static_cast<size_t>(max_steps)));
  for (int k = 0; k < steps; ++k) {
    size_t at = Below(s.size() + 1);
    switch (Below(5)) {
      case 0:  // replace a byte
        if (at < s.size()) s.replace(at, 1, Piece());
        break;
      case 1:  // insert
        s.insert(at, Piece());
        break;
      case 2:  // delete a few bytes
        if (at < s.size()) s.erase(at, 1 + Below(3));
        break;
      case 3:  // a random byte
        if (at < s.size()) s[at] = static_cast<char>(Below(256));
        break;
      default:  // repeat a stretch
        if (at < s.size()) s.insert(at, s.substr(at, 1 + Below(16)));
        break;
    }
  }
  return s;
}

}  // namespace briefdesk::testing
