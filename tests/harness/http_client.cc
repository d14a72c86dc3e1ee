#include "tests/harness/http_client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace briefdesk::testing {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

boost::json::value HttpResponse::Json() const {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(body, ec);
  return ec ? boost::json::value() : v;
}

std::string HttpResponse::Header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? "" : it->second;
}

std::string HttpResponse::ErrorCode() const {
  auto v = Json();
  if (!v.is_object() || !v.as_object().contains("error")) return "";
  return std::string(v.at("error").at("code").as_string());
}

std::string HttpResponse::ErrorField(size_t i) const {
  auto v = Json();
  if (!v.is_object() || !v.as_object().contains("error")) return "";
  const auto& details = v.at("error").at("details").as_array();
  if (i >= details.size()) return "";
  const auto& d = details[i].as_object();
  return d.contains("field") ? std::string(d.at("field").as_string()) : "";
}

HttpResponse HttpClient::Send(
    const std::string& method, const std::string& target,
    const std::string& body,
    const std::map<std::string, std::string>& headers) {
  HttpResponse out;
  // Asynchronous with one deadline: Beast's timeouts do not bind
  // synchronous operations, and a test must never hang on a server.
  net::io_context ioc;
  beast::tcp_stream stream(ioc);
  stream.expires_after(std::chrono::seconds(60));
  http::request<http::string_body> req(http::string_to_verb(method), target,
                                       11);
  req.set(http::field::host, "127.0.0.1");
  for (const auto& [k, v] : headers) req.set(k, v);
  req.body() = body;
  req.prepare_payload();
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 << 20);
  // The answer to HEAD has the headers of a GET and no body.
  parser.skip(req.method() == http::verb::head);
  bool ok = false;
  stream.async_connect(
      tcp::endpoint(net::ip::make_address("127.0.0.1"),
                    static_cast<unsigned short>(port_)),
      [&](beast::error_code ec) {
        if (ec) return;
        // A server may answer (413, say) and close before the body is all
        // sent: read the answer even when the write failed.
        http::async_write(stream, req, [&](beast::error_code, size_t) {
          http::async_read(stream, buffer, parser,
                           [&](beast::error_code ec, size_t) {
                             ok = !ec || parser.is_header_done();
                           });
        });
      });
  ioc.run();
  if (!ok) return out;  // status 0: no answer
  auto res = parser.release();
  out.status = res.result_int();
  out.body = res.body();
  for (const auto& f : res) {
    std::string name(f.name_string());
    for (char& c : name) c = static_cast<char>(std::tolower(c));
    out.headers[name] = std::string(f.value());
    if (name == "set-cookie") out.set_cookies.emplace_back(f.value());
  }
  beast::error_code ec;
  stream.socket().shutdown(tcp::socket::shutdown_both, ec);
  return out;
}

HttpResponse HttpClient::Call(const std::string& method,
                              const std::string& target, const std::string& key,
                              const std::string& body,
                              std::map<std::string, std::string> headers) {
  if (!key.empty()) headers["Authorization"] = "Bearer " + key;
  if (!body.empty() && !headers.count("Content-Type")) {
    headers["Content-Type"] = "application/json";
  }
  return Send(method, target, body, headers);
}

}  // namespace briefdesk::testing
