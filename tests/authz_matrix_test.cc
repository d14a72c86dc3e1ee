// Every route of the foundation, called by every kind of caller, against the
// real stack: the status each must get. A brief a caller may not see is 404.
#include <gtest/gtest.h>

#include <set>
#include <utility>
#include <vector>

#include "tests/harness/api.h"

namespace briefdesk::testing {
namespace {

enum Who {
  kAuthor,
  kOther,
  kExpert,
  kEditor,
  kAdmin,
  kNoKey,
  kRevoked,
  kWhoCount
};
const char* kWhoNames[] = {
    "author", "other participant", "expert", "editor", "admin",
    "no key", "revoked key"};

struct Row {
  std::string method;
  std::string path;  // {brief} {author} {key} are filled per call
  std::string body;
  // A brief in this state for each call; "" for routes without a brief.
  std::string brief;
  int expect[kWhoCount];
};

// The route template a row calls, as the OpenAPI document names it.
std::string Template(const Row& row) {
  std::string path = row.path.substr(0, row.path.find('?'));
  for (auto [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"{brief}", "{id}"},
           {"{author}", "{id}"},
           {"{key}", "{keyId}"},
           {"/revisions/1", "/revisions/{n}"},
           {"/reviews/{task}", "/reviews/{taskId}"},
           {"/sessions/nope", "/sessions/{id}"},
           {"{comment}", "{commentId}"},
           {"{task}", "{id}"}}) {
    if (size_t p = path.find(from); p != std::string::npos) {
      path.replace(p, from.size(), to);
    }
  }
  return row.method + " " + path;
}

// An operation any caller may use without a key ("security": []).
bool IsPublic(const boost::json::value& op) {
  const auto* security = op.as_object().if_contains("security");
  return security != nullptr && security->is_array() &&
         security->as_array().empty();
}

class AuthzMatrixTest : public ::testing::Test {
 protected:
  void SetUp() override {
    users_[kAuthor] = api_.NewUser({"PARTICIPANT"});
    users_[kOther] = api_.NewUser({"PARTICIPANT"});
    users_[kExpert] = api_.NewUser({"EXPERT"});
    users_[kEditor] = api_.NewUser({"EDITOR"});
    users_[kAdmin] = User{"bootstrap-admin", api_.stack().admin_key(), ""};
    users_[kNoKey] = User{};
    users_[kRevoked] = api_.NewUser({"PARTICIPANT", "EDITOR", "ADMIN"});
    api_.Call(
        "DELETE",
        "/v1/users/" + users_[kRevoked].id + "/keys/" + users_[kRevoked].key_id,
        api_.stack().admin_key());
  }

  // A fresh brief of the author in `state` (DRAFT, SUBMITTED or a complete
  // DRAFT), so mutating calls never depend on each other.
  std::string BriefIn(const std::string& state) {
    if (state == "SUBMITTED")
      return Str(api_.SubmittedBrief(users_[kAuthor]), "id");
    if (state == "COMPLETE") {
      return Str(api_.NewBrief(users_[kAuthor], Api::CompleteSections()), "id");
    }
    return Str(api_.NewBrief(users_[kAuthor]), "id");
  }

  std::string Fill(std::string path, const std::string& brief) {
    auto put = [&](const std::string& name, const std::string& value) {
      size_t p = path.find(name);
      if (p != std::string::npos) path.replace(p, name.size(), value);
    };
    put("{brief}", brief);
    put("{author}", users_[kAuthor].id);
    put("{task}", "00000000-0000-0000-0000-000000000001");
    put("{comment}", "00000000-0000-0000-0000-000000000001.1");
    if (path.find("{key}") != std::string::npos) {
      // A fresh key of the author's to revoke, made by the admin.
      HttpResponse k =
          api_.Call("POST", "/v1/users/" + users_[kAuthor].id + "/keys",
                    api_.stack().admin_key());
      put("{key}", Str(k.Json(), "keyId"));
    }
    return path;
  }

  Api api_;
  User users_[kWhoCount];
};

TEST_F(AuthzMatrixTest, EveryRouteForEveryCaller) {
  // Columns: author, other participant, expert, editor, admin, no key, revoked.
  const std::string user_body =
      R"({"displayName":"N","email":"m-EMAIL@example.org","roles":["PARTICIPANT"]})";
  const std::vector<Row> rows = {
      {"POST", "/v1/users", user_body, "", {403, 403, 403, 403, 201, 401, 401}},
      {"GET", "/v1/users/me", "", "", {200, 200, 200, 200, 200, 401, 401}},
      {"PATCH",
       "/v1/users/me",
       R"({"displayName":"N"})",
       "",
       {200, 200, 200, 200, 200, 401, 401}},
      // Sessions are the web app's; a key's caller has none to end.
      {"GET", "/v1/sessions", "", "", {200, 200, 200, 200, 200, 401, 401}},
      {"DELETE", "/v1/sessions", "", "", {204, 204, 204, 204, 204, 401, 401}},
      {"DELETE",
       "/v1/sessions/nope",
       "",
       "",
       {404, 404, 404, 404, 404, 401, 401}},
      {"POST",
       "/v1/briefs:preview",
       R"({"summary":"x"})",
       "",
       {200, 200, 200, 200, 200, 401, 401}},
      {"GET", "/v1/users", "", "", {403, 403, 403, 200, 200, 401, 401}},
      {"GET",
       "/v1/users/{author}",
       "",
       "",
       {403, 403, 403, 200, 200, 401, 401}},
      {"POST",
       "/v1/users/{author}/keys",
       "",
       "",
       {201, 403, 403, 403, 201, 401, 401}},
      {"GET",
       "/v1/users/{author}/keys",
       "",
       "",
       {200, 403, 403, 403, 200, 401, 401}},
      {"DELETE",
       "/v1/users/{author}/keys/{key}",
       "",
       "",
       {204, 403, 403, 403, 204, 401, 401}},
      {"POST",
       "/v1/briefs",
       R"({"title":"t","topic":"a"})",
       "",
       {201, 201, 403, 403, 403, 401, 401}},
      {"GET", "/v1/briefs", "", "", {200, 200, 200, 200, 200, 401, 401}},
      {"GET",
       "/v1/briefs/{brief}",
       "",
       "DRAFT",
       {200, 404, 404, 200, 200, 401, 401}},
      {"PATCH",
       "/v1/briefs/{brief}",
       R"({"title":"changed"})",
       "DRAFT",
       {200, 404, 404, 403, 403, 401, 401}},
      {"GET",
       "/v1/briefs/{brief}/revisions",
       "",
       "DRAFT",
       {200, 404, 404, 200, 200, 401, 401}},
      {"GET",
       "/v1/briefs/{brief}/revisions/1",
       "",
       "DRAFT",
       {200, 404, 404, 200, 200, 401, 401}},
      {"GET",
       "/v1/briefs/{brief}/diff?from=1&to=1",
       "",
       "DRAFT",
       {200, 404, 404, 200, 200, 401, 401}},
      {"GET",
       "/v1/briefs/{brief}/check",
       "",
       "DRAFT",
       {200, 404, 404, 200, 200, 401, 401}},
      {"POST",
       "/v1/briefs/{brief}:check",
       R"({"title":"t"})",
       "DRAFT",
       {200, 404, 404, 200, 200, 401, 401}},
      {"GET",
       "/v1/briefs/{brief}/history",
       "",
       "DRAFT",
       {200, 404, 404, 200, 200, 401, 401}},
      {"POST",
       "/v1/briefs/{brief}:submit",
       "",
       "COMPLETE",
       {200, 404, 404, 403, 403, 401, 401}},
      {"POST",
       "/v1/briefs/{brief}:withdraw",
       "",
       "SUBMITTED",
       {200, 404, 404, 403, 403, 401, 401}},
      // Reopen applies to WITHDRAWN (author) and REJECTED (editor); on a
      // DRAFT both may try and get 409, the others may not at all.
      {"POST",
       "/v1/briefs/{brief}:reopen",
       "",
       "DRAFT",
       {409, 404, 404, 409, 403, 401, 401}},
      {"POST",
       "/v1/briefs/{brief}:publish",
       "",
       "SUBMITTED",
       {403, 404, 404, 409, 403, 401, 401}},
      {"POST",
       "/v1/briefs/{brief}:return",
       R"({"note":"more evidence"})",
       "SUBMITTED",
       {403, 404, 404, 409, 403, 401, 401}},
      {"POST",
       "/v1/briefs/{brief}:retract",
       R"({"reason":"error"})",
       "SUBMITTED",
       {403, 404, 404, 409, 403, 401, 401}},
      {"GET",
       "/v1/briefs/{brief}/reviews",
       "",
       "DRAFT",
       {200, 404, 404, 200, 200, 401, 401}},
      {"POST",
       "/v1/reviews:claim",
       "",
       "",
       {403, 403, 200, 403, 403, 401, 401}},
      {"POST",
       "/v1/reviews/{task}:renew",
       R"({"claimToken":"t"})",
       "",
       {404, 404, 404, 404, 404, 401, 401}},
      {"POST",
       "/v1/reviews/{task}:release",
       R"({"claimToken":"t"})",
       "",
       {404, 404, 404, 404, 404, 401, 401}},
      {"POST",
       "/v1/reviews/{task}:complete",
       R"({"claimToken":"t","decision":"APPROVE","summary":"s",)"
       R"("scores":{"evidence":4,"clarity":3,"actionability":4,"relevance":5}})",
       "",
       {404, 404, 404, 404, 404, 401, 401}},
      {"GET", "/v1/reviews", "", "", {403, 403, 200, 403, 403, 401, 401}},
      // Guidance: the authors ask (on a submitted brief: 409), experts
      // answer; a request that is not there is 404 to everyone.
      {"POST",
       "/v1/briefs/{brief}:requestFeedback",
       R"({"revision":1,"question":"Is the problem clear?"})",
       "SUBMITTED",
       {409, 404, 404, 403, 403, 401, 401}},
      {"GET",
       "/v1/briefs/{brief}/feedback",
       "",
       "DRAFT",
       {200, 404, 404, 200, 200, 401, 401}},
      {"POST",
       "/v1/feedback:claim",
       "",
       "",
       {403, 403, 204, 403, 403, 401, 401}},
      {"GET", "/v1/feedback", "", "", {403, 403, 200, 403, 403, 401, 401}},
      {"GET",
       "/v1/feedback/{task}",
       "",
       "",
       {404, 404, 404, 404, 404, 401, 401}},
      {"POST",
       "/v1/feedback/{task}:renew",
       R"({"claimToken":"t"})",
       "",
       {404, 404, 404, 404, 404, 401, 401}},
      {"POST",
       "/v1/feedback/{task}:release",
       R"({"claimToken":"t"})",
       "",
       {404, 404, 404, 404, 404, 401, 401}},
      {"POST",
       "/v1/feedback/{task}:answer",
       R"({"claimToken":"t","note":"Say who is covered."})",
       "",
       {404, 404, 404, 404, 404, 401, 401}},
      {"POST",
       "/v1/feedback/{task}:cancel",
       "",
       "",
       {404, 404, 404, 404, 404, 401, 401}},
      // Analytics across courses: organizers (their courses) and admins.
      {"GET", "/v1/analytics", "", "", {403, 403, 403, 403, 200, 401, 401}},
      // Follow-up sessions: one that is not there is 404 to everyone.
      {"GET",
       "/v1/followUps/{task}",
       "",
       "",
       {404, 404, 404, 404, 404, 401, 401}},
      {"POST",
       "/v1/followUps/{task}:record",
       R"({"channel":"PHONE","heldTime":"2027-01-01T00:00:00Z"})",
       "",
       {404, 404, 404, 404, 404, 401, 401}},
      {"POST",
       "/v1/followUps/{task}:reschedule",
       R"({"dueDate":"2030-01-01","reason":"Travelling"})",
       "",
       {404, 404, 404, 404, 404, 401, 401}},
      {"POST",
       "/v1/followUps/{task}/reports",
       R"({"note":"The council met."})",
       "",
       {404, 404, 404, 404, 404, 401, 401}},
      // Comment threads: read by who may see the brief; a comment that is
      // not there is 404, but editors are refused resolving at all.
      {"GET",
       "/v1/briefs/{brief}/comments",
       "",
       "DRAFT",
       {200, 404, 404, 200, 200, 401, 401}},
      {"POST",
       "/v1/briefs/{brief}/comments/{comment}:reply",
       R"({"body":"Done."})",
       "DRAFT",
       {404, 404, 404, 404, 404, 401, 401}},
      {"POST",
       "/v1/briefs/{brief}/comments/{comment}:resolve",
       R"({"note":"Done."})",
       "DRAFT",
       {404, 404, 404, 403, 403, 401, 401}},
      {"GET", "/v1/queue", "", "", {403, 403, 200, 200, 200, 401, 401}},
      {"GET", "/v1/notifications", "", "", {200, 200, 200, 200, 200, 401, 401}},
      {"POST",
       "/v1/notifications/{task}:read",
       "",
       "",
       {404, 404, 404, 404, 404, 401, 401}},
      // A task, notification or webhook that is not the caller's is 404.
      // A URL no webhook may have: the caller's right to register one is
      // checked before the body (400 for every signed-in caller).
      {"POST",
       "/v1/webhooks",
       R"({"url":"ftp://x","events":["brief.submitted"]})",
       "",
       {400, 400, 400, 400, 400, 401, 401}},
      {"GET", "/v1/webhooks", "", "", {200, 200, 200, 200, 200, 401, 401}},
      {"DELETE",
       "/v1/webhooks/{task}",
       "",
       "",
       {404, 404, 404, 404, 404, 401, 401}},
      {"GET",
       "/v1/webhooks/{task}/deliveries",
       "",
       "",
       {404, 404, 404, 404, 404, 401, 401}},
      // E-mail: everyone their own preferences and log (admins all of it).
      {"GET",
       "/v1/users/me/preferences",
       "",
       "",
       {200, 200, 200, 200, 200, 401, 401}},
      {"PATCH",
       "/v1/users/me/preferences",
       R"({"email":{"reviews":"IMMEDIATE"}})",
       "",
       {200, 200, 200, 200, 200, 401, 401}},
      {"GET", "/v1/emails", "", "", {200, 200, 200, 200, 200, 401, 401}},
  };
  // The matrix covers every route of the served document that needs a
  // key, so a new route without a row here fails this test.
  std::set<std::string> in_matrix, documented;
  for (const Row& row : rows) in_matrix.insert(Template(row));
  const boost::json::value doc =
      api_.Call("GET", "/v1/openapi.json", "").Json();
  for (const auto& [path, item] : doc.at("paths").as_object()) {
    for (const auto& [method, op] : item.as_object()) {
      std::string m(method);
      if (m == "options" || IsPublic(op)) continue;
      for (char& c : m) c = static_cast<char>(std::toupper(c));
      std::string route = m + " " + std::string(path);
      // A stream never ends; sse_test checks its 401. Course routes have
      // callers of their own: courses_authz_test.
      if (route != "GET /v1/notifications:stream" &&
          !std::string_view(path).starts_with("/v1/courses")) {
        documented.insert(route);
      }
    }
  }
  EXPECT_EQ(in_matrix, documented);
  ASSERT_GE(documented.size(), 30u);
  for (const Row& row : rows) {
    for (int who = 0; who < kWhoCount; ++who) {
      std::string brief = row.brief.empty() ? "" : BriefIn(row.brief);
      std::string path = Fill(row.path, brief);
      std::string body = row.body;
      if (size_t p = body.find("EMAIL"); p != std::string::npos) {
        body.replace(p, 5, Api::Unique());
      }
      std::map<std::string, std::string> headers;
      if (row.method == "PATCH" && !brief.empty()) {
        HttpResponse cur =
            api_.Call("GET", "/v1/briefs/" + brief, api_.stack().admin_key());
        headers["If-Match"] = cur.Header("etag");
      }
      HttpResponse res =
          api_.Call(row.method, path, users_[who].key, body, headers);
      EXPECT_EQ(res.status, row.expect[who])
          << row.method << " " << row.path << " as " << kWhoNames[who] << ": "
          << res.body;
      EXPECT_FALSE(res.status != 204 && res.status >= 400 &&
                   res.ErrorCode().empty())
          << "error without the JSON error body: " << res.body;
    }
  }
}

TEST_F(AuthzMatrixTest, BriefsListShowsOnlyWhatTheCallerMaySee) {
  std::string id = Str(api_.NewBrief(users_[kAuthor]), "id");
  auto listed = [&](Who who) {
    HttpResponse res = api_.Call(
        "GET", "/v1/briefs?authorId=" + users_[kAuthor].id, users_[who].key);
    const boost::json::value res_json = res.Json();
    for (const auto& b : res_json.at("briefs").as_array()) {
      if (Str(b, "id") == id) return true;
    }
    return false;
  };
  EXPECT_TRUE(listed(kAuthor));
  EXPECT_FALSE(listed(kOther));
  EXPECT_FALSE(listed(kExpert));
  EXPECT_TRUE(listed(kEditor));
  EXPECT_TRUE(listed(kAdmin));
}

TEST_F(AuthzMatrixTest, CoAuthorsEditLikeAuthors) {
  User co = api_.NewUser({"PARTICIPANT"});
  auto b =
      api_.NewBrief(users_[kAuthor], R"("coAuthorIds":[")" + co.id + R"("])");
  std::string id = Str(b, "id");
  EXPECT_EQ(api_.Call("GET", "/v1/briefs/" + id, co.key).status, 200);
  HttpResponse edit = api_.Edit(co, id, R"({"title":"by the co-author"})");
  EXPECT_EQ(edit.status, 200) << edit.body;
  HttpResponse bad = api_.Call("POST", "/v1/briefs", users_[kAuthor].key,
                               R"({"title":"t","topic":"a","coAuthorIds":[")" +
                                   users_[kExpert].id + R"("]})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.ErrorField(), "coAuthorIds");
}

}  // namespace
}  // namespace briefdesk::testing
