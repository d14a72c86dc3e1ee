// The brief check: a deterministic report on one revision, shown to the author
// before submission and to the expert at claim time. Errors block submission;
// warnings carry the measured value and the threshold behind them.
//
// What it looks for follows what the trainings teach a brief needs (module 2:
// key messages up front, evidence, actionable recommendations, reliable cited
// sources). The thresholds are configuration; docs/configuration.md lists the
// variables and docs/brief-check.md explains every rule.
#ifndef BRIEFDESK_SERVICES_BRIEFS_BRIEF_CHECK_H_
#define BRIEFDESK_SERVICES_BRIEFS_BRIEF_CHECK_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "briefdesk/briefs/v1/briefs.pb.h"

namespace briefdesk::briefs {

struct CheckThresholds {
  int summary_max_words = 200;  // BRIEFDESK_CHECK_SUMMARY_MAX_WORDS
  int total_max_words = 3000;   // BRIEFDESK_CHECK_TOTAL_MAX_WORDS
  int min_recommendations = 2;  // BRIEFDESK_CHECK_MIN_RECOMMENDATIONS
  int max_recommendations = 7;  // BRIEFDESK_CHECK_MAX_RECOMMENDATIONS
  int min_references = 3;       // BRIEFDESK_CHECK_MIN_REFERENCES
  // The least readability, each on its formula's scale (readability.h):
  int min_readability = 30;         // BRIEFDESK_CHECK_MIN_READABILITY, English
  int min_readability_fr = 30;      // ..._FR, Kandel-Moles
  int min_readability_es = 40;      // ..._ES, Szigriszt-Pazos (INFLESZ)
  int readability_min_words = 100;  // below this, readability is not judged

  // Reads the variables above, failing on malformed values.
  static absl::StatusOr<CheckThresholds> FromEnv();
  // The least readability for a language subtag; nullopt when it is not
  // scored.
  std::optional<int> MinReadability(const std::string& language) const {
    if (language == "en") return min_readability;
    if (language == "fr") return min_readability_fr;
    if (language == "es") return min_readability_es;
    return std::nullopt;
  }
};

// Checks a revision's title and sections, written in `language` (BCP 47):
// words and sentences by the language's breaks, readability by its
// formula (readability.h).
v1::CheckReport CheckBrief(const std::string& title, const v1::Sections& s,
                           const std::string& language,
                           const CheckThresholds& t);

// Helpers exposed for tests.
// List items ("- ", "* ", "+ ", "1. ", "1) "), or paragraphs when the text
// has no list.
std::vector<std::string> SplitItems(std::string_view markdown);
// Whether a recommendation opens with an action: an English verb of the
// list, a French or Spanish infinitive (or French "vous" imperative);
// nullopt in languages it is not judged in.
std::optional<bool> OpensWithAction(std::string_view recommendation,
                                    std::string_view language);

}  // namespace briefdesk::briefs

#endif  // BRIEFDESK_SERVICES_BRIEFS_BRIEF_CHECK_H_
