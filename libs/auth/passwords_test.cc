#include "libs/auth/passwords.h"

#include <gtest/gtest.h>

#include "libs/auth/api_keys.h"

namespace briefdesk::auth {
namespace {

class PasswordsTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(Init()); }
};

TEST_F(PasswordsTest, HashIsArgon2idAndVerifiesOnlyItsPassword) {
  std::string hash = HashPassword("correct horse battery");
  EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u) << hash;
  EXPECT_TRUE(VerifyPassword(hash, "correct horse battery"));
  EXPECT_FALSE(VerifyPassword(hash, "correct horse batterY"));
  EXPECT_FALSE(VerifyPassword(hash, ""));
  // Salted: the same password hashes differently each time.
  EXPECT_NE(hash, HashPassword("correct horse battery"));
}

TEST_F(PasswordsTest, NoHashMatchesNothing) {
  EXPECT_FALSE(VerifyPassword("", "briefdesk decoy password"));
  EXPECT_FALSE(VerifyPassword("not a hash", "not a hash"));
}

TEST_F(PasswordsTest, Rules) {
  EXPECT_EQ(PasswordProblem("0123456789", "a@b.org"), std::nullopt);
  EXPECT_NE(PasswordProblem("012345678", "a@b.org"), std::nullopt);
  // Characters, not bytes: nine accented letters are too few.
  EXPECT_NE(PasswordProblem("ñññññññññ", "a@b.org"), std::nullopt);
  EXPECT_EQ(PasswordProblem("中文密码中文密码中文", "a@b.org"), std::nullopt);
  EXPECT_NE(PasswordProblem("Ana.Lopez@Labour.gov", "ana.lopez@labour.gov"),
            std::nullopt);
  EXPECT_NE(PasswordProblem(std::string(1025, 'x'), "a@b.org"), std::nullopt);
}

TEST_F(PasswordsTest, CsrfTokenIsDerivedAndCompared) {
  std::string a = NewSecret("bds_"), b = NewSecret("bds_");
  EXPECT_EQ(a.rfind("bds_", 0), 0u);
  EXPECT_EQ(CsrfTokenFor(a), CsrfTokenFor(a));
  EXPECT_NE(CsrfTokenFor(a), CsrfTokenFor(b));
  EXPECT_TRUE(SameToken(CsrfTokenFor(a), CsrfTokenFor(a)));
  EXPECT_FALSE(SameToken(CsrfTokenFor(a), CsrfTokenFor(b)));
  EXPECT_FALSE(SameToken(CsrfTokenFor(a), ""));
}

}  // namespace
}  // namespace briefdesk::auth
