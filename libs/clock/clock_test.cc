#include "libs/clock/clock.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>

namespace briefdesk::clock {
namespace {

using std::chrono::seconds;

class ClockTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (std::filesystem::temp_directory_path() /
             ("clock_test_" + std::to_string(::getpid())))
                .string();
    std::filesystem::remove(path_);
    SetOffsetFileForTest(path_);
  }
  void TearDown() override {
    SetOffsetFileForTest("");
    std::filesystem::remove(path_);
  }
  // Past the 20 ms between looks at the file.
  static void LetItLook() {
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  std::string path_;
};

TEST_F(ClockTest, WithoutTheFileItIsTheSystemClock) {
  auto before = std::chrono::system_clock::now();
  Time now = Now();
  EXPECT_GE(now, before);
  EXPECT_LT(now - before, seconds(1));
  EXPECT_EQ(Offset(), seconds(0));
}

TEST_F(ClockTest, TheFileMovesTimeForward) {
  ASSERT_TRUE(WriteOffsetFile(path_, seconds(172800)));
  LetItLook();
  auto diff = Now() - std::chrono::system_clock::now();
  EXPECT_GT(diff, seconds(172799));
  EXPECT_LT(diff, seconds(172801));
  EXPECT_EQ(Offset(), seconds(172800));
}

TEST_F(ClockTest, ANewValueIsReadAndRemovingTheFileGoesBack) {
  ASSERT_TRUE(WriteOffsetFile(path_, seconds(60)));
  LetItLook();
  EXPECT_EQ(Offset(), seconds(60));
  ASSERT_TRUE(WriteOffsetFile(path_, seconds(3600)));
  LetItLook();
  EXPECT_EQ(Offset(), seconds(3600));
  std::filesystem::remove(path_);
  LetItLook();
  EXPECT_EQ(Offset(), seconds(0));
}

TEST_F(ClockTest, GarbageIsNoOffset) {
  {
    std::FILE* f = std::fopen(path_.c_str(), "w");
    std::fputs("soon\n", f);
    std::fclose(f);
  }
  LetItLook();
  EXPECT_EQ(Offset(), seconds(0));
}

}  // namespace
}  // namespace briefdesk::clock
