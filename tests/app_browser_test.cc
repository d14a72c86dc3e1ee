// The web app end to end in Debian's Chromium (issue 13): each suite file of
// tests/browser/suites runs as `node <suite>` (playwright-core and axe-core,
// pinned by tests/browser/package-lock.json) against this binary's stack and
// a real SMTP server, one TEST each; the bootstrap admin signs in with the
// stack's admin_email() and admin_password(). CTest runs one suite per entry
// (tests/CMakeLists.txt), so each has a stack and a browser of its own.
// Without the npm packages (no registry) a suite is skipped, never passed.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <regex>
#include <thread>

#include "tests/harness/api.h"
#include "tests/harness/smtp.h"

namespace briefdesk::testing {
namespace {

namespace fs = std::filesystem;

const char kBrowserDir[] = BRIEFDESK_SOURCE_DIR "/tests/browser";

TestSmtp& Smtp() {
  static TestSmtp* smtp = new TestSmtp();
  return *smtp;
}

const bool kConfigured = [] {
  Stack::Options o;
  o.notification_env["BRIEFDESK_SMTP_URL"] = Smtp().url();
  o.notification_env["BRIEFDESK_SMTP_FROM"] =
      "BriefDesk <briefdesk@test.example>";
  o.notification_env["BRIEFDESK_SMTP_TIMEOUT_MS"] = "5000";
  // Links in e-mails name this host; the suites open them on the gateway.
  o.notification_env["BRIEFDESK_PUBLIC_URL"] = "http://briefdesk.test";
  Stack::Configure(o);
  return true;
}();

// The suites, by file name without ".mjs", sorted.
std::vector<std::string> Suites() {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& e :
       fs::directory_iterator(std::string(kBrowserDir) + "/suites", ec)) {
    if (e.path().extension() == ".mjs") names.push_back(e.path().stem());
  }
  std::sort(names.begin(), names.end());
  return names;
}

bool PackagesInstalled() {
  for (const char* p :
       {"playwright-core/package.json", "axe-core/axe.min.js"}) {
    if (!fs::exists(std::string(kBrowserDir) + "/node_modules/" + p)) {
      return false;
    }
  }
  return true;
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

// node:test's closing count, e.g. "tests 3" in "ℹ tests 3"; -1 if absent.
int Count(const std::string& output, const std::string& what) {
  std::smatch m;
  std::regex re("(?:^|\\n)\\S* " + what + " (\\d+)\\n");
  return std::regex_search(output, m, re) ? std::stoi(m[1]) : -1;
}

// Well under CTest's timeout of the entry, so that the output is shown.
constexpr std::chrono::seconds kSuiteTimeout{480};

// Waits up to `timeout` for the child to exit, else SIGKILLs it; whether it
// exited by itself. WaitExit reaps it after.
bool WaitFor(pid_t pid, std::chrono::seconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    siginfo_t info{};
    if (waitid(P_PID, pid, &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
        info.si_pid == pid) {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  kill(pid, SIGKILL);
  return false;
}

class AppBrowserTest : public ::testing::TestWithParam<std::string> {};

TEST_P(AppBrowserTest, Suite) {
  if (!PackagesInstalled()) {
    GTEST_SKIP() << "playwright-core and axe-core are not installed in "
                 << kBrowserDir << "/node_modules (npm ci failed or was not "
                 << "run): run scripts/test.sh";
  }
  std::string node = Shell("command -v node");
  node.erase(node.find_last_not_of("\n") + 1);
  ASSERT_FALSE(node.empty()) << "node is not on PATH, but the packages are "
                                "installed: run scripts/test.sh";
  Stack& stack = Stack::Get();
  ASSERT_TRUE(stack.WaitReady());
  const std::string& suite = GetParam();
  fs::path artifacts = fs::current_path() / "app-browser" / suite;
  fs::remove_all(artifacts);
  fs::create_directories(artifacts);
  std::string log = stack.dir() + "/node-" + suite + ".log";
  pid_t pid =
      SpawnChild({node, "--test-reporter=spec",
                  std::string(kBrowserDir) + "/suites/" + suite + ".mjs"},
                 {.log = log,
                  .env = {{"BASE_URL", "http://127.0.0.1:" +
                                           std::to_string(stack.http_port())},
                          {"ADMIN_KEY", stack.admin_key()},
                          {"ADMIN_EMAIL", stack.admin_email()},
                          {"ADMIN_PASSWORD", stack.admin_password()},
                          {"MAILDIR", Smtp().maildir()},
                          // The stack's clock (tests/browser/lib/clock.mjs).
                          {"BRIEFDESK_CLOCK_OFFSET_FILE", stack.ClockFile()},
                          {"ARTIFACTS", artifacts.string()},
                          {"NO_COLOR", "1"}}});
  bool finished = WaitFor(pid, kSuiteTimeout);
  int status = WaitExit(pid);
  std::string output = ReadAll(log);
  std::cout << output << std::flush;
  ASSERT_TRUE(finished) << "suite " << suite << " still running after "
                        << kSuiteTimeout.count()
                        << " s: killed (a test left a stream, server or "
                           "timer open, or hangs without a timeout)";
  ASSERT_TRUE(WIFEXITED(status)) << "node ended by signal " << WTERMSIG(status);
  EXPECT_EQ(WEXITSTATUS(status), 0)
      << "suite " << suite << " failed (above: node's output; screenshots "
      << "and traces in " << artifacts.string() << ")";
  EXPECT_GT(Count(output, "tests"), 0) << "suite " << suite << " ran no test";
  EXPECT_EQ(Count(output, "fail"), 0);
}

INSTANTIATE_TEST_SUITE_P(Suites, AppBrowserTest, ::testing::ValuesIn(Suites()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

}  // namespace
}  // namespace briefdesk::testing
