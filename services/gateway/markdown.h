// A brief's Markdown as readers see it, for published pages and the web
// app's previews alike: cmark-gfm with GitHub's tables, strikethrough, bare
// links and task lists. Pure: no I/O.
#ifndef BRIEFDESK_SERVICES_GATEWAY_MARKDOWN_H_
#define BRIEFDESK_SERVICES_GATEWAY_MARKDOWN_H_

#include <string>

namespace briefdesk::gateway {

// Markdown to HTML: raw HTML omitted, javascript: and similar links removed,
// Markdown headings moved below the section's own h2 (h1 -> h3, ..., at most
// h6), control characters replaced by U+FFFD.
std::string RenderMarkdown(const std::string& markdown);

}  // namespace briefdesk::gateway

#endif  // BRIEFDESK_SERVICES_GATEWAY_MARKDOWN_H_
