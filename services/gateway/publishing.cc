#include "services/gateway/publishing.h"

#include <google/protobuf/util/time_util.h>
#include <sodium.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>
#include <ctime>
#include <kainjow/mustache.hpp>
#include <map>

#include "libs/text/text.h"

namespace briefdesk::gateway {

// From templates/ (CMake embeds them).
const std::map<std::string, std::string>& Templates();

namespace {

namespace mu = kainjow::mustache;
using google::protobuf::util::TimeUtil;

struct SectionName {
  const char* id;
  const char* heading;
  const std::string& (briefs::v1::Sections::*text)() const;
};
const SectionName kSections[] = {
    {"summary", "Key messages", &briefs::v1::Sections::summary},
    {"problem", "The problem", &briefs::v1::Sections::problem},
    {"evidence", "Evidence", &briefs::v1::Sections::evidence},
    {"options", "Policy options", &briefs::v1::Sections::options},
    {"recommendations", "Recommendations",
     &briefs::v1::Sections::recommendations},
    {"references", "References", &briefs::v1::Sections::references},
};

std::string Constituency(briefs::v1::Constituency c) {
  switch (c) {
    case briefs::v1::GOVERNMENT:
      return "Government";
    case briefs::v1::WORKERS:
      return "Workers' organization";
    case briefs::v1::EMPLOYERS:
      return "Employers' organization";
    default:
      return "";
  }
}

std::string Join(const PublishedBrief& b) {
  std::string out;
  for (int i = 0; i < b.authors_size(); ++i) {
    if (i > 0) out += i + 1 == b.authors_size() ? " and " : ", ";
    out += text::OneLine(b.authors(i));
  }
  return out.empty() ? "Anonymous" : out;
}

std::string Iso(const google::protobuf::Timestamp& t) {
  std::string s = TimeUtil::ToString(t);
  size_t dot = s.find('.');
  return dot == std::string::npos ? s : s.substr(0, dot) + "Z";
}

std::string Day(const google::protobuf::Timestamp& t) {
  std::time_t secs = t.seconds();
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%e %B %Y", &tm);
  std::string out(buf);
  return out[0] == ' ' ? out.substr(1) : out;
}

std::string QueryValue(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", c);
      out += hex;
    }
  }
  return out;
}

// Titles, names and the like are one line wherever they are shown.
// "rtl" for a language written right to left (ar, he, fa, ur, ...), by
// ICU's likely script of the tag; else "ltr".
std::string DirectionOf(const std::string& language) {
  UErrorCode status = U_ZERO_ERROR;
  icu::Locale locale = icu::Locale::forLanguageTag(language, status);
  return U_SUCCESS(status) && locale.isRightToLeft() ? "rtl" : "ltr";
}

mu::data Common(const PublishedBrief& b) {
  mu::data d;
  // The brief's own words are in its language, and run right to left in
  // a right-to-left script; the page's labels stay English.
  const std::string language = b.language().empty() ? "en" : b.language();
  d.set("language", language);
  d.set("dir", DirectionOf(language));
  d.set("title", text::OneLine(b.title()));
  d.set("brief_id", b.brief_id());
  d.set("slug_path", SlugPath(b.slug()));
  d.set("authors", Join(b));
  d.set("topic", text::OneLine(b.topic()));
  d.set("topic_query", QueryValue(b.topic()));
  if (!b.cohort().empty()) d.set("cohort", text::OneLine(b.cohort()));
  d.set("cohort_query", QueryValue(b.cohort()));
  d.set("publish_iso", Iso(b.publish_time()));
  d.set("publish_date", Day(b.publish_time()));
  if (b.retracted()) {
    d.set("retracted", true);
    d.set("retraction_reason", text::OneLine(b.retraction_reason()));
    d.set("retract_iso", Iso(b.retract_time()));
    d.set("retract_date", Day(b.retract_time()));
  }
  return d;
}

enum class Markup { kHtml, kXml };

// Every {{value}} passes here, so no stored text can put into a page or the
// feed a character that XML forbids. In HTML every value is inline text,
// where a line break shows as a space anyway: collapsing them there also
// keeps out the controls XML allows but HTML does not (CR, C1, DEL).
std::string Render(const std::string& name, mu::data& d, Markup markup) {
  mu::mustache tmpl(Templates().at(name));
  tmpl.set_custom_escape([markup](const std::string& s) {
    return mu::html_escape(markup == Markup::kHtml
                               ? text::XmlSafe(text::OneLine(s))
                               : text::XmlSafe(s));
  });
  d.set("style.css", mu::partial([] { return Templates().at("style.css"); }));
  return tmpl.render(d);
}

// A string that YAML readers load back as it was. yaml-cpp escapes C0 and
// C1 controls and the BOM; it prints DEL raw, which YAML forbids, and
// U+2028/U+2029 raw, which YAML 1.1 readers fold as line breaks: those
// strings have everything but ASCII escaped. yaml-cpp turns what is not
// UTF-8, and noncharacters such as U+FFFF, into U+FFFD, so invalid bytes
// become U+FFFD here first (its own decoder is lax about overlong forms).
void YamlString(YAML::Emitter& out, const std::string& s) {
  std::string utf8;
  if (text::IsUtf8(s)) {
    utf8 = s;
  } else {
    icu::UnicodeString::fromUTF8(s).toUTF8String(utf8);
  }
  if (utf8.find('\x7F') != std::string::npos ||
      utf8.find("\xE2\x80\xA8") != std::string::npos ||
      utf8.find("\xE2\x80\xA9") != std::string::npos) {
    out << YAML::EscapeNonAscii;  // for this value only
  }
  out << YAML::DoubleQuoted << utf8;
}

std::string FrontMatter(const PublishedBrief& b, const std::string& base_url) {
  YAML::Emitter out;
  auto field = [&out](const char* key, const std::string& value) {
    out << YAML::Key << key << YAML::Value;
    YamlString(out, value);
  };
  out << YAML::BeginMap;
  field("title", b.title());
  out << YAML::Key << "authors" << YAML::Value << YAML::BeginSeq;
  for (const std::string& a : b.authors()) YamlString(out, a);
  out << YAML::EndSeq;
  field("topic", b.topic());
  field("language", b.language().empty() ? "en" : b.language());
  if (!b.cohort().empty()) field("cohort", b.cohort());
  if (!b.country().empty()) field("country", b.country());
  std::string constituency = Constituency(b.constituency());
  if (!constituency.empty()) field("constituency", constituency);
  out << YAML::Key << "published" << YAML::Value << Iso(b.publish_time());
  out << YAML::Key << "revision" << YAML::Value << b.revision();
  field("url", base_url + SlugPath(b.slug()));
  if (b.retracted()) {
    out << YAML::Key << "retracted" << YAML::Value << Iso(b.retract_time());
    field("retraction_reason", b.retraction_reason());
  }
  out << YAML::EndMap;
  return "---\n" + std::string(out.c_str()) + "\n---\n";
}

}  // namespace

std::string SlugPath(const std::string& slug) {
  return "/published/" + QueryValue(slug);
}

std::string BriefPage(const PublishedBrief& b, const std::string& base_url) {
  mu::data d = Common(b);
  if (!b.policy_question().empty())
    d.set("policy_question", b.policy_question());
  if (!b.country().empty()) d.set("country", b.country());
  std::string constituency = Constituency(b.constituency());
  if (!constituency.empty()) d.set("constituency", constituency);
  mu::data sections = mu::data::type::list;
  for (const SectionName& s : kSections) {
    const std::string& text = (b.sections().*s.text)();
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) continue;
    mu::data section;
    section.set("id", s.id);
    section.set("heading", s.heading);
    section.set("html", RenderMarkdown(text));
    sections.push_back(section);
  }
  d.set("sections", sections);
  std::string year = Iso(b.publish_time()).substr(0, 4);
  d.set("citation", Join(b) + " (" + year + "). " + text::OneLine(b.title()) +
                        ". BriefDesk policy brief" +
                        (b.cohort().empty() ? "" : ", " + b.cohort()) + ". " +
                        base_url + SlugPath(b.slug()));
  return Render("brief.mustache", d, Markup::kHtml);
}

std::string IndexPage(const std::vector<PublishedBrief>& briefs,
                      const std::string& topic, const std::string& cohort,
                      const std::string& next) {
  mu::data d;
  if (!topic.empty() || !cohort.empty()) d.set("filtered", true);
  if (!topic.empty()) d.set("topic", topic);
  if (!cohort.empty()) d.set("cohort", cohort);
  mu::data list = mu::data::type::list;
  for (const PublishedBrief& b : briefs) list.push_back(Common(b));
  d.set("briefs", list);
  if (!next.empty()) d.set("next", next);
  return Render("index.mustache", d, Markup::kHtml);
}

std::string BriefMarkdown(const PublishedBrief& b,
                          const std::string& base_url) {
  // One line: a line break in an old title must not add or rewrite headings.
  std::string md =
      FrontMatter(b, base_url) + "\n# " + text::OneLine(b.title()) + "\n";
  if (!b.policy_question().empty()) {
    md += "\n**Policy question:** " + text::OneLine(b.policy_question()) + "\n";
  }
  for (const SectionName& s : kSections) {
    const std::string& body = (b.sections().*s.text)();
    if (body.find_first_not_of(" \t\r\n") == std::string::npos) continue;
    md += "\n## " + std::string(s.heading) + "\n\n" + body;
    if (body.back() != '\n') md += "\n";
  }
  return md;
}

std::string AtomFeed(const std::vector<PublishedBrief>& briefs,
                     const std::string& base_url) {
  mu::data d;
  d.set("base", base_url);
  int64_t latest = 0;
  mu::data list = mu::data::type::list;
  for (const PublishedBrief& b : briefs) {
    mu::data e = Common(b);
    latest = std::max(latest, LastModifiedSeconds(b));
    google::protobuf::Timestamp updated;
    updated.set_seconds(LastModifiedSeconds(b));
    e.set("updated_iso", Iso(updated));
    mu::data authors = mu::data::type::list;
    for (const auto& a : b.authors()) {
      mu::data name;
      name.set("name", text::OneLine(a));
      authors.push_back(name);
    }
    e.set("author_list", authors);
    e.set("summary", b.sections().summary());
    e.set("base", base_url);
    list.push_back(e);
  }
  d.set("briefs", list);
  google::protobuf::Timestamp updated;
  updated.set_seconds(latest);
  d.set("updated", Iso(updated));
  return Render("feed.mustache", d, Markup::kXml);
}

absl::StatusOr<std::string> PublicBaseUrl(std::string_view configured,
                                          std::string_view listen_address,
                                          int port) {
  namespace urls = boost::urls;
  if (configured.empty()) {
    if (port <= 0) {
      return absl::InvalidArgumentError(
          "BRIEFDESK_PUBLIC_URL must be set when BRIEFDESK_HTTP_PORT is 0: "
          "published links cannot name a port chosen at start-up");
    }
    urls::url u;
    u.set_scheme("http");
    u.set_host_address(listen_address);
    u.set_port_number(static_cast<uint16_t>(port));
    return std::string(u.buffer());
  }
  // The value is not repeated: a bad one may hold a password.
  auto bad = [](const std::string& why) {
    return absl::InvalidArgumentError(
        "BRIEFDESK_PUBLIC_URL " + why +
        "; expected e.g. https://briefs.example.org");
  };
  auto parsed = urls::parse_absolute_uri(configured);
  if (!parsed) return bad("is not an absolute URL");
  if (parsed->scheme_id() != urls::scheme::http &&
      parsed->scheme_id() != urls::scheme::https) {
    return bad("is not http or https");
  }
  if (!parsed->has_authority() || parsed->encoded_host().empty()) {
    return bad("has no host");
  }
  if (parsed->has_userinfo()) return bad("must not hold a user or password");
  if (parsed->has_query()) return bad("must not have a query");
  if (parsed->has_fragment()) return bad("must not have a fragment");
  std::string out(parsed->buffer());
  while (!out.empty() && out.back() == '/') out.pop_back();
  return out;
}

int64_t LastModifiedSeconds(const PublishedBrief& b) {
  return std::max<int64_t>({b.publish_time().seconds(),
                            b.retracted() ? b.retract_time().seconds() : 0,
                            b.byline_time().seconds()});
}

std::string HttpDate(int64_t unix_seconds) {
  std::time_t t = unix_seconds;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

int64_t ParseHttpDate(const std::string& text) {
  std::tm tm{};
  const char* end = strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (end == nullptr || *end != '\0') return -1;
  return timegm(&tm);
}

std::string BodyEtag(const std::string& body) {
  unsigned char hash[crypto_generichash_BYTES_MIN];
  crypto_generichash(hash, sizeof hash,
                     reinterpret_cast<const unsigned char*>(body.data()),
                     body.size(), nullptr, 0);
  char hex[2 * sizeof hash + 1];
  sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
  return std::string("\"") + hex + "\"";
}

}  // namespace briefdesk::gateway
