// One JSON line per event on stderr: time, level, service, event, and any
// fields (request_id among them when there is one).
#ifndef BRIEFDESK_LIBS_LOGGING_LOGGING_H_
#define BRIEFDESK_LIBS_LOGGING_LOGGING_H_

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace briefdesk::logging {

using Field = std::pair<std::string_view, std::string_view>;

void Init(std::string_view service);
void Info(std::string_view event, std::initializer_list<Field> fields = {});
void Warn(std::string_view event, std::initializer_list<Field> fields = {});
void Error(std::string_view event, std::initializer_list<Field> fields = {});

// The request id of the call this thread serves (the gateway's, passed in
// gRPC metadata): every line logged on the thread carries it until cleared.
// libs/service sets it around each RPC.
void SetRequestId(std::string_view id);
std::string_view RequestId();

}  // namespace briefdesk::logging

#endif  // BRIEFDESK_LIBS_LOGGING_LOGGING_H_
