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

#include "absl/status/statusor.h"
#include "briefdesk/briefs/v1/briefs.pb.h"

namespace briefdesk::briefs {

struct CheckThresholds {
  int summary_max_words = 200;      // BRIEFDESK_CHECK_SUMMARY_MAX_WORDS
  int total_max_words = 3000;       // BRIEFDESK_CHECK_TOTAL_MAX_WORDS
  int min_recommendations = 2;      // BRIEFDESK_CHECK_MIN_RECOMMENDATIONS
  int max_recommendations = 7;      // BRIEFDESK_CHECK_MAX_RECOMMENDATIONS
  int min_references = 3;           // BRIEFDESK_CHECK_MIN_REFERENCES
  int min_readability = 30;         // BRIEFDESK_CHECK_MIN_READABILITY
  int readability_min_words = 100;  // below this, readability is not judged

  // Reads the variables above, failing on malformed values.
  static absl::StatusOr<CheckThresholds> FromEnv();
};

// Checks a revision's title and sections.
v1::CheckReport CheckBrief(const std::string& title, const v1::Sections& s,
                           const CheckThresholds& t);

// Helpers exposed for tests.
int CountWords(std::string_view text);
// List items ("- ", "* ", "+ ", "1. ", "1) "), or paragraphs when the text
// has no list.
std::vector<std::string> SplitItems(std::string_view markdown);
bool OpensWithAction(std::string_view recommendation);
double FleschReadingEase(std::string_view text);

}  // namespace briefdesk::briefs

#endif  // BRIEFDESK_SERVICES_BRIEFS_BRIEF_CHECK_H_
