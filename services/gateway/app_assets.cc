#include "services/gateway/app_assets.h"

#include <sodium.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "absl/strings/escaping.h"
#include "absl/strings/str_replace.h"

namespace briefdesk::gateway {

const std::map<std::string, std::string>& AppFiles();  // embedded (CMake)

namespace {

constexpr std::string_view kStatic = "static/";

std::string Sha256Hex(std::string_view data, size_t hex_digits) {
  unsigned char h[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(h, reinterpret_cast<const unsigned char*>(data.data()),
                     data.size());
  return absl::BytesToHexString(
             absl::string_view(reinterpret_cast<char*>(h), sizeof h))
      .substr(0, hex_digits);
}

AppAsset Asset(std::string name, std::string body) {
  AppAsset a;
  a.content_type = MediaTypeOfFile(name);
  a.etag = "\"" + Sha256Hex(body, 24) + "\"";
  a.gzipped = Gzip(body);
  a.body = std::move(body);
  return a;
}

}  // namespace

const std::vector<std::pair<std::string, std::string>>& AppHeaders() {
  static const std::vector<std::pair<std::string, std::string>> headers = {
      {"Content-Security-Policy",
       "default-src 'none'; script-src 'self'; style-src 'self'; "
       "img-src 'self' data:; connect-src 'self'; font-src 'self'; "
       "manifest-src 'self'; form-action 'self'; base-uri 'none'; "
       "frame-ancestors 'none'"},
      {"X-Content-Type-Options", "nosniff"},
      {"Referrer-Policy", "same-origin"},
      {"Cross-Origin-Opener-Policy", "same-origin"},
      {"X-Frame-Options", "DENY"},
  };
  return headers;
}

std::string MediaTypeOfFile(std::string_view name) {
  static const std::pair<std::string_view, std::string_view> kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".txt", "text/plain; charset=utf-8"},
      {".webmanifest", "application/manifest+json"},
  };
  for (const auto& [ext, type] : kTypes) {
    if (name.size() >= ext.size() &&
        name.substr(name.size() - ext.size()) == ext)
      return std::string(type);
  }
  return "application/octet-stream";
}

std::string Gzip(std::string_view data) {
  z_stream z{};
  // 15 window bits, +16: a gzip header and trailer rather than zlib's.
  if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9,
                   Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("deflateInit2");
  }
  std::string out(deflateBound(&z, data.size()) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  if (rc != Z_STREAM_END) throw std::runtime_error("deflate");
  return out;
}

AppAssets AppAssets::FromFiles(
    const std::map<std::string, std::string>& files) {
  AppAssets out;
  std::string all;
  for (const auto& [path, body] : files) {
    all += path + '\0' + Sha256Hex(body, 64) + '\0';
  }
  out.version_ = Sha256Hex(all, 12);
  for (const auto& [path, body] : files) {
    if (path.rfind(kStatic, 0) == 0) {
      std::string rel = path.substr(kStatic.size());
      out.statics_.emplace(rel, Asset(rel, body));
    }
  }
  auto index = files.find("index.html");
  std::string page = index == files.end() ? std::string() : index->second;
  out.index_ = Asset("index.html",
                     absl::StrReplaceAll(page, {{"{{assets}}", out.prefix()}}));
  return out;
}

AppAssets AppAssets::Embedded() { return FromFiles(AppFiles()); }

absl::StatusOr<AppAssets> AppAssets::FromDirectory(const std::string& dir) {
  namespace fs = std::filesystem;
  std::map<std::string, std::string> files;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end;
       it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    files[fs::relative(it->path(), dir).generic_string()] = text.str();
  }
  if (ec || !files.count("index.html")) {
    return absl::InvalidArgumentError("BRIEFDESK_APP_DIR " + dir +
                                      " holds no index.html");
  }
  return FromFiles(files);
}

const AppAsset* AppAssets::Static(std::string_view path) const {
  auto it = statics_.find(path);
  return it == statics_.end() ? nullptr : &it->second;
}

}  // namespace briefdesk::gateway
