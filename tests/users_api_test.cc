// Users and their API keys end to end, over real HTTP against the real
// gateway, briefs service and PostgreSQL.
#include <gtest/gtest.h>

#include <thread>

#include "tests/harness/api.h"

namespace briefdesk::testing {
namespace {

class UsersApiTest : public ::testing::Test {
 protected:
  Api api;
};

TEST_F(UsersApiTest, APersonListsTheirWorkingKeysAndNobodyElseDoes) {
  User u = api.NewUser({"PARTICIPANT"});
  HttpResponse made = api.Call("POST", "/v1/users/" + u.id + "/keys", u.key);
  ASSERT_EQ(made.status, 201) << made.body;
  std::string second = Str(made.Json(), "keyId");
  HttpResponse res = api.Call("GET", "/v1/users/" + u.id + "/keys", u.key);
  ASSERT_EQ(res.status, 200) << res.body;
  boost::json::value listed = res.Json();
  const auto& keys = listed.at("keys").as_array();
  ASSERT_EQ(keys.size(), 2u) << res.body;
  EXPECT_EQ(Str(keys[0], "keyId"), second);  // newest first
  EXPECT_EQ(Str(keys[1], "keyId"), u.key_id);
  EXPECT_FALSE(Str(keys[0], "createTime").empty());
  // Never the key itself, which was shown once.
  EXPECT_EQ(res.body.find(Str(made.Json(), "apiKey")), std::string::npos);
  EXPECT_EQ(res.body.find("apiKey"), std::string::npos);
  ASSERT_EQ(
      api.Call("DELETE", "/v1/users/" + u.id + "/keys/" + second, u.key).status,
      204);
  res = api.Call("GET", "/v1/users/" + u.id + "/keys", api.stack().admin_key());
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(res.Json().at("keys").as_array().size(), 1u);
  User other = api.NewUser({"PARTICIPANT"});
  EXPECT_EQ(api.Call("GET", "/v1/users/" + u.id + "/keys", other.key).status,
            403);
  EXPECT_EQ(
      api.Call("GET", "/v1/users/nobody/keys", api.stack().admin_key()).status,
      404);
}

TEST_F(UsersApiTest, RevokedKeyStopsWorkingWithinFiveSeconds) {
  User u = api.NewUser({"PARTICIPANT"});
  ASSERT_EQ(api.Call("GET", "/v1/users/me", u.key).status, 200);  // now cached
  HttpResponse revoke =
      api.Call("DELETE", "/v1/users/" + u.id + "/keys/" + u.key_id, u.key);
  ASSERT_EQ(revoke.status, 204) << revoke.body;
  auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(5500);
  int status = 200;
  while (std::chrono::steady_clock::now() < deadline && status != 401) {
    status = api.Call("GET", "/v1/users/me", u.key).status;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  EXPECT_EQ(status, 401);
  EXPECT_EQ(api.Call("GET", "/v1/users/me", u.key).ErrorCode(),
            "UNAUTHENTICATED");
}

TEST_F(UsersApiTest, APersonHoldsAtMostTenKeys) {
  // The rate limit is per key: the keys a person may hold bound their
  // allowance.
  User u = api.NewUser({"PARTICIPANT"});
  HttpResponse res;
  int held = 1;  // the key NewUser made
  for (; held < 12; ++held) {
    res = api.Call("POST", "/v1/users/" + u.id + "/keys", u.key);
    if (res.status != 201) break;
  }
  EXPECT_EQ(held, 10);
  EXPECT_EQ(res.status, 409) << res.body;
  EXPECT_EQ(res.ErrorCode(), "FAILED_PRECONDITION");
  // Revoking one makes room for another.
  ASSERT_EQ(api.Call("DELETE", "/v1/users/" + u.id + "/keys/" + u.key_id, u.key)
                .status,
            204);
  EXPECT_EQ(
      api.Call("POST", "/v1/users/" + u.id + "/keys", api.stack().admin_key())
          .status,
      201);
}

}  // namespace
}  // namespace briefdesk::testing
