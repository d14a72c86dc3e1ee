#include "services/gateway/json_printer.h"

#include <google/protobuf/empty.pb.h>
#include <google/protobuf/stubs/logging.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <iostream>
#include <memory>
#include <vector>

#include "briefdesk/briefs/v1/briefs.pb.h"
#include "briefdesk/common/v1/http.pb.h"
#include "briefdesk/directory/v1/directory.pb.h"
#include "briefdesk/events/v1/events.pb.h"
#include "briefdesk/notification/v1/notification.pb.h"
#include "briefdesk/review/v1/review.pb.h"
#include "services/gateway/json_test_filler.h"

namespace briefdesk::gateway {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::Message;

constexpr int kCasesPerType = 150;

// Whether a type holds a field marked internal (between the gateway and a
// service), itself or in a message it holds: those the gateway never
// prints, so protobuf's printer is no reference for them.
bool HasInternal(const Descriptor* d, int depth = 0) {
  if (depth > 8) return false;
  for (int i = 0; i < d->field_count(); ++i) {
    const auto* f = d->field(i);
    if (f->options().GetExtension(common::v1::field).internal()) return true;
    if (f->message_type() != nullptr &&
        HasInternal(f->message_type(), depth + 1))
      return true;
  }
  return false;
}

std::string Protobuf(const Message& m, bool always) {
  google::protobuf::util::JsonPrintOptions options;
  options.always_print_primitive_fields = always;
  std::string out;
  EXPECT_TRUE(
      google::protobuf::util::MessageToJsonString(m, &out, options).ok())
      << m.GetTypeName();
  return out;
}

void AddTypes(const Descriptor* d, std::vector<const Descriptor*>* out) {
  if (d->options().map_entry()) return;
  out->push_back(d);
  for (int i = 0; i < d->nested_type_count(); ++i) {
    AddTypes(d->nested_type(i), out);
  }
}

// Every message type of the project's protos, from their generated files.
std::vector<const Descriptor*> ProjectTypes() {
  const google::protobuf::FileDescriptor* files[] = {
      briefs::v1::Brief::descriptor()->file(),
      common::v1::HttpRoute::descriptor()->file(),
      directory::v1::User::descriptor()->file(),
      events::v1::Event::descriptor()->file(),
      notification::v1::Notification::descriptor()->file(),
      review::v1::Task::descriptor()->file(),
  };
  std::vector<const Descriptor*> types;
  for (const auto* f : files) {
    for (int i = 0; i < f->message_type_count(); ++i) {
      AddTypes(f->message_type(i), &types);
    }
  }
  return types;
}

TEST(PrintJsonTest, EveryProjectTypeMatchesProtobuf) {
  google::protobuf::LogSilencer quiet;  // invalid UTF-8 is logged
  std::vector<const Descriptor*> types = ProjectTypes();
  ASSERT_GT(types.size(), 50u);
  int cases = 0;
  for (const Descriptor* d : types) {
    if (HasInternal(d)) continue;  // InternalFieldsAreNeverPrinted
    const Message* prototype =
        google::protobuf::MessageFactory::generated_factory()->GetPrototype(d);
    for (int seed = 0; seed < kCasesPerType; ++seed) {
      std::mt19937_64 rng(seed * 7919 + d->index());
      std::unique_ptr<Message> m(prototype->New());
      if (seed > 0) testing::Fill(m.get(), &rng, seed % 4);
      // As the gateway sees it: parsed from a gRPC answer.
      // As the gateway sees it: parsed from a gRPC answer (which has no
      // invalid UTF-8; proto3 parsing refuses it).
      std::unique_ptr<Message> parsed(prototype->New());
      bool valid = parsed->ParseFromString(m->SerializeAsString());
      for (bool always : {false, true}) {
        ASSERT_EQ(PrintJson(*m, always), Protobuf(*m, always))
            << d->full_name() << " seed " << seed << " always " << always;
        ++cases;
        if (!valid) continue;
        ASSERT_EQ(PrintJson(*parsed, always), Protobuf(*parsed, always))
            << d->full_name() << " seed " << seed << " always " << always;
        ++cases;
      }
    }
  }
  std::cout << "compared " << cases << " cases over " << types.size()
            << " message types\n";
}

briefs::v1::Brief SampleBrief() {
  briefs::v1::Brief b;
  b.set_id("b_1");
  b.set_title("Minimum wage <2025> & \"tiers\"");
  b.set_topic("wages");
  b.set_constituency(briefs::v1::WORKERS);
  b.add_co_author_ids("u_2");
  b.set_state(briefs::v1::IN_REVIEW);
  b.set_revision(3);
  b.mutable_sections()->set_summary("Raise it.\n");
  b.mutable_sections()->set_problem("");
  b.mutable_create_time()->set_seconds(1700000000);
  b.mutable_update_time()->set_seconds(1700000000);
  b.mutable_update_time()->set_nanos(120000000);
  b.set_etag("3-4");
  return b;
}

// What a client sees of GET /v1/briefs/{id}: with always_print_primitive_fields
// protobuf puts the Timestamps and the proto3 optionals after the other fields.
TEST(PrintJsonTest, InternalFieldsAreNeverPrinted) {
  directory::v1::CreateSessionResponse r;
  r.set_session_token("bds_secret");
  r.set_csrf_token("c");
  for (bool always : {false, true}) {
    std::string json = PrintJson(r, always);
    EXPECT_EQ(json.find("bds_secret"), std::string::npos) << json;
    EXPECT_EQ(json.find("sessionToken"), std::string::npos) << json;
    EXPECT_NE(json.find("\"csrfToken\":\"c\""), std::string::npos) << json;
  }
}

TEST(PrintJsonTest, BriefAsTheGatewayAnswers) {
  EXPECT_EQ(
      PrintJson(SampleBrief(), true),
      R"({"id":"b_1","title":"Minimum wage \u003c2025\u003e & \"tiers\"",)"
      R"("policyQuestion":"","topic":"wages","country":"",)"
      R"("constituency":"WORKERS","cohort":"","authorId":"",)"
      R"("coAuthorIds":["u_2"],"state":"IN_REVIEW","revision":3,)"
      R"("sections":{"summary":"Raise it.\n","problem":""},"etag":"3-4",)"
      R"("courseId":"","language":"",)"
      R"("createTime":"2023-11-14T22:13:20Z",)"
      R"("updateTime":"2023-11-14T22:13:20.120Z"})");
}

TEST(PrintJsonTest, BriefWithDefaultOptionsInFieldNumberOrder) {
  EXPECT_EQ(
      PrintJson(SampleBrief(), false),
      R"({"id":"b_1","title":"Minimum wage \u003c2025\u003e & \"tiers\"",)"
      R"("topic":"wages","constituency":"WORKERS","coAuthorIds":["u_2"],)"
      R"("state":"IN_REVIEW","revision":3,)"
      R"("sections":{"summary":"Raise it.\n","problem":""},)"
      R"("createTime":"2023-11-14T22:13:20Z",)"
      R"("updateTime":"2023-11-14T22:13:20.120Z","etag":"3-4"})");
}

TEST(PrintJsonTest, NotificationAsAnSseFrameCarriesIt) {
  notification::v1::Notification n;
  n.set_id("n_1");
  n.set_event("brief.submitted");
  n.set_title("Line\u2028separator");
  n.mutable_create_time()->set_seconds(0);
  n.mutable_create_time()->set_nanos(1000);
  n.set_sequence(9007199254740993);
  EXPECT_EQ(PrintJson(n, false),
            R"({"id":"n_1","event":"brief.submitted",)"
            R"("title":"Line\u2028separator",)"
            R"("createTime":"1970-01-01T00:00:00.000001Z",)"
            R"("sequence":"9007199254740993"})");
}

TEST(PrintJsonTest, EmptyMessages) {
  EXPECT_EQ(PrintJson(google::protobuf::Empty(), true), "{}");
  EXPECT_EQ(PrintJson(briefs::v1::Brief(), false), "{}");
}

}  // namespace
}  // namespace briefdesk::gateway
