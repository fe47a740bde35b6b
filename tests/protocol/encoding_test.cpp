#include "bedrock/protocol/encoding.hpp"

#include <gtest/gtest.h>

namespace bedrock::encoding {
namespace {

struct Base64Case {
  std::string plain;
  std::string encoded;
};

class Base64 : public ::testing::TestWithParam<Base64Case> {};

// RFC 4648 section 10 test vectors.
INSTANTIATE_TEST_SUITE_P(Rfc4648, Base64,
                         ::testing::Values(Base64Case{"", ""}, Base64Case{"f", "Zg=="},
                                           Base64Case{"fo", "Zm8="}, Base64Case{"foo", "Zm9v"},
                                           Base64Case{"foob", "Zm9vYg=="},
                                           Base64Case{"fooba", "Zm9vYmE="},
                                           Base64Case{"foobar", "Zm9vYmFy"}),
                         [](const auto& case_info) { return "len" + std::to_string(case_info.param.plain.size()); });

TEST_P(Base64, EncodesAndDecodesRfcVectors) {
  EXPECT_EQ(base64_encode(GetParam().plain), GetParam().encoded);
  EXPECT_EQ(base64_decode(GetParam().encoded), GetParam().plain);
}

TEST(Base64Decode, SkipsLineBreaksAsInYamlBinaryBlocks) {
  EXPECT_EQ(base64_decode("Zm9v\n  YmFy\n"), "foobar");
}

TEST(Base64Decode, RejectsForeignCharactersAndBadLength) {
  EXPECT_FALSE(base64_decode("Zm9v!"));
  EXPECT_FALSE(base64_decode("Zm9"));
  EXPECT_FALSE(base64_decode("Zg==Zg=="));
}

TEST(PercentEncode, EncodesEverythingOutsideUnreservedWithUpperCaseHex) {
  EXPECT_EQ(percent_encode("anthropic.claude-3-5:0"), "anthropic.claude-3-5%3A0");
  EXPECT_EQ(percent_encode("a/b c~"), "a%2Fb%20c~");
  EXPECT_EQ(percent_encode("a/b", true), "a/b");
  EXPECT_EQ(percent_encode("\xE1\x88\xB4"), "%E1%88%B4");
}

TEST(PercentDecode, DecodesEscapesAndRejectsMalformedOnes) {
  EXPECT_EQ(percent_decode("arn%3Aaws%2Fx"), "arn:aws/x");
  EXPECT_EQ(percent_decode("a%3a"), "a:");
  EXPECT_FALSE(percent_decode("bad%3"));
  EXPECT_FALSE(percent_decode("bad%zz"));
  EXPECT_FALSE(percent_decode("%"));
}

TEST(Sha256, MatchesKnownDigestOfEmptyString) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(HmacSha256, MatchesRfc4231Case2) {
  EXPECT_EQ(to_hex(hmac_sha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

}  // namespace
}  // namespace bedrock::encoding
