#include "libs/mail/smtp.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <memory>
#include <mutex>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "libs/config/config.h"

namespace briefdesk::mail {
namespace {

constexpr char kUrlVar[] = "BRIEFDESK_SMTP_URL";

absl::Status BadUrl(absl::string_view why) {
  // The value itself stays out: a URL may carry a password.
  return absl::InvalidArgumentError(absl::StrCat(
      kUrlVar, " must be smtp://host[:port] or smtps://host[:port]; it ", why));
}

absl::Status CheckUrl(absl::string_view url) {
  size_t sep = url.find("://");
  if (sep == absl::string_view::npos) return BadUrl("has no scheme");
  absl::string_view scheme = url.substr(0, sep);
  if (!absl::EqualsIgnoreCase(scheme, "smtp") &&
      !absl::EqualsIgnoreCase(scheme, "smtps")) {
    bool plain = scheme.size() <= 16;
    for (char c : scheme) plain = plain && absl::ascii_isalnum(c);
    return BadUrl(plain ? absl::StrCat("has the scheme \"", scheme, "\"")
                        : "has no valid scheme");
  }
  absl::string_view host = url.substr(sep + 3);
  host = host.substr(0, host.find_first_of("/?#"));
  if (host.find('@') != absl::string_view::npos) {
    return BadUrl(
        "holds a user or password: set BRIEFDESK_SMTP_USER and "
        "BRIEFDESK_SMTP_PASSWORD instead");
  }
  absl::string_view port;
  bool ipv6 = absl::ConsumePrefix(&host, "[");
  size_t host_end = host.find(ipv6 ? ']' : ':');
  if (ipv6 && host_end == absl::string_view::npos) {
    return BadUrl("has a '[' without ']'");
  }
  if (host_end != absl::string_view::npos) {
    port = host.substr(host_end + (ipv6 ? 1 : 0));
    host = host.substr(0, host_end);
  }
  if (host.empty()) return BadUrl("has no host");
  int number = 0;
  if (!port.empty() &&
      (!absl::ConsumePrefix(&port, ":") || !absl::SimpleAtoi(port, &number) ||
       number < 1 || number > 65535)) {
    return BadUrl("has a port that is not a number in [1, 65535]");
  }
  return absl::OkStatus();
}

// BRIEFDESK_SMTP_USER, _PASSWORD, _STARTTLS and _CA_FILE: who BriefDesk is
// to the server, and how the server proves who it is.
absl::Status ReadSecurity(SmtpSettings& s) {
  s.user = config::String("BRIEFDESK_SMTP_USER", "");
  s.password = config::String("BRIEFDESK_SMTP_PASSWORD", "");
  if (s.user.empty() && !s.password.empty()) {
    return absl::InvalidArgumentError(
        "BRIEFDESK_SMTP_PASSWORD is set but BRIEFDESK_SMTP_USER is not");
  }
  absl::StatusOr<bool> starttls =
      config::Bool("BRIEFDESK_SMTP_STARTTLS", false);
  if (!starttls.ok()) return starttls.status();
  s.starttls = *starttls;
  if (!s.password.empty() && !s.starttls &&
      absl::StartsWithIgnoreCase(s.url, "smtp:")) {
    return absl::InvalidArgumentError(
        "BRIEFDESK_SMTP_PASSWORD would cross the network in clear text: use "
        "an smtps:// BRIEFDESK_SMTP_URL or BRIEFDESK_SMTP_STARTTLS=true");
  }
  s.ca_file = config::String("BRIEFDESK_SMTP_CA_FILE", "");
  if (!s.ca_file.empty() && !std::filesystem::is_regular_file(s.ca_file)) {
    return absl::InvalidArgumentError(
        absl::StrCat("BRIEFDESK_SMTP_CA_FILE=", s.ca_file, " is not a file"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::optional<SmtpSettings>> SmtpSettingsFromEnv() {
  SmtpSettings s;
  s.url = config::String(kUrlVar, "");
  if (s.url.empty()) return std::nullopt;
  if (auto st = CheckUrl(s.url); !st.ok()) return st;
  if (auto st = ReadSecurity(s); !st.ok()) return st;
  absl::StatusOr<int64_t> timeout =
      config::Int("BRIEFDESK_SMTP_TIMEOUT_MS", 30000, 1, 3600000);
  if (!timeout.ok()) return timeout.status();
  s.timeout = std::chrono::milliseconds(*timeout);
  absl::StatusOr<Address> from = ParseAddress(
      config::String("BRIEFDESK_SMTP_FROM", "BriefDesk <briefdesk@localhost>"));
  if (!from.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("BRIEFDESK_SMTP_FROM: ", from.status().message()));
  }
  s.from = *from;
  return s;
}

namespace {

absl::Status InitCurlOnce() {
  static std::once_flag once;
  static CURLcode rc = CURLE_OK;
  std::call_once(once, [] { rc = curl_global_init(CURL_GLOBAL_DEFAULT); });
  if (rc == CURLE_OK) return absl::OkStatus();
  return absl::InternalError(
      absl::StrCat("curl_global_init: ", curl_easy_strerror(rc)));
}

struct Upload {
  absl::string_view data;
  size_t offset = 0;
};

size_t ReadChunk(char* buffer, size_t size, size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  size_t n = std::min(size * count, upload->data.size() - upload->offset);
  std::memcpy(buffer, upload->data.data() + upload->offset, n);
  upload->offset += n;
  return n;
}

using Slist = std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)>;

// Every option a send needs; the first that libcurl refuses, or CURLE_OK.
CURLcode Configure(CURL* c, const SmtpSettings& s, const std::string& from,
                   curl_slist* rcpt, Upload* upload, char* error) {
  CURLcode rc = CURLE_OK;
  auto set = [&](CURLoption option, auto value) {
    if (rc == CURLE_OK) rc = curl_easy_setopt(c, option, value);
  };
  set(CURLOPT_ERRORBUFFER, error);
  set(CURLOPT_URL, s.url.c_str());
  // A URL of another scheme must not turn a send into an FTP upload.
  set(CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  // Signals would reach every thread of the process; timeouts do without.
  set(CURLOPT_NOSIGNAL, 1L);
  set(CURLOPT_TIMEOUT_MS, static_cast<long>(s.timeout.count()));
  set(CURLOPT_MAIL_FROM, from.c_str());
  set(CURLOPT_MAIL_RCPT, rcpt);
  set(CURLOPT_UPLOAD, 1L);
  set(CURLOPT_READFUNCTION, &ReadChunk);
  set(CURLOPT_READDATA, static_cast<void*>(upload));
  // Lets a server that announces SIZE refuse a too large message at once.
  set(CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(upload->data.size()));
  if (s.starttls) set(CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  if (!s.ca_file.empty()) set(CURLOPT_CAINFO, s.ca_file.c_str());
  if (!s.user.empty()) {
    set(CURLOPT_USERNAME, s.user.c_str());
    set(CURLOPT_PASSWORD, s.password.c_str());
  }
  return rc;
}

// Whether sending again later can succeed, from libcurl's result and the
// server's last reply code.
absl::Status Classify(CURLcode rc, long reply, const char* error,
                      const std::string& password) {
  if (rc == CURLE_OK) return absl::OkStatus();
  std::string detail = curl_easy_strerror(rc);
  if (*error != '\0') absl::StrAppend(&detail, ": ", error);
  // libcurl has no reason to quote it; this makes sure.
  if (!password.empty()) {
    absl::StrReplaceAll({{password, "<password>"}}, &detail);
  }
  if (reply >= 500 && reply < 600) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the SMTP server refused with ", reply, " (", detail, ")"));
  }
  if (reply >= 400 && reply < 500) {
    return absl::UnavailableError(absl::StrCat("the SMTP server deferred with ",
                                               reply, " (", detail, ")"));
  }
  switch (rc) {
    case CURLE_USE_SSL_FAILED:
      return absl::FailedPreconditionError(absl::StrCat(
          "the SMTP server does not offer STARTTLS, which the settings "
          "require (",
          detail, ")"));
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
    case CURLE_LOGIN_DENIED:
    case CURLE_UNKNOWN_OPTION:
    case CURLE_NOT_BUILT_IN:
      return absl::FailedPreconditionError(
          absl::StrCat("cannot send as configured: ", detail));
    default:
      return absl::UnavailableError(
          absl::StrCat("could not send through the SMTP server: ", detail));
  }
}

}  // namespace

SmtpSender::SmtpSender(SmtpSettings settings)
    : settings_(std::move(settings)) {}

absl::Status SmtpSender::Send(const Message& m) const {
  Message with_from;
  const Message* message = &m;
  if (m.from.email.empty()) {
    with_from = m;
    with_from.from = settings_.from;
    message = &with_from;
  }
  absl::StatusOr<std::string> data = Render(*message);
  if (!data.ok()) return data.status();
  if (auto s = InitCurlOnce(); !s.ok()) return s;
  std::lock_guard lock(mu_);
  if (curl_ == nullptr) {
    curl_ = curl_easy_init();
  } else {
    curl_easy_reset(static_cast<CURL*>(curl_));  // keeps the connection
  }
  CURL* curl = static_cast<CURL*>(curl_);
  Slist rcpt(curl_slist_append(nullptr, message->to.email.c_str()),
             &curl_slist_free_all);
  if (curl == nullptr || rcpt == nullptr) {
    return absl::ResourceExhaustedError("libcurl could not allocate a handle");
  }
  Upload upload{.data = *data};
  char error[CURL_ERROR_SIZE] = "";
  CURLcode rc = Configure(curl, settings_, message->from.email, rcpt.get(),
                          &upload, error);
  if (rc == CURLE_OK) rc = curl_easy_perform(curl);
  long reply = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply);
  return Classify(rc, reply, error, settings_.password);
}

SmtpSender::~SmtpSender() {
  if (curl_ != nullptr) curl_easy_cleanup(static_cast<CURL*>(curl_));
}

}  // namespace briefdesk::mail
