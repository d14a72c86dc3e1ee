#include "services/gateway/markdown.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <algorithm>

#include "libs/text/text.h"

namespace briefdesk::gateway {
namespace {

// Markdown for cmark with every control character but tab and line breaks
// replaced by U+FFFD, and line breaks as cmark would read them (CR LF or a
// lone CR is one line break), so that the HTML holds none.
std::string PrintableMarkdown(const std::string& markdown) {
  std::string safe = text::XmlSafe(markdown);  // valid UTF-8, no C0 but these
  std::string out;
  out.reserve(safe.size());
  for (size_t i = 0; i < safe.size(); ++i) {
    unsigned char c = safe[i];
    if (c == '\r') {
      out += '\n';
      if (i + 1 < safe.size() && safe[i + 1] == '\n') ++i;
    } else if (c == 0x7F) {
      out += "\xEF\xBF\xBD";
    } else if (c == 0xC2 && i + 1 < safe.size() &&
               static_cast<unsigned char>(safe[i + 1]) <= 0x9F) {
      out += "\xEF\xBF\xBD";  // U+0080..U+009F: in UTF-8, C2 80..C2 9F
      ++i;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

}  // namespace

std::string RenderMarkdown(const std::string& markdown) {
  std::string source = PrintableMarkdown(markdown);
  // CMARK_OPT_DEFAULT is safe: raw HTML becomes a comment, and links with
  // javascript:, vbscript:, file: or data: (but images) lose their target.
  // GitHub's extensions: tables, ~~strikethrough~~, bare www. and http
  // links, task lists.
  static const bool registered = [] {
    cmark_gfm_core_extensions_ensure_registered();
    return true;
  }();
  (void)registered;
  cmark_parser* parser = cmark_parser_new(CMARK_OPT_DEFAULT);
  for (const char* name : {"table", "strikethrough", "autolink", "tasklist"}) {
    if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name))
      cmark_parser_attach_syntax_extension(parser, ext);
  }
  cmark_parser_feed(parser, source.data(), source.size());
  cmark_node* doc = cmark_parser_finish(parser);
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
  char* html = cmark_render_html(doc, CMARK_OPT_DEFAULT,
                                 cmark_parser_get_syntax_extensions(parser));
  std::string out(html);
  free(html);
  cmark_node_free(doc);
  cmark_parser_free(parser);
  return out;
}

}  // namespace briefdesk::gateway
