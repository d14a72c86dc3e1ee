// PrintJson against MessageToJsonString on the answer of GET /v1/briefs/{id}
// and on an SSE notification. Not a test: `make json_printer_bench`.
#include <benchmark/benchmark.h>
#include <google/protobuf/util/json_util.h>

#include "briefdesk/briefs/v1/briefs.pb.h"
#include "briefdesk/notification/v1/notification.pb.h"
#include "services/gateway/json_printer.h"

namespace briefdesk::gateway {
namespace {

// A brief of the usual size: six Markdown sections of about 1 KB each.
briefs::v1::Brief SampleBrief() {
  briefs::v1::Brief b;
  b.set_id("b_01HF3Z8Q4K2M");
  b.set_title("Minimum wage tiers for young workers: options for 2025");
  b.set_policy_question("Should the youth rate be phased out, and how fast?");
  b.set_topic("wages");
  b.set_country("Deutschland");
  b.set_constituency(briefs::v1::WORKERS);
  b.set_cohort("2024-autumn");
  b.set_author_id("u_01HF3Z8Q4K2N");
  b.add_co_author_ids("u_01HF3Z8Q4K2P");
  b.add_co_author_ids("u_01HF3Z8Q4K2Q");
  b.set_state(briefs::v1::IN_REVIEW);
  b.set_revision(7);
  std::string para =
      "The **youth rate** is 85 % of the adult rate; employers say it keeps "
      "entry jobs open, unions say it \"undercuts\" adults. Évaluation: see "
      "[the 2023 review](https://example.org/review) and table 3 below.\n\n";
  std::string section;
  while (section.size() < 1000) section += para;
  auto* s = b.mutable_sections();
  s->set_summary(section);
  s->set_problem(section);
  s->set_evidence(section);
  s->set_options(section);
  s->set_recommendations(section);
  s->set_references(section);
  b.mutable_create_time()->set_seconds(1700000000);
  b.mutable_update_time()->set_seconds(1700003600);
  b.mutable_update_time()->set_nanos(123000000);
  b.set_etag("7-12");
  return b;
}

notification::v1::Notification SampleNotification() {
  notification::v1::Notification n;
  n.set_id("n_01HF3Z8Q4K2R");
  n.set_event("brief.submitted");
  n.set_brief_id("b_01HF3Z8Q4K2M");
  n.set_title("Minimum wage tiers for young workers: options for 2025");
  n.set_body("Submitted for review by Ana Pérez.");
  n.mutable_create_time()->set_seconds(1700000000);
  n.set_sequence(1234567);
  return n;
}

std::string Protobuf(const google::protobuf::Message& m, bool always) {
  google::protobuf::util::JsonPrintOptions options;
  options.always_print_primitive_fields = always;
  std::string out;
  (void)google::protobuf::util::MessageToJsonString(m, &out, options);
  return out;
}

void BM_BriefProtobuf(benchmark::State& state) {
  auto b = SampleBrief();
  for (auto _ : state) benchmark::DoNotOptimize(Protobuf(b, true));
}
void BM_BriefPrintJson(benchmark::State& state) {
  auto b = SampleBrief();
  for (auto _ : state) benchmark::DoNotOptimize(PrintJson(b, true));
}
void BM_NotificationProtobuf(benchmark::State& state) {
  auto n = SampleNotification();
  for (auto _ : state) benchmark::DoNotOptimize(Protobuf(n, false));
}
void BM_NotificationPrintJson(benchmark::State& state) {
  auto n = SampleNotification();
  for (auto _ : state) benchmark::DoNotOptimize(PrintJson(n, false));
}
BENCHMARK(BM_BriefProtobuf);
BENCHMARK(BM_BriefPrintJson);
BENCHMARK(BM_NotificationProtobuf);
BENCHMARK(BM_NotificationPrintJson);

}  // namespace
}  // namespace briefdesk::gateway

BENCHMARK_MAIN();
