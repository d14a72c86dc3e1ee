// Test-only: fills any message with varied values, deterministic for a seed,
// for comparing PrintJson with MessageToJsonString over every message type.
#ifndef BRIEFDESK_SERVICES_GATEWAY_JSON_TEST_FILLER_H_
#define BRIEFDESK_SERVICES_GATEWAY_JSON_TEST_FILLER_H_

#include <google/protobuf/message.h>

#include <random>

namespace briefdesk::gateway::testing {

// Sets each field or not (and to the default value sometimes, which proto3
// optionals and oneofs keep): numbers at their limits, float corners,
// strings with quotes, escapes, HTML, non-ASCII, emoji and invalid UTF-8,
// enums with unknown numbers, repeated fields of 0, 1 or 3 elements, one
// member of each oneof, nested messages `depth` levels down, and Timestamps
// and Durations with 0, 3, 6 and 9 fractional digits within protobuf's range.
void Fill(google::protobuf::Message* m, std::mt19937_64* rng, int depth = 3);

}  // namespace briefdesk::gateway::testing

#endif  // BRIEFDESK_SERVICES_GATEWAY_JSON_TEST_FILLER_H_
