// Domain layer of the brief check (issue 15): words and sentences counted
// with ICU's break iterators for the brief's language, correct in any
// script (dictionary-based words for Chinese, Japanese and Thai), and
// readability scored by the published formula of the language
// (docs/brief-check.md):
//   en  Flesch reading ease (Flesch 1948):
//       206.835 - 1.015 W/S - 84.6 Y/W
//   fr  Kandel and Moles (1958), Flesch adapted to French:
//       207 - 1.015 W/S - 73.6 Y/W
//   es  Szigriszt-Pazos perspicuity (1993), the INFLESZ scale:
//       206.835 - 62.3 Y/W - W/S
// with W words, S sentences and Y syllables. Other languages get every
// count and no score. Pure: no I/O.
#ifndef BRIEFDESK_SERVICES_BRIEFS_READABILITY_H_
#define BRIEFDESK_SERVICES_BRIEFS_READABILITY_H_

#include <optional>
#include <string>
#include <string_view>

namespace briefdesk::briefs {

struct ReadabilityFormula {
  std::string_view name;  // as reports name it, e.g. "Flesch reading ease"
  // Below this the text is "very difficult" on the formula's own scale
  // (Flesch and Kandel-Moles: 30; INFLESZ: 40).
  double very_difficult_below = 0;
};

struct Readability {
  // The language the text was measured as: the tag's language subtag,
  // lower case ("pt" for "pt-BR"); "und" for an empty or malformed tag.
  std::string language;
  int words = 0, sentences = 0, syllables = 0;
  // Rounded to one decimal; nullopt when the language has no formula here
  // or the text has no word.
  std::optional<double> score;
  // The formula of the language, when it has one.
  std::optional<ReadabilityFormula> formula;
};

// `language` is a BCP 47 tag ("en", "fr-SN", "es-419"); `text` UTF-8.
Readability Measure(std::string_view text, std::string_view language);

// The tag's language subtag, lower case ("pt" for "pt-BR"); "und" for an
// empty or malformed tag.
std::string LanguageSubtag(std::string_view tag);

// The first word of `text`, lower case ("extend" for "**Extend** cover");
// "" when it has none.
std::string FirstWord(std::string_view text, std::string_view language);

// Words of `text` as the language's word breaks count them (letters,
// numbers, ideographs and kana; never punctuation or spaces).
int CountWords(std::string_view text, std::string_view language);

// Syllables of one lower-case word as spoken in `language` ("en", "fr",
// "es"): vowel groups, less a silent final e (en, fr), more for a hiatus
// of two strong vowels or a stressed weak one (es).
int Syllables(std::string_view word, std::string_view language);

}  // namespace briefdesk::briefs

#endif  // BRIEFDESK_SERVICES_BRIEFS_READABILITY_H_
