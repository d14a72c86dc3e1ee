// The fixture of the Gateway::Handle tests: request values in, what a
// client notices out, against fake_backends.h (answers at once, on the
// caller's thread; no sockets, no threads).
#ifndef BRIEFDESK_SERVICES_GATEWAY_GATEWAY_FIXTURE_H_
#define BRIEFDESK_SERVICES_GATEWAY_GATEWAY_FIXTURE_H_

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>
#include <optional>
#include <string>

#include "services/gateway/fake_backends.h"
#include "services/gateway/gateway.h"

namespace briefdesk::gateway {

inline constexpr char kKey[] = "bdk_test-key";

struct Answered {
  Response res;
  std::shared_ptr<EventStream> stream;

  int status() const { return res.result_int(); }
  std::string header(std::string_view name) const {
    auto it = res.find(boost::beast::string_view(name.data(), name.size()));
    return it == res.end() ? "" : std::string(it->value());
  }
  boost::json::object body() const {
    return boost::json::parse(res.body()).as_object();
  }
  std::string code() const {
    return std::string(body().at("error").at("code").as_string());
  }
  std::string message() const {
    return std::string(body().at("error").at("message").as_string());
  }
};

class GatewayTest : public ::testing::Test {
 protected:
  GatewayTest()
      : gateway_(Gateway::DefaultRoutes(), &backends, {}, &metrics_) {}

  // The request as a client sends it: with the test's API key unless
  // `headers` has an Authorization of its own ("" for none).
  Answered Send(http::verb method, std::string target, std::string body = "",
                std::map<std::string, std::string> headers = {}) {
    Request req(method, target, 11);
    if (!headers.count("Authorization"))
      headers["Authorization"] = std::string("Bearer ") + kKey;
    if (!body.empty() && !headers.count("Content-Type"))
      headers["Content-Type"] = "application/json";
    for (const auto& [name, value] : headers) {
      if (!value.empty()) req.set(name, value);
    }
    req.body() = std::move(body);
    req.prepare_payload();
    std::optional<Answered> out;
    gateway->Handle(std::move(req),
                    [&](Response res, std::shared_ptr<EventStream> stream) {
                      out = Answered{std::move(res), std::move(stream)};
                    });
    EXPECT_TRUE(out.has_value()) << "no answer";
    return out ? std::move(*out) : Answered{};
  }

  template <typename M>
  M Asked(size_t i = 0) {
    M m;
    EXPECT_LT(i, backends.sent.size());
    if (i < backends.sent.size()) m.ParseFromString(backends.sent[i].request);
    return m;
  }

  FakeBackends backends;
  metrics::Registry metrics_;
  Gateway gateway_;
  Gateway* gateway = &gateway_;  // the one Send asks
};

}  // namespace briefdesk::gateway

#endif  // BRIEFDESK_SERVICES_GATEWAY_GATEWAY_FIXTURE_H_
