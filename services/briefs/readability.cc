#include "services/briefs/readability.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/ubrk.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>

namespace briefdesk::briefs {
namespace {

std::string LanguageOfTag(std::string_view tag) {
  UErrorCode status = U_ZERO_ERROR;
  icu::Locale locale = icu::Locale::forLanguageTag(
      icu::StringPiece(tag.data(), static_cast<int32_t>(tag.size())), status);
  if (U_FAILURE(status) || locale.isBogus() || *locale.getLanguage() == 0) {
    return "und";
  }
  return locale.getLanguage();
}

// Break iterators are costly to make (the check runs as people type):
// one of each kind per language per thread, reused.
icu::BreakIterator* Breaks(bool words, const std::string& language) {
  thread_local std::map<std::pair<bool, std::string>,
                        std::unique_ptr<icu::BreakIterator>>
      made;
  auto& it = made[{words, language}];
  if (!it) {
    UErrorCode status = U_ZERO_ERROR;
    icu::Locale locale(language.c_str());
    it.reset(words
                 ? icu::BreakIterator::createWordInstance(locale, status)
                 : icu::BreakIterator::createSentenceInstance(locale, status));
    if (U_FAILURE(status)) it.reset();
  }
  return it.get();
}

// A word's rule status: numbers, letters, kana and ideographs (never
// spaces or punctuation, UBRK_WORD_NONE).
bool IsWord(int32_t rule_status) { return rule_status >= UBRK_WORD_NUMBER; }

// Calls `each(word)` for every word of `text`.
template <typename Each>
void ForEachWord(const icu::UnicodeString& text, const std::string& language,
                 Each each) {
  icu::BreakIterator* words = Breaks(true, language);
  if (words == nullptr) return;
  words->setText(text);
  int32_t start = words->first();
  for (int32_t end = words->next(); end != icu::BreakIterator::DONE;
       start = end, end = words->next()) {
    if (IsWord(words->getRuleStatus())) {
      each(text.tempSubStringBetween(start, end));
    }
  }
}

std::optional<ReadabilityFormula> FormulaOf(const std::string& language) {
  if (language == "en") return ReadabilityFormula{"Flesch reading ease", 30};
  if (language == "fr") return ReadabilityFormula{"Kandel-Moles", 30};
  if (language == "es") {
    return ReadabilityFormula{"Szigriszt-Pazos (INFLESZ)", 40};
  }
  return std::nullopt;
}

double Score(const std::string& language, double words, double sentences,
             double syllables) {
  const double per_sentence = words / sentences;
  const double per_word = syllables / words;
  double score = 0;
  if (language == "en") {
    score = 206.835 - 1.015 * per_sentence - 84.6 * per_word;
  } else if (language == "fr") {
    score = 207 - 1.015 * per_sentence - 73.6 * per_word;
  } else {  // es
    score = 206.835 - 62.3 * per_word - per_sentence;
  }
  return std::round(score * 10) / 10;
}

bool In(std::u32string_view set, char32_t c) {
  return set.find(c) != std::u32string_view::npos;
}

}  // namespace

namespace {

// Syllables of the lower-case word `u` (code points read in place: the
// check counts every word of a brief as the person types).
int SyllablesOf(const icu::UnicodeString& u, std::string_view language) {
  std::u32string w;
  for (int32_t i = 0; i < u.length(); i = u.moveIndex32(i, 1)) {
    w.push_back(static_cast<char32_t>(u.char32At(i)));
  }
  std::u32string_view vowels = U"aeiouy";
  if (language == "fr") vowels = U"aeiouyàâäéèêëîïôöùûüÿœæ";
  if (language == "es") vowels = U"aeiouáéíóúü";
  // Spanish: two of these side by side are two syllables (a hiatus).
  constexpr std::u32string_view kStrong = U"aeoáéóíú";
  int count = 0;
  char32_t prev = 0;
  for (char32_t c : w) {
    bool vowel = In(vowels, c);
    bool prev_vowel = prev != 0 && In(vowels, prev);
    bool hiatus = language == "es" && vowel && prev_vowel && In(kStrong, c) &&
                  In(kStrong, prev);
    if (vowel && (!prev_vowel || hiatus)) ++count;
    prev = c;
  }
  // A silent final e: "make", French "grande", "pages".
  bool silent_e =
      (language == "en" && w.size() > 2 && w.back() == U'e') ||
      (language == "fr" && w.size() > 2 &&
       (w.back() == U'e' ||
        (w.back() == U's' && w[w.size() - 2] == U'e' && w.size() > 3)));
  if (silent_e && count > 1) --count;
  return std::max(count, 1);
}

}  // namespace

int Syllables(std::string_view word, std::string_view language) {
  return SyllablesOf(icu::UnicodeString::fromUTF8(icu::StringPiece(
                         word.data(), static_cast<int32_t>(word.size()))),
                     language);
}

std::string LanguageSubtag(std::string_view tag) { return LanguageOfTag(tag); }

std::string FirstWord(std::string_view text, std::string_view language) {
  std::string lang = LanguageSubtag(language);
  std::string first;
  bool found = false;
  ForEachWord(icu::UnicodeString::fromUTF8(icu::StringPiece(
                  text.data(), static_cast<int32_t>(text.size()))),
              lang, [&](icu::UnicodeString word) {
                if (found) return;
                found = true;
                word.toLower(icu::Locale(lang.c_str())).toUTF8String(first);
              });
  return first;
}

int CountWords(std::string_view text, std::string_view language) {
  int n = 0;
  ForEachWord(icu::UnicodeString::fromUTF8(icu::StringPiece(
                  text.data(), static_cast<int32_t>(text.size()))),
              LanguageSubtag(language),
              [&](const icu::UnicodeString&) { ++n; });
  return n;
}

Readability Measure(std::string_view text, std::string_view language) {
  Readability r;
  r.language = LanguageSubtag(language);
  r.formula = FormulaOf(r.language);
  const icu::Locale locale(r.language.c_str());
  icu::UnicodeString all = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  icu::BreakIterator* sentences = Breaks(false, r.language);
  if (sentences == nullptr) return r;
  sentences->setText(all);
  int32_t start = sentences->first();
  for (int32_t end = sentences->next(); end != icu::BreakIterator::DONE;
       start = end, end = sentences->next()) {
    int words = 0;
    ForEachWord(all.tempSubStringBetween(start, end), r.language,
                [&](icu::UnicodeString word) {
                  ++words;
                  if (!r.formula) return;
                  r.syllables += SyllablesOf(word.toLower(locale), r.language);
                });
    if (words == 0) continue;  // a heading's "#", a list's dashes
    r.words += words;
    ++r.sentences;
  }
  if (r.formula && r.words > 0) {
    r.score = Score(r.language, r.words, r.sentences, r.syllables);
  }
  return r;
}

}  // namespace briefdesk::briefs
