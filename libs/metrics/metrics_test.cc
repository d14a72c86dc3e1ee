#include "libs/metrics/metrics.h"

#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "libs/metrics/exporter.h"

namespace briefdesk::metrics {
namespace {

TEST(MetricsTest, RendersCountersAndCumulativeHistograms) {
  Registry r;
  r.Describe("http_requests_total", "counter", "Requests served.");
  r.Count("http_requests_total", "route=\"/v1/briefs\",code=\"200\"");
  r.Count("http_requests_total", "route=\"/v1/briefs\",code=\"200\"");
  r.Observe("http_request_seconds", "route=\"/v1/briefs\"", 0.003);
  r.Observe("http_request_seconds", "route=\"/v1/briefs\"", 0.2);
  std::string text = r.Render();
  EXPECT_NE(
      text.find("# HELP http_requests_total Requests served.\n"
                "# TYPE http_requests_total counter\n"
                "http_requests_total{route=\"/v1/briefs\",code=\"200\"} 2\n"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find("http_request_seconds_bucket{route=\"/v1/briefs\","
                      "le=\"0.0025\"} 0\n"),
            std::string::npos);
  EXPECT_NE(text.find("http_request_seconds_bucket{route=\"/v1/briefs\","
                      "le=\"0.005\"} 1\n"),
            std::string::npos);
  EXPECT_NE(text.find("http_request_seconds_bucket{route=\"/v1/briefs\","
                      "le=\"+Inf\"} 2\n"),
            std::string::npos);
  EXPECT_NE(text.find("http_request_seconds_count{route=\"/v1/briefs\"} 2\n"),
            std::string::npos);
}

TEST(MetricsTest, EscapesLabelValues) {
  EXPECT_EQ(EscapeLabel("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
}

TEST(MetricsTest, ScrapeRunsCollectorsFirst) {
  Registry r;
  int depth = 0;
  r.OnScrape([&] { r.Set("queue_depth", "", ++depth); });
  EXPECT_NE(r.Scrape().find("queue_depth 1\n"), std::string::npos);
  EXPECT_NE(r.Scrape().find("queue_depth 2\n"), std::string::npos);
}

namespace http = boost::beast::http;

http::response<http::string_body> Get(int port, const std::string& target) {
  boost::asio::io_context ioc;
  boost::beast::tcp_stream stream(ioc);
  stream.connect({boost::asio::ip::make_address("127.0.0.1"),
                  static_cast<unsigned short>(port)});
  http::request<http::empty_body> req(http::verb::get, target, 11);
  req.set(http::field::host, "127.0.0.1");
  http::write(stream, req);
  boost::beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(stream, buffer, res);
  return res;
}

TEST(ExporterTest, ServesTheRegistryAtMetricsOnly) {
  Registry r;
  r.Count("served_total", "", 3);
  Exporter exporter(&r);
  auto port = exporter.Start("127.0.0.1", 0);
  ASSERT_TRUE(port.ok()) << port.status();
  auto res = Get(*port, "/metrics");
  EXPECT_EQ(res.result_int(), 200);
  EXPECT_EQ(res[http::field::content_type],
            "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_NE(res.body().find("served_total 3\n"), std::string::npos)
      << res.body();
  EXPECT_EQ(Get(*port, "/other").result_int(), 404);
}

TEST(ExporterTest, RefusesABadAddressAndAPortInUse) {
  Registry r;
  Exporter exporter(&r);
  EXPECT_EQ(exporter.Start("localhost", 0).status().code(),
            absl::StatusCode::kInvalidArgument);
  Exporter first(&r);
  auto port = first.Start("127.0.0.1", 0);
  ASSERT_TRUE(port.ok());
  Exporter second(&r);
  auto taken = second.Start("127.0.0.1", *port);
  EXPECT_EQ(taken.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(taken.status().message().find(std::to_string(*port)),
            std::string::npos);
}

}  // namespace
}  // namespace briefdesk::metrics
