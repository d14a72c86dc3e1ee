// The short pages a reader of /published gets for a mistake.
#include "absl/strings/str_replace.h"
#include "libs/text/text.h"
#include "services/gateway/publishing.h"

namespace briefdesk::gateway {

std::string ReaderErrorPage(int status, const std::string& message) {
  std::string title = status == 404 ? "Not found" : "Bad request";
  std::string text =
      status == 404 ? "No published brief is at this address."
                    : absl::StrReplaceAll(text::XmlSafe(text::OneLine(message)),
                                          {{"&", "&amp;"},
                                           {"<", "&lt;"},
                                           {">", "&gt;"},
                                           {"\"", "&quot;"}});
  return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
         "<title>" +
         title + " · BriefDesk</title></head><body><main><h1>" + title +
         "</h1><p>" + text +
         " See <a href=\"/published\">all published briefs</a>.</p></main>"
         "</body></html>\n";
}

}  // namespace briefdesk::gateway
