// Users and API keys, on the in-process fixture.
#include "services/briefs/api_keys.h"

#include <gtest/gtest.h>

#include "services/briefs/briefs_fixture.h"

namespace briefdesk::briefs {
namespace {

using absl::StatusCode;
namespace dir = directory::v1;

class ApiKeysTest : public BriefsFixture {};

TEST_F(ApiKeysTest, AKeyAuthenticatesUntilRevoked) {
  rpc::Principal admin = Admin();
  dir::CreateUserRequest req;
  req.set_display_name("Ana");
  req.set_email("ana-" + admin.user_id() + "@example.org");
  req.add_roles(dir::EXPERT);
  req.add_expertise("skills");
  auto user = users_->Create(admin, "", req);
  ASSERT_TRUE(user.ok()) << user.status();
  auto p = keys_->Authenticate(user->api_key());
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->user_id(), user->user().id());
  EXPECT_EQ(p->expertise(0), "skills");
  dir::RevokeApiKeyRequest revoke;
  revoke.set_user_id(user->user().id());
  revoke.set_key_id(user->key_id());
  ASSERT_TRUE(keys_->Revoke(*p, revoke).ok());
  EXPECT_EQ(keys_->Authenticate(user->api_key()).status().code(),
            StatusCode::kUnauthenticated);
  EXPECT_EQ(keys_->Revoke(*p, revoke).code(), StatusCode::kOk);
  revoke.set_key_id("unknown");
  EXPECT_EQ(keys_->Revoke(*p, revoke).code(), StatusCode::kNotFound);
}

TEST_F(ApiKeysTest, AnEmailIsUsedOnce) {
  rpc::Principal admin = Admin();
  dir::CreateUserRequest req;
  req.set_display_name("Bo");
  req.set_email("bo-" + admin.user_id() + "@example.org");
  req.add_roles(dir::PARTICIPANT);
  ASSERT_TRUE(users_->Create(admin, "", req).ok());
  auto again = users_->Create(admin, "", req);
  EXPECT_EQ(again.status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(users_->Create(Participant(), "", req).status().code(),
            StatusCode::kPermissionDenied);
}

TEST_F(ApiKeysTest, APersonHoldsAtMostTenKeys) {
  rpc::Principal p = Participant();  // holds one key already
  dir::CreateApiKeyRequest req;
  req.set_user_id(p.user_id());
  for (int i = 1; i < kMaxKeysPerUser; ++i) {
    ASSERT_TRUE(keys_->Create(p, "", req).ok()) << i;
  }
  EXPECT_EQ(keys_->Create(p, "", req).status().code(),
            StatusCode::kFailedPrecondition);
  req.set_user_id(Participant().user_id());
  EXPECT_EQ(keys_->Create(p, "", req).status().code(),
            StatusCode::kPermissionDenied);
}

TEST_F(ApiKeysTest, APersonSeesTheirWorkingKeysNewestFirst) {
  rpc::Principal p = Participant();  // holds one key already
  dir::CreateApiKeyRequest create;
  create.set_user_id(p.user_id());
  auto second = keys_->Create(p, "", create);
  ASSERT_TRUE(second.ok()) << second.status();
  dir::ListApiKeysRequest req;
  req.set_user_id(p.user_id());
  auto listed = keys_->List(p, req);
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_EQ(listed->keys_size(), 2);
  EXPECT_EQ(listed->keys(0).key_id(), second->key_id());
  EXPECT_GE(listed->keys(0).create_time().seconds(),
            listed->keys(1).create_time().seconds());
  dir::RevokeApiKeyRequest revoke;
  revoke.set_user_id(p.user_id());
  revoke.set_key_id(second->key_id());
  ASSERT_TRUE(keys_->Revoke(p, revoke).ok());
  listed = keys_->List(p, req);
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_EQ(listed->keys_size(), 1);
  EXPECT_NE(listed->keys(0).key_id(), second->key_id());
  // Admins see anyone's; nobody else does; an unknown user is not found.
  EXPECT_EQ(keys_->List(Admin(), req)->keys_size(), 1);
  EXPECT_EQ(keys_->List(Participant(), req).status().code(),
            StatusCode::kPermissionDenied);
  req.set_user_id("nobody");
  EXPECT_EQ(keys_->List(Admin(), req).status().code(), StatusCode::kNotFound);
}

TEST_F(ApiKeysTest, TheBootstrapAdminKeyWorksAcrossRestarts) {
  std::string key = "bdk_fixture_bootstrap_key_0123456789abcdef";
  ASSERT_TRUE(keys_->EnsureBootstrapAdmin(key).ok());
  ASSERT_TRUE(keys_->EnsureBootstrapAdmin(key).ok());
  auto p = keys_->Authenticate(key);
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->user_id(), "bootstrap-admin");
  EXPECT_TRUE(IsAdmin(*p));
}

TEST_F(ApiKeysTest, UsersAreListedInPagesForEditors) {
  for (int i = 0; i < 3; ++i) Participant();
  dir::ListUsersRequest req;
  req.set_page_size(2);
  auto first = users_->List(Editor(), req);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->users_size(), 2);
  ASSERT_TRUE(first->has_next_page_token());
  req.set_page_token(first->next_page_token());
  auto second = users_->List(Editor(), req);
  ASSERT_TRUE(second.ok());
  EXPECT_GT(second->users(0).id(), first->users(1).id());
  EXPECT_EQ(users_->List(Participant(), req).status().code(),
            StatusCode::kPermissionDenied);
}

}  // namespace
}  // namespace briefdesk::briefs
