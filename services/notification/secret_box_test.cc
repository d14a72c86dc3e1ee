#include "services/notification/secret_box.h"

#include <gtest/gtest.h>
#include <sodium.h>

namespace briefdesk::notification {
namespace {

const char kKey[] = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";  // 32 bytes
const char kOtherKey[] =
    "ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA";  // no padding

TEST(SecretBoxTest, SealsAndOpens) {
  ASSERT_GE(sodium_init(), 0);
  auto box = SecretBox::FromKey(kKey);
  ASSERT_TRUE(box.ok()) << box.status();
  std::string sealed = box->Seal("whsec_abc");
  EXPECT_EQ(sealed.rfind("sealed:v1:", 0), 0u);
  EXPECT_EQ(sealed.find("whsec_abc"), std::string::npos);
  EXPECT_NE(box->Seal("whsec_abc"), sealed) << "a fresh nonce each time";
  EXPECT_EQ(*box->Open(sealed), "whsec_abc");
}

TEST(SecretBoxTest, KeepsUnsealedSecretsReadable) {
  auto box = SecretBox::FromKey(kKey);
  EXPECT_EQ(*box->Open("whsec_from_before"), "whsec_from_before");
  SecretBox none;
  EXPECT_FALSE(none.sealing());
  EXPECT_EQ(none.Seal("whsec_x"), "whsec_x");
}

TEST(SecretBoxTest, RefusesAnotherKeyAlterationsAndNoKey) {
  auto box = SecretBox::FromKey(kKey);
  auto other = SecretBox::FromKey(kOtherKey);
  ASSERT_TRUE(other.ok());
  std::string sealed = box->Seal("whsec_abc");
  EXPECT_FALSE(other->Open(sealed).ok());
  std::string altered = sealed;
  altered[altered.size() - 3] = altered[altered.size() - 3] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(box->Open(altered).ok());
  EXPECT_FALSE(box->Open("sealed:v1:!!").ok());
  EXPECT_FALSE(SecretBox().Open(sealed).ok());
}

TEST(SecretBoxTest, ValidatesTheKey) {
  EXPECT_TRUE(SecretBox::FromKey("").ok());
  EXPECT_FALSE(SecretBox::FromKey("c2hvcnQ=").ok());  // 5 bytes
  EXPECT_FALSE(SecretBox::FromKey("not base64 at all!").ok());
}

}  // namespace
}  // namespace briefdesk::notification
