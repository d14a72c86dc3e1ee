#include "services/gateway/conditional.h"

#include "libs/rpc/rpc.h"

namespace briefdesk::gateway {
namespace {

bool Space(char c) { return c == ' ' || c == '\t'; }

// etagc = %x21 / %x23-7E / obs-text
bool TagChar(unsigned char c) { return c == 0x21 || (c >= 0x23 && c != 0x7F); }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && Space(s.front())) s.remove_prefix(1);
  while (!s.empty() && Space(s.back())) s.remove_suffix(1);
  return s;
}

std::string_view Opaque(std::string_view tag) {
  if (tag.rfind("W/", 0) == 0) tag.remove_prefix(2);
  return tag.size() >= 2 ? tag.substr(1, tag.size() - 2) : tag;
}

}  // namespace

absl::StatusOr<EntityTags> ParseEntityTags(std::string_view value,
                                           std::string_view header) {
  EntityTags out;
  std::string_view rest = Trim(value);
  if (rest == "*") {
    out.any = true;
    return out;
  }
  auto bad = [&] {
    return rpc::FieldError(header,
                           "must be * or a list of entity tags such as "
                           "\"3-4\" (RFC 9110)");
  };
  while (!rest.empty()) {
    bool weak = rest.rfind("W/", 0) == 0;
    if (weak) rest.remove_prefix(2);
    if (rest.empty() || rest.front() != '"') return bad();
    size_t close = 1;
    while (close < rest.size() && TagChar(rest[close])) ++close;
    if (close >= rest.size() || rest[close] != '"') return bad();
    std::string tag(rest.substr(1, close - 1));
    (weak ? out.weak : out.strong).push_back(std::move(tag));
    rest = Trim(rest.substr(close + 1));
    if (rest.empty()) break;
    if (rest.front() != ',') return bad();
    // Empty list elements (",,") are allowed by the list syntax.
    while (!rest.empty() && (rest.front() == ',' || Space(rest.front()))) {
      rest.remove_prefix(1);
    }
  }
  if (out.strong.empty() && out.weak.empty()) return bad();
  return out;
}

bool NoneMatch(const EntityTags& tags, std::string_view current) {
  if (tags.any) return true;
  std::string_view opaque = Opaque(current);
  for (const auto& list : {&tags.strong, &tags.weak}) {
    for (const std::string& t : *list) {
      if (t == opaque) return true;
    }
  }
  return false;
}

bool NotModified(std::string_view if_none_match, std::string_view etag) {
  if (if_none_match.empty() || etag.empty()) return false;
  auto tags = ParseEntityTags(if_none_match, "If-None-Match");
  return tags.ok() && NoneMatch(*tags, etag);
}

}  // namespace briefdesk::gateway
