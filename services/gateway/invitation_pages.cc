#include "services/gateway/invitation_pages.h"

#include <kainjow/mustache.hpp>
#include <map>
#include <optional>

#include "libs/text/text.h"

namespace briefdesk::gateway {

// From templates/ (CMake embeds them).
const std::map<std::string, std::string>& Templates();

namespace {

namespace mu = kainjow::mustache;

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string Render(mu::data& d) {
  mu::mustache tmpl(Templates().at("invitation.mustache"));
  tmpl.set_custom_escape([](const std::string& s) {
    return mu::html_escape(text::XmlSafe(text::OneLine(s)));
  });
  d.set("style.css", mu::partial([] { return Templates().at("style.css"); }));
  return tmpl.render(d);
}

struct Problem {
  std::string title;
  std::vector<std::string> paragraphs;
};

// In plain words for the officials a training invites: what happened and
// what to do next, never a code.
Problem ProblemOf(int status, std::string_view request_id) {
  switch (status) {
    case 404:
      return {"This invitation link no longer works",
              {"The link has already been used, a newer invitation has "
               "replaced it, or it has expired. Each link works once.",
               "Please ask the organizers of your course to send you the "
               "invitation again. You will receive a new e-mail with a new "
               "link.",
               "If you already got your API key from this link, keep using "
               "it: it still works."}};
    case 403:
      return {"Please use the button on the invitation page",
              {"This request did not come from BriefDesk's own invitation "
               "page, so it was refused to protect your account.",
               "Open the link in your invitation e-mail again and press "
               "\"Get my API key\" on that page."}};
    case 400:
      return {"This invitation link is not complete",
              {"Some mail programs cut long links in two. Copy the whole link "
               "from your invitation e-mail into your browser's address bar "
               "and try again."}};
    case 503:
    case 504:
      return {"BriefDesk is not available right now",
              {"BriefDesk could not be reached. Please come back to this "
               "page in a few minutes and try again with the same link."}};
    default:
      return {"Something went wrong",
              {"BriefDesk could not complete this. Please try again in a few "
               "minutes.",
               "If it happens again, tell the organizers of your course and "
               "quote this reference: " +
                   std::string(request_id) + "."}};
  }
}

// "https://h:443" and "https://h" are one origin; so are the hosts.
std::string Authority(std::string_view scheme, std::string_view authority) {
  std::string out = Lower(authority);
  for (auto [s, port] : {std::pair{"http", ":80"}, {"https", ":443"}}) {
    std::string_view p(port);
    if (scheme == s && out.size() > p.size() &&
        out.compare(out.size() - p.size(), p.size(), p) == 0) {
      out.resize(out.size() - p.size());
    }
  }
  return out;
}

struct Origin {
  std::string scheme, authority;
};

// The scheme and authority of an origin or URL ("https://h:8443/x").
std::optional<Origin> OriginOf(std::string_view url) {
  size_t sep = url.find("://");
  if (sep == std::string_view::npos) return std::nullopt;
  Origin o;
  o.scheme = Lower(url.substr(0, sep));
  std::string_view rest = url.substr(sep + 3);
  o.authority = Authority(o.scheme, rest.substr(0, rest.find('/')));
  if (o.authority.empty()) return std::nullopt;
  return o;
}

}  // namespace

std::string InvitationOfferPage(std::string_view action) {
  mu::data d;
  d.set("title", "You are invited to BriefDesk");
  d.set("offer", true);
  d.set("action", std::string(action));
  return Render(d);
}

std::string InvitationKeyPage(
    const directory::v1::AcceptInvitationResponse& accepted,
    std::string_view api_url) {
  mu::data d;
  d.set("title", "Your API key");
  d.set("accepted", true);
  if (!accepted.user().display_name().empty())
    d.set("name", accepted.user().display_name());
  d.set("api_key", accepted.api_key());
  d.set("api_url", std::string(api_url));
  return Render(d);
}

std::string InvitationProblemPage(int status, std::string_view request_id) {
  Problem p = ProblemOf(status, request_id);
  mu::data paragraphs{mu::data::type::list};
  for (const std::string& text : p.paragraphs) {
    mu::data item;
    item.set("text", text);
    paragraphs.push_back(item);
  }
  mu::data d;
  d.set("title", p.title);
  d.set("problem", true);
  d.set("paragraphs", paragraphs);
  return Render(d);
}

const std::vector<std::pair<std::string, std::string>>& InvitationHeaders() {
  static const std::vector<std::pair<std::string, std::string>> headers = {
      {"Cache-Control", "no-store"},
      {"Referrer-Policy", "no-referrer"},
      {"Content-Security-Policy",
       "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
       "base-uri 'none'; frame-ancestors 'none'"},
      {"X-Content-Type-Options", "nosniff"},
      {"X-Frame-Options", "DENY"},
  };
  return headers;
}

bool FromOwnPage(std::string_view sec_fetch_site, std::string_view origin,
                 std::string_view host, std::string_view public_url) {
  if (!sec_fetch_site.empty()) {
    std::string site = Lower(sec_fetch_site);
    return site == "same-origin" || site == "none";
  }
  if (origin.empty()) return true;
  std::optional<Origin> from = OriginOf(origin);
  if (!from) return false;  // "null" among others
  if (from->authority == Authority(from->scheme, host)) return true;
  std::optional<Origin> own = OriginOf(public_url);
  return own && own->scheme == from->scheme &&
         own->authority == from->authority;
}

}  // namespace briefdesk::gateway
