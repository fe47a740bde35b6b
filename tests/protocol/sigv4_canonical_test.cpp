#include "bedrock/protocol/sigv4_canonical.hpp"

#include <gtest/gtest.h>

namespace bedrock::sigv4 {
namespace {

// Reference §3 rule 3: boto3 sends %3A, the Anthropic SDK a raw ':'; each canonical URI is
// the raw target encoded once more.
TEST(CanonicalUri, RawColonIsEncodedOnceAndEscapedColonTwice) {
  EXPECT_EQ(canonical_uri("/model/us.anthropic.claude-haiku-4-5-20251001-v1:0/invoke", true),
            "/model/us.anthropic.claude-haiku-4-5-20251001-v1%3A0/invoke");
  EXPECT_EQ(canonical_uri("/model/us.anthropic.claude-haiku-4-5-20251001-v1%3A0/invoke", true),
            "/model/us.anthropic.claude-haiku-4-5-20251001-v1%253A0/invoke");
}

TEST(CanonicalUri, EscapedSlashInAnArnStaysInsideItsSegment) {
  EXPECT_EQ(canonical_uri("/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3A"
                          "application-inference-profile%2Fabc123xyz/converse",
                          true),
            "/model/arn%253Aaws%253Abedrock%253Aus-east-1%253A123456789012%253A"
            "application-inference-profile%252Fabc123xyz/converse");
}

TEST(CanonicalUri, EncodesSpacesUtf8AndReservedCharacters) {
  EXPECT_EQ(canonical_uri("/example space/", true), "/example%20space/");
  EXPECT_EQ(canonical_uri("/example space/", false), "/example%20space/");
  EXPECT_EQ(canonical_uri("/\xE1\x88\xB4", true), "/%E1%88%B4");
  EXPECT_EQ(canonical_uri("/test/@connections/JBDvjfGEIAMCERw%3D", true),
            "/test/%40connections/JBDvjfGEIAMCERw%253D");
  EXPECT_EQ(canonical_uri("/-._~AZaz09", true), "/-._~AZaz09");
}

TEST(CanonicalUri, IgnoresTheQueryAndTreatsAnEmptyPathAsRoot) {
  EXPECT_EQ(canonical_uri("/a/b?x=1&y=/..", true), "/a/b");
  EXPECT_EQ(canonical_uri("", true), "/");
  EXPECT_EQ(canonical_uri("?a=b", false), "/");
}

struct DotSegmentCase {
  const char* raw;
  const char* normalized;
};

class CanonicalUriNormalization : public ::testing::TestWithParam<DotSegmentCase> {};

TEST_P(CanonicalUriNormalization, RemovesDotAndEmptySegmentsOnlyWhenAsked) {
  EXPECT_EQ(canonical_uri(GetParam().raw, true), GetParam().normalized);
  EXPECT_EQ(canonical_uri(GetParam().raw, false), GetParam().raw);
}

// The aws-c-auth get-relative*/get-slash*/get-slashes* cases (vectors README §1).
INSTANTIATE_TEST_SUITE_P(
    AwsCAuthPaths, CanonicalUriNormalization,
    ::testing::Values(DotSegmentCase{"/example/..", "/"},
                      DotSegmentCase{"/example1/example2/../..", "/"}, DotSegmentCase{"/./", "/"},
                      DotSegmentCase{"//", "/"}, DotSegmentCase{"/./example", "/example"},
                      DotSegmentCase{"//example//", "/example/"},
                      DotSegmentCase{"/a/b/../c/", "/a/c/"}, DotSegmentCase{"/../../a", "/a"}),
    [](const auto& param_info) { return "case" + std::to_string(param_info.index); });

// Paths normalisation leaves as they are take a fast path; these sit on its boundary.
INSTANTIATE_TEST_SUITE_P(
    AlreadyNormalOrAlmost, CanonicalUriNormalization,
    ::testing::Values(DotSegmentCase{"/", "/"}, DotSegmentCase{"/a/b", "/a/b"},
                      DotSegmentCase{"/a/b/", "/a/b/"}, DotSegmentCase{"/a/.b/..c", "/a/.b/..c"},
                      DotSegmentCase{"/a/.", "/a"}, DotSegmentCase{"/a/..", "/"},
                      DotSegmentCase{"/a//b", "/a/b"}, DotSegmentCase{"/a/b//", "/a/b/"}),
    [](const auto& param_info) { return "case" + std::to_string(param_info.index); });

TEST(CanonicalUri, NormalisingAPathWithoutLeadingSlashGivesItOne) {
  EXPECT_EQ(canonical_uri("a/b", true), "/a/b");
  EXPECT_EQ(canonical_uri("a/b", false), "a/b");
}

TEST(AppendCanonical, AppendsTheSameBytesAfterWhatIsThere) {
  const HttpRequest request{"GET",
                            "/a b/./c?z=1&a=2",
                            {{"X-Multi", "  one  "}, {"x-multi", "two \t three"}, {"Host", "h"}},
                            ""};
  std::string out = "prefix|";
  append_canonical_uri(out, request.target, true);
  out.push_back('|');
  append_canonical_query_string(out, request.target);
  out.push_back('|');
  EXPECT_TRUE(append_canonical_header(out, request, "x-multi"));
  EXPECT_FALSE(append_canonical_header(out, request, "absent"));
  out.push_back('|');
  append_canonical_header_value(out, " \t\r\n ");
  EXPECT_EQ(out, "prefix|" + canonical_uri(request.target, true) + "|" +
                     canonical_query_string(request.target) + "|" +
                     *canonical_header(request, "x-multi") + "|");
  EXPECT_EQ(*canonical_header(request, "x-multi"), "one,two three");
}

TEST(CanonicalQueryString, IsEmptyWithoutAQuery) {
  EXPECT_EQ(canonical_query_string("/"), "");
  EXPECT_EQ(canonical_query_string("/?"), "");
}

TEST(CanonicalQueryString, SortsByEncodedKeyThenValue) {
  EXPECT_EQ(canonical_query_string("/?Param2=value2&Param1=value1"), "Param1=value1&Param2=value2");
  EXPECT_EQ(canonical_query_string("/?Param-3=Value3&Param=Value2&%E1%88%B4=Value1"),
            "%E1%88%B4=Value1&Param=Value2&Param-3=Value3");
  EXPECT_EQ(canonical_query_string("/?a=2&a=1&B=0"), "B=0&a=1&a=2");
}

TEST(CanonicalQueryString, DecodesThenReEncodesWithTheUnreservedSet) {
  EXPECT_EQ(canonical_query_string("/?\xE1\x88\xB4=bar"), "%E1%88%B4=bar");
  EXPECT_EQ(canonical_query_string("/?k=a%3ab+c"), "k=a%3Ab%2Bc");
  EXPECT_EQ(canonical_query_string("/?k=100%"), "k=100%25");  // malformed escape kept literally
}

TEST(CanonicalQueryString, GivesAKeyWithoutValueAnEmptyValue) {
  EXPECT_EQ(canonical_query_string("/?flag&a=1&&"), "a=1&flag=");
}

TEST(CanonicalHeaderValue, TrimsAndCollapsesWhitespaceRunsIncludingFoldedLines) {
  EXPECT_EQ(canonical_header_value("  value1  "), "value1");
  EXPECT_EQ(canonical_header_value("\"a   b   c\""), "\"a b c\"");
  EXPECT_EQ(canonical_header_value("value1\n  value2\n     value3"), "value1 value2 value3");
  EXPECT_EQ(canonical_header_value("a\t\tb"), "a b");
  EXPECT_EQ(canonical_header_value(""), "");
}

TEST(CanonicalHeader, JoinsDuplicatesInWireOrderWithComma) {
  const HttpRequest request{"GET",
                            "/",
                            {{"My-Header1", "value4"},
                             {"Host", "h"},
                             {"my-header1", " value1 "},
                             {"MY-HEADER1", "value3"}},
                            ""};
  EXPECT_EQ(canonical_header(request, "my-header1"), "value4,value1,value3");
  EXPECT_EQ(canonical_header(request, "absent"), std::nullopt);
}

TEST(HeadersToSign, LowerCasesSortsDeduplicatesAndSkipsBotocoreExclusions) {
  const HttpRequest request{"POST",
                            "/",
                            {{"Host", "h"},
                             {"User-Agent", "ua"},
                             {"X-Amz-Date", "d"},
                             {"Content-Type", "application/json"},
                             {"content-type", "again"},
                             {"Connection", "keep-alive"},
                             {"X-Amzn-Trace-Id", "t"},
                             {"Expect", "100-continue"},
                             {"Transfer-Encoding", "chunked"},
                             {"amz-sdk-invocation-id", "i"},
                             {"Authorization", "old"}},
                            ""};
  EXPECT_EQ(
      headers_to_sign(request),
      (std::vector<std::string>{"amz-sdk-invocation-id", "content-type", "host", "x-amz-date"}));
}

TEST(HeadersToSign, PutsTheHttp2AuthorityPseudoHeaderFirst) {
  const HttpRequest request{"POST", "/", {{"content-type", "c"}, {":authority", "h:443"}}, ""};
  EXPECT_EQ(headers_to_sign(request), (std::vector<std::string>{":authority", "content-type"}));
}

TEST(PayloadHash, UsesTheDeclaredContentHashElseHashesTheBody) {
  HttpRequest request{"POST", "/", {}, ""};
  EXPECT_EQ(payload_hash(request),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  request.headers.emplace_back("X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD");
  EXPECT_EQ(payload_hash(request), "UNSIGNED-PAYLOAD");
}

TEST(CanonicalRequest, JoinsThePartsWithNewlines) {
  const CanonicalRequestParts parts{
      "GET", "/", "a=1", {{"host", "h"}, {"x-amz-date", "d"}}, "hash"};
  EXPECT_EQ(canonical_request(parts), "GET\n/\na=1\nhost:h\nx-amz-date:d\n\nhost;x-amz-date\nhash");
}

TEST(CanonicalRequestParts, TakesSignedHeadersInTheGivenOrderAndEmptyForAbsentOnes) {
  const HttpRequest request{"GET", "/p?b=2&a=1", {{"Host", "h"}}, ""};
  const auto parts = canonical_request_parts(request, {"host", "x-absent"}, true);
  EXPECT_EQ(parts.uri, "/p");
  EXPECT_EQ(parts.query, "a=1&b=2");
  ASSERT_EQ(parts.headers.size(), 2u);
  EXPECT_EQ(parts.headers[1].name, "x-absent");
  EXPECT_EQ(parts.headers[1].value, "");
}

}  // namespace
}  // namespace bedrock::sigv4
