// A route through its RPC: the request message from the HTTP request
// (transcode.h), one backend call, and the answer with its headers (ETag,
// Location, 204, 304 on a matching If-None-Match, X-BriefDesk-Effects);
// a CSV route's text/csv answer, an error_field route's error answer.
#include <google/protobuf/dynamic_message.h>

#include "libs/rpc/rpc.h"
#include "services/gateway/conditional.h"
#include "services/gateway/gateway_call.h"
#include "services/gateway/http_errors.h"
#include "services/gateway/media_types.h"
#include "services/gateway/request_checks.h"
#include "services/gateway/transcode.h"

namespace briefdesk::gateway {
namespace {

std::unique_ptr<google::protobuf::Message> New(
    const google::protobuf::Descriptor* d) {
  return std::unique_ptr<google::protobuf::Message>(
      google::protobuf::MessageFactory::generated_factory()
          ->GetPrototype(d)
          ->New());
}

// A body is sent as the media type the route takes: JSON for body "*", the
// raw_body_type (in UTF-8) for a raw body, which needs it even when empty.
absl::Status CheckContentType(const Route& route, const Request& req) {
  std::string_view type = Header(req, "Content-Type");
  if (route.http.body() == "*" && !req.body().empty() &&
      !IsJsonMediaType(type)) {
    return WithHttpStatus(
        absl::InvalidArgumentError(
            "send the body as JSON, with Content-Type: application/json"),
        415);
  }
  const std::string& raw = route.http.raw_body_type();
  if (route.fields.raw_body != nullptr && !IsUtf8MediaType(type, raw)) {
    return WithHttpStatus(
        absl::InvalidArgumentError("send the body as UTF-8 " + raw +
                                   ", with Content-Type: " + raw),
        415);
  }
  return absl::OkStatus();
}

// A CSV route's answer when the client preferred text/csv: the service's
// CSV as it wrote it.
Response CsvAnswer(const Route& r, const google::protobuf::Message& out) {
  Response res;
  res.result(200);
  res.set(http::field::content_type, "text/csv; charset=utf-8");
  const auto* refl = out.GetReflection();
  res.body() = refl->GetString(out, r.fields.csv_field);
  return res;
}

// The browser's User-Agent as a sign-in records it: printable ASCII, at
// most 200 characters.
std::string UserAgentOf(const Request& req) {
  std::string out;
  for (char c : Header(req, http::field::user_agent)) {
    if (out.size() == 200) break;
    out += c >= 0x20 && c < 0x7F ? c : '?';
  }
  return out;
}

}  // namespace

void Gateway::Dispatch(std::shared_ptr<Call> call) {
  const Route& route = *call->found.route;
  if (route.method == nullptr) {  // the gateway's own authenticated route
    HandleOwnAuthenticated(std::move(call));
    return;
  }
  if (absl::Status s = CheckContentType(route, call->req); !s.ok()) {
    Fail(call, s);
    return;
  }
  call->csv = route.fields.csv_field != nullptr &&
              PrefersCsv(Header(call->req, http::field::accept));
  std::unique_ptr<google::protobuf::Message> request =
      New(route.method->input_type());
  HttpInput in{call->found.params,
               call->found.names,
               call->query,
               call->req.body(),
               Header(call->req, "If-Match"),
               call->csv};
  if (absl::Status s = BuildRequest(route, in, request.get()); !s.ok()) {
    Fail(call, s);
    return;
  }
  CallMetadata md;
  // Public routes carry no principal (Gateway::Serve never authenticates
  // them).
  md.principal = route.http.public_() ? nullptr : &call->principal;
  md.request_id = call->request_id;
  if (!route.http.session().empty()) md.user_agent = UserAgentOf(call->req);
  std::string_view idem = Header(call->req, "Idempotency-Key");
  if (route.http.idempotent() && !idem.empty()) {
    bool ok = idem.size() <= 255;
    for (char c : idem) ok = ok && c >= 32 && c < 127;
    if (!ok) {
      Fail(call, rpc::FieldError("Idempotency-Key",
                                 "at most 255 printable ASCII characters"));
      return;
    }
    md.idempotency_key = std::string(idem);
  }
  backends_->CallWithEffects(
      route.service, route.rpc, request->SerializeAsString(), md,
      [this, call](const grpc::Status& s, std::string bytes,
                   std::string effects) {
        if (!s.ok()) {
          Fail(call, rpc::FromGrpcStatus(s));
          return;
        }
        Answer(call, std::move(bytes), effects);
      });
}

void Gateway::Answer(std::shared_ptr<Call> call, std::string bytes,
                     const std::string& effects) {
  const Route& r = *call->found.route;
  std::unique_ptr<google::protobuf::Message> out = New(r.method->output_type());
  if (!out->ParseFromString(bytes)) {
    Fail(call, absl::InternalError("unreadable answer from backend"));
    return;
  }
  PublishedChanged(r, *out);
  if (r.fields.error_field != nullptr &&
      out->GetReflection()->HasField(*out, r.fields.error_field)) {
    AnswerError(call, *out);
    return;
  }
  if (call->csv) {
    Response res = CsvAnswer(r, *out);
    if (!effects.empty()) res.set("X-BriefDesk-Effects", effects);
    Finish(call, std::move(res));
    return;
  }
  Response res;
  if (!r.http.session().empty()) SessionCookies(*call, out.get(), &res);
  int status = r.http.status() ? r.http.status() : 200;
  if (!r.http.empty_unless().empty() &&
      !HasField(*out, r.http.empty_unless())) {
    status = 204;
  }
  std::string etag;
  if (!r.http.etag().empty()) {
    std::string value = FieldString(*out, r.http.etag());
    if (!value.empty()) etag = "\"" + value + "\"";
  }
  if (!etag.empty()) res.set(http::field::etag, etag);
  if (r.http.method() == "GET" &&
      NotModified(Header(call->req, "If-None-Match"), etag))
    status = 304;
  res.result(status);
  if (status != 204 && status != 304) {
    res.body() = ToJson(*out, r.fields.csv_field);  // JSON: without the CSV
  }
  if (!r.http.location().empty()) {
    std::string loc = FillTemplate(r.http.location(), *out);
    if (!loc.empty()) res.set(http::field::location, loc);
  }
  // The change is made; whether the other services have applied its effects
  // yet ("applied"), or will once they are reachable again ("pending").
  if (!effects.empty()) res.set("X-BriefDesk-Effects", effects);
  Finish(call, std::move(res));
}

void Gateway::AnswerError(std::shared_ptr<Call> call,
                          const google::protobuf::Message& out) {
  const Route& r = *call->found.route;
  std::string code = FieldString(out, r.http.error_field() + ".code");
  absl::StatusCode status_code = CodeOfName(code);
  int status = HttpStatusOf(status_code, &r);
  if (status >= 500) {  // a fault: answered, and logged, as any other
    Fail(call, absl::Status(status_code, FieldString(out, r.http.error_field() +
                                                              ".message")));
    return;
  }
  Response res;
  res.result(status);
  res.body() = ToJson(out, r.fields.csv_field);
  Finish(call, std::move(res));
}

}  // namespace briefdesk::gateway
