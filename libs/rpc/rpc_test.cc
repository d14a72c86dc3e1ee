#include "libs/rpc/rpc.h"

#include <gtest/gtest.h>

namespace briefdesk::rpc {
namespace {

TEST(RpcTest, FieldErrorsSurviveTheGrpcBoundary) {
  absl::Status s = FieldError("sections.summary", "must not be empty");
  grpc::Status g = ToGrpcStatus(s);
  EXPECT_EQ(g.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  absl::Status back = FromGrpcStatus(g);
  EXPECT_EQ(back.code(), absl::StatusCode::kInvalidArgument);
  auto details = DetailsOf(back);
  ASSERT_EQ(details.details_size(), 1);
  EXPECT_EQ(details.details(0).field(), "sections.summary");
  EXPECT_EQ(details.details(0).description(), "must not be empty");
}

TEST(RpcTest, IfMatchNamesTheCurrentVersionOrAnything) {
  google::protobuf::RepeatedPtrField<std::string> tags;
  EXPECT_TRUE(IsPreconditionRequired(CheckIfMatch(tags, "c3", "course")));
  tags.Add("c2");
  absl::Status stale = CheckIfMatch(tags, "c3", "course");
  EXPECT_EQ(stale.code(), absl::StatusCode::kAborted);
  EXPECT_NE(stale.message().find("the course changed"), std::string::npos);
  EXPECT_NE(stale.message().find("\"c3\""), std::string::npos);
  tags.Add("c3");  // one of several tags is enough
  EXPECT_TRUE(CheckIfMatch(tags, "c3", "course").ok());
  google::protobuf::RepeatedPtrField<std::string> any;
  any.Add("*");
  EXPECT_TRUE(CheckIfMatch(any, "c9", "brief").ok());
}

TEST(RpcTest, PreconditionRequiredSurvivesTheGrpcBoundary) {
  absl::Status s = PreconditionRequired("If-Match required");
  EXPECT_TRUE(IsPreconditionRequired(s));
  absl::Status back = FromGrpcStatus(ToGrpcStatus(s));
  EXPECT_EQ(back.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(back.message(), "If-Match required");
  EXPECT_TRUE(IsPreconditionRequired(back));
  EXPECT_EQ(DetailsOf(back).details_size(), 0);
  // A refusal by the state is not one.
  EXPECT_FALSE(IsPreconditionRequired(
      FromGrpcStatus(ToGrpcStatus(absl::FailedPreconditionError("no")))));
}

TEST(RpcTest, LongMessagesAreCutToFitInMetadata) {
  grpc::Status s = ToGrpcStatus(absl::NotFoundError(std::string(9000, 'x')));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(s.error_message().size(), kMaxStatusMessageBytes);
  // Cut at a character: "é" is two bytes, 1023 + 2 would split the last.
  grpc::Status cut =
      ToGrpcStatus(absl::NotFoundError(std::string(1023, 'x') + "éé"));
  EXPECT_EQ(cut.error_message(), std::string(1023, 'x'));
}

TEST(RpcTest, PageTokensRoundTripAndRefuseForgeries) {
  EXPECT_EQ(*DecodePageToken(EncodePageToken("0193abc")), "0193abc");
  for (std::string bad : {"", "!!!", "cDE6", "bm9wZQ"}) {
    auto r = DecodePageToken(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(DetailsOf(r.status()).details(0).field(), "pageToken");
  }
}

TEST(RpcTest, PageSizeDefaultsAndCaps) {
  EXPECT_EQ(*PageSize(0), 20);
  EXPECT_EQ(*PageSize(5), 5);
  EXPECT_EQ(*PageSize(1000), 100);
  EXPECT_FALSE(PageSize(-1).ok());
}

TEST(RpcTest, ServicePrincipalsAreTheServicesOnly) {
  EXPECT_TRUE(IsServicePrincipal(kReviewService));
  EXPECT_TRUE(IsServicePrincipal(kNotificationService));
  EXPECT_TRUE(IsServicePrincipal(kGatewayService));
  EXPECT_FALSE(IsServicePrincipal("0f6c2d9e4b1a"));
  EXPECT_FALSE(IsServicePrincipal(""));
  EXPECT_FALSE(IsServicePrincipal("service"));
}

}  // namespace
}  // namespace briefdesk::rpc
