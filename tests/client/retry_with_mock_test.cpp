// RetryLoop + HttpTransport against the real mock, in-process: the mock's journal counts the
// attempts that reached it. Each attempt re-signs the request.
#include <gtest/gtest.h>

#include <chrono>

#include "bedrock/client/http_transport.hpp"
#include "bedrock/client/retry.hpp"
#include "bedrock/mock/scenarios.hpp"
#include "bedrock/mock/server.hpp"
#include "bedrock/protocol/event_stream_decoder.hpp"
#include "bedrock/protocol/sigv4_signer.hpp"
#include "support/shared_data.hpp"

namespace bedrock::client {
namespace {

constexpr const char* kProfileTarget =
    "/model/us.anthropic.claude-3-5-sonnet-20241022-v2%3A0/converse";
constexpr const char* kBaseTarget = "/model/anthropic.claude-3-5-sonnet-20241022-v2%3A0/converse";
constexpr const char* kStreamTarget = "/model/us.amazon.nova-micro-v1%3A0/converse-stream";
constexpr const char* kHello =
    R"({"messages":[{"role":"user","content":[{"text":"What is 2+2?"}]}]})";

std::string fixtures() { return (bedrock::test::source_dir() / "fixtures").string(); }

class RetryWithMockTest : public ::testing::Test {
 protected:
  void start(const std::optional<std::string>& scenario = std::nullopt) {
    mock::ServerConfig config;
    config.catalog_path = fixtures() + "/catalog";
    if (scenario) {
      auto set = mock::load_scenario(fixtures() + "/scenarios", *scenario);
      ASSERT_TRUE(set) << set.error().to_string();
      config.rule_sets.push_back(*set);
    }
    auto server = mock::Server::create(std::move(config));
    ASSERT_TRUE(server) << server.error().message;
    server_ = std::move(*server);
    auto port = server_->start();
    ASSERT_TRUE(port) << port.error().message;
  }

  // Builds, stamps and signs attempt `context` of a call; a new signature every time.
  HttpRequest signed_request(const std::string& target, const AttemptContext& context) {
    HttpRequest request;
    request.method = "POST";
    request.target = target;
    request.headers = {{"host", "127.0.0.1:" + std::to_string(server_->port())},
                       {"content-type", "application/json"}};
    request.body = kHello;
    context.apply_headers(request);
    sigv4::sign(request, {"AKIDEXAMPLE", "secret", ""},
                {"us-east-2", "bedrock", std::chrono::system_clock::now()});
    return request;
  }

  RetryLoop loop() {
    return RetryLoop(RetryPolicy{}, quota_, [] { return 0.25; },
                     [this](std::chrono::milliseconds delay) { slept_.push_back(delay); });
  }

  std::unique_ptr<mock::Server> server_;
  std::shared_ptr<RetryQuota> quota_ = std::make_shared<RetryQuota>();
  std::vector<std::chrono::milliseconds> slept_;
  HttpTransport transport_;
};

TEST_F(RetryWithMockTest, ThrottledThenOkTakesThreeAttempts) {
  start("throttled-then-ok");
  std::optional<HttpResponse> last;
  std::vector<std::string> sdk_request_headers;
  std::vector<std::string> signatures;
  auto loop_ = loop();
  const auto report = loop_.run([&](const AttemptContext& context) {
    const HttpRequest request = signed_request(kProfileTarget, context);
    sdk_request_headers.push_back(*request.find_header("amz-sdk-request"));
    signatures.push_back(*request.find_header("Authorization"));
    auto response = transport_.send(request, server_->url());
    if (!response) return AttemptOutcome::from_transport_error(response.error(), false);
    last = *response;
    return AttemptOutcome::from_response(*response);
  });
  EXPECT_EQ(report.attempts, 3);
  EXPECT_EQ(report.stop_reason, RetryStopReason::kSucceeded);
  ASSERT_TRUE(last);
  EXPECT_EQ(last->status, 200);
  EXPECT_EQ(slept_.size(), 2u);
  EXPECT_EQ(sdk_request_headers,
            (std::vector<std::string>{"attempt=1", "attempt=2; max=3", "attempt=3; max=3"}));
  EXPECT_NE(signatures[0], signatures[1]);  // amz-sdk-request is signed: each attempt re-signed

  const auto journal = server_->journal().entries();
  ASSERT_EQ(journal.size(), 3u);
  EXPECT_EQ(journal[0].error_type, "ThrottlingException");
  EXPECT_EQ(journal[1].error_type, "ThrottlingException");
  EXPECT_EQ(journal[2].status, 200);
  EXPECT_EQ(journal[2].region, "us-east-2");
  EXPECT_EQ(quota_->available(), 495);
}

TEST_F(RetryWithMockTest, ValidationExceptionIsNotRetried) {
  start();
  std::optional<HttpResponse> last;
  auto loop_ = loop();
  const auto report = loop_.run([&](const AttemptContext& context) {
    auto response = transport_.send(signed_request(kBaseTarget, context), server_->url());
    if (!response) return AttemptOutcome::from_transport_error(response.error(), false);
    last = *response;
    return AttemptOutcome::from_response(*response);
  });
  EXPECT_EQ(report.attempts, 1);
  EXPECT_EQ(report.stop_reason, RetryStopReason::kNotRetryable);
  ASSERT_TRUE(last);
  EXPECT_EQ(last->status, 400);
  EXPECT_EQ(*last->header("x-amzn-errortype"),
            "ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/");
  EXPECT_EQ(server_->journal().entries().size(), 1u);
  EXPECT_TRUE(slept_.empty());
}

// The stream is decoded as bytes arrive; an exception frame inside it is not retried.
TEST_F(RetryWithMockTest, MidStreamExceptionIsDecodedIncrementallyAndNotRetried) {
  start("mid-stream-model-error");
  std::vector<std::string> events;
  auto loop_ = loop();
  const auto report = loop_.run([&](const AttemptContext& context) {
    event_stream::EventStreamDecoder decoder;
    std::optional<std::string> exception;
    BodySink sink = [&](std::string_view bytes) {
      auto messages = decoder.feed(bytes);
      if (!messages) return false;
      for (const auto& message : *messages) {
        if (message.string_header(":message-type") == "exception") {
          exception = message.string_header(":exception-type").value_or("");
        } else {
          events.push_back(message.string_header(":event-type").value_or("?"));
        }
      }
      return true;
    };
    auto response =
        transport_.send(signed_request(kStreamTarget, context), server_->url(), &sink);
    if (!response) return AttemptOutcome::from_transport_error(response.error(), true);
    if (response->status != 200) return AttemptOutcome::from_response(*response);
    if (exception) return AttemptOutcome::http_error(200, *exception, /*stream_started=*/true);
    return AttemptOutcome::success();
  });
  EXPECT_EQ(report.attempts, 1);
  EXPECT_EQ(report.last_decision.reason, RetryReason::kStreamStarted);
  EXPECT_EQ(events.size(), 3u);
  EXPECT_EQ(events.front(), "messageStart");
  EXPECT_EQ(server_->journal().entries().size(), 1u);
}

}  // namespace
}  // namespace bedrock::client
