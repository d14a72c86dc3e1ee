// Shared by the course tests over the real stack: a course whose modules
// fall due at times relative to now, and people enrolled in it.
#ifndef BRIEFDESK_TESTS_COURSES_FIXTURE_H_
#define BRIEFDESK_TESTS_COURSES_FIXTURE_H_

#include <chrono>
#include <string>
#include <vector>

#include "tests/harness/api.h"

namespace briefdesk::testing {

// An RFC 3339 UTC time `offset` from now.
std::string TimeFromNow(std::chrono::seconds offset);
// YYYY-MM-DD (UTC) `days` from today.
std::string DateFromToday(int days);
// How many of `user`'s notifications (the newest 100) tell of `event`; -1
// when the inbox cannot be read.
int Count(Api& api, const User& user, const std::string& event);
// Waits until `user` has `n` notifications of `event` (or 20 s pass); how
// many they have then.
int WaitForCount(Api& api, const User& user, const std::string& event, int n);

// A new user with one role and a name of their own, made by the admin.
User NamedUser(Api& api, const std::string& role, const std::string& name);

struct ModuleSpec {
  std::chrono::seconds due;  // from now
  std::vector<std::string> sections;
};

class CourseScenario {
 public:
  explicit CourseScenario(Api& api) : api_(api) {}

  // A course in UTC, from a week ago to a month ahead (or `end_days` from
  // today), with these modules, made by a new organizer; its id.
  std::string Create(const std::vector<ModuleSpec>& modules, int end_days = 30);
  // Enrols an existing user by their address; the answer's status.
  int Enrol(const User& u, const std::string& role);
  // The answer of `method` `path` (under /v1/courses/{id}) as `u`.
  HttpResponse Call(const User& u, const std::string& method,
                    const std::string& path, const std::string& body = "",
                    std::map<std::string, std::string> headers = {});

  const User& organizer() const { return organizer_; }
  const std::string& id() const { return id_; }

 private:
  Api& api_;
  User organizer_;
  std::string id_;
};

}  // namespace briefdesk::testing

#endif  // BRIEFDESK_TESTS_COURSES_FIXTURE_H_
