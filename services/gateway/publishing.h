// Published briefs for readers: an HTML page per brief, an index, one
// Markdown document, an Atom feed. Sections are Markdown rendered by
// cmark-gfm with raw HTML left out and unsafe links dropped; pages come from
// the mustache templates in templates/, with every value escaped. Output is
// well-formed whatever is stored: rows written before input validation may
// hold control characters or worse. Pure: no I/O.
#ifndef BRIEFDESK_SERVICES_GATEWAY_PUBLISHING_H_
#define BRIEFDESK_SERVICES_GATEWAY_PUBLISHING_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "briefdesk/briefs/v1/briefs.pb.h"
#include "services/gateway/markdown.h"

namespace briefdesk::gateway {

using briefs::v1::PublishedBrief;

// `base_url` makes the citation's address absolute.
std::string BriefPage(const PublishedBrief& b, const std::string& base_url);
// `next` is the href of the next page, or "".
std::string IndexPage(const std::vector<PublishedBrief>& briefs,
                      const std::string& topic, const std::string& cohort,
                      const std::string& next);
// A metadata header (YAML front matter, every string double-quoted and
// escaped by yaml-cpp so that it loads back as stored), then the title as a
// one-line heading and the sections as Markdown, verbatim.
std::string BriefMarkdown(const PublishedBrief& b, const std::string& base_url);
// `base_url` like "https://briefs.example.org", for absolute links.
std::string AtomFeed(const std::vector<PublishedBrief>& briefs,
                     const std::string& base_url);

// The short page a reader gets for a mistake: 404 (no published brief at
// this address) or 400 (`message` says which parameter, escaped here).
std::string ReaderErrorPage(int status, const std::string& message);

// What changes a brief's page: its publication, its retraction, and an
// author's erasure (the byline's name).
int64_t LastModifiedSeconds(const PublishedBrief& b);
// An HTTP date (RFC 7231), and back; -1 if it does not parse.
std::string HttpDate(int64_t unix_seconds);
int64_t ParseHttpDate(const std::string& text);
// A strong entity tag of a body.
std::string BodyEtag(const std::string& body);
// "/published/<slug>" with the slug percent-encoded.
std::string SlugPath(const std::string& slug);

// The absolute base of every link in published output, never from a
// request: `configured` (BRIEFDESK_PUBLIC_URL: http or https, a host, no
// userinfo, query or fragment; trailing slashes removed), or when empty
// http://<listen_address>:<port>. An error names the variable.
absl::StatusOr<std::string> PublicBaseUrl(std::string_view configured,
                                          std::string_view listen_address,
                                          int port);

}  // namespace briefdesk::gateway

#endif  // BRIEFDESK_SERVICES_GATEWAY_PUBLISHING_H_
