#include "bedrock/recorder/upstream.hpp"

#include <gtest/gtest.h>

namespace bedrock::recorder {
namespace {

TEST(Upstream, DefaultsToTheRegionsRuntimeAndControlPlaneEndpoints) {
  auto endpoints = resolve_upstream("eu-west-3", std::nullopt, std::nullopt, false);
  ASSERT_TRUE(endpoints) << endpoints.error();
  EXPECT_EQ(endpoints->runtime_url, "https://bedrock-runtime.eu-west-3.amazonaws.com");
  EXPECT_EQ(endpoints->control_plane_url, "https://bedrock.eu-west-3.amazonaws.com");
  EXPECT_EQ(endpoints->url_for(operations::Plane::kControl), endpoints->control_plane_url);
}

TEST(Upstream, AVpcEndpointNameServesBothPlanesUnlessTheControlPlaneIsGiven) {
  const std::string vpce =
      "https://vpce-0123456789abcdef0-abcd1234.bedrock-runtime.us-east-1.vpce.amazonaws.com/";
  auto endpoints = resolve_upstream("us-east-1", vpce, std::nullopt, false);
  ASSERT_TRUE(endpoints) << endpoints.error();
  EXPECT_EQ(endpoints->runtime_url, vpce.substr(0, vpce.size() - 1));
  EXPECT_EQ(endpoints->control_plane_url, endpoints->runtime_url);
  EXPECT_EQ(authority_of(endpoints->runtime_url),
            "vpce-0123456789abcdef0-abcd1234.bedrock-runtime.us-east-1.vpce.amazonaws.com");
}

TEST(Upstream, PlainHttpNeedsInsecureUpstream) {
  auto refused = resolve_upstream("us-east-1", "http://127.0.0.1:8080", std::nullopt, false);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().find("--insecure-upstream"), std::string::npos);
  EXPECT_TRUE(resolve_upstream("us-east-1", "http://127.0.0.1:8080", std::nullopt, true));
}

TEST(Upstream, AUrlWithAPathIsRefused) {
  EXPECT_FALSE(resolve_upstream("us-east-1", "https://example.com/v1", std::nullopt, false));
  EXPECT_FALSE(resolve_upstream("us-east-1", "ftp://example.com", std::nullopt, false));
}

TEST(Upstream, ForwardedRequestKeepsTargetBodyAndSdkHeadersButNotTheCallersSignature) {
  HttpRequest caller;
  caller.method = "POST";
  caller.target = "/model/us.amazon.nova-lite-v1%3A0/converse";
  caller.body = R"({"messages": []})";
  caller.headers = {{"Host", "127.0.0.1:9000"},
                    {"Content-Type", "application/json"},
                    {"Content-Length", "16"},
                    {"X-Amz-Date", "20250101T000000Z"},
                    {"X-Amz-Security-Token", "caller-token"},
                    {"Authorization", "AWS4-HMAC-SHA256 Credential=..."},
                    {"amz-sdk-invocation-id", "id-1"},
                    {"Connection", "keep-alive"}};
  const HttpRequest out = forwarded_request(caller, "bedrock-runtime.us-east-1.amazonaws.com");
  EXPECT_EQ(out.target, caller.target);
  EXPECT_EQ(out.body, caller.body);
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"Content-Type", "application/json"},
      {"amz-sdk-invocation-id", "id-1"},
      {"Host", "bedrock-runtime.us-east-1.amazonaws.com"}};
  EXPECT_EQ(out.headers, expected);
  EXPECT_FALSE(has_bearer_token(out));
}

TEST(Upstream, BearerTokenIsPassedThrough) {
  HttpRequest caller;
  caller.method = "POST";
  caller.target = "/model/m/converse";
  caller.headers = {{"Authorization", "Bearer ABSK-token"}};
  const HttpRequest out = forwarded_request(caller, "h");
  EXPECT_TRUE(has_bearer_token(out));
  ASSERT_NE(out.find_header("Authorization"), nullptr);
  EXPECT_EQ(*out.find_header("Authorization"), "Bearer ABSK-token");
}

}  // namespace
}  // namespace bedrock::recorder
