// Test helpers over the real REST API: users with roles, briefs, and JSON.
#ifndef BRIEFDESK_TESTS_HARNESS_API_H_
#define BRIEFDESK_TESTS_HARNESS_API_H_

#include <string>
#include <vector>

#include "tests/harness/http_client.h"
#include "tests/harness/stack.h"

namespace briefdesk::testing {

struct User {
  std::string id, key, key_id;
};

class Api {
 public:
  Api() : stack_(Stack::Get()), http_(stack_.http_port()) {}

  HttpResponse Call(const std::string& method, const std::string& target,
                    const std::string& key, const std::string& body = "",
                    std::map<std::string, std::string> headers = {}) {
    return http_.Call(method, target, key, body, std::move(headers));
  }
  HttpClient& http() { return http_; }
  Stack& stack() { return stack_; }

  // A new user with these roles (e.g. {"PARTICIPANT"}), made by the admin.
  User NewUser(const std::vector<std::string>& roles,
               const std::string& expertise_json = "[]");
  // A new DRAFT brief by `author`; `fields` are extra JSON members.
  boost::json::object NewBrief(const User& author,
                               const std::string& fields = "");
  // PATCH with the brief's current ETag; returns the answer.
  HttpResponse Edit(const User& u, const std::string& id,
                    const std::string& body);
  // A brief whose check has no errors, submitted.
  boost::json::object SubmittedBrief(const User& author);

  // Polls GET /v1/briefs/{id} as the admin until the state is `state`.
  bool WaitForState(const std::string& id, const std::string& state,
                    int seconds = 20);
  // Claims as `expert` until a task comes (events are asynchronous), or
  // gives the last answer (204) after `seconds`.
  HttpResponse ClaimWithin(const User& expert, int seconds = 20);
  // Completes the claimed task of a claim answer with `decision`.
  HttpResponse Complete(const User& expert, const HttpResponse& claim,
                        const std::string& decision,
                        const std::string& comments = "[]");

  // A brief of `topic` with `title`, submitted, claimed and approved by
  // `expert` (who reviews `topic`): ready to publish. Its id.
  std::string ApprovedBrief(const User& author, const User& expert,
                            const std::string& topic, const std::string& title);

  static std::string CompleteSections();
  static std::string Unique();  // a fresh suffix for emails and titles

 private:
  Stack& stack_;
  HttpClient http_;
};

std::string Str(const boost::json::value& v, const char* key);

}  // namespace briefdesk::testing

#endif  // BRIEFDESK_TESTS_HARNESS_API_H_
