// Readable addresses of published briefs, from their titles.
#ifndef BRIEFDESK_SERVICES_BRIEFS_SLUG_H_
#define BRIEFDESK_SERVICES_BRIEFS_SLUG_H_

#include <string>

namespace briefdesk::briefs {

// Lower-case words (in every script, the same on every server) joined by
// '-': Latin letters are spelled in ASCII ("Protección" -> "proteccion",
// "Straße" -> "strasse"), other scripts are kept as they are (and
// percent-encoded in URLs). Letters, digits and combining marks make words;
// everything else separates them. At most 80 bytes, cut at a word (inside
// one only at a grapheme boundary, when the first words are that long);
// "brief" when nothing is left. Thread-safe.
std::string MakeSlug(const std::string& title);

}  // namespace briefdesk::briefs

#endif  // BRIEFDESK_SERVICES_BRIEFS_SLUG_H_
