// Which session a request target names, and what routing sees (docs/mock.md "Sessions").
#include "sessions/session_target.hpp"

#include <gtest/gtest.h>

#include "bedrock/mock/sessions.hpp"

namespace bedrock::mock {
namespace {

SessionTarget split_ok(std::string_view target, const std::string* header = nullptr) {
  auto split = split_session_target(target, header);
  EXPECT_TRUE(split) << (split ? "" : split.error().message);
  return split ? *split : SessionTarget{};
}

TEST(SessionTarget, NoPrefixNoHeaderIsTheMocksOwnState) {
  const auto split = split_ok("/model/m/converse");
  EXPECT_EQ(split.session, "");
  EXPECT_EQ(split.target, "/model/m/converse");
}

TEST(SessionTarget, ThePrefixNamesTheSessionAndIsStrippedForRouting) {
  const auto split = split_ok("/__session/w-1.a_b/model/us.x%3A0/converse?x=1");
  EXPECT_EQ(split.session, "w-1.a_b");
  EXPECT_EQ(split.target, "/model/us.x%3A0/converse?x=1");
}

TEST(SessionTarget, AnEndpointWithATrailingSlashGivesOneSlash) {
  // @aws-sdk/client-bedrock-runtime with endpoint "http://mock/__session/js/" sends this.
  EXPECT_EQ(split_ok("/__session/js//model/m/converse").target, "/model/m/converse");
}

TEST(SessionTarget, JustThePrefixRoutesTheRoot) {
  EXPECT_EQ(split_ok("/__session/s").target, "/");
  EXPECT_EQ(split_ok("/__session/s?a=b").target, "/?a=b");
  EXPECT_EQ(split_ok("/__session/s/__admin/requests").target, "/__admin/requests");
}

TEST(SessionTarget, TheHeaderNamesTheSessionWhenThereIsNoPrefix) {
  const std::string header = "h1";
  const auto split = split_ok("/model/m/converse", &header);
  EXPECT_EQ(split.session, "h1");
  EXPECT_EQ(split.target, "/model/m/converse");
  EXPECT_EQ(split_ok("/__session/h1/model/m/converse", &header).session, "h1");
}

TEST(SessionTarget, DisagreeingOrInvalidNamesAreErrors) {
  const std::string other = "other";
  EXPECT_FALSE(split_session_target("/__session/h1/model/m/converse", &other));
  EXPECT_FALSE(split_session_target("/__session//model/m/converse", nullptr));
  EXPECT_FALSE(split_session_target("/__session/a%20b/model/m/converse", nullptr));
  const std::string bad = "has space";
  EXPECT_FALSE(split_session_target("/model/m/converse", &bad));
}

TEST(SessionIds, AllowUrlSafeNamesUpTo128) {
  EXPECT_TRUE(is_valid_session_id("Suite.Test_3-x"));
  EXPECT_TRUE(is_valid_session_id(std::string(128, 'a')));
  EXPECT_FALSE(is_valid_session_id(std::string(129, 'a')));
  EXPECT_FALSE(is_valid_session_id(""));
  EXPECT_FALSE(is_valid_session_id(".hidden"));
  EXPECT_FALSE(is_valid_session_id("-flag"));
  EXPECT_FALSE(is_valid_session_id("a/b"));
}

}  // namespace
}  // namespace bedrock::mock
