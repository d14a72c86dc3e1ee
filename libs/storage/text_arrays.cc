#include "libs/storage/text_arrays.h"

#include <pqxx/pqxx>

namespace briefdesk::storage {

std::vector<std::string> ReadTextArray(const pqxx::field& f) {
  std::vector<std::string> out;
  if (f.is_null()) return out;
  pqxx::array_parser parser = f.as_array();
  for (;;) {
    auto [kind, text] = parser.get_next();
    if (kind == pqxx::array_parser::juncture::done) break;
    if (kind == pqxx::array_parser::juncture::string_value) {
      out.push_back(std::move(text));
    }
  }
  return out;
}

}  // namespace briefdesk::storage
