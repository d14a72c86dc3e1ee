// Every route of the foundation, called by every kind of caller, against the
// real stack: the status each must get. A brief a caller may not see is 404.
#include "tests/authz_matrix.h"

#include <gtest/gtest.h>

#include <set>
#include <utility>
#include <vector>

#include "tests/harness/api.h"

namespace briefdesk::testing {
namespace {

using Row = MatrixRow;

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
           {"/users/nobody", "/users/{id}"},
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
  const std::vector<Row>& rows = MatrixRows();
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
