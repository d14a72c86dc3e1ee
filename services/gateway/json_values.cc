#include "services/gateway/json_values.h"

#include <google/protobuf/stubs/strutil.h>

#include <cmath>

namespace briefdesk::gateway {
namespace {

// protobuf's limits: TimeUtil's years 1 to 9999 and Duration's ±10000 years.
constexpr int64_t kMinTimestampSeconds = -62135596800LL;
constexpr int64_t kMaxTimestampSeconds = 253402300799LL;
constexpr int64_t kMaxDurationSeconds = 315576000000LL;
constexpr int32_t kNanosPerSecond = 1000000000;

void AppendPadded(uint64_t v, int width, std::string* out) {
  char buf[20];
  for (int i = width - 1; i >= 0; --i, v /= 10) buf[i] = '0' + v % 10;
  out->append(buf, width);
}

// NaN and the infinities are strings in protobuf's JSON.
bool AppendNonFinite(double v, std::string* out) {
  if (std::isfinite(v)) return false;
  out->append(std::isnan(v) ? "\"NaN\""
              : v > 0       ? "\"Infinity\""
                            : "\"-Infinity\"");
  return true;
}

// The fraction as protobuf writes it: none, or 3, 6 or 9 digits.
void AppendNanos(int32_t nanos, std::string* out) {
  if (nanos == 0) return;
  out->push_back('.');
  if (nanos % 1000000 == 0) {
    AppendPadded(nanos / 1000000, 3, out);
  } else if (nanos % 1000 == 0) {
    AppendPadded(nanos / 1000, 6, out);
  } else {
    AppendPadded(nanos, 9, out);
  }
}

// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's
// civil_from_days).
void CivilFromDays(int64_t z, int64_t* y, unsigned* m, unsigned* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = static_cast<int64_t>(yoe) + era * 400 + (*m <= 2);
}

}  // namespace

// SimpleDtoa / SimpleFtoa, as protobuf's printer calls them.
void AppendDouble(double v, std::string* out) {
  if (AppendNonFinite(v, out)) return;
  char buf[google::protobuf::kDoubleToBufferSize];
  out->append(google::protobuf::DoubleToBuffer(v, buf));
}

void AppendFloat(float v, std::string* out) {
  if (AppendNonFinite(v, out)) return;
  char buf[google::protobuf::kFloatToBufferSize];
  out->append(google::protobuf::FloatToBuffer(v, buf));
}

void AppendBase64(const std::string& s, std::string* out) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  out->push_back('"');
  size_t i = 0;
  for (; i + 2 < s.size(); i += 3) {
    uint32_t n =
        (uint8_t(s[i]) << 16) | (uint8_t(s[i + 1]) << 8) | uint8_t(s[i + 2]);
    for (int k = 18; k >= 0; k -= 6) out->push_back(kAlphabet[(n >> k) & 63]);
  }
  if (i < s.size()) {
    uint32_t n = uint8_t(s[i]) << 16;
    if (i + 1 < s.size()) n |= uint8_t(s[i + 1]) << 8;
    out->push_back(kAlphabet[n >> 18]);
    out->push_back(kAlphabet[(n >> 12) & 63]);
    out->push_back(i + 1 < s.size() ? kAlphabet[(n >> 6) & 63] : '=');
    out->push_back('=');
  }
  out->push_back('"');
}

// RFC 3339 in UTC, as TimeUtil::ToString; false when protobuf would fail.
bool AppendTimestamp(int64_t seconds, int32_t nanos, std::string* out) {
  if (seconds < kMinTimestampSeconds || seconds > kMaxTimestampSeconds ||
      nanos < 0 || nanos >= kNanosPerSecond) {
    return false;
  }
  int64_t days = seconds / 86400, rest = seconds % 86400;
  if (rest < 0) rest += 86400, --days;
  int64_t year;
  unsigned month, day;
  CivilFromDays(days, &year, &month, &day);
  out->push_back('"');
  AppendPadded(year, 4, out);
  out->push_back('-');
  AppendPadded(month, 2, out);
  out->push_back('-');
  AppendPadded(day, 2, out);
  out->push_back('T');
  AppendPadded(rest / 3600, 2, out);
  out->push_back(':');
  AppendPadded(rest / 60 % 60, 2, out);
  out->push_back(':');
  AppendPadded(rest % 60, 2, out);
  AppendNanos(nanos, out);
  out->append("Z\"");
  return true;
}

// "-1.500s"; false for what protobuf rejects or prints oddly (mixed signs).
bool AppendDuration(int64_t seconds, int32_t nanos, std::string* out) {
  if (seconds < -kMaxDurationSeconds || seconds > kMaxDurationSeconds ||
      nanos <= -kNanosPerSecond || nanos >= kNanosPerSecond ||
      (seconds < 0 && nanos > 0) || (seconds > 0 && nanos < 0)) {
    return false;
  }
  out->push_back('"');
  if (seconds < 0 || nanos < 0) out->push_back('-');
  AppendNumber(seconds < 0 ? -seconds : seconds, out);
  AppendNanos(nanos < 0 ? -nanos : nanos, out);
  out->append("s\"");
  return true;
}

}  // namespace briefdesk::gateway
