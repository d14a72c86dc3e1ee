// The fast path of a request body against protobuf's JSON parser: where
// FillFromJson takes a body, it makes the very message protobuf would;
// where it does not, the caller's fallback to protobuf decides.
#include "services/gateway/json_body.h"

#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <memory>

#include "briefdesk/briefs/v1/briefs.pb.h"
#include "briefdesk/notification/v1/notification.pb.h"
#include "briefdesk/review/v1/review.pb.h"

namespace briefdesk::gateway {
namespace {

using google::protobuf::Message;

// FillFromJson's answer for `body`, and whether it equals protobuf's.
bool Fast(const Message& prototype, const std::string& body,
          std::string* difference = nullptr) {
  std::unique_ptr<Message> fast(prototype.New()), slow(prototype.New());
  boost::json::value v = boost::json::parse(body);
  if (!FillFromJson(v.as_object(), fast.get())) return false;
  auto status = google::protobuf::util::JsonStringToMessage(body, slow.get());
  EXPECT_TRUE(status.ok()) << body << ": " << status.ToString();
  google::protobuf::util::MessageDifferencer diff;
  std::string report;
  diff.ReportDifferencesToString(&report);
  EXPECT_TRUE(diff.Compare(*slow, *fast)) << body << "\n" << report;
  // Presence too: an optional field given as "" is set, not absent.
  EXPECT_EQ(fast->SerializeAsString(), slow->SerializeAsString()) << body;
  if (difference != nullptr) *difference = report;
  return true;
}

TEST(JsonBodyTest, TheApiBodiesTakeTheFastPathAndMakeProtobufsMessage) {
  EXPECT_TRUE(Fast(briefs::v1::CreateBriefRequest(), R"({
    "title": "Decent work in the platform economy \u00e9\ud83d\ude00",
    "policyQuestion": "What \"works\"?\n\tAnd why?", "topic": "social-protection",
    "country": "C\u00f4te d'Ivoire", "constituency": "WORKERS",
    "coAuthorIds": ["u1", "u2", ""],
    "sections": {"summary": "", "problem": "p", "references": "[1] ILO"}})"));
  EXPECT_TRUE(Fast(briefs::v1::UpdateBriefRequest(), R"({
    "title": "", "sections": {"evidence": "<b>&</b>"}})"));
  EXPECT_TRUE(Fast(briefs::v1::UpdateBriefRequest(),
                   R"({"policy_question": "snake"})"));
  EXPECT_TRUE(Fast(review::v1::CompleteRequest(), R"({
    "claimToken": "t", "decision": "REQUEST_CHANGES", "summary": "s",
    "scores": {"evidence": 5, "clarity": 0, "actionability": -1, "relevance": 2147483647},
    "comments": [{"section": "problem", "quote": "q", "body": "b"}, {"section": "x", "body": ""}]})"));
  EXPECT_TRUE(Fast(notification::v1::CreateWebhookRequest(),
                   R"({"url": "https://example.org/h", "events": []})"));
  EXPECT_TRUE(Fast(briefs::v1::CreateBriefRequest(), R"({})"));
}

TEST(JsonBodyTest, WhatProtobufReadsOtherwiseIsLeftToIt) {
  const review::v1::CompleteRequest complete;
  EXPECT_FALSE(Fast(complete, R"({"scores": {"evidence": "5"}})"));
  EXPECT_FALSE(Fast(complete, R"({"scores": {"evidence": 5.0}})"));
  EXPECT_FALSE(Fast(complete, R"({"scores": {"evidence": 2147483648}})"));
  EXPECT_FALSE(Fast(complete, R"({"decision": 1})"));
  EXPECT_FALSE(Fast(complete, R"({"decision": "NO_SUCH"})"));
  EXPECT_FALSE(Fast(complete, R"({"summary": null})"));
  EXPECT_FALSE(Fast(complete, R"({"comments": [null]})"));
  EXPECT_FALSE(Fast(complete, R"({"comments": {}})"));
  EXPECT_FALSE(Fast(complete, R"({"summary": 3})"));
  EXPECT_FALSE(Fast(complete, R"({"unknown": 3})"));
  EXPECT_FALSE(Fast(briefs::v1::CreateBriefRequest(), R"({"title": ["a"]})"));
}

}  // namespace
}  // namespace briefdesk::gateway
