// The time services act on. In production it is the system clock. Tests
// move it without sleeping: when BRIEFDESK_CLOCK_OFFSET_FILE names a file,
// Now() is the system clock plus the whole seconds written in that file
// (re-read when the file changes; a missing or empty file is 0). Every
// decision about what is due (reminders, digests, follow-ups) reads Now(),
// never the database's now(), so a test that writes "172800" to the file
// is two days later for every process of the stack at once.
#ifndef BRIEFDESK_LIBS_CLOCK_CLOCK_H_
#define BRIEFDESK_LIBS_CLOCK_CLOCK_H_

#include <chrono>
#include <string>

namespace briefdesk::clock {

using Time = std::chrono::system_clock::time_point;

// The system clock plus the test offset, if any.
Time Now();

// The current offset (0 without the setting). For logs and tests.
std::chrono::seconds Offset();

// Tests: reads the offset from `path` instead of the environment's file
// ("" turns the offset off).
void SetOffsetFileForTest(const std::string& path);

// Writes `offset` to `path` (atomically, by rename) for every process that
// reads it. Used by the test harness.
bool WriteOffsetFile(const std::string& path, std::chrono::seconds offset);

}  // namespace briefdesk::clock

#endif  // BRIEFDESK_LIBS_CLOCK_CLOCK_H_
