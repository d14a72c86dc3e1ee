#include "tests/harness/api.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace briefdesk::testing {

std::string Str(const boost::json::value& v, const char* key) {
  if (!v.is_object() || !v.as_object().contains(key)) return "";
  const auto& f = v.at(key);
  return f.is_string() ? std::string(f.as_string()) : boost::json::serialize(f);
}

std::string Api::Unique() {
  static std::atomic<int> n{0};
  return std::to_string(getpid()) + "-" + std::to_string(++n);
}

User Api::NewUser(const std::vector<std::string>& roles,
                  const std::string& expertise_json) {
  boost::json::array r;
  for (const auto& role : roles) r.push_back(boost::json::string(role));
  std::string body = R"({"displayName":"Test user","email":"user-)" + Unique() +
                     R"(@example.org","roles":)" + boost::json::serialize(r) +
                     R"(,"expertise":)" + expertise_json +
                     R"(,"cohort":"2022-intl"})";
  HttpResponse res = Call("POST", "/v1/users", stack_.admin_key(), body);
  EXPECT_EQ(res.status, 201) << res.body;
  auto v = res.Json();
  return User{Str(v.at("user"), "id"), Str(v, "apiKey"), Str(v, "keyId")};
}

boost::json::object Api::NewBrief(const User& author,
                                  const std::string& fields) {
  std::string body = R"({"title":"Brief )" + Unique() +
                     R"(","topic":"social-protection")" +
                     (fields.empty() ? "" : "," + fields) + "}";
  HttpResponse res = Call("POST", "/v1/briefs", author.key, body);
  EXPECT_EQ(res.status, 201) << res.body;
  return res.Json().is_object() ? res.Json().as_object()
                                : boost::json::object();
}

HttpResponse Api::Edit(const User& u, const std::string& id,
                       const std::string& body) {
  HttpResponse got = Call("GET", "/v1/briefs/" + id, u.key);
  return Call("PATCH", "/v1/briefs/" + id, u.key, body,
              {{"If-Match", got.Header("etag")}});
}

std::string Api::CompleteSections() {
  return R"json("sections":{
    "summary":"Extending unemployment insurance to platform workers protects incomes.",
    "problem":"Platform workers lack income protection when work dries up.",
    "evidence":"In 2021 surveys, most platform workers had no income during lockdowns.",
    "options":"1. Voluntary schemes\n2. Mandatory coverage",
    "recommendations":"- Extend unemployment insurance to platform workers.\n- Establish contribution collection through platforms.",
    "references":"- ILO (2021)\n- OECD (2020)\n- World Bank (2019)"})json";
}

bool Api::WaitForState(const std::string& id, const std::string& state,
                       int seconds) {
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < until) {
    HttpResponse r = Call("GET", "/v1/briefs/" + id, stack_.admin_key());
    if (Str(r.Json(), "state") == state) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

HttpResponse Api::ClaimWithin(const User& expert, int seconds) {
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  HttpResponse r;
  do {
    r = Call("POST", "/v1/reviews:claim", expert.key);
    if (r.status != 204) return r;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  } while (std::chrono::steady_clock::now() < until);
  return r;
}

HttpResponse Api::Complete(const User& expert, const HttpResponse& claim,
                           const std::string& decision,
                           const std::string& comments) {
  auto task = claim.Json().at("task");
  return Call(
      "POST", "/v1/reviews/" + Str(task, "id") + ":complete", expert.key,
      R"({"claimToken":")" + Str(task, "claimToken") + R"(","decision":")" +
          decision +
          R"(","summary":"Reviewed.","scores":{"evidence":4,"clarity":3,)"
          R"("actionability":4,"relevance":5},"comments":)" +
          comments + "}");
}

boost::json::object Api::SubmittedBrief(const User& author) {
  auto b = NewBrief(author, CompleteSections());
  HttpResponse res =
      Call("POST", "/v1/briefs/" + Str(b, "id") + ":submit", author.key);
  EXPECT_EQ(res.status, 200) << res.body;
  return res.Json().as_object();
}

std::string Api::ApprovedBrief(const User& author, const User& expert,
                               const std::string& topic,
                               const std::string& title) {
  boost::json::object body{{"title", title}, {"topic", topic}};
  std::string id =
      Str(Call("POST", "/v1/briefs", author.key, boost::json::serialize(body))
              .Json(),
          "id");
  EXPECT_EQ(Edit(author, id, "{" + CompleteSections() + "}").status, 200);
  EXPECT_EQ(Call("POST", "/v1/briefs/" + id + ":submit", author.key).status,
            200);
  HttpResponse claim = ClaimWithin(expert);
  EXPECT_EQ(claim.status, 200) << claim.body;
  EXPECT_EQ(Complete(expert, claim, "APPROVE").status, 200);
  EXPECT_TRUE(WaitForState(id, "APPROVED"));
  return id;
}

}  // namespace briefdesk::testing
