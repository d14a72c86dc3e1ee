#include "services/briefs/slug.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>

#include <memory>
#include <mutex>
#include <vector>

namespace briefdesk::briefs {
namespace {

constexpr size_t kMaxBytes = 80;
// Below this, a cut at a word boundary would leave too little of the title:
// cut inside the long word instead (at a grapheme boundary).
constexpr size_t kMinCut = 20;

// ICU's objects are costly to build and not safe to share between threads:
// built once, used under one lock (a slug is made once per publication).
struct Icu {
  std::mutex mu;
  // A Latin run: decomposed, accents dropped, then letters that do not
  // decompose (ł, ø, ß, æ, đ, þ, ı) spelled in ASCII.
  std::unique_ptr<icu::Transliterator> latin_ascii;
  std::unique_ptr<icu::BreakIterator> graphemes;
};

Icu& Shared() {
  static Icu* icu = [] {
    auto* out = new Icu;
    UErrorCode status = U_ZERO_ERROR;
    out->latin_ascii.reset(icu::Transliterator::createInstance(
        "NFD; [:Nonspacing Mark:] Remove; Latin-ASCII", UTRANS_FORWARD,
        status));
    if (U_FAILURE(status)) out->latin_ascii.reset();
    status = U_ZERO_ERROR;
    out->graphemes.reset(icu::BreakIterator::createCharacterInstance(
        icu::Locale::getRoot(), status));
    if (U_FAILURE(status)) out->graphemes.reset();
    return out;
  }();
  return *icu;
}

bool IsMark(UChar32 c) { return (U_GET_GC_MASK(c) & U_GC_M_MASK) != 0; }

bool IsWordChar(UChar32 c) {
  return (U_GET_GC_MASK(c) & (U_GC_L_MASK | U_GC_M_MASK | U_GC_ND_MASK)) != 0;
}

// Lower case in every script (root locale: the same on every server, so "I"
// is "i" even where the default locale is Turkish), and Latin letters with
// the marks on them folded to ASCII; other scripts are left as they are.
icu::UnicodeString Folded(const std::string& title, Icu& icu) {
  icu::UnicodeString lower = icu::UnicodeString::fromUTF8(title);
  lower.toLower(icu::Locale::getRoot());
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_SUCCESS(status)) lower = nfc->normalize(lower, status);
  icu::UnicodeString out, latin;
  auto flush = [&] {
    if (icu.latin_ascii != nullptr) icu.latin_ascii->transliterate(latin);
    out += latin;
    latin.remove();
  };
  bool in_latin = false;
  for (int32_t i = 0; i < lower.length();) {
    UChar32 c = lower.char32At(i);
    i += U16_LENGTH(c);
    UErrorCode err = U_ZERO_ERROR;
    // A mark belongs to the letter before it ("i" + U+0307 from "İ").
    in_latin =
        IsMark(c) ? in_latin : uscript_getScript(c, &err) == USCRIPT_LATIN;
    if (in_latin) {
      latin.append(c);
    } else {
      flush();
      out.append(c);
    }
  }
  flush();
  return out;
}

std::vector<std::string> Words(const icu::UnicodeString& text) {
  std::vector<std::string> words;
  icu::UnicodeString word;
  auto end = [&] {
    if (word.isEmpty()) return;
    words.emplace_back();
    word.toUTF8String(words.back());
    word.remove();
  };
  for (int32_t i = 0; i < text.length();) {
    UChar32 c = text.char32At(i);
    i += U16_LENGTH(c);
    if (IsWordChar(c)) {
      word.append(c);
    } else {
      end();
    }
  }
  end();
  return words;
}

// The longest prefix of `word` of at most `bytes` bytes that ends between
// two graphemes ("" if even the first grapheme is longer).
std::string GraphemePrefix(const std::string& word, size_t bytes, Icu& icu) {
  if (icu.graphemes == nullptr) return "";
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(word);
  icu.graphemes->setText(u);
  std::string out;
  int32_t from = icu.graphemes->first();
  for (int32_t to = icu.graphemes->next(); to != icu::BreakIterator::DONE;
       from = to, to = icu.graphemes->next()) {
    std::string grapheme;
    u.tempSubString(from, to - from).toUTF8String(grapheme);
    if (out.size() + grapheme.size() > bytes) break;
    out += grapheme;
  }
  return out;
}

}  // namespace

std::string MakeSlug(const std::string& title) {
  Icu& icu = Shared();
  std::lock_guard<std::mutex> lock(icu.mu);
  std::string out;
  for (const std::string& word : Words(Folded(title, icu))) {
    size_t used = out.size() + (out.empty() ? 0 : 1);  // with the '-'
    if (used + word.size() <= kMaxBytes) {
      out += (out.empty() ? "" : "-") + word;
      continue;
    }
    if (out.size() < kMinCut && used < kMaxBytes) {
      std::string piece = GraphemePrefix(word, kMaxBytes - used, icu);
      if (!piece.empty()) out += (out.empty() ? "" : "-") + piece;
    }
    break;
  }
  return out.empty() ? "brief" : out;
}

}  // namespace briefdesk::briefs
