#include "bedrock/client/environment.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

namespace bedrock::client {
namespace {

using namespace std::chrono_literals;

TEST(FakeEnvironment, HoldsVariablesHomeAndAClockThatOnlyMovesWhenTold) {
  FakeEnvironment environment;
  EXPECT_FALSE(environment.get("AWS_REGION"));
  EXPECT_FALSE(environment.home_directory());
  environment.set("AWS_REGION", "us-east-1").set("EMPTY", "").set_home("/home/test");
  EXPECT_EQ(environment.get("AWS_REGION"), "us-east-1");
  EXPECT_EQ(environment.get("EMPTY"), "");
  EXPECT_FALSE(environment.get_non_empty("EMPTY"));
  EXPECT_EQ(environment.home_directory(), std::filesystem::path("/home/test"));
  environment.unset("AWS_REGION");
  EXPECT_FALSE(environment.get("AWS_REGION"));
  const auto start = environment.now();
  EXPECT_EQ(environment.now(), start);
  environment.advance(90s);
  EXPECT_EQ(environment.now() - start, 90s);
}

TEST(ProcessEnvironment, ReadsTheRealProcess) {
  ProcessEnvironment environment;
  // PATH is set in every test runner; a name nobody sets is unset.
  EXPECT_TRUE(environment.get("PATH"));
  EXPECT_FALSE(environment.get("BEDROCK_TESTBED_SURELY_UNSET_VARIABLE"));
  EXPECT_TRUE(environment.home_directory());
  EXPECT_GT(environment.now().time_since_epoch().count(), 0);
}

}  // namespace
}  // namespace bedrock::client
