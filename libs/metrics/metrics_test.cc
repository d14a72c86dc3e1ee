#include "libs/metrics/metrics.h"

#include <gtest/gtest.h>

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
  EXPECT_NE(text.find("# HELP http_requests_total Requests served.\n"
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

}  // namespace
}  // namespace briefdesk::metrics
