#include "services/briefs/brief_check.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>
#include <set>

#include "libs/config/config.h"

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

// Whether the UTF-8 code point at text[i] belongs to a word; sets *len to its
// length. Letters and digits of any script do; ASCII punctuation and the
// Unicode punctuation and space blocks (Latin-1 symbols, General Punctuation,
// CJK Symbols and Punctuation, fullwidth forms' punctuation) do not.
bool IsWordCodePoint(std::string_view text, size_t i, size_t* len) {
  unsigned char c = text[i];
  if (c < 0x80) {
    *len = 1;
    return std::isalnum(c);
  }
  *len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
  if (i + *len > text.size()) *len = text.size() - i;
  uint32_t cp = c & (c >= 0xF0 ? 0x07 : c >= 0xE0 ? 0x0F : 0x1F);
  for (size_t k = 1; k < *len; ++k) cp = (cp << 6) | (text[i + k] & 0x3F);
  bool separator =
      (cp >= 0x80 && cp <= 0xBF) || cp == 0xD7 || cp == 0xF7 ||
      (cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x3000 && cp <= 0x303F) ||
      (cp >= 0xFF01 && cp <= 0xFF0F) || (cp >= 0xFF1A && cp <= 0xFF20);
  return !separator;
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

int Syllables(std::string_view word) {
  int count = 0;
  bool prev_vowel = false;
  for (char ch : word) {
    char c = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    bool vowel = std::string_view("aeiouy").find(c) != std::string_view::npos;
    if (vowel && !prev_vowel) ++count;
    prev_vowel = vowel;
  }
  if (word.size() > 2 && (word.back() == 'e' || word.back() == 'E') &&
      count > 1) {
    --count;  // a silent final e
  }
  return std::max(count, 1);
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
  if (!s.ok()) return s;
  return t;
}

int CountWords(std::string_view text) {
  int words = 0;
  bool in_word = false;
  for (size_t i = 0; i < text.size();) {
    size_t len = 1;
    bool w = IsWordCodePoint(text, i, &len);
    if (w && !in_word) ++words;
    in_word = w;
    i += len;
  }
  return words;
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

bool OpensWithAction(std::string_view rec) {
  // Skip Markdown emphasis and leading punctuation: "**Extend** ...".
  size_t b = 0;
  while (b < rec.size() && !std::isalpha(static_cast<unsigned char>(rec[b])))
    ++b;
  size_t e = b;
  while (e < rec.size() && std::isalpha(static_cast<unsigned char>(rec[e])))
    ++e;
  std::string first(rec.substr(b, e - b));
  for (char& c : first) c = static_cast<char>(std::tolower(c));
  return ActionVerbs().contains(first);
}

double FleschReadingEase(std::string_view text) {
  int words = 0, syllables = 0, sentences = 0;
  size_t i = 0;
  while (i < text.size()) {
    if (std::isalpha(static_cast<unsigned char>(text[i]))) {
      size_t j = i;
      while (j < text.size() &&
             std::isalpha(static_cast<unsigned char>(text[j])))
        ++j;
      ++words;
      syllables += Syllables(text.substr(i, j - i));
      i = j;
      continue;
    }
    if (text[i] == '.' || text[i] == '!' || text[i] == '?') {
      // A run of terminators ends one sentence.
      while (i < text.size() &&
             (text[i] == '.' || text[i] == '!' || text[i] == '?'))
        ++i;
      ++sentences;
      continue;
    }
    ++i;
  }
  if (words == 0) return 0;
  sentences = std::max(sentences, 1);
  double score = 206.835 - 1.015 * (static_cast<double>(words) / sentences) -
                 84.6 * (static_cast<double>(syllables) / words);
  return std::round(score * 10) / 10;
}

v1::CheckReport CheckBrief(const std::string& title, const v1::Sections& s,
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
  m->set_summary_words(CountWords(s.summary()));
  m->set_total_words(CountWords(all));
  std::vector<std::string> recs = SplitItems(s.recommendations());
  m->set_recommendations(static_cast<int>(recs.size()));
  m->set_recommendations_opening_with_action(static_cast<int>(
      std::count_if(recs.begin(), recs.end(),
                    [](const std::string& x) { return OpensWithAction(x); })));
  m->set_references(static_cast<int>(SplitItems(s.references()).size()));
  m->set_readability(FleschReadingEase(all));

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
  if (passive > 0) {
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
  if (m->total_words() >= t.readability_min_words &&
      m->readability() < t.min_readability) {
    *r.add_warnings() = MakeFinding(
        "hard_to_read", "sections",
        "The text is hard to read (Flesch reading ease); use shorter "
        "sentences and plainer words.",
        m->readability(), t.min_readability);
  }
  return r;
}

}  // namespace briefdesk::briefs
