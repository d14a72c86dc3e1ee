// Readable addresses of published briefs, from their titles.
#ifndef BRIEFDESK_SERVICES_BRIEFS_SLUG_H_
#define BRIEFDESK_SERVICES_BRIEFS_SLUG_H_

#include <string>

namespace briefdesk::briefs {

// Lower-case words joined by '-': Latin letters lose their accents
// ("Protección" -> "proteccion"), other scripts are kept as they are (and
// percent-encoded in URLs), everything else separates words. At most 80
// bytes, cut at a word; "brief" when nothing is left.
std::string MakeSlug(const std::string& title);

}  // namespace briefdesk::briefs

#endif  // BRIEFDESK_SERVICES_BRIEFS_SLUG_H_
