#include "services/gateway/openapi_responses.h"

#include <map>

namespace briefdesk::gateway {
namespace {

namespace json = boost::json;

json::object Header(const char* description,
                    json::object schema = {{"type", "string"}}) {
  return {{"description", description}, {"schema", schema}};
}

json::object Integer() { return {{"type", "integer"}}; }

struct ErrorAnswer {
  int status;
  const char* name;
  const char* description;
  std::vector<const char*> headers;
};

const std::vector<ErrorAnswer>& Errors() {
  static const std::vector<ErrorAnswer> errors = {
      {400,
       "BadRequest",
       "INVALID_ARGUMENT: the request or a field is invalid; `details` name "
       "the field.",
       {}},
      {401,
       "Unauthorized",
       "UNAUTHENTICATED: no API key, or an unknown or revoked one.",
       {"WWW-Authenticate"}},
      {403,
       "Forbidden",
       "PERMISSION_DENIED: the caller may see the resource but not do this.",
       {}},
      {404,
       "NotFound",
       "NOT_FOUND: no such resource, or one the caller may not see.",
       {}},
      {409,
       "Conflict",
       "FAILED_PRECONDITION, ALREADY_EXISTS or ABORTED: the action is not "
       "allowed in the resource's state; a workflow refusal lists the "
       "allowed actions in `details[0].allowedActions`.",
       {}},
      {412,
       "PreconditionFailed",
       "ABORTED: If-Match does not name the current revision (it changed "
       "since).",
       {}},
      {413,
       "PayloadTooLarge",
       "RESOURCE_EXHAUSTED: the body is over 1 MiB.",
       {}},
      {415,
       "UnsupportedMediaType",
       "INVALID_ARGUMENT: the body is not sent as the media type the "
       "operation takes (application/json, or the one its request body "
       "names, in UTF-8).",
       {}},
      {428,
       "PreconditionRequired",
       "FAILED_PRECONDITION: If-Match is required (the ETag of the revision "
       "edited).",
       {}},
      {429,
       "TooManyRequests",
       "RESOURCE_EXHAUSTED: the API key's rate limit is reached.",
       {"Retry-After", "RateLimit-Limit", "RateLimit-Remaining",
        "RateLimit-Reset"}},
      {503,
       "Unavailable",
       "UNAVAILABLE: a service is down, restarting or stopping; retry after "
       "Retry-After (with the same Idempotency-Key for a creation).",
       {"Retry-After"}},
  };
  return errors;
}

json::object ErrorContent() {
  return {{"application/json",
           {{"schema", {{"$ref", "#/components/schemas/ErrorBody"}}}}}};
}

}  // namespace

json::object HeaderRef(const char* name) {
  return {{"$ref", std::string("#/components/headers/") + name}};
}

json::object HeaderComponents() {
  return {
      {"X-Request-Id",
       Header("The request's id (the client's own when it sent one); logs "
              "carry it.")},
      {"ETag", Header("The entity tag of the resource's current version.")},
      {"Location", Header("The address of the resource created.")},
      {"Retry-After", Header("Seconds to wait before retrying.", Integer())},
      {"RateLimit-Limit",
       Header("Requests a minute this API key may make.", Integer())},
      {"RateLimit-Remaining",
       Header("Requests left now (after this one).", Integer())},
      {"RateLimit-Reset",
       Header("Seconds until the allowance is whole again.", Integer())},
      {"WWW-Authenticate", Header("Bearer: how to authenticate (RFC 6750).")},
      {"Allow", Header("The methods this path takes.")},
      {"X-BriefDesk-Effects",
       Header("applied: the other services had applied the change before "
              "this answer; pending: one could not be reached in time, and "
              "the change reaches it once it is back.",
              json::object{{"type", "string"},
                           {"enum", json::array{"applied", "pending"}}})},
      {"Cache-Control", Header("How long the answer may be cached.")},
      {"Vary",
       Header("Accept: the answer is JSON or CSV as the request's Accept "
              "prefers.")},
      {"Last-Modified",
       Header("When the page last changed (publication or retraction).")},
  };
}

json::object ResponseComponents() {
  json::object out;
  for (const ErrorAnswer& e : Errors()) {
    json::object headers{{"X-Request-Id", HeaderRef("X-Request-Id")}};
    for (const char* h : e.headers) headers[h] = HeaderRef(h);
    out[e.name] = json::object{{"description", e.description},
                               {"headers", headers},
                               {"content", ErrorContent()}};
  }
  // The published pages answer their readers' mistakes with pages too.
  for (const auto& [name, description] :
       {std::pair{"BadRequestPage",
                  "A parameter is malformed: a short page naming it."},
        std::pair{"NotFoundPage",
                  "No published brief at this address: a short page."}}) {
    out[name] = json::object{
        {"description", description},
        {"headers", json::object{{"X-Request-Id", HeaderRef("X-Request-Id")}}},
        {"content",
         {{"text/html; charset=utf-8", {{"schema", {{"type", "string"}}}}}}}};
  }
  out["Unexpected"] = json::object{
      {"description",
       "INTERNAL (500) or DEADLINE_EXCEEDED (504): a fault of "
       "BriefDesk's, logged under the request id."},
      {"headers", json::object{{"X-Request-Id", HeaderRef("X-Request-Id")}}},
      {"content", ErrorContent()}};
  return out;
}

std::set<int> ErrorStatuses(const Route& r) {
  std::set<int> out;
  const auto& http = r.http;
  for (int s : http.errors()) out.insert(s);
  for (int s : r.own.errors) out.insert(s);
  bool has_params = false;
  for (const Segment& s : r.segments) has_params |= !s.param.empty();
  out.insert(400);  // a malformed target, on any route
  if (r.method != nullptr) {
    out.insert(503);
    if (has_params) out.insert(404);
    if (http.body() == "*" || !http.raw_body().empty()) out.insert({413, 415});
    if (!http.if_match().empty()) out.insert({412, 428});
    for (const std::string& role : http.roles()) {
      if (role != "ANY" && role != "VIEWER" && role != "OWNER") out.insert(403);
    }
  }
  if (!http.public_()) out.insert({401, 429});
  return out;
}

void AddErrors(const std::set<int>& statuses, json::object* responses,
               bool pages) {
  for (const ErrorAnswer& e : Errors()) {
    if (!statuses.count(e.status)) continue;
    std::string name = e.name;
    if (pages && (e.status == 400 || e.status == 404)) name += "Page";
    (*responses)[std::to_string(e.status)] =
        json::object{{"$ref", "#/components/responses/" + name}};
  }
  (*responses)["default"] =
      json::object{{"$ref", "#/components/responses/Unexpected"}};
}

}  // namespace briefdesk::gateway
