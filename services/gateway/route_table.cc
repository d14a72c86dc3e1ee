#include "services/gateway/route_table.h"

#include <algorithm>
#include <boost/url/parse.hpp>
#include <boost/url/pct_string_view.hpp>

#include "absl/strings/str_split.h"
#include "libs/rpc/rpc.h"

namespace briefdesk::gateway {
namespace {

namespace urls = boost::urls;

std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> out;
  size_t pos = 1;  // paths start with '/'
  while (pos <= path.size()) {
    size_t end = path.find('/', pos);
    if (end == std::string_view::npos) end = path.size();
    out.push_back(path.substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}

// The decoded form of a percent-encoded piece that ParseTarget accepted.
std::string Decode(std::string_view encoded) {
  auto pct = urls::make_pct_string_view(
      urls::string_view(encoded.data(), encoded.size()));
  return pct ? pct->decode() : std::string(encoded);
}

// Matches one (encoded) segment; on a parameter, stores its decoded value.
bool MatchSegment(const Segment& s, std::string_view got,
                  RouteTable::Found* found) {
  if (s.param.empty()) return got == s.literal;
  std::string_view value = got;
  if (!s.suffix.empty()) {
    if (got.size() <= s.suffix.size() ||
        got.substr(got.size() - s.suffix.size()) != s.suffix) {
      return false;
    }
    value = got.substr(0, got.size() - s.suffix.size());
  }
  // A plain parameter never swallows a custom verb ("x:submit").
  if (value.empty() || value.find(':') != std::string_view::npos) return false;
  found->params[s.field] = Decode(value);
  found->names[s.field] = s.param;
  return true;
}

using google::protobuf::FieldDescriptor;

// The singular field `name` (proto or JSON name) of `d`, of the C++ type
// `type`; an error naming the route otherwise.
absl::StatusOr<const FieldDescriptor*> Declared(
    const Route& r, const google::protobuf::Descriptor* d,
    const std::string& name, FieldDescriptor::CppType type) {
  const FieldDescriptor* f = d->FindFieldByName(name);
  if (f == nullptr) f = d->FindFieldByCamelcaseName(name);
  if (f == nullptr || f->is_repeated() || f->cpp_type() != type) {
    return absl::InvalidArgumentError(
        r.rpc + ": " + d->full_name() + " has no singular " +
        FieldDescriptor::CppTypeName(type) + " field " + name);
  }
  return f;
}

// The answer's fields of a session route (HttpRoute.session).
absl::Status ResolveSessionFields(Route* r) {
  const std::string& kind = r->http.session();
  const auto* out = r->method->output_type();
  RouteFields& f = r->fields;
  if (kind == "start") {
    auto token =
        Declared(*r, out, "session_token", FieldDescriptor::CPPTYPE_STRING);
    auto csrf =
        Declared(*r, out, "csrf_token", FieldDescriptor::CPPTYPE_STRING);
    if (!token.ok()) return token.status();
    if (!csrf.ok()) return csrf.status();
    f.session_token = *token;
    f.csrf_token = *csrf;
  } else if (kind == "end") {
    auto out_field =
        Declared(*r, out, "signed_out", FieldDescriptor::CPPTYPE_BOOL);
    if (!out_field.ok()) return out_field.status();
    f.signed_out = *out_field;
  } else if (!kind.empty()) {
    return absl::InvalidArgumentError(r->rpc +
                                      ": session is \"start\" or \"end\"");
  }
  return absl::OkStatus();
}

// Resolves raw_body, csv_flag, csv_field and error_field, so that a
// mistaken declaration stops the gateway at start rather than a request.
absl::Status ResolveFields(Route* r) {
  const auto& http = r->http;
  const auto* in = r->method->input_type();
  const auto* out = r->method->output_type();
  RouteFields& f = r->fields;
  if (!http.raw_body().empty()) {
    if (http.raw_body_type().empty() || !http.body().empty()) {
      return absl::InvalidArgumentError(
          r->rpc + ": raw_body needs raw_body_type, and no body");
    }
    auto raw =
        Declared(*r, in, http.raw_body(), FieldDescriptor::CPPTYPE_STRING);
    if (!raw.ok()) return raw.status();
    f.raw_body = *raw;
  }
  if (http.csv_field().empty() != http.csv_flag().empty()) {
    return absl::InvalidArgumentError(r->rpc +
                                      ": csv_field and csv_flag go together");
  }
  if (!http.csv_field().empty()) {
    auto flag =
        Declared(*r, in, http.csv_flag(), FieldDescriptor::CPPTYPE_BOOL);
    auto csv =
        Declared(*r, out, http.csv_field(), FieldDescriptor::CPPTYPE_STRING);
    if (!flag.ok()) return flag.status();
    if (!csv.ok()) return csv.status();
    f.csv_flag = *flag;
    f.csv_field = *csv;
  }
  if (!http.error_field().empty()) {
    auto error =
        Declared(*r, out, http.error_field(), FieldDescriptor::CPPTYPE_MESSAGE);
    if (!error.ok()) return error.status();
    if ((*error)->message_type() !=
        common::v1::ErrorBody::Error::descriptor()) {
      return absl::InvalidArgumentError(
          r->rpc +
          ": error_field must be a briefdesk.common.v1.ErrorBody.Error");
    }
    f.error_field = *error;
  }
  return ResolveSessionFields(r);
}

void AddAllowed(std::vector<std::string>* allowed, const std::string& m) {
  if (std::find(allowed->begin(), allowed->end(), m) == allowed->end()) {
    allowed->push_back(m);
  }
}

}  // namespace

absl::StatusOr<Target> ParseTarget(std::string_view target) {
  size_t q = target.find('?');
  std::string_view path = target.substr(0, q);
  // The path is checked with Boost.URL; the query, parameter by parameter
  // in DecodeQuery, so that an error names the parameter.
  auto url =
      urls::parse_origin_form(urls::string_view(path.data(), path.size()));
  if (!url) {
    return rpc::FieldError("path",
                           "is not a valid URL path: " + url.error().message());
  }
  Target out;
  out.path = path;
  if (q != std::string_view::npos) out.query = target.substr(q + 1);
  return out;
}

absl::StatusOr<std::vector<std::pair<std::string, std::string>>> DecodeQuery(
    std::string_view encoded_query) {
  std::vector<std::pair<std::string, std::string>> out;
  urls::encoding_opts form;
  form.space_as_plus = true;
  // Split here rather than with Boost.URL 1.81's parse_query, which reads
  // the last parameter past the end of a string_view that does not end its
  // buffer (as a request target never does).
  for (absl::string_view piece : absl::StrSplit(
           absl::string_view(encoded_query.data(), encoded_query.size()), '&',
           absl::SkipEmpty())) {
    size_t eq = piece.find('=');
    absl::string_view raw_key = piece.substr(0, eq);
    auto key = urls::make_pct_string_view(
        urls::string_view(raw_key.data(), raw_key.size()));
    if (!key) {
      return rpc::FieldError("query",
                             "has a parameter name that is not valid "
                             "percent-encoding (RFC 3986)");
    }
    std::string name = key->decode(form);
    absl::string_view raw_value = eq == absl::string_view::npos
                                      ? absl::string_view()
                                      : piece.substr(eq + 1);
    auto value = urls::make_pct_string_view(
        urls::string_view(raw_value.data(), raw_value.size()));
    if (!value) {
      return rpc::FieldError(name, "is not valid percent-encoding (RFC 3986)");
    }
    out.emplace_back(std::move(name), value->decode(form));
  }
  return out;
}

std::string ApiPath(std::string_view path) {
  std::string out;
  bool binding = false;
  for (char c : path) {
    if (c == '=') binding = true;
    if (c == '}') binding = false;
    if (!binding) out += c;
  }
  return out;
}

std::vector<Segment> ParseTemplate(std::string_view path) {
  std::vector<Segment> out;
  for (std::string_view part : SplitPath(path)) {
    Segment s;
    if (!part.empty() && part.front() == '{') {
      size_t close = part.find('}');
      std::string_view inner = part.substr(1, close - 1);
      size_t eq = inner.find('=');
      s.param = std::string(inner.substr(0, eq));
      s.field = std::string(
          eq == std::string_view::npos ? inner : inner.substr(eq + 1));
      s.suffix = std::string(part.substr(close + 1));
    } else {
      s.literal = std::string(part);
    }
    out.push_back(std::move(s));
  }
  return out;
}

absl::StatusOr<RouteTable> RouteTable::ForServices(
    const std::vector<const google::protobuf::ServiceDescriptor*>& services) {
  RouteTable table;
  for (const auto* service : services) {
    if (service == nullptr) return absl::NotFoundError("no such service");
    for (int i = 0; i < service->method_count(); ++i) {
      const auto* m = service->method(i);
      if (!m->options().HasExtension(common::v1::http)) continue;
      Route r;
      r.http = m->options().GetExtension(common::v1::http);
      r.rpc = "/" + service->full_name() + "/" + m->name();
      r.service = service->full_name();
      r.method = m;
      if (absl::Status s = ResolveFields(&r); !s.ok()) return s;
      if (absl::Status s = table.Add(std::move(r)); !s.ok()) return s;
    }
  }
  return table;
}

void RouteTable::AddOwn(std::string method, std::string path,
                        std::string summary, bool is_public, OwnRouteDoc doc) {
  Route r;
  r.own = std::move(doc);
  r.http.set_method(std::move(method));
  r.http.set_path(std::move(path));
  r.http.set_summary(std::move(summary));
  r.http.set_public_(is_public);
  Add(std::move(r)).IgnoreError();
}

absl::Status RouteTable::Add(Route route) {
  route.segments = ParseTemplate(route.http.path());
  for (const Route& r : routes_) {
    if (r.http.method() == route.http.method() &&
        r.http.path() == route.http.path()) {
      return absl::AlreadyExistsError(
          "route declared twice: " + route.http.method() + " " +
          route.http.path());
    }
  }
  routes_.push_back(std::move(route));
  return absl::OkStatus();
}

RouteTable::Found RouteTable::Find(std::string_view method,
                                   std::string_view path) const {
  const std::string_view want = method == "HEAD" ? "GET" : method;
  Found best;
  int best_literals = -1;
  std::vector<std::string_view> parts = SplitPath(path);
  for (const Route& r : routes_) {
    if (r.segments.size() != parts.size()) continue;
    Found match;
    // Literal segments weigh most, then suffixes: /published/feed.atom over
    // /published/{slug}.md over /published/{slug}.
    int literals = 0;
    bool ok = true;
    for (size_t i = 0; ok && i < parts.size(); ++i) {
      ok = MatchSegment(r.segments[i], parts[i], &match);
      literals +=
          r.segments[i].param.empty() ? 2 : !r.segments[i].suffix.empty();
    }
    if (!ok) continue;
    if (r.http.method() != want) {
      AddAllowed(&best.allowed_methods, r.http.method());
      if (r.http.method() == "GET") AddAllowed(&best.allowed_methods, "HEAD");
      continue;
    }
    // The most literal match wins: /v1/users/me over /v1/users/{id}.
    if (literals > best_literals) {
      best_literals = literals;
      best.route = &r;
      best.params = std::move(match.params);
      best.names = std::move(match.names);
    }
  }
  if (best.route != nullptr) best.allowed_methods.clear();
  return best;
}

}  // namespace briefdesk::gateway
