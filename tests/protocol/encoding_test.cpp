#include "bedrock/protocol/encoding.hpp"

#include <gtest/gtest.h>

#include <string>
#include <thread>

namespace bedrock::encoding {
namespace {

struct Base64Case {
  std::string plain;
  std::string encoded;
};

class Base64 : public ::testing::TestWithParam<Base64Case> {};

// RFC 4648 section 10 test vectors.
INSTANTIATE_TEST_SUITE_P(
    Rfc4648, Base64,
    ::testing::Values(Base64Case{"", ""}, Base64Case{"f", "Zg=="}, Base64Case{"fo", "Zm8="},
                      Base64Case{"foo", "Zm9v"}, Base64Case{"foob", "Zm9vYg=="},
                      Base64Case{"fooba", "Zm9vYmE="}, Base64Case{"foobar", "Zm9vYmFy"}),
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

TEST(Sha256Digest, MatchesTheStringFormsAndKnownDigests) {
  EXPECT_EQ(as_text(to_hex(sha256_digest(""))),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(as_text(to_hex(sha256_digest("abc"))),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  const std::string long_input(100000, 'a');  // many blocks, same context reused after
  EXPECT_EQ(std::string(as_bytes(sha256_digest(long_input))), sha256(long_input));
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(HmacSha256Digest, MatchesRfc4231AndAcceptsAnEmptyKey) {
  EXPECT_EQ(as_text(to_hex(hmac_sha256_digest("Jefe", "what do ya want for nothing?"))),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(as_text(to_hex(hmac_sha256_digest("", ""))),
            "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
  // RFC 4231 case 6: a key longer than the block size is hashed first.
  EXPECT_EQ(
      as_text(to_hex(hmac_sha256_digest(std::string(131, '\xaa'),
                                        "Test Using Larger Than Block-Size Key - Hash Key First"))),
      "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST(HmacSha256Digest, GivesTheSameDigestsOnEveryThread) {
  const std::string expected = hmac_sha256("key", "data");
  std::string on_other_thread;
  std::thread([&] {
    on_other_thread = std::string(as_bytes(hmac_sha256_digest("key", "data")));
  }).join();
  EXPECT_EQ(on_other_thread, expected);
}

TEST(AppendHex, AppendsAfterWhatIsThere) {
  std::string out = "x=";
  append_hex(out, std::string("\x00\x7f\xff", 3));
  EXPECT_EQ(out, "x=007fff");
  EXPECT_EQ(to_hex(std::string("\x01\xab", 2)), "01ab");
}

TEST(ConstantTimeEquals, ComparesLengthsAndEveryByte) {
  const std::string signature(64, 'a');
  EXPECT_TRUE(constant_time_equals(signature, std::string(64, 'a')));
  EXPECT_TRUE(constant_time_equals("", ""));
  std::string first = signature;
  first.front() = 'b';
  std::string last = signature;
  last.back() = 'b';
  EXPECT_FALSE(constant_time_equals(signature, first));
  EXPECT_FALSE(constant_time_equals(signature, last));
  EXPECT_FALSE(constant_time_equals(signature, signature.substr(0, 63)));
  EXPECT_FALSE(constant_time_equals(signature.substr(0, 63), signature));
  EXPECT_FALSE(constant_time_equals("", "a"));
  // Bytes with the high bit set compare as bytes, not as signed chars.
  EXPECT_FALSE(constant_time_equals("\x80", "\x00"));
  EXPECT_TRUE(constant_time_equals("\xff\x80", "\xff\x80"));
}

}  // namespace
}  // namespace bedrock::encoding

namespace bedrock::encoding {
namespace {

TEST(HmacSha256Key, MacsLikeTheOneShotHmacForShortAndLongKeys) {
  for (const std::string& key : {std::string(), std::string("Jefe"), std::string(32, 'k'),
                                 std::string(64, 'b'), std::string(131, '\xaa')}) {
    const HmacSha256Key prepared(key);
    for (const std::string& data :
         {std::string(), std::string("what do ya want for nothing?"), std::string(1000, 'd')}) {
      EXPECT_EQ(prepared.mac(data), hmac_sha256_digest(key, data)) << key.size();
    }
  }
}

TEST(HmacSha256Key, SurvivesAMove) {
  HmacSha256Key first("key");
  HmacSha256Key second = std::move(first);
  EXPECT_EQ(second.mac("data"), hmac_sha256_digest("key", "data"));
}

}  // namespace
}  // namespace bedrock::encoding
