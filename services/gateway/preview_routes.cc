// POST /v1/briefs:preview: sections as the published page shows them, for
// the web app's editor to show as the person types (the same renderer as
// publishing.h, so the preview is what readers will see). Authenticated,
// answered by the gateway itself; nothing is stored.
#include <google/protobuf/util/json_util.h>

#include "briefdesk/briefs/v1/briefs.pb.h"
#include "libs/rpc/rpc.h"
#include "services/gateway/gateway_call.h"
#include "services/gateway/http_errors.h"
#include "services/gateway/publishing.h"
#include "services/gateway/request_checks.h"
#include "services/gateway/transcode.h"

namespace briefdesk::gateway {

void Gateway::ServePreview(std::shared_ptr<Call> call) {
  if (!IsJsonMediaType(Header(call->req, http::field::content_type))) {
    Fail(call, WithHttpStatus(
                   absl::InvalidArgumentError("send the sections as JSON, with "
                                              "Content-Type: application/json"),
                   415));
    return;
  }
  briefs::v1::Sections in;
  google::protobuf::util::JsonParseOptions strict;
  auto parsed = google::protobuf::util::JsonStringToMessage(call->req.body(),
                                                            &in, strict);
  if (!parsed.ok()) {
    Fail(call, rpc::FieldError("body",
                               "a JSON object of sections (summary, "
                               "problem, evidence, options, "
                               "recommendations, references) whose "
                               "values are Markdown"));
    return;
  }
  briefs::v1::Sections out;
  const auto* refl = in.GetReflection();
  for (int i = 0; i < in.GetDescriptor()->field_count(); ++i) {
    const auto* f = in.GetDescriptor()->field(i);
    if (!refl->HasField(in, f)) continue;
    refl->SetString(&out, f, RenderMarkdown(refl->GetString(in, f)));
  }
  Response res;
  res.result(200);
  res.set(http::field::cache_control, "no-store");
  res.body() = ToJson(out, nullptr);
  Finish(call, std::move(res));
}

}  // namespace briefdesk::gateway
