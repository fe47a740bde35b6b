#include "bedrock/protocol/http_request.hpp"

#include <gtest/gtest.h>

namespace bedrock {
namespace {

HttpRequest request_with_mixed_case_headers() {
  return HttpRequest{
      "POST",
      "/model/x/converse",
      {{"Content-Type", "application/json"}, {"x-amzn-requestid", "a"}, {"X-Amzn-RequestId", "b"}},
      "{}"};
}

TEST(HttpRequestHeaders, LookupIgnoresCaseAndReturnsTheFirstInWireOrder) {
  const HttpRequest request = request_with_mixed_case_headers();
  ASSERT_NE(request.find_header("content-type"), nullptr);
  EXPECT_EQ(*request.find_header("CONTENT-TYPE"), "application/json");
  EXPECT_EQ(*request.find_header("X-AMZN-REQUESTID"), "a");
  EXPECT_EQ(request.find_header("host"), nullptr);
}

TEST(HttpRequestHeaders, SetReplacesEveryDuplicateWithOneHeader) {
  HttpRequest request = request_with_mixed_case_headers();
  request.set_header("x-amzn-RequestId", "c");
  ASSERT_EQ(request.headers.size(), 2u);
  EXPECT_EQ(request.headers.back().first, "x-amzn-RequestId");
  EXPECT_EQ(request.headers.back().second, "c");
}

TEST(HttpRequestHeaders, RemoveCountsEveryCaseVariant) {
  HttpRequest request = request_with_mixed_case_headers();
  EXPECT_EQ(request.remove_header("X-AMZN-REQUESTID"), 2u);
  EXPECT_EQ(request.remove_header("X-AMZN-REQUESTID"), 0u);
  EXPECT_EQ(request.headers.size(), 1u);
}

TEST(HeaderNameEquals, ComparesAsciiCaseInsensitivelyOnly) {
  EXPECT_TRUE(header_name_equals(":authority", ":Authority"));
  EXPECT_FALSE(header_name_equals("host", "hosts"));
  EXPECT_FALSE(header_name_equals("\xC3\xA9", "\xC3\x89"));  // no Unicode folding
}

}  // namespace
}  // namespace bedrock
