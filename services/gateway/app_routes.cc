// The web app (app_assets.h) under /app/: its files, cached for good under
// their version's prefix, and its page for every other /app/ address (the
// app routes in the browser). / leads to /app/.
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "libs/logging/logging.h"
#include "services/gateway/conditional.h"
#include "services/gateway/gateway_call.h"
#include "services/gateway/http_errors.h"

namespace briefdesk::gateway {
namespace {

constexpr std::string_view kStaticPrefix = "/app/static/";

const Route& AppRoute() {
  static const Route route = [] {
    Route r;
    r.http.set_method("GET");
    r.http.set_path("/app/");
    r.http.set_public_(true);
    r.own.app_page = true;
    return r;
  }();
  return route;
}

// Whether Accept-Encoding takes gzip: named (or "*") with a q above 0.
bool AcceptsGzip(std::string_view accept_encoding) {
  for (absl::string_view item : absl::StrSplit(
           absl::string_view(accept_encoding.data(), accept_encoding.size()),
           ',')) {
    std::vector<absl::string_view> parts = absl::StrSplit(item, ';');
    absl::string_view name = absl::StripAsciiWhitespace(parts[0]);
    if (!absl::EqualsIgnoreCase(name, "gzip") && name != "*") continue;
    double q = 1;
    for (size_t i = 1; i < parts.size(); ++i) {
      absl::string_view p = absl::StripAsciiWhitespace(parts[i]);
      if (absl::StartsWithIgnoreCase(p, "q=") &&
          !absl::SimpleAtod(p.substr(2), &q))
        q = 0;
    }
    return q > 0;
  }
  return false;
}

}  // namespace

std::shared_ptr<const AppAssets> Gateway::App() {
  std::lock_guard<std::mutex> lock(app_mu_);
  if (!app_) app_ = std::make_shared<AppAssets>(AppAssets::Embedded());
  return app_;
}

void Gateway::ServeApp(std::shared_ptr<Call> call) {
  call->found.route = &AppRoute();
  if (call->req.method() != http::verb::get && !call->head) {
    Fail(call, WithHeader(WithHttpStatus(absl::UnimplementedError(
                                             "the web app's pages are read "
                                             "with GET"),
                                         405),
                          "Allow", "GET, HEAD"));
    return;
  }
  if (call->path == "/" || call->path == "/app") {
    Response res;
    res.result(http::status::found);
    res.set(http::field::location, "/app/");
    Finish(call, std::move(res));
    return;
  }
  std::string_view path = call->path;
  bool is_static = path.rfind(kStaticPrefix, 0) == 0;
  if (!is_static && !options_.app_dir.empty()) {
    // Working on the app: every page reads the folder again.
    auto fresh = AppAssets::FromDirectory(options_.app_dir);
    if (fresh.ok()) {
      std::lock_guard<std::mutex> lock(app_mu_);
      app_ = std::make_shared<AppAssets>(*std::move(fresh));
    } else {
      logging::Warn("app_dir",
                    {{"error", std::string(fresh.status().message())}});
    }
  }
  std::shared_ptr<const AppAssets> app = App();
  const AppAsset* asset = &app->index();
  bool for_good = false;
  if (is_static) {
    std::string_view rest = path.substr(kStaticPrefix.size());
    size_t slash = rest.find('/');
    asset = slash == std::string_view::npos
                ? nullptr
                : app->Static(rest.substr(slash + 1));
    if (asset == nullptr) {
      Fail(call, absl::NotFoundError("the web app has no file " +
                                     std::string(path.substr(0, 200))));
      return;
    }
    // An older version's address (a page loaded before a deploy) gets
    // today's file, not kept.
    for_good = rest.substr(0, slash) == app->version();
  }
  Response res;
  res.set(http::field::content_type, asset->content_type);
  res.set(http::field::etag, asset->etag);
  res.set(http::field::cache_control,
          for_good ? "public, max-age=31536000, immutable" : "no-cache");
  res.set(http::field::vary, "Accept-Encoding");
  if (NotModified(Header(call->req, http::field::if_none_match), asset->etag)) {
    res.result(http::status::not_modified);
  } else if (AcceptsGzip(Header(call->req, http::field::accept_encoding))) {
    res.result(http::status::ok);
    res.set(http::field::content_encoding, "gzip");
    res.body() = asset->gzipped;
  } else {
    res.result(http::status::ok);
    res.body() = asset->body;
  }
  Finish(call, std::move(res));
}

}  // namespace briefdesk::gateway
