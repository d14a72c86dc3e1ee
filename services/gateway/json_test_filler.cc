#include "services/gateway/json_test_filler.h"

#include <google/protobuf/descriptor.h>

#include <cstdint>
#include <limits>
#include <string_view>

namespace briefdesk::gateway::testing {
namespace {

using namespace std::string_view_literals;
using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;
using Rng = std::mt19937_64;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

constexpr int32_t kInt32s[] = {0, 1, -1, 42, -42, INT32_MIN, INT32_MAX};
constexpr int64_t kInt64s[] = {
    0, 1, -1, INT64_MIN, INT64_MAX, 9007199254740993LL, -1234567890123LL};
constexpr uint32_t kUint32s[] = {0, 1, 2147483648u, UINT32_MAX};
constexpr uint64_t kUint64s[] = {0, 1, 9007199254740993ULL, UINT64_MAX};
constexpr double kDoubles[] = {0.0,
                               -0.0,
                               1.0,
                               -2.5,
                               0.1,
                               1.0 / 3,
                               1e21,
                               1e-7,
                               1e15,
                               1e16,
                               123456.125,
                               0.30000000000000004,
                               1.7976931348623157e308,
                               5e-324,
                               2.2250738585072014e-308,
                               kNaN,
                               kInf,
                               -kInf};
constexpr float kFloats[] = {
    0.0f,          -0.0f,       1.0f,    0.1f,     1e-45f,      1.17549435e-38f,
    3.4028235e38f, 16777217.0f, 2.5e10f, 1.0f / 3, float(kNaN), float(kInf),
    -float(kInf)};
constexpr std::string_view kStrings[] = {
    ""sv,
    "plain"sv,
    "quote \" backslash \\ slash /"sv,
    "controls \0 \x01 \x1f \t \n \r \b \f \x7f end"sv,
    "<script>alert('&amp;')</script>"sv,
    "Título, Überblick, 中文, ελληνικά"sv,
    "emoji 😀 🇩🇪 and U+1F600"sv,
    "separators \u2028 \u2029 bom \ufeff zwsp \u200b shy \u00ad"sv,
    "C1 \xc2\x80 \xc2\x9f nbsp \xc2\xa0 arabic \u0600 \u06dd"sv,
    "tags \xf3\xa0\x80\x81 \xf3\xa0\x80\xa0 music \xf0\x9d\x85\xb3"sv,
    "invalid \xff \xfe lone \x80 cut \xc3"sv,
    "bad continuation \xc3( and \xe2\x82( end"sv,
    "surrogate \xed\xa0\x80 beyond \xf4\x90\x80\x80 overlong \xc0\x80 \xc1\x81"
    " \xc0\xbc"sv,
    "ends cut \xe2\x82"sv,
};
constexpr int kEnumUnknown[] = {99, -3, 1000};
constexpr int64_t kSeconds[] = {0,
                                1,
                                -1,
                                1700000000,
                                951782400,
                                -62135596800LL,
                                253402300799LL,
                                4102444800LL,
                                -2208988800LL};
constexpr int32_t kNanos[] = {0,         1000000, 123000000, 999000000, 1000,
                              123456000, 1,       123456789, 999999999};
constexpr int64_t kDurationSeconds[] = {
    0, 1, -1, 3600, 315576000000LL, -315576000000LL};
constexpr int kLengths[] = {0, 1, 3};

template <typename T, size_t N>
T Pick(const T (&values)[N], Rng* rng) {
  return values[(*rng)() % N];
}

bool OneIn(int n, Rng* rng) { return (*rng)() % n == 0; }

std::string RandomString(const FieldDescriptor* f, Rng* rng) {
  if (f->type() == FieldDescriptor::TYPE_BYTES && OneIn(2, rng)) {
    std::string bytes((*rng)() % 8, '\0');
    for (char& c : bytes) c = static_cast<char>((*rng)());
    return bytes;
  }
  return std::string(Pick(kStrings, rng));
}

int RandomEnum(const FieldDescriptor* f, Rng* rng) {
  if (OneIn(4, rng)) return Pick(kEnumUnknown, rng);
  const auto* e = f->enum_type();
  return e->value((*rng)() % e->value_count())->number();
}

// Seconds and nanos within protobuf's range, with signs that agree.
bool FillTime(Message* m, Rng* rng) {
  const Descriptor* d = m->GetDescriptor();
  bool timestamp = d->full_name() == "google.protobuf.Timestamp";
  if (!timestamp && d->full_name() != "google.protobuf.Duration") return false;
  int64_t seconds =
      timestamp ? Pick(kSeconds, rng) : Pick(kDurationSeconds, rng);
  int32_t nanos = Pick(kNanos, rng);
  if (timestamp && seconds == 253402300799LL) nanos = 0;
  if (!timestamp && (seconds < 0 || (seconds == 0 && OneIn(2, rng)))) {
    nanos = -nanos;
  }
  if (!timestamp && seconds == 315576000000LL) nanos = 0;
  m->GetReflection()->SetInt64(m, d->field(0), seconds);
  m->GetReflection()->SetInt32(m, d->field(1), nanos);
  return true;
}

// Sets the singular field `f`, or adds an element when `add`.
void Put(Message* m, const FieldDescriptor* f, bool add, Rng* rng, int depth) {
  const Reflection* r = m->GetReflection();
#define BRIEFDESK_PUT(Type, value) \
  add ? r->Add##Type(m, f, value) : r->Set##Type(m, f, value)
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      BRIEFDESK_PUT(Int32, Pick(kInt32s, rng));
      break;
    case FieldDescriptor::CPPTYPE_INT64:
      BRIEFDESK_PUT(Int64, Pick(kInt64s, rng));
      break;
    case FieldDescriptor::CPPTYPE_UINT32:
      BRIEFDESK_PUT(UInt32, Pick(kUint32s, rng));
      break;
    case FieldDescriptor::CPPTYPE_UINT64:
      BRIEFDESK_PUT(UInt64, Pick(kUint64s, rng));
      break;
    case FieldDescriptor::CPPTYPE_DOUBLE:
      BRIEFDESK_PUT(Double, Pick(kDoubles, rng));
      break;
    case FieldDescriptor::CPPTYPE_FLOAT:
      BRIEFDESK_PUT(Float, Pick(kFloats, rng));
      break;
    case FieldDescriptor::CPPTYPE_BOOL:
      BRIEFDESK_PUT(Bool, OneIn(2, rng));
      break;
    case FieldDescriptor::CPPTYPE_ENUM:
      BRIEFDESK_PUT(EnumValue, RandomEnum(f, rng));
      break;
    case FieldDescriptor::CPPTYPE_STRING:
      BRIEFDESK_PUT(String, RandomString(f, rng));
      break;
    case FieldDescriptor::CPPTYPE_MESSAGE: {
      Message* sub = add ? r->AddMessage(m, f) : r->MutableMessage(m, f);
      if (depth > 0) Fill(sub, rng, depth - 1);
      break;
    }
  }
#undef BRIEFDESK_PUT
}

void FillField(Message* m, const FieldDescriptor* f, Rng* rng, int depth) {
  if (!f->is_repeated()) {
    Put(m, f, false, rng, depth);
    return;
  }
  for (int n = Pick(kLengths, rng); n > 0; --n) {
    if (!f->is_map()) {
      Put(m, f, true, rng, depth);
      continue;
    }
    Message* entry = m->GetReflection()->AddMessage(m, f);
    Put(entry, f->message_type()->map_key(), false, rng, depth);
    Put(entry, f->message_type()->map_value(), false, rng, depth);
  }
}

}  // namespace

void Fill(Message* m, Rng* rng, int depth) {
  if (FillTime(m, rng)) return;
  const Descriptor* d = m->GetDescriptor();
  for (int i = 0; i < d->oneof_decl_count(); ++i) {
    const auto* o = d->oneof_decl(i);
    if (o->is_synthetic()) continue;
    int k = static_cast<int>((*rng)() % (o->field_count() + 1));
    if (k < o->field_count()) FillField(m, o->field(k), rng, depth);
  }
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* f = d->field(i);
    if (f->real_containing_oneof() != nullptr || OneIn(4, rng)) continue;
    FillField(m, f, rng, depth);
  }
}

}  // namespace briefdesk::gateway::testing
