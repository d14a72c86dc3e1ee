#include "services/notification/email_templates.h"

#include <boost/json.hpp>
#include <kainjow/mustache.hpp>
#include <map>

#include "absl/strings/str_cat.h"

namespace briefdesk::notification {

const std::map<std::string, std::string>& EmailTemplates();  // generated

namespace {

namespace mu = kainjow::mustache;
namespace json = boost::json;

mu::data ToData(const json::value& v) {
  switch (v.kind()) {
    case json::kind::object: {
      mu::data d{mu::data::type::object};
      for (const auto& [k, x] : v.get_object())
        d.set(std::string(k), ToData(x));
      return d;
    }
    case json::kind::array: {
      mu::data d{mu::data::type::list};
      for (const auto& x : v.get_array()) d.push_back(ToData(x));
      return d;
    }
    case json::kind::string:
      if (v.get_string().empty()) return mu::data(false);
      return mu::data(std::string(v.get_string()));
    case json::kind::bool_:
      return mu::data(v.get_bool());
    case json::kind::null:
      return mu::data(false);
    default:
      return mu::data(json::serialize(v));
  }
}

absl::StatusOr<std::string> Render(const std::string& name,
                                   const mu::data& data, bool html) {
  auto it = EmailTemplates().find(name);
  if (it == EmailTemplates().end()) {
    return absl::InternalError("no e-mail template " + name);
  }
  mu::mustache tmpl(it->second);
  if (!tmpl.is_valid()) {
    return absl::InternalError(
        absl::StrCat("template ", name, ": ", tmpl.error_message()));
  }
  if (!html) tmpl.set_custom_escape([](const std::string& s) { return s; });
  return tmpl.render(data);
}

absl::StatusOr<mu::data> Parse(const std::string& data) {
  boost::system::error_code ec;
  json::value v = json::parse(data, ec);
  if (ec || !v.is_object()) {
    return absl::InternalError("e-mail data is not a JSON object");
  }
  return ToData(v);
}

}  // namespace

std::string TemplateLanguage(const std::string& kind,
                             const std::string& language) {
  std::string primary = language.substr(0, language.find('-'));
  for (const std::string& l : {language, primary, std::string("en")}) {
    if (!l.empty() && EmailTemplates().count(l + "/" + kind + ".subject")) {
      return l;
    }
  }
  return "";
}

absl::StatusOr<RenderedEmail> RenderEmail(const std::string& kind,
                                          const std::string& language,
                                          const std::string& data) {
  auto d = Parse(data);
  if (!d.ok()) return d.status();
  RenderedEmail out;
  out.language = TemplateLanguage(kind, language);
  if (out.language.empty())
    return absl::InternalError("no templates for " + kind);
  std::string base = out.language + "/" + kind;
  auto subject = Render(base + ".subject", *d, false);
  if (!subject.ok()) return subject.status();
  auto text = Render(base + ".txt", *d, false);
  if (!text.ok()) return text.status();
  auto html = Render(base + ".html", *d, true);
  if (!html.ok()) return html.status();
  // A subject is one line, however the data ended.
  out.subject = *subject;
  for (char& c : out.subject) {
    if (c == '\r' || c == '\n') c = ' ';
  }
  out.text = *std::move(text);
  out.html = *std::move(html);
  return out;
}

absl::StatusOr<std::string> RenderSubject(const std::string& kind,
                                          const std::string& language,
                                          const std::string& data) {
  auto r = RenderEmail(kind, language, data);
  if (!r.ok()) return r.status();
  return r->subject;
}

std::vector<std::string> TemplateFiles() {
  std::vector<std::string> out;
  for (const auto& [name, text] : EmailTemplates()) out.push_back(name);
  return out;
}

}  // namespace briefdesk::notification
