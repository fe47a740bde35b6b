#include "bedrock/mock/region_resolver.hpp"

#include <gtest/gtest.h>

namespace bedrock::mock {
namespace {

struct HostCase {
  std::string host;
  std::optional<std::string> region;
};

class RegionFromHost : public ::testing::TestWithParam<HostCase> {};

TEST_P(RegionFromHost, FindsTheRegionLabelAfterTheServiceLabel) {
  EXPECT_EQ(region_from_host(GetParam().host), GetParam().region);
}

INSTANTIATE_TEST_SUITE_P(
    Table, RegionFromHost,
    ::testing::Values(
        HostCase{"bedrock-runtime.us-east-1.amazonaws.com", "us-east-1"},
        HostCase{"bedrock-runtime-fips.us-gov-west-1.amazonaws.com", "us-gov-west-1"},
        HostCase{"bedrock.eu-central-1.amazonaws.com", "eu-central-1"},
        HostCase{"bedrock-runtime.ap-southeast-2.amazonaws.com:443", "ap-southeast-2"},
        HostCase{"vpce-0123456789abcdef0-abcd1234.bedrock-runtime.us-east-1.vpce.amazonaws.com",
                 "us-east-1"},
        HostCase{"bedrock-runtime.cn-north-1.amazonaws.com.cn", "cn-north-1"},
        HostCase{"127.0.0.1:8080", std::nullopt}, HostCase{"localhost", std::nullopt},
        HostCase{"bedrock-runtime.example.com", std::nullopt}, HostCase{"", std::nullopt}),
    [](const auto& case_info) { return "case" + std::to_string(case_info.index); });

TEST(ResolveRegion, PrefersTheCredentialScopeOverTheHost) {
  HttpRequest request;
  request.headers = {
      {"Host", "bedrock-runtime.us-east-1.amazonaws.com"},
      {"Authorization",
       "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250101/eu-west-1/bedrock/aws4_request, "
       "SignedHeaders=host;x-amz-date, "
       "Signature="
       "0000000000000000000000000000000000000000000000000000000000000000"}};
  const auto resolved = resolve_region(request, "us-east-1");
  EXPECT_EQ(resolved.region, "eu-west-1");
  EXPECT_EQ(resolved.source, RegionSource::kCredentialScope);
}

TEST(ResolveRegion, FallsBackToTheHostThenTheDefault) {
  HttpRequest request;
  request.headers = {{"host", "bedrock-runtime.us-west-2.amazonaws.com"}};
  EXPECT_EQ(resolve_region(request, "us-east-1").region, "us-west-2");
  EXPECT_EQ(resolve_region(request, "us-east-1").source, RegionSource::kHost);
  request.headers = {{"host", "127.0.0.1:9000"}};
  EXPECT_EQ(resolve_region(request, "ap-south-1").region, "ap-south-1");
  EXPECT_EQ(resolve_region(request, "ap-south-1").source, RegionSource::kDefault);
}

}  // namespace
}  // namespace bedrock::mock
