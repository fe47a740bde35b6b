// The "failure" answer: an upstream that never answered (issue #5: connection failures are
// recorded too).
#include <gtest/gtest.h>

#include "bedrock/protocol/cassette.hpp"

namespace bedrock::cassette {
namespace {

constexpr const char* kFailureCassette = R"({
  "format": "bedrock-testbed-cassette/1",
  "interactions": [
    {
      "recorded_at": "2025-04-14T09:12:31.207Z",
      "request": {
        "method": "POST",
        "path": "/model/amazon.nova-lite-v1%3A0/converse",
        "operation": "Converse",
        "model_id": "amazon.nova-lite-v1:0",
        "region": "us-east-1",
        "headers": [],
        "body": {"json": {"messages": []}}
      },
      "failure": {"kind": "timeout", "message": "no data received for 60000 ms"}
    }
  ]
}
)";

TEST(CassetteFailure, ParsesAndSavesBackTheSameBytes) {
  auto parsed = parse(kFailureCassette, "failure.json");
  ASSERT_TRUE(parsed) << parsed.error().to_string();
  ASSERT_EQ(parsed->interactions.size(), 1u);
  const Failure* failure = parsed->interactions[0].failure();
  ASSERT_NE(failure, nullptr);
  EXPECT_EQ(failure->kind, FailureKind::kTimeout);
  EXPECT_EQ(failure->message, "no data received for 60000 ms");
  auto text = serialize(*parsed);
  ASSERT_TRUE(text);
  EXPECT_EQ(*text, kFailureCassette);
}

struct BadFailure {
  const char* answer;
  const char* expected;
};

class CassetteFailureInvalid : public ::testing::TestWithParam<BadFailure> {};

INSTANTIATE_TEST_SUITE_P(
    Cases, CassetteFailureInvalid,
    ::testing::Values(
        BadFailure{R"("failure": {"kind": "exploded"})", "unknown failure kind \"exploded\""},
        BadFailure{R"("failure": {"message": "x"})", "missing required member \"kind\""},
        BadFailure{
            R"("failure": {"kind": "dropped"}, "response": {"status": 200, "headers": [], "body": {"text": ""}})",
            "exactly one of response, stream, failure"}));

TEST_P(CassetteFailureInvalid, IsRefusedWithItsPath) {
  const std::string text = std::string(R"({"format": "bedrock-testbed-cassette/1", "interactions": [
    {"recorded_at": "2025-04-14T09:12:31.207Z", "request": {"method": "POST",
     "path": "/model/m/converse", "operation": "Converse", "model_id": "m", "region": "us-east-1",
     "headers": [], "body": {"text": ""}}, )") +
                           GetParam().answer + "}]}";
  auto parsed = parse(text, "bad.json");
  ASSERT_FALSE(parsed);
  EXPECT_NE(parsed.error().to_string().find(GetParam().expected), std::string::npos)
      << parsed.error().to_string();
}

}  // namespace
}  // namespace bedrock::cassette
