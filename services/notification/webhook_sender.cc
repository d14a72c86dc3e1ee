#include "services/notification/webhook_sender.h"

#include <sodium.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "absl/strings/str_cat.h"
#include "libs/logging/logging.h"

namespace briefdesk::notification {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

http::request<http::string_body> MakeRequest(const WebhookUrl& url,
                                             const std::string& event,
                                             const std::string& delivery,
                                             const std::string& secret,
                                             const std::string& body) {
  http::request<http::string_body> req(http::verb::post, url.target, 11);
  req.set(http::field::host, HostHeader(url));
  req.set(http::field::user_agent, "BriefDesk-Webhooks/1");
  req.set(http::field::content_type, "application/json");
  req.set("X-BriefDesk-Event", event);
  req.set("X-BriefDesk-Delivery", delivery);
  req.set("X-BriefDesk-Signature", Signature(secret, body));
  req.body() = body;
  req.prepare_payload();
  return req;
}

// Sends and reads the status on a connected (and, for TLS, handshaken)
// stream, asynchronously: Beast's timeouts bind only asynchronous
// operations. The body is read up to 64 KiB and discarded.
template <typename Stream>
void AsyncExchange(Stream& stream, const http::request<http::string_body>& req,
                   beast::flat_buffer& buffer,
                   http::response_parser<http::string_body>& parser,
                   beast::error_code& result) {
  http::async_write(stream, req, [&](beast::error_code ec, size_t) {
    if (ec) {
      result = ec;
      return;
    }
    http::async_read(stream, buffer, parser, [&](beast::error_code ec, size_t) {
      if (ec && !(ec == http::error::body_limit && parser.is_header_done())) {
        result = ec;
      }
    });
  });
}

// One request with one deadline for connect, handshake, send and answer.
int Exchange(const WebhookUrl& url, const tcp::endpoint& to,
             const http::request<http::string_body>& req,
             std::chrono::milliseconds timeout) {
  net::io_context ioc;
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 * 1024);
  beast::error_code result;
  if (url.https) {
    ssl::context tls(ssl::context::tls_client);
    tls.set_default_verify_paths();
    tls.set_verify_mode(ssl::verify_peer);
    beast::ssl_stream<beast::tcp_stream> stream(ioc, tls);
    // Server Name Indication carries names only, never an address
    // (RFC 6066); the certificate is checked against either.
    beast::error_code not_an_address;
    net::ip::make_address(url.host, not_an_address);
    if (not_an_address) {
      SSL_set_tlsext_host_name(stream.native_handle(), url.host.c_str());
    }
    stream.set_verify_callback(ssl::host_name_verification(url.host));
    beast::get_lowest_layer(stream).expires_after(timeout);
    beast::get_lowest_layer(stream).async_connect(
        to, [&](beast::error_code ec) {
          if (ec) {
            result = ec;
            return;
          }
          stream.async_handshake(
              ssl::stream_base::client, [&](beast::error_code ec) {
                if (ec) {
                  result = ec;
                  return;
                }
                AsyncExchange(stream, req, buffer, parser, result);
              });
        });
    ioc.run();
  } else {
    beast::tcp_stream stream(ioc);
    stream.expires_after(timeout);
    stream.async_connect(to, [&](beast::error_code ec) {
      if (ec) {
        result = ec;
        return;
      }
      AsyncExchange(stream, req, buffer, parser, result);
    });
    ioc.run();
  }
  if (result) throw beast::system_error(result);
  return parser.get().result_int();
}

}  // namespace

std::chrono::milliseconds Backoff(int attempt, std::chrono::milliseconds base,
                                  std::chrono::milliseconds max,
                                  std::mt19937& rng) {
  long long d = base.count();
  for (int i = 1; i < attempt && d < max.count(); ++i) d *= 2;
  d = std::min<long long>(d, max.count());
  std::uniform_int_distribution<long long> share(0, d / 2);
  return std::chrono::milliseconds(d - d / 2 + share(rng));
}

std::string Signature(const std::string& secret, const std::string& body) {
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(
      &st, reinterpret_cast<const unsigned char*>(secret.data()),
      secret.size());
  crypto_auth_hmacsha256_update(
      &st, reinterpret_cast<const unsigned char*>(body.data()), body.size());
  crypto_auth_hmacsha256_final(&st, mac);
  char hex[2 * sizeof mac + 1];
  sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
  return std::string("sha256=") + hex;
}

WebhookSender::WebhookSender(storage::PgPool* pool, NotificationConfig config,
                             std::chrono::milliseconds poll,
                             metrics::Registry* metrics)
    : pool_(pool),
      config_(config),
      metrics_(metrics),
      worker_([this] { return Step(); }, poll, config.webhook_workers) {
  metrics_->Describe("briefdesk_webhook_attempts_total", "counter",
                     "Webhook delivery attempts, by outcome: delivered, retry "
                     "(failed, tried again later) or dead (failed, given up).");
  metrics_->Describe("briefdesk_webhook_attempt_seconds", "histogram",
                     "Duration of one webhook delivery attempt.");
}

worker::Next WebhookSender::Step() {
  thread_local std::mt19937 rng(std::random_device{}());
  auto due = Take();
  if (due.ok() && due->has_value()) {
    Outcome o = Post(**due);
    if (absl::Status s = Record(**due, o, rng); !s.ok()) {
      // The lease on the delivery runs out and it is tried again.
      logging::Warn("webhook_record_failed",
                    {{"error", std::string(s.message())}});
    }
    return worker::Next::kAgain;
  }
  if (!due.ok()) {
    logging::Warn("webhook_take_failed",
                  {{"error", std::string(due.status().message())}});
  }
  return worker::Next::kSleep;
}

absl::StatusOr<std::optional<WebhookSender::Due>> WebhookSender::Take() {
  // The delivery is leased for the length of one attempt, so no other
  // worker or replica sends it meanwhile; a crash mid-attempt retries it.
  int64_t lease_ms = config_.webhook_timeout.count() + 10000;
  std::optional<Due> due;
  absl::Status s = Transact(pool_, [&](NotificationTx& tx) {
    due = tx.LeaseDueDelivery(lease_ms);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return due;
}

WebhookSender::Outcome WebhookSender::Post(const Due& d) {
  Outcome o;
  auto start = std::chrono::steady_clock::now();
  auto url = ParseWebhookUrl(d.url);
  auto ips = url.ok() ? ResolveAllowed(*url, config_.webhook_policy)
                      : absl::StatusOr<std::vector<std::string>>(url.status());
  if (!ips.ok()) {
    o.error = std::string(ips.status().message());
    return o;
  }
  // Not sent unsigned: a secret that does not open is a failed attempt.
  auto secret = config_.webhook_secrets.Open(d.secret);
  if (!secret.ok()) {
    o.error = std::string(secret.status().message());
    return o;
  }
  try {
    auto req = MakeRequest(*url, d.event, d.id, *secret, d.payload);
    tcp::endpoint to(net::ip::make_address(ips->front()), url->port);
    o.status = Exchange(*url, to, req, config_.webhook_timeout);
  } catch (const beast::system_error& e) {
    o.error = e.code() == beast::error::timeout
                  ? absl::StrCat("no answer within ",
                                 config_.webhook_timeout.count(), " ms")
                  : e.code().message();
  } catch (const std::exception& e) {
    o.error = e.what();
  }
  o.latency_ms =
      static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(
                           std::chrono::steady_clock::now() - start)
                           .count());
  return o;
}

absl::Status WebhookSender::Record(const Due& d, const Outcome& o,
                                   std::mt19937& rng) {
  int attempt = d.attempts + 1;
  bool delivered = o.status >= 200 && o.status < 300;
  std::string error = o.error;
  if (!delivered && error.empty()) {
    error = absl::StrCat("HTTP ", o.status,
                         o.status >= 300 && o.status < 400
                             ? " (redirects are not followed)"
                             : "");
  }
  auto delay = Backoff(attempt, config_.backoff_base, config_.backoff_max, rng);
  std::string outcome;
  absl::Status s = Transact(pool_, [&](NotificationTx& tx) {
    // Dead-lettered when the next try would fall past the window.
    std::string state = tx.SetDeliveryState(
        d.id, attempt, delivered, static_cast<int64_t>(delay.count()),
        static_cast<int64_t>(config_.retry_window.count()));
    bool retry = state == "PENDING";
    tx.InsertAttempt(d.id, attempt, o.status, o.latency_ms, error, retry,
                     static_cast<int64_t>(delay.count()));
    outcome = state == "DELIVERED" ? "delivered" : retry ? "retry" : "dead";
    return absl::OkStatus();
  });
  if (s.ok() && !outcome.empty()) {
    metrics_->Count("briefdesk_webhook_attempts_total",
                    "outcome=\"" + outcome + "\"");
    metrics_->Observe("briefdesk_webhook_attempt_seconds", "",
                      o.latency_ms / 1000.0);
  }
  return s;
}

}  // namespace briefdesk::notification
