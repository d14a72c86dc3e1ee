#include "libs/auth/api_keys.h"

#include <gtest/gtest.h>

#include <set>
#include <thread>

namespace briefdesk::auth {
namespace {

class ApiKeysTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(Init()); }
};

TEST_F(ApiKeysTest, KeysAreRandomAndHashStable) {
  std::string a = NewApiKey(), b = NewApiKey();
  EXPECT_NE(a, b);
  EXPECT_EQ(a.rfind("bdk_", 0), 0u);
  EXPECT_EQ(a.size(), 4u + 43u);
  KeyHash ha = HashApiKey(a);
  EXPECT_EQ(ha, HashApiKey(a));
  EXPECT_NE(ha, HashApiKey(b));
  EXPECT_EQ(LookupPrefix(ha), LookupPrefix(HashApiKey(a)));
}

TEST_F(ApiKeysTest, ConstantTimeEqualComparesWholeHash) {
  KeyHash h = HashApiKey("secret");
  std::string same(reinterpret_cast<const char*>(h.data()), h.size());
  EXPECT_TRUE(ConstantTimeEqual(h, same));
  std::string last_differs = same;
  last_differs.back() ^= 1;
  EXPECT_FALSE(ConstantTimeEqual(h, last_differs));
  EXPECT_FALSE(ConstantTimeEqual(h, same.substr(0, 31)));
}

TEST_F(ApiKeysTest, IdsAreUniqueAndSortByTime) {
  std::string first = NewId();
  std::this_thread::sleep_for(std::chrono::milliseconds(2));
  std::set<std::string> ids;
  for (int i = 0; i < 1000; ++i) ids.insert(NewId());
  EXPECT_EQ(ids.size(), 1000u);
  EXPECT_LT(first, *ids.begin());
  EXPECT_EQ(first.size(), 24u);
}

}  // namespace
}  // namespace briefdesk::auth
