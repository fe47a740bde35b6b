// The one line per interaction bedrock-record prints (unless --quiet): ACTION OPERATION MODEL
// STATUS MSms (DETAIL), whatever happened.
#include "progress_line.hpp"

#include <gtest/gtest.h>

#include <regex>

#include "recorder/recorder_fixture.hpp"

namespace bedrock::recorder::test {
namespace {

TEST(ProgressLine, HasTheSameFieldsInTheSameOrderForEveryOutcome) {
  EXPECT_EQ(format_progress_line(
                {"recorded", "Converse", "us.amazon.nova-lite-v1:0", 200, 812.4, "3 in seed.json"}),
            "bedrock-record: recorded Converse us.amazon.nova-lite-v1:0 200 812ms (3 in "
            "seed.json)\n");
  EXPECT_EQ(format_progress_line({"forwarded", "", "", 404, 31, "GET /ping: no Bedrock operation"}),
            "bedrock-record: forwarded - - 404 31ms (GET /ping: no Bedrock operation)\n");
  EXPECT_EQ(format_progress_line({"recorded", "ConverseStream", "m", 0, 5000, "dropped: reset"}),
            "bedrock-record: recorded ConverseStream m - 5000ms (dropped: reset)\n");
  EXPECT_EQ(format_progress_line({"replayed", "CountTokens", "m", 200, 0.2, ""}),
            "bedrock-record: replayed CountTokens m 200 0ms\n");
}

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
