#include "bench/bench.h"

#include <glob.h>
#include <unistd.h>

#include <atomic>
#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <pqxx/pqxx>
#include <thread>

namespace briefdesk::bench {
namespace {

pid_t ReadPostmasterPid(const std::string& dir) {
  std::ifstream in(dir + "/pg/postmaster.pid");
  pid_t pid = 0;
  in >> pid;
  return pid;
}

pid_t FindRedis() {
  for (pid_t child : Children(getpid())) {
    if (CommandName(child) == "redis-server") return child;
  }
  return 0;
}

// Creates a brief, submits it, and goes on with the next while the shared
// count lasts.
class SubmitClient : public Client {
 public:
  struct Shared {
    std::atomic<int> left;
    std::string topic;
    std::mutex mu;
    std::vector<std::string> ids;
  };
  SubmitClient(Shared* shared, BenchUser author, int n)
      : shared_(shared), author_(std::move(author)), n_(n) {}

  int Next(Request* req) override {
    req->set(http::field::authorization, "Bearer " + author_.key);
    if (!id_.empty()) {
      req->method(http::verb::post);
      req->target("/v1/briefs/" + id_ + ":submit");
      return 1;
    }
    if (shared_->left.fetch_sub(1) <= 0) return -1;
    req->method(http::verb::post);
    req->target("/v1/briefs");
    req->set(http::field::content_type, "application/json");
    req->body() = BriefBody(
        "Seeded brief " + std::to_string(n_) + "-" + std::to_string(++made_),
        shared_->topic);
    return 0;
  }

  std::string OnAnswer(const Response& res) override {
    if (id_.empty()) {
      id_ = JsonString(res.body(), "id");
      return ExpectStatus(res, 201);
    }
    std::lock_guard lock(shared_->mu);
    shared_->ids.push_back(id_);
    id_.clear();
    return ExpectStatus(res, 200);
  }

 private:
  Shared* shared_;
  BenchUser author_;
  int n_, made_ = 0;
  std::string id_;
};

}  // namespace

Bench::Bench(testing::Stack& stack, Options options)
    : stack_(stack), options_(std::move(options)) {
  ProcessesRestarted();
  postgres_pid_ = ReadPostmasterPid(stack_.dir());
  if (postgres_pid_ > 0) stack_cpu_.Add("postgres", postgres_pid_);
  if (pid_t redis = FindRedis(); redis > 0) stack_cpu_.Add("redis", redis);
}

void Bench::ProcessesRestarted() {
  for (const char* p :
       {"gateway", "briefs", "review", "notification", "courses"}) {
    stack_cpu_.Add(p, stack_.pid(p));
  }
}

std::string Bench::Unique() {
  return std::to_string(getpid()) + "-" + std::to_string(++unique_);
}

testing::HttpResponse Bench::Expect(
    int status, const std::string& method, const std::string& target,
    const std::string& key, const std::string& body,
    std::map<std::string, std::string> headers) {
  testing::HttpClient http(port());
  testing::HttpResponse res =
      http.Call(method, target, key, body, std::move(headers));
  if (res.status != status) {
    throw SetupError(
        method + " " + target + ": expected " + std::to_string(status) +
        ", got " + std::to_string(res.status) + " " + res.body.substr(0, 300));
  }
  return res;
}

BenchUser Bench::NewUser(const std::string& roles_json,
                         const std::string& expertise_json) {
  std::string email = "bench-" + Unique() + "@example.org";
  std::string body = R"({"displayName":"Bench user","email":")" + email +
                     R"(","roles":)" + roles_json + R"(,"expertise":)" +
                     expertise_json + R"(,"cohort":"2022-intl"})";
  auto res = Expect(201, "POST", "/v1/users", stack_.admin_key(), body);
  BenchUser u{JsonString(res.body, "user", "id"),
              JsonString(res.body, "apiKey"), email};
  if (u.id.empty() || u.key.empty()) throw SetupError("no user in " + res.body);
  return u;
}

std::string Bench::NewBrief(const BenchUser& author, const std::string& topic) {
  auto res = Expect(201, "POST", "/v1/briefs", author.key,
                    BriefBody("Bench brief " + Unique(), topic));
  return JsonString(res.body, "id");
}

testing::HttpResponse Bench::ClaimWithin(const BenchUser& expert) {
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < until) {
    testing::HttpClient http(port());
    auto res = http.Call("POST", "/v1/reviews:claim", expert.key);
    if (res.status == 200) return res;
    if (res.status != 204) {
      throw SetupError("claim: " + std::to_string(res.status) + " " +
                       res.body.substr(0, 300));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  throw SetupError("claim: no task came within 20 s");
}

std::vector<std::string> Bench::SubmitBriefs(
    const std::vector<BenchUser>& authors, const std::string& topic,
    int count) {
  SubmitClient::Shared shared;
  shared.left = count;
  shared.topic = topic;
  LoadOptions load;
  load.port = port();
  load.connections = std::min(32, std::max(1, count));
  load.warmup = std::chrono::seconds(0);
  load.measure = std::chrono::seconds(900);
  load.kinds = {"create", "submit"};
  LoadResult r = RunLoad(load, [&](int i) {
    return std::make_unique<SubmitClient>(&shared, authors[i % authors.size()],
                                          i);
  });
  if (r.errors > 0) throw SetupError("seeding briefs: " + r.first_error);
  if (static_cast<int>(shared.ids.size()) != count) {
    throw SetupError("seeding briefs: " + std::to_string(shared.ids.size()) +
                     " of " + std::to_string(count) + " submitted");
  }
  return shared.ids;
}

int64_t Bench::Backlog() {
  int64_t n = 0;
  for (const char* db : {"briefs", "review", "courses"}) {
    pqxx::connection c(stack_.DatabaseUrl(db));
    pqxx::nontransaction tx(c);
    n += tx.exec("SELECT count(*) FROM outbox WHERE deliver_time IS NULL")[0][0]
             .as<int64_t>();
  }
  return n;
}

int64_t Bench::WaitQuiet() {
  auto until = std::chrono::steady_clock::now() + std::chrono::minutes(2);
  int64_t left = Backlog();
  while (left > 0 && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    left = Backlog();
  }
  return left;
}

double Bench::IdleCores(double seconds) {
  auto before = stack_cpu_.Sample();
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  int64_t used = 0;
  for (const auto& [name, us] : CpuMeter::Since(before, stack_cpu_.Sample())) {
    used += us;
  }
  return used / (seconds * 1e6);
}

// The whole machine, so that threads the services start meanwhile are in
// it; perf report --pid picks the processes (pids.txt). -g walks frame
// pointers, which the build omits: self time per function is right, the
// call chains are short (bench/README.md).
void Bench::Profile() {
  std::filesystem::create_directories(options_.perf_dir);
  std::ofstream(options_.perf_dir + "/pids.txt")
      << "gateway=" << stack_.pid("gateway")
      << "\nbriefs=" << stack_.pid("briefs") << "\npostgres=" << postgres_pid_
      << "\n";
  std::string data = options_.perf_dir + "/perf.data";
  testing::Shell("perf record -a -g -F 499 -o " + data + " -- sleep " +
                 std::to_string(static_cast<int>(options_.seconds)) + " > " +
                 options_.perf_dir + "/record.log 2>&1");
}

LoadOptions Bench::Load(int connections, std::vector<std::string> kinds) const {
  LoadOptions o;
  o.port = stack_.http_port();
  o.connections = connections;
  o.warmup = std::chrono::duration<double>(options_.warmup);
  o.measure = std::chrono::duration<double>(options_.seconds);
  o.kinds = std::move(kinds);
  return o;
}

LineResult Bench::Measure(
    const std::string& name, const std::string& what, LoadOptions load,
    const std::function<std::unique_ptr<Client>(int)>& make,
    const CpuMeter& meter, int counted, int timed) {
  int64_t waiting = WaitQuiet();
  std::map<std::string, int64_t> before, after;
  int64_t self_before = 0, self_after = 0;
  load.on_start = [&] {
    before = meter.Sample();
    self_before = SelfCpuMicros();
  };
  load.on_end = [&] {
    after = meter.Sample();
    self_after = SelfCpuMicros();
  };
  std::thread perf;
  if (!options_.perf_dir.empty() && name == options_.perf_line) {
    load.on_start = [&, sample = load.on_start] {
      sample();
      perf = std::thread([this] { Profile(); });
    };
  }
  LoadResult r = RunLoad(load, make);
  if (perf.joinable()) perf.join();
  LineResult line;
  if (waiting > 0) {
    line.notes.push_back(std::to_string(waiting) +
                         " events were still undelivered when it started");
  }
  if (int64_t left = Backlog(); left > 0) {
    line.notes.push_back("the outboxes held " + std::to_string(left) +
                         " undelivered events when the window closed");
  }
  line.name = name;
  line.what = what;
  line.count = r.kinds[counted].count;
  line.throughput = r.seconds > 0 ? line.count / r.seconds : 0;
  line.p50_ms = r.kinds[timed].latencies.PercentileMs(50);
  line.p90_ms = r.kinds[timed].latencies.PercentileMs(90);
  line.p99_ms = r.kinds[timed].latencies.PercentileMs(99);
  line.errors = r.errors;
  line.first_error = r.first_error;
  SetCpu(&line, CpuMeter::Since(before, after), line.count);
  if (line.count > 0) {
    line.client_cpu_us =
        static_cast<double>(self_after - self_before) / line.count;
  }
  for (size_t k = 0; k < r.kinds.size(); ++k) {
    if (static_cast<int>(k) == timed) continue;
    KindResult& kind = r.kinds[k];
    char note[160];
    snprintf(note, sizeof note, "%s: %llu answers, p50 %.2f ms, p99 %.2f ms",
             kind.name.c_str(), static_cast<unsigned long long>(kind.count),
             kind.latencies.PercentileMs(50), kind.latencies.PercentileMs(99));
    line.notes.push_back(note);
  }
  if (r.finished_early > 0) {
    line.notes.push_back(std::to_string(r.finished_early) +
                         " connections ended before the window closed");
  }
  return line;
}

void SetCpu(LineResult* line, const std::map<std::string, int64_t>& delta,
            uint64_t count) {
  if (count == 0 || delta.empty()) return;
  int64_t total = 0;
  for (const auto& [name, micros] : delta) {
    line->cpu_split[name] = static_cast<double>(micros) / count;
    total += micros;
  }
  line->cpu_us = static_cast<double>(total) / count;
}

std::string PgBinDir() {
  if (const char* d = std::getenv("BRIEFDESK_PG_BINDIR")) return d;
  glob_t g;
  std::string found;
  if (glob("/usr/lib/postgresql/*/bin/pgbench", 0, nullptr, &g) == 0) {
    found = std::filesystem::path(g.gl_pathv[g.gl_pathc - 1]).parent_path();
  }
  globfree(&g);
  return found;
}

std::string BriefBody(const std::string& title, const std::string& topic) {
  boost::json::object sections{
      {"summary",
       "Extending unemployment insurance to platform workers protects "
       "incomes."},
      {"problem",
       "Platform workers lack income protection when work dries up."},
      {"evidence",
       "In 2021 surveys, most platform workers had no income during "
       "lockdowns."},
      {"options", "1. Voluntary schemes\n2. Mandatory coverage"},
      {"recommendations",
       "- Extend unemployment insurance to platform workers.\n- Establish "
       "contribution collection through platforms."},
      {"references", "- ILO (2021)\n- OECD (2020)\n- World Bank (2019)"}};
  boost::json::object body{
      {"title", title}, {"topic", topic}, {"sections", sections}};
  return boost::json::serialize(body);
}

std::string CompletePath(const std::string& claim_body) {
  return "/v1/reviews/" + JsonString(claim_body, "task", "id") + ":complete";
}

std::string CompleteBody(const std::string& claim_body,
                         const std::string& decision) {
  boost::json::object scores{
      {"evidence", 4}, {"clarity", 3}, {"actionability", 4}, {"relevance", 5}};
  boost::json::object body{
      {"claimToken", JsonString(claim_body, "task", "claimToken")},
      {"decision", decision},
      {"summary", "Reviewed in the benchmark."},
      {"scores", scores},
      {"comments", boost::json::array()}};
  return boost::json::serialize(body);
}

std::string JsonString(const std::string& body, const char* key) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(body, ec);
  if (ec || !v.is_object()) return "";
  const boost::json::value* f = v.as_object().if_contains(key);
  return f != nullptr && f->is_string() ? std::string(f->as_string()) : "";
}

std::string JsonString(const std::string& body, const char* outer,
                       const char* key) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(body, ec);
  if (ec || !v.is_object()) return "";
  const boost::json::value* o = v.as_object().if_contains(outer);
  if (o == nullptr || !o->is_object()) return "";
  const boost::json::value* f = o->as_object().if_contains(key);
  return f != nullptr && f->is_string() ? std::string(f->as_string()) : "";
}

}  // namespace briefdesk::bench
