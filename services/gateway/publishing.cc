#include "services/gateway/publishing.h"

#include <cmark-gfm.h>
#include <google/protobuf/util/time_util.h>
#include <sodium.h>

#include <algorithm>
#include <ctime>
#include <kainjow/mustache.hpp>
#include <map>

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
    out += b.authors(i);
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

mu::data Common(const PublishedBrief& b) {
  mu::data d;
  d.set("title", b.title());
  d.set("brief_id", b.brief_id());
  d.set("slug_path", SlugPath(b.slug()));
  d.set("authors", Join(b));
  d.set("topic", b.topic());
  d.set("topic_query", QueryValue(b.topic()));
  if (!b.cohort().empty()) d.set("cohort", b.cohort());
  d.set("cohort_query", QueryValue(b.cohort()));
  d.set("publish_iso", Iso(b.publish_time()));
  d.set("publish_date", Day(b.publish_time()));
  if (b.retracted()) {
    d.set("retracted", true);
    d.set("retraction_reason", b.retraction_reason());
    d.set("retract_iso", Iso(b.retract_time()));
    d.set("retract_date", Day(b.retract_time()));
  }
  return d;
}

std::string Render(const std::string& name, mu::data& d) {
  mu::mustache tmpl(Templates().at(name));
  d.set("style.css", mu::partial([] { return Templates().at("style.css"); }));
  return tmpl.render(d);
}

}  // namespace

std::string RenderMarkdown(const std::string& markdown) {
  // CMARK_OPT_DEFAULT is safe: raw HTML becomes a comment, and links with
  // javascript:, vbscript:, file: or data: (but images) lose their target.
  cmark_node* doc =
      cmark_parse_document(markdown.data(), markdown.size(), CMARK_OPT_DEFAULT);
  // The section is an h2: its own headings go below it, in the tree (the
  // HTML is never rewritten as text).
  cmark_iter* it = cmark_iter_new(doc);
  for (cmark_event_type ev; (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE;) {
    cmark_node* node = cmark_iter_get_node(it);
    if (ev == CMARK_EVENT_ENTER &&
        cmark_node_get_type(node) == CMARK_NODE_HEADING) {
      cmark_node_set_heading_level(
          node, std::min(cmark_node_get_heading_level(node) + 2, 6));
    }
  }
  cmark_iter_free(it);
  char* html = cmark_render_html(doc, CMARK_OPT_DEFAULT, nullptr);
  std::string out(html);
  free(html);
  cmark_node_free(doc);
  return out;
}

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
  d.set("citation", Join(b) + " (" + year + "). " + b.title() +
                        ". BriefDesk policy brief" +
                        (b.cohort().empty() ? "" : ", " + b.cohort()) + ". " +
                        base_url + SlugPath(b.slug()));
  return Render("brief.mustache", d);
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
  return Render("index.mustache", d);
}

std::string BriefMarkdown(const PublishedBrief& b,
                          const std::string& base_url) {
  auto quoted = [](const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
      if (c == '"' || c == '\\') out += '\\';
      if (c == '\n') {
        out += "\\n";
        continue;
      }
      out += c;
    }
    return out + "\"";
  };
  std::string md = "---\n";
  md += "title: " + quoted(b.title()) + "\n";
  md += "authors:\n";
  for (const auto& a : b.authors()) md += "  - " + quoted(a) + "\n";
  md += "topic: " + quoted(b.topic()) + "\n";
  if (!b.cohort().empty()) md += "cohort: " + quoted(b.cohort()) + "\n";
  if (!b.country().empty()) md += "country: " + quoted(b.country()) + "\n";
  std::string constituency = Constituency(b.constituency());
  if (!constituency.empty())
    md += "constituency: " + quoted(constituency) + "\n";
  md += "published: " + Iso(b.publish_time()) + "\n";
  md += "revision: " + std::to_string(b.revision()) + "\n";
  md += "url: " + quoted(base_url + SlugPath(b.slug())) + "\n";
  if (b.retracted()) {
    md += "retracted: " + Iso(b.retract_time()) + "\n";
    md += "retraction_reason: " + quoted(b.retraction_reason()) + "\n";
  }
  md += "---\n\n# " + b.title() + "\n";
  if (!b.policy_question().empty()) {
    md += "\n**Policy question:** " + b.policy_question() + "\n";
  }
  for (const SectionName& s : kSections) {
    const std::string& text = (b.sections().*s.text)();
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) continue;
    md += "\n## " + std::string(s.heading) + "\n\n" + text;
    if (text.back() != '\n') md += "\n";
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
      name.set("name", a);
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
  return Render("feed.mustache", d);
}

int64_t LastModifiedSeconds(const PublishedBrief& b) {
  return std::max<int64_t>(b.publish_time().seconds(),
                           b.retracted() ? b.retract_time().seconds() : 0);
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
