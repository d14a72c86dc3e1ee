// The REST contract as tools see it (issue 10): the whole review pipeline,
// driven by a TypeScript client generated from the served OpenAPI document
// (openapi-typescript, openapi-fetch, strict TypeScript, no casts), through
// Prism's validating proxy in front of the gateway: the client must finish
// and Prism must find no request or answer that the document does not
// describe. The tools come from tests/openapi/package-lock.json (npm ci in
// the test command); without them the test is skipped, never passed.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <fstream>
#include <thread>

#include "tests/harness/api.h"
#include "tests/harness/test_http_server.h"

extern char** environ;

namespace briefdesk::testing {
namespace {

const char kTools[] = BRIEFDESK_SOURCE_DIR "/tests/openapi";

const bool kConfigured = [] {
  Stack::Options o;
  o.notification_env = {{"BRIEFDESK_WEBHOOK_ALLOW_LOOPBACK", "true"}};
  Stack::Configure(o);
  return true;
}();

bool ToolsInstalled() {
  std::ifstream prism(std::string(kTools) + "/node_modules/.bin/prism");
  std::ifstream tsc(std::string(kTools) + "/node_modules/.bin/tsc");
  return prism.good() && tsc.good();
}

// A child process with its output in `log`, killed when this goes.
class Child {
 public:
  Child(const std::vector<std::string>& argv, const std::string& log) {
    posix_spawn_file_actions_t files;
    posix_spawn_file_actions_init(&files);
    posix_spawn_file_actions_addopen(&files, 1, log.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&files, 1, 2);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    posix_spawnp(&pid_, args[0], &files, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&files);
  }
  ~Child() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
    }
  }
  // Waits for the exit; the exit code, or -1.
  int Wait() {
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = 0;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

 private:
  pid_t pid_ = 0;
};

std::string Read(const std::string& path) {
  std::ifstream in(path);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

TEST(ContractTest, AGeneratedClientDrivesTheFlowThroughPrismWithNoViolation) {
  if (!ToolsInstalled())
    GTEST_SKIP() << "the OpenAPI tools are not installed: run scripts/test.sh";
  Api api;
  const std::string dir = api.stack().dir();
  HttpResponse doc = api.Call("GET", "/v1/openapi.json", "");
  ASSERT_EQ(doc.status, 200);
  { std::ofstream(dir + "/openapi.json") << doc.body; }
  std::string built = Shell(std::string(kTools) + "/client/build.sh " + dir +
                            "/openapi.json " + dir + "/client 2>&1");
  ASSERT_NE(built.find("client built"), std::string::npos) << built;

  int prism_port = FreePort();
  std::string upstream =
      "http://127.0.0.1:" + std::to_string(api.stack().http_port());
  Child prism({std::string(kTools) + "/node_modules/.bin/prism", "proxy",
               dir + "/openapi.json", upstream, "--host", "127.0.0.1", "--port",
               std::to_string(prism_port)},
              dir + "/prism.log");
  HttpClient via_prism(prism_port);
  bool up = false;
  for (int i = 0; i < 300 && !up; ++i) {
    up = via_prism.Send("GET", "/healthz").status == 200;
    if (!up) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_TRUE(up) << Read(dir + "/prism.log");

  TestHttpServer hooks([](int) { return 200; });
  Child client({"node", dir + "/client/dist/flow.js",
                "http://127.0.0.1:" + std::to_string(prism_port),
                api.stack().admin_key(),
                "http://127.0.0.1:" + std::to_string(hooks.port()) + "/hook"},
               dir + "/client.log");
  int exit_code = client.Wait();
  std::string out = Read(dir + "/client.log");
  std::string log = Read(dir + "/prism.log");
  EXPECT_EQ(exit_code, 0) << out;
  EXPECT_NE(out.find("flow done"), std::string::npos) << out;
  std::cout << out;
  std::string violations;
  for (size_t at = log.find("Violation"); at != std::string::npos;
       at = log.find("Violation", at + 1)) {
    size_t start = log.rfind('\n', at) + 1;
    violations += log.substr(start, log.find('\n', at) - start) + "\n";
  }
  EXPECT_TRUE(violations.empty()) << violations;
  EXPECT_EQ(hooks.received().size(),
            1u);  // the retraction, signed and delivered
}

}  // namespace
}  // namespace briefdesk::testing
