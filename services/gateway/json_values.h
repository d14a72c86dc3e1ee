// The JSON text of single values exactly as protobuf 3.21's JSON printer
// writes them, for PrintJson (json_printer.h). Each appends to `out`.
#ifndef BRIEFDESK_SERVICES_GATEWAY_JSON_VALUES_H_
#define BRIEFDESK_SERVICES_GATEWAY_JSON_VALUES_H_

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

namespace briefdesk::gateway {

// `s` quoted and escaped as util/internal/json_escaping.cc does: control
// characters, '"', '\\', '<', '>' and U+007F..U+009F as \uXXXX (or \b \t \n
// \f \r), a few invisible or direction-changing code points too (U+2028,
// U+FEFF, ...), other UTF-8 unchanged ('&' included); bytes that are not
// valid UTF-8 are dropped, as there.
void AppendJsonString(std::string_view s, std::string* out);

// Integers in decimal; the caller quotes the 64-bit ones.
template <typename T>
void AppendNumber(T v, std::string* out) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out->append(buf, r.ptr);
}

// SimpleDtoa / SimpleFtoa, which protobuf uses; "NaN", "Infinity" and
// "-Infinity" as quoted strings.
void AppendDouble(double v, std::string* out);
void AppendFloat(float v, std::string* out);

// Standard base64 with padding, quoted.
void AppendBase64(const std::string& s, std::string* out);

// Quoted RFC 3339 in UTC with 0, 3, 6 or 9 fractional digits, and "-1.500s";
// false (nothing appended) where protobuf's printer fails or prints a
// Duration with mixed signs its own way.
bool AppendTimestamp(int64_t seconds, int32_t nanos, std::string* out);
bool AppendDuration(int64_t seconds, int32_t nanos, std::string* out);

}  // namespace briefdesk::gateway

#endif  // BRIEFDESK_SERVICES_GATEWAY_JSON_VALUES_H_
