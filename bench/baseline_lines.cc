// The baselines, measured in the same run as BriefDesk's lines: a bare
// Beast server and a Beast server making one gRPC call per request (child
// processes: bench_baseline_server, bench_echo_server), and pgbench's
// TPC-B-like script on the PostgreSQL the stack started.
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <pqxx/pqxx>
#include <sstream>
#include <thread>

#include "bench/lines.h"

namespace briefdesk::bench {
namespace {

// A child process that dies with the benchmark and is stopped with it.
class Child {
 public:
  Child(const std::vector<std::string>& argv,
        const std::map<std::string, std::string>& env, const std::string& log) {
    pid_ = fork();
    if (pid_ < 0) throw SetupError("fork failed");
    if (pid_ > 0) return;
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    dup2(fd, 1);
    dup2(fd, 2);
    for (const auto& [k, v] : env) setenv(k.c_str(), v.c_str(), 1);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  ~Child() {
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
  }
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = 0;
};

void WaitForPort(int port, const Child& child) {
  namespace net = boost::asio;
  for (int i = 0; i < 200; ++i) {
    int status = 0;
    if (waitpid(child.pid(), &status, WNOHANG) != 0) {
      throw SetupError("a baseline server exited at start");
    }
    net::io_context ioc;
    net::ip::tcp::socket s(ioc);
    boost::system::error_code ec;
    s.connect(
        {net::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)},
        ec);
    if (!ec) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  throw SetupError("a baseline server did not listen on " +
                   std::to_string(port));
}

LineResult BaselineLine(Bench& b, const std::string& name,
                        const std::string& what, int port,
                        const CpuMeter& meter) {
  LoadOptions load = b.Load(b.options().connections);
  load.port = port;
  return b.Measure(
      name, what, load, [](int) { return std::make_unique<GetClient>("/"); },
      meter);
}

int64_t ChildrenCpuMicros() {
  rusage u{};
  getrusage(RUSAGE_CHILDREN, &u);
  return (u.ru_utime.tv_sec + u.ru_stime.tv_sec) * int64_t{1000000} +
         u.ru_utime.tv_usec + u.ru_stime.tv_usec;
}

// Runs a command; its output, and SetupError when it fails.
std::string Run(const std::string& command) {
  std::string out = testing::Shell(command + " 2>&1; echo \"exit=$?\"");
  if (out.find("exit=0\n") == std::string::npos) {
    throw SetupError(command + " failed: " + out.substr(0, 600));
  }
  return out;
}

double Number(const std::string& out, const std::string& after) {
  size_t at = out.find(after);
  return at == std::string::npos ? -1
                                 : std::atof(out.c_str() + at + after.size());
}

// Per-transaction latencies from pgbench's logs (-l): the third field of
// each line is the transaction's time in microseconds.
Latencies ReadPgbenchLogs(const std::string& dir) {
  Latencies out;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(entry.path());
    for (std::string line; std::getline(in, line);) {
      std::istringstream f(line);
      long client, number, micros;
      if (f >> client >> number >> micros)
        out.Add(static_cast<uint32_t>(micros));
    }
  }
  return out;
}

}  // namespace

std::vector<LineResult> BaselineLines(Bench& b) {
  std::string dir = b.stack().dir();
  std::vector<LineResult> out;
  {
    int port = testing::FreePort();
    Child bare({BRIEFDESK_BASELINE_BIN, "--mode", "bare", "--port",
                std::to_string(port)},
               {}, dir + "/bench-bare.log");
    WaitForPort(port, bare);
    CpuMeter meter;
    meter.Add("baseline", bare.pid());
    out.push_back(BaselineLine(
        b, "bare Beast",
        "bench_baseline_server --mode bare: a fixed 15-byte body, 2 threads, " +
            std::to_string(b.options().connections) + " connections",
        port, meter));
  }
  int echo_port = testing::FreePort(), port = testing::FreePort();
  Child echo({BRIEFDESK_ECHO_BIN},
             {{"BRIEFDESK_ECHO_ADDR", "127.0.0.1:" + std::to_string(echo_port)},
              {"BRIEFDESK_METRICS_ADDR",
               "127.0.0.1:" + std::to_string(testing::FreePort())}},
             dir + "/bench-echo.log");
  WaitForPort(echo_port, echo);
  Child hop(
      {BRIEFDESK_BASELINE_BIN, "--mode", "hop", "--port", std::to_string(port),
       "--echo", "127.0.0.1:" + std::to_string(echo_port)},
      {}, dir + "/bench-hop.log");
  WaitForPort(port, hop);
  CpuMeter meter;
  meter.Add("baseline", hop.pid());
  meter.Add("echo", echo.pid());
  out.push_back(
      BaselineLine(b, "hop",
                   "bench_baseline_server --mode hop: one unary gRPC call to "
                   "bench_echo_server per request, 2 threads, " +
                       std::to_string(b.options().connections) + " connections",
                   port, meter));
  return out;
}

std::vector<LineResult> PgbenchLines(Bench& b) {
  const Options& o = b.options();
  b.WaitQuiet();
  std::string pgbench = PgBinDir() + "/pgbench";
  {
    pqxx::connection c(b.stack().DatabaseUrl("postgres"));
    pqxx::nontransaction(c).exec("DROP DATABASE IF EXISTS bench");
    pqxx::nontransaction(c).exec("CREATE DATABASE bench");
  }
  std::string db = "'" + b.stack().DatabaseUrl("bench") + "'";
  std::string clients = " -c " + std::to_string(o.writers) + " -j 2 ";
  // The scale is the client count, as pgbench's documentation advises, so
  // that clients do not all queue on one branch row.
  Run(pgbench + " -i -q -s " + std::to_string(o.writers) + " " + db);
  Run(pgbench + clients + "-T " +
      std::to_string(std::max(1, static_cast<int>(o.warmup))) + " " + db);
  std::string logs = b.stack().dir() + "/pgbench-logs";
  std::filesystem::create_directories(logs);
  CpuMeter meter;
  meter.Add("postgres", b.postgres_pid());
  auto before = meter.Sample();
  int64_t client_before = ChildrenCpuMicros();
  std::string run =
      Run(pgbench + clients + "-T " +
          std::to_string(std::max(1, static_cast<int>(o.seconds))) +
          " -l --log-prefix=" + logs + "/log " + db);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // reaped
  auto after = meter.Sample();
  LineResult line;
  line.name = "pgbench";
  line.unit = "tps";
  line.what = "pgbench TPC-B-like (default script), scale " +
              std::to_string(o.writers) + "," + clients + ", durable commits";
  line.throughput = Number(run, "tps = ");
  line.count = static_cast<uint64_t>(
      Number(run, "number of transactions actually processed: "));
  double failed = Number(run, "number of failed transactions: ");
  line.errors = failed > 0 ? static_cast<uint64_t>(failed) : 0;
  if (line.errors > 0) line.first_error = "pgbench: failed transactions";
  Latencies lat = ReadPgbenchLogs(logs);
  line.p50_ms = lat.PercentileMs(50);
  line.p90_ms = lat.PercentileMs(90);
  line.p99_ms = lat.PercentileMs(99);
  SetCpu(&line, CpuMeter::Since(before, after), line.count);
  if (line.count > 0) {
    line.client_cpu_us =
        static_cast<double>(ChildrenCpuMicros() - client_before) / line.count;
  }
  pqxx::connection c(b.stack().DatabaseUrl("bench"));
  line.notes.push_back("synchronous_commit = " +
                       pqxx::nontransaction(c)
                           .exec("SHOW synchronous_commit")[0][0]
                           .as<std::string>());
  if (line.throughput <= 0) throw SetupError("pgbench said: " + run);
  return {line};
}

}  // namespace briefdesk::bench
