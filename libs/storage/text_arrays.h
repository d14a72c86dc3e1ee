// PostgreSQL text[] values, both ways: a parameter written as an array
// literal ("{\"a\",\"b\"}", cast with $n::text[] in the statement), and a
// column read back as strings (NULL elements left out).
#ifndef BRIEFDESK_LIBS_STORAGE_TEXT_ARRAYS_H_
#define BRIEFDESK_LIBS_STORAGE_TEXT_ARRAYS_H_

#include <string>
#include <string_view>
#include <vector>

namespace pqxx {
class field;
}  // namespace pqxx

namespace briefdesk::storage {

// An array literal of `items`, each quoted and escaped.
template <typename Range>
std::string TextArray(const Range& items) {
  std::string out = "{";
  bool first = true;
  for (std::string_view item : items) {
    if (!first) out += ',';
    first = false;
    out += '"';
    for (char c : item) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

// The strings of a text[] column; empty for NULL.
std::vector<std::string> ReadTextArray(const pqxx::field& f);

}  // namespace briefdesk::storage

#endif  // BRIEFDESK_LIBS_STORAGE_TEXT_ARRAYS_H_
