#include "services/briefs/brief_check.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>
#include <set>

#include "libs/config/config.h"
#include "services/briefs/readability.h"

namespace briefdesk::briefs {
namespace {

// Verbs that open an actionable recommendation ("Extend unemployment
// insurance to platform workers"). Lower case, imperative form.
const std::set<std::string, std::less<>>& ActionVerbs() {
  static const std::set<std::string, std::less<>> verbs = {
      "adopt",      "allocate",  "align",      "amend",      "assess",
      "build",      "collect",   "combine",    "commission", "conduct",
      "coordinate", "create",    "define",     "design",     "develop",
      "enable",     "encourage", "enforce",    "engage",     "enhance",
      "ensure",     "establish", "evaluate",   "expand",     "extend",
      "facilitate", "finance",   "formalize",  "formalise",  "fund",
      "harmonize",  "harmonise", "improve",    "include",    "incorporate",
      "increase",   "integrate", "introduce",  "invest",     "launch",
      "legislate",  "limit",     "mandate",    "measure",    "mobilize",
      "mobilise",   "monitor",   "promote",    "protect",    "provide",
      "raise",      "ratify",    "reduce",     "reform",     "regulate",
      "remove",     "require",   "review",     "revise",     "scale",
      "set",        "simplify",  "strengthen", "streamline", "subsidize",
      "subsidise",  "support",   "target",     "train",      "use",
      "upgrade",    "publish",   "prioritize", "prioritise", "phase",
      "negotiate",  "consult",   "convene",    "guarantee",  "adapt",
      "apply",      "redirect",  "replace",    "restore",    "secure"};
  return verbs;
}

std::string Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

// The text of a list item line without its marker, or nullopt.
std::optional<std::string_view> ListItem(std::string_view line) {
  size_t i = line.find_first_not_of(" \t");
  if (i == std::string_view::npos) return std::nullopt;
  line.remove_prefix(i);
  if (line.size() >= 2 &&
      (line[0] == '-' || line[0] == '*' || line[0] == '+') && line[1] == ' ') {
    return line.substr(2);
  }
  size_t d = 0;
  while (d < line.size() && std::isdigit(static_cast<unsigned char>(line[d])))
    ++d;
  if (d > 0 && d + 1 < line.size() && (line[d] == '.' || line[d] == ')') &&
      line[d + 1] == ' ') {
    return line.substr(d + 2);
  }
  return std::nullopt;
}

v1::Finding MakeFinding(std::string code, std::string field,
                        std::string message, double value = 0,
                        double threshold = 0) {
  v1::Finding f;
  f.set_code(std::move(code));
  f.set_field(std::move(field));
  f.set_message(std::move(message));
  f.set_value(value);
  f.set_threshold(threshold);
  return f;
}

int IntEnv(const char* name, int fallback, absl::Status* status) {
  auto v = config::Int(name, fallback, 0, 1000000);
  if (!v.ok()) {
    *status = v.status();
    return fallback;
  }
  return static_cast<int>(*v);
}

// The counts and score of the whole text into the report's metrics.
void SetReadability(const Readability& read, v1::CheckMetrics* m) {
  m->set_total_words(read.words);
  m->set_sentences(read.sentences);
  m->set_language(read.language);
  if (read.formula) m->set_formula(std::string(read.formula->name));
  if (read.score) {
    m->set_readability(*read.score);
  } else if (!read.formula) {
    m->set_readability_note("Readability is not scored for this language (" +
                            read.language +
                            "): words and sentences are counted.");
  }
}

}  // namespace

absl::StatusOr<CheckThresholds> CheckThresholds::FromEnv() {
  CheckThresholds t;
  absl::Status s;
  t.summary_max_words =
      IntEnv("BRIEFDESK_CHECK_SUMMARY_MAX_WORDS", t.summary_max_words, &s);
  t.total_max_words =
      IntEnv("BRIEFDESK_CHECK_TOTAL_MAX_WORDS", t.total_max_words, &s);
  t.min_recommendations =
      IntEnv("BRIEFDESK_CHECK_MIN_RECOMMENDATIONS", t.min_recommendations, &s);
  t.max_recommendations =
      IntEnv("BRIEFDESK_CHECK_MAX_RECOMMENDATIONS", t.max_recommendations, &s);
  t.min_references =
      IntEnv("BRIEFDESK_CHECK_MIN_REFERENCES", t.min_references, &s);
  t.min_readability =
      IntEnv("BRIEFDESK_CHECK_MIN_READABILITY", t.min_readability, &s);
  t.min_readability_fr =
      IntEnv("BRIEFDESK_CHECK_MIN_READABILITY_FR", t.min_readability_fr, &s);
  t.min_readability_es =
      IntEnv("BRIEFDESK_CHECK_MIN_READABILITY_ES", t.min_readability_es, &s);
  if (!s.ok()) return s;
  return t;
}

std::vector<std::string> SplitItems(std::string_view markdown) {
  std::vector<std::string> items, paragraphs;
  std::string para;
  size_t pos = 0;
  while (pos <= markdown.size()) {
    size_t end = markdown.find('\n', pos);
    if (end == std::string_view::npos) end = markdown.size();
    std::string_view line = markdown.substr(pos, end - pos);
    if (auto item = ListItem(line)) items.push_back(Trim(*item));
    std::string t = Trim(line);
    if (t.empty()) {
      if (!para.empty()) paragraphs.push_back(std::move(para));
      para.clear();
    } else {
      para += (para.empty() ? "" : " ") + t;
    }
    pos = end + 1;
  }
  if (!para.empty()) paragraphs.push_back(std::move(para));
  return items.empty() ? paragraphs : items;
}

std::optional<bool> OpensWithAction(std::string_view rec,
                                    std::string_view language) {
  std::string first = FirstWord(rec, language);
  std::string lang = LanguageSubtag(language);
  auto ends = [&](std::initializer_list<std::string_view> endings) {
    return std::any_of(endings.begin(), endings.end(), [&](auto e) {
      return first.size() >= e.size() + 2 && first.ends_with(e);
    });
  };
  if (lang == "en") return ActionVerbs().contains(first);
  // French and Spanish recommendations open with an infinitive ("Étendre
  // la protection sociale", "Ampliar la cobertura") or, in French, a
  // "vous" imperative ("Adoptez").
  if (lang == "fr") return ends({"er", "ir", "re", "ez"});
  if (lang == "es") return ends({"ar", "er", "ir"});
  return std::nullopt;  // not judged in other languages
}

v1::CheckReport CheckBrief(const std::string& title, const v1::Sections& s,
                           const std::string& language,
                           const CheckThresholds& t) {
  v1::CheckReport r;
  if (Trim(title).empty()) {
    *r.add_errors() =
        MakeFinding("title_empty", "title", "The title is empty.");
  }
  struct Named {
    const char* name;
    const std::string& text;
    bool required;
    const char* what;
  };
  const Named sections[] = {
      {"summary", s.summary(), true, "the key messages"},
      {"problem", s.problem(), true, "the policy problem and why it matters"},
      {"evidence", s.evidence(), true, "what the data and studies show"},
      {"options", s.options(), false, "the policy options weighed"},
      {"recommendations", s.recommendations(), true,
       "what should be done, and by whom"},
      {"references", s.references(), false, "the sources cited"},
  };
  std::string all = title;
  for (const Named& n : sections) {
    all += "\n\n" + n.text;
    if (!Trim(n.text).empty()) continue;
    std::string field = std::string("sections.") + n.name;
    if (n.required) {
      *r.add_errors() = MakeFinding(
          "section_empty", field,
          std::string("The ") + n.name + " section (" + n.what +
              ") is empty; a brief cannot be submitted without it.");
    } else {
      *r.add_warnings() = MakeFinding(
          "section_empty", field,
          std::string("The ") + n.name + " section (" + n.what + ") is empty.");
    }
  }

  auto* m = r.mutable_metrics();
  Readability read = Measure(all, language);
  SetReadability(read, m);
  m->set_summary_words(CountWords(s.summary(), language));
  std::vector<std::string> recs = SplitItems(s.recommendations());
  m->set_recommendations(static_cast<int>(recs.size()));
  bool judged = true;
  int actionable = 0;
  for (const std::string& rec : recs) {
    std::optional<bool> opens = OpensWithAction(rec, language);
    judged = opens.has_value();
    actionable += opens.value_or(false) ? 1 : 0;
  }
  m->set_recommendations_opening_with_action(actionable);
  m->set_references(static_cast<int>(SplitItems(s.references()).size()));

  if (m->summary_words() > t.summary_max_words) {
    *r.add_warnings() = MakeFinding(
        "summary_too_long", "sections.summary",
        "The summary is long for key messages; decision-makers read it first.",
        m->summary_words(), t.summary_max_words);
  }
  if (m->total_words() > t.total_max_words) {
    *r.add_warnings() =
        MakeFinding("brief_too_long", "sections",
                    "The brief is longer than a policy brief should be.",
                    m->total_words(), t.total_max_words);
  }
  if (!recs.empty() && m->recommendations() < t.min_recommendations) {
    *r.add_warnings() =
        MakeFinding("too_few_recommendations", "sections.recommendations",
                    "Few recommendations; list each as its own item.",
                    m->recommendations(), t.min_recommendations);
  }
  if (m->recommendations() > t.max_recommendations) {
    *r.add_warnings() = MakeFinding(
        "too_many_recommendations", "sections.recommendations",
        "Many recommendations dilute the message; keep the strongest.",
        m->recommendations(), t.max_recommendations);
  }
  int passive = m->recommendations() - m->recommendations_opening_with_action();
  if (judged && passive > 0) {
    *r.add_warnings() = MakeFinding(
        "recommendations_not_actionable", "sections.recommendations",
        "Some recommendations do not open with an action (e.g. \"Extend\", "
        "\"Establish\"); say who should do what.",
        passive, 0);
  }
  if (!Trim(s.references()).empty() && m->references() < t.min_references) {
    *r.add_warnings() = MakeFinding("too_few_references", "sections.references",
                                    "Few references cited for the evidence.",
                                    m->references(), t.min_references);
  }
  std::optional<int> least = t.MinReadability(read.language);
  if (read.score && least && m->total_words() >= t.readability_min_words &&
      *read.score < *least) {
    *r.add_warnings() = MakeFinding(
        "hard_to_read", "sections",
        "The text is hard to read (" + std::string(read.formula->name) +
            "); use shorter sentences and plainer words.",
        *read.score, *least);
  }
  return r;
}

}  // namespace briefdesk::briefs
