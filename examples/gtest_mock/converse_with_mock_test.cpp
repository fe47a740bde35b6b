// Testing code that calls Bedrock, with bedrock-mock inside the test binary: no network, no AWS
// account, no process to start. MockTest gives each test its own mock; SharedMockTest gives a
// suite one mock and each test its own session of it (its own rules, call counts and journal).
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "bedrock/client/bedrock_client.hpp"
#include "bedrock/client/environment.hpp"
#include "bedrock/mock/gtest.hpp"

namespace {

using bedrock::mock::testing::MockOptions;
using bedrock::mock::testing::MockTest;
using bedrock::mock::testing::SharedMockTest;

constexpr const char* kProfile = "us.anthropic.claude-3-5-sonnet-20241022-v2:0";
constexpr const char* kBaseId = "anthropic.claude-3-5-sonnet-20241022-v2:0";

// What the code under test got back: the answer's text, or the error's name.
struct Answer {
  std::string text;
  std::string error;
};

// The code under test: one question to a model through the C++ client, given only an endpoint.
Answer ask(const std::string& endpoint_url, const std::string& model_id) {
  // Hermetic: no AWS_* variables or ~/.aws of the machine take part, fixed dummy keys, and
  // retries without their backoff waits so that tests stay fast.
  static const bedrock::client::FakeEnvironment environment;
  bedrock::client::ClientOptions options;
  options.environment = &environment;
  options.config.region = "us-east-2";
  options.config.endpoint_url = endpoint_url;
  options.credentials = bedrock::client::AwsCredentials{
      "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "", std::nullopt, "example"};
  options.sleeper = [](std::chrono::milliseconds) {};
  auto client = bedrock::client::BedrockClient::create(options);
  if (!client) return {"", "config: " + client.error().to_string()};
  bedrock::client::ConverseRequest request;
  request.model_id = model_id;
  request.messages.push_back({bedrock::client::Role::kUser, {bedrock::client::TextBlock{"Hi"}}});
  auto answer = (*client)->converse(request);
  if (!answer) return {"", answer.error().code};
  return {answer->response.text(), ""};
}

class ConverseTest : public MockTest {};

TEST_F(ConverseTest, TheSeedErrorAndItsFix) {
  EXPECT_EQ(ask(mock().url(), kBaseId).error, "ValidationException");
  const Answer fixed = ask(mock().url(), kProfile);
  EXPECT_EQ(fixed.error, "");
  EXPECT_FALSE(fixed.text.empty());
  const auto calls = mock().requests("Converse");
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].status, 400);
  EXPECT_EQ(calls[1].status, 200);
}

// Rules written in the test, in the JSON the admin API takes.
TEST_F(ConverseTest, ARuleAnswersAccessDenied) {
  auto added = mock().add_rules(nlohmann::json::parse(R"([
    {"match": {"operation": "Converse"}, "respond": {"error": "AccessDeniedException"}}
  ])"));
  ASSERT_TRUE(added) << added.error();
  EXPECT_EQ(ask(mock().url(), kProfile).error, "AccessDeniedException");
}

// A scenario from the bundled fixtures: the client's standard retries get through two throttles.
class ThrottledTest : public MockTest {
 protected:
  MockOptions mock_options() override { return {.scenarios = {"throttled-then-ok"}}; }
};

TEST_F(ThrottledTest, RetriesGetThroughTwoThrottles) {
  EXPECT_EQ(ask(mock().url(), kProfile).error, "");
  const auto calls = mock().requests("Converse");
  ASSERT_EQ(calls.size(), 3u);
  EXPECT_EQ(calls[0].error_type, "ThrottlingException");
  EXPECT_EQ(calls[1].error_type, "ThrottlingException");
  EXPECT_EQ(calls[2].status, 200);
}

// One mock for the suite; every test's session counts calls from 1 and has its own journal, so
// the tests pass in any order (--gtest_shuffle) and would in parallel.
class SessionTest : public SharedMockTest {
 protected:
  bedrock::mock::SessionSettings session_settings() override {
    bedrock::mock::SessionSettings settings;
    auto rules = bedrock::mock::parse_rules(nlohmann::json::parse(R"([
      {"match": {"operation": "Converse", "firstCalls": 1},
       "respond": {"error": "ServiceUnavailableException"}}
    ])"),
                                            "first call unavailable");
    EXPECT_TRUE(rules) << rules.error().to_string();
    if (rules) settings.rule_sets.push_back(std::move(*rules));
    return settings;
  }

  void expect_one_retried_call() {
    EXPECT_EQ(ask(session().url(), kProfile).error, "");  // 503, retried, then 200
    const auto calls = session().requests();
    ASSERT_EQ(calls.size(), 2u);
    EXPECT_EQ(calls[0].status, 503);
    EXPECT_EQ(calls[1].status, 200);
  }
};

TEST_F(SessionTest, FirstTestSeesItsOwnFirstCall) { expect_one_retried_call(); }

TEST_F(SessionTest, SecondTestSeesItsOwnFirstCallToo) {
  expect_one_retried_call();
  EXPECT_TRUE(mock().requests().empty());  // nothing reached the mock outside sessions
}

}  // namespace
