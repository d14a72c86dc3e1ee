#include "services/gateway/media_types.h"

#include <algorithm>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "libs/text/text.h"

namespace briefdesk::gateway {
namespace {

absl::string_view View(std::string_view s) { return {s.data(), s.size()}; }

// A parameter's name and value, unquoted ("charset", "utf-8").
std::pair<absl::string_view, absl::string_view> Parameter(
    absl::string_view param) {
  std::pair<absl::string_view, absl::string_view> kv =
      absl::StrSplit(param, absl::MaxSplits('=', 1));
  absl::string_view value = absl::StripAsciiWhitespace(kv.second);
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
    value = value.substr(1, value.size() - 2);
  }
  return {absl::StripAsciiWhitespace(kv.first), value};
}

// One media range of an Accept header: "text/csv;q=0.5".
struct Range {
  std::string type, subtype;  // lower case; "*" for a wildcard
  double q = 1;
};

// RFC 9110's qvalue: 0 to 1, at most three decimals.
bool ParseQ(absl::string_view text, double* q) {
  if (text.empty() || text.size() > 5 || (text[0] != '0' && text[0] != '1')) {
    return false;
  }
  return absl::SimpleAtod(text, q) && *q >= 0 && *q <= 1;
}

std::vector<Range> ParseAccept(std::string_view accept) {
  std::vector<Range> out;
  for (absl::string_view piece : absl::StrSplit(View(accept), ',')) {
    std::vector<absl::string_view> parts = absl::StrSplit(piece, ';');
    std::string media =
        absl::AsciiStrToLower(absl::StripAsciiWhitespace(parts[0]));
    if (media == "*") media = "*/*";  // what some old clients send
    size_t slash = media.find('/');
    if (slash == std::string::npos || slash == 0 || slash + 1 == media.size()) {
      continue;
    }
    Range r{media.substr(0, slash), media.substr(slash + 1)};
    bool ok = true;
    for (size_t i = 1; i < parts.size(); ++i) {
      auto [name, value] = Parameter(parts[i]);
      if (absl::EqualsIgnoreCase(name, "q")) ok = ParseQ(value, &r.q);
    }
    if (ok) out.push_back(std::move(r));
  }
  return out;
}

// The quality of `type`/`subtype`: that of the most specific range that
// matches it, 0 when none does.
double Quality(const std::vector<Range>& ranges, std::string_view type,
               std::string_view subtype) {
  int best = 0;
  double q = 0;
  for (const Range& r : ranges) {
    int specificity = 0;
    if (r.type == type && r.subtype == subtype) {
      specificity = 3;
    } else if (r.type == type && r.subtype == "*") {
      specificity = 2;
    } else if (r.type == "*" && r.subtype == "*") {
      specificity = 1;
    }
    if (specificity > best) {
      best = specificity;
      q = r.q;
    }
  }
  return q;
}

}  // namespace

bool IsUtf8MediaType(std::string_view content_type, std::string_view type) {
  // An absent header is a null view, which StrSplit splits into nothing.
  if (content_type.empty()) return false;
  std::vector<absl::string_view> parts =
      absl::StrSplit(View(content_type), ';');
  if (!absl::EqualsIgnoreCase(absl::StripAsciiWhitespace(parts[0]),
                              View(type))) {
    return false;
  }
  for (size_t i = 1; i < parts.size(); ++i) {
    auto [name, value] = Parameter(parts[i]);
    if (absl::EqualsIgnoreCase(name, "charset") &&
        !absl::EqualsIgnoreCase(value, "utf-8")) {
      return false;
    }
  }
  return true;
}

bool PrefersCsv(std::string_view accept) {
  std::vector<Range> ranges = ParseAccept(accept);
  return Quality(ranges, "text", "csv") >
         Quality(ranges, "application", "json");
}

std::optional<std::string> RawTextProblem(std::string_view body) {
  size_t line = 0;
  for (absl::string_view piece : absl::StrSplit(View(body), '\n')) {
    ++line;
    std::string text(piece);
    text.erase(std::remove(text.begin(), text.end(), '\r'), text.end());
    if (auto problem = text::Problem(text, text::Lines::kMany)) {
      return "line " + std::to_string(line) + " " +
             absl::StrReplaceAll(*problem,
                                 {{"only tab and newline are allowed",
                                   "only tab, carriage return and newline "
                                   "are allowed"}});
    }
  }
  return std::nullopt;
}

}  // namespace briefdesk::gateway
