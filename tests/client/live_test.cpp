// The same core cases against the real Bedrock endpoint. They run only with BEDROCK_LIVE=1 and
// AWS credentials in the usual places (they cost money); otherwise they are reported skipped.
// Region: AWS_REGION (default us-east-1); model: BEDROCK_LIVE_MODEL (default the seed model).
#include <gtest/gtest.h>

#include <cstdlib>

#include "bedrock/client/bedrock_client.hpp"

namespace bedrock::client {
namespace {

class Live : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* live = std::getenv("BEDROCK_LIVE");
    if (live == nullptr || std::string(live) != "1") {
      GTEST_SKIP() << "live Bedrock tests need BEDROCK_LIVE=1 and AWS credentials";
    }
    ClientOptions options;
    if (std::getenv("AWS_REGION") == nullptr) options.config.region = "us-east-1";
    auto client = BedrockClient::create(std::move(options));
    ASSERT_TRUE(client) << client.error().to_string();
    if ((*client)->credentials_source() == "none") {
      GTEST_SKIP() << "BEDROCK_LIVE=1 but no AWS credentials were found";
    }
    client_ = std::move(*client);
  }
  std::string model() const {
    const char* model = std::getenv("BEDROCK_LIVE_MODEL");
    return model ? model : "anthropic.claude-3-5-sonnet-20241022-v2:0";
  }
  ConverseRequest question() const {
    ConverseRequest request;
    request.model_id = model();
    request.messages.push_back({Role::kUser, {TextBlock{"Answer with one word: 2+2?"}}});
    request.inference_config = InferenceConfig{};
    request.inference_config->max_tokens = 16;
    return request;
  }
  std::unique_ptr<BedrockClient> client_;
};

TEST_F(Live, ListsInferenceProfiles) {
  auto profiles = client_->list_inference_profiles();
  ASSERT_TRUE(profiles) << profiles.error().to_string();
}

TEST_F(Live, BaseIdEitherAnswersOrNamesTheProfileToUse) {
  auto result = client_->converse(question());
  if (!result) {
    EXPECT_EQ(result.error().kind, ClientErrorKind::kService) << result.error().to_string();
    EXPECT_FALSE(result.error().request_id.empty());
    EXPECT_FALSE(result.error().diagnosis.fix.empty());
  }
}

TEST_F(Live, ConverseStreamsThroughTheProfile) {
  auto request = question();
  auto resolved = resolve_inference_profile(request.model_id, client_->config().region);
  ASSERT_TRUE(resolved);
  request.model_id = resolved->model_id;
  auto result = client_->converse_stream(request);
  ASSERT_TRUE(result) << result.error().to_string();
  EXPECT_TRUE(result->result.complete());
}

TEST_F(Live, CountTokens) {
  auto result = client_->count_tokens(question());
  ASSERT_TRUE(result) << result.error().to_string();
  EXPECT_GT(result->input_tokens, 0);
}

}  // namespace
}  // namespace bedrock::client
