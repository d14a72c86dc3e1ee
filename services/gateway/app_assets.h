// The web app's files as the gateway serves them (services/gateway/app):
// embedded in the binary at build time, or read from a folder at start
// (BRIEFDESK_APP_DIR, for working on the app without a rebuild). Files
// under static/ are served at /app/static/<version>/<path>, where the
// version is a hash of every file, so they are cached for good and a new
// build's are new addresses; index.html (every other /app/ address) names
// them through the text {{assets}}, replaced by that prefix. Each file is
// kept gzipped too (files are served compressed when a client takes it).
#ifndef BRIEFDESK_SERVICES_GATEWAY_APP_ASSETS_H_
#define BRIEFDESK_SERVICES_GATEWAY_APP_ASSETS_H_

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace briefdesk::gateway {

struct AppAsset {
  std::string body, gzipped;
  std::string content_type;
  std::string etag;  // strong, quoted
};

class AppAssets {
 public:
  // From path (relative, "static/js/main.js") to contents.
  static AppAssets FromFiles(const std::map<std::string, std::string>& files);
  static AppAssets Embedded();
  // INVALID_ARGUMENT when the folder has no index.html.
  static absl::StatusOr<AppAssets> FromDirectory(const std::string& dir);

  const std::string& version() const { return version_; }
  // "/app/static/<version>".
  std::string prefix() const { return "/app/static/" + version_; }
  // index.html, with its asset prefix filled in.
  const AppAsset& index() const { return index_; }
  // A file under static/ by its path there ("js/main.js"); nullptr when
  // there is none.
  const AppAsset* Static(std::string_view path) const;

 private:
  std::string version_;
  AppAsset index_;
  std::map<std::string, AppAsset, std::less<>> statics_;
};

// The headers of every answer under /app/: a Content-Security-Policy that
// allows the app's own scripts, styles and API calls and nothing else (no
// inline script or style, no frames), nosniff, no referrer to other sites.
const std::vector<std::pair<std::string, std::string>>& AppHeaders();

// The media type of a file name's extension.
std::string MediaTypeOfFile(std::string_view name);
// `data` in gzip's format, compressed at the highest level.
std::string Gzip(std::string_view data);

}  // namespace briefdesk::gateway

#endif  // BRIEFDESK_SERVICES_GATEWAY_APP_ASSETS_H_
