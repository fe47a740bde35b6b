// The one line per interaction bedrock-record prints (unless --quiet): ACTION OPERATION MODEL
// STATUS MSms (DETAIL), whatever happened. The formatter's own test is
// tests/cassettes/progress_line_test.cpp (it lives in bedrock_cassettes, shared with the import).
#include <gtest/gtest.h>

#include <regex>

#include "recorder/recorder_fixture.hpp"

namespace bedrock::recorder::test {
namespace {

class RecorderProgressTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fixture_.tls_ready()) GTEST_SKIP() << "openssl could not make a test certificate";
  }
  RecorderFixture fixture_;
};

TEST_F(RecorderProgressTest, PrintsOneLinePerInteractionAndNoneWhenQuiet) {
  fixture_.start_upstream();
  // The fixture keeps other tests quiet; bedrock-record prints unless --quiet.
  const auto loud = [&] {
    RecorderConfig config = fixture_.recorder_config(RecordMode::kOnce);
    config.log = true;
    return config;
  };
  fixture_.start_recorder(loud());
  ::testing::internal::CaptureStderr();
  fixture_.call(kConverseTarget, converse_body("one"));
  fixture_.call(kStreamTarget, converse_body("two"));
  const std::string recorded = ::testing::internal::GetCapturedStderr();
  EXPECT_TRUE(std::regex_search(
      recorded, std::regex("bedrock-record: recorded Converse amazon\\.nova-lite-v1:0 200 "
                           "[0-9]+ms \\(1 in .*recorded\\.json\\)\n")))
      << recorded;
  EXPECT_TRUE(std::regex_search(
      recorded, std::regex("bedrock-record: recorded ConverseStream amazon\\.nova-lite-v1:0 200 "
                           "[0-9]+ms \\(stream, [0-9]+ events; 2 in .*\\)\n")))
      << recorded;

  fixture_.start_recorder(loud());  // now it only replays
  ::testing::internal::CaptureStderr();
  fixture_.call(kConverseTarget, converse_body("one"));
  const std::string replayed = ::testing::internal::GetCapturedStderr();
  EXPECT_TRUE(std::regex_match(
      replayed, std::regex("bedrock-record: replayed Converse amazon\\.nova-lite-v1:0 200 "
                           "[0-9]+ms \\(.*recorded\\.json#.*\\)\n")))
      << replayed;

  RecorderConfig quiet = fixture_.recorder_config(RecordMode::kOnce);
  quiet.log = false;
  fixture_.start_recorder(std::move(quiet));
  ::testing::internal::CaptureStderr();
  fixture_.call(kConverseTarget, converse_body("one"));
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
}

}  // namespace
}  // namespace bedrock::recorder::test
