#include "bedrock/protocol/sigv4_signing_key_cache.hpp"

#include <gtest/gtest.h>

#include <string>
#include <thread>

#include "bedrock/protocol/sigv4_signer.hpp"
#include "bedrock/protocol/sigv4_verifier.hpp"
#include "sigv4_bedrock_examples.hpp"

namespace bedrock::sigv4 {
namespace {

namespace ex = examples;

const CredentialScope kScope{"20150830", "us-east-1", "bedrock"};
constexpr std::string_view kStringToSign =
    "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/bedrock/aws4_request\n"
    "816cd5b414d056048ba4f7c5386d6e0533120fb1fcfa93762cf0fc39e2cf19e0";

std::string uncached(std::string_view secret, const CredentialScope& scope,
                     std::string_view string_to_sign) {
  return signature(signing_key(secret, scope), string_to_sign);
}

std::string cached(SigningKeyCache& cache, std::string_view secret, const CredentialScope& scope,
                   std::string_view string_to_sign = kStringToSign) {
  return std::string(encoding::as_text(cache.signature(secret, scope, string_to_sign)));
}

TEST(SigningKeyCache, SignsLikeTheUncachedChainOnAMissAndOnAHit) {
  SigningKeyCache cache;
  const std::string expected = uncached(ex::kSecret, kScope, kStringToSign);
  EXPECT_EQ(cached(cache, ex::kSecret, kScope), expected);  // miss: derives
  EXPECT_EQ(cached(cache, ex::kSecret, kScope), expected);  // hit: the cached key
  EXPECT_EQ(cache.misses(), 1u);
  EXPECT_EQ(cache.hits(), 1u);
  EXPECT_EQ(cache.size(), 1u);
  // Another string to sign under the same key is a hit with its own signature.
  EXPECT_EQ(cached(cache, ex::kSecret, kScope, "other"), uncached(ex::kSecret, kScope, "other"));
  EXPECT_EQ(cache.hits(), 2u);
}

TEST(SigningKeyCache, DifferentSecretsNeverShareAnEntry) {
  SigningKeyCache cache;
  const std::string first = cached(cache, ex::kSecret, kScope);
  const std::string second = cached(cache, std::string(ex::kSecret) + "x", kScope);
  // Secrets that differ only in case or share a prefix are different identities too.
  const std::string third = cached(cache, "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEy", kScope);
  EXPECT_EQ(cache.misses(), 3u);
  EXPECT_EQ(cache.size(), 3u);
  EXPECT_NE(first, second);
  EXPECT_NE(first, third);
  EXPECT_EQ(second, uncached(std::string(ex::kSecret) + "x", kScope, kStringToSign));
  EXPECT_EQ(cached(cache, ex::kSecret, kScope), first);
  EXPECT_EQ(cache.hits(), 1u);
}

TEST(SigningKeyCache, EveryPartOfTheScopeIsPartOfTheEntry) {
  SigningKeyCache cache;
  const CredentialScope scopes[] = {kScope,
                                    {"20150831", "us-east-1", "bedrock"},
                                    {"20150830", "eu-west-3", "bedrock"},
                                    {"20150830", "us-east-1", "s3"}};
  for (const auto& scope : scopes) {
    EXPECT_EQ(cached(cache, ex::kSecret, scope), uncached(ex::kSecret, scope, kStringToSign));
  }
  EXPECT_EQ(cache.misses(), 4u);
  EXPECT_EQ(cache.size(), 4u);
}

TEST(SigningKeyCache, IsBoundedAndEvictsTheLeastRecentlyUsedEntry) {
  SigningKeyCache cache(2);
  cached(cache, "secret-a", kScope);
  cached(cache, "secret-b", kScope);
  cached(cache, "secret-a", kScope);  // a is now more recent than b
  EXPECT_EQ(cache.hits(), 1u);
  EXPECT_EQ(cached(cache, "secret-c", kScope), uncached("secret-c", kScope, kStringToSign));
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_EQ(cache.misses(), 3u);
  cached(cache, "secret-a", kScope);  // kept
  EXPECT_EQ(cache.hits(), 2u);
  EXPECT_EQ(cached(cache, "secret-b", kScope), uncached("secret-b", kScope, kStringToSign));
  EXPECT_EQ(cache.misses(), 4u);  // b was evicted
  EXPECT_EQ(cache.size(), 2u);
}

TEST(SigningKeyCache, StaysWithinItsCapacityUnderManyIdentities) {
  SigningKeyCache cache(8);
  for (int i = 0; i < 100; ++i) {
    const std::string secret = "secret-" + std::to_string(i);
    ASSERT_EQ(cached(cache, secret, kScope), uncached(secret, kScope, kStringToSign));
    EXPECT_LE(cache.size(), 8u);
  }
  EXPECT_EQ(cache.size(), 8u);
  EXPECT_EQ(cache.misses(), 100u);
}

TEST(SigningKeyCache, CapacityZeroCachesNothingAndStillSigns) {
  SigningKeyCache cache(0);
  EXPECT_EQ(cached(cache, ex::kSecret, kScope), uncached(ex::kSecret, kScope, kStringToSign));
  EXPECT_EQ(cached(cache, ex::kSecret, kScope), uncached(ex::kSecret, kScope, kStringToSign));
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_EQ(cache.hits(), 0u);
}

TEST(SigningKeyCache, ClearEmptiesItAndTheNextUseDerivesAgain) {
  SigningKeyCache cache;
  const std::string before = cached(cache, ex::kSecret, kScope);
  cache.clear();
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_EQ(cached(cache, ex::kSecret, kScope), before);
  EXPECT_EQ(cache.misses(), 2u);
}

TEST(SigningKeyCache, EachThreadHasItsOwn) {
  SigningKeyCache* main_cache = &SigningKeyCache::for_this_thread();
  SigningKeyCache* other_cache = nullptr;
  std::thread([&] { other_cache = &SigningKeyCache::for_this_thread(); }).join();
  EXPECT_NE(main_cache, other_cache);
  EXPECT_EQ(main_cache, &SigningKeyCache::for_this_thread());
}

TEST(SignWithCache, GivesTheSameResultWithAnyCacheAndWithoutOne) {
  HttpRequest plain = ex::unsigned_converse(ex::kClaudeTarget);
  const SigningResult reference = sign(plain, ex::credentials(true), ex::signing_params());
  SigningKeyCache cache(4);
  SigningKeyCache none(0);
  for (int round = 0; round < 2; ++round) {  // a miss, then a hit
    HttpRequest with_cache = ex::unsigned_converse(ex::kClaudeTarget);
    HttpRequest without = ex::unsigned_converse(ex::kClaudeTarget);
    const SigningResult a = sign(with_cache, ex::credentials(true), ex::signing_params(), cache);
    const SigningResult b = sign(without, ex::credentials(true), ex::signing_params(), none);
    EXPECT_EQ(a.signature, reference.signature);
    EXPECT_EQ(b.signature, reference.signature);
    EXPECT_EQ(a.authorization, reference.authorization);
    EXPECT_EQ(with_cache.headers, plain.headers);
    EXPECT_EQ(without.headers, plain.headers);
  }
  EXPECT_EQ(cache.hits(), 1u);
}

TEST(VerifyWithCache, AcceptsAndRefusesLikeWithoutOne) {
  HttpRequest request = ex::unsigned_converse(ex::kClaudeTarget);
  sign(request, ex::credentials(), ex::signing_params());
  const CredentialLookup lookup = [](std::string_view key) -> std::optional<KnownCredential> {
    if (key != ex::kAccessKeyId) return std::nullopt;
    return KnownCredential{ex::kSecret, std::nullopt};
  };
  const CredentialLookup wrong_secret = [](std::string_view) -> std::optional<KnownCredential> {
    return KnownCredential{"not-the-secret", std::nullopt};
  };
  VerificationParams params;
  params.now = ex::example_time();
  SigningKeyCache cache(1);
  for (int round = 0; round < 2; ++round) {
    EXPECT_TRUE(verify(request, lookup, params, cache));
    // The wrong secret under the same scope must not be answered from the good secret's entry.
    const auto refused = verify(request, wrong_secret, params, cache);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().kind, VerificationFailureKind::kSignatureMismatch);
  }
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_EQ(cache.hits(), 0u);  // capacity 1, alternating secrets: every use is a miss
  EXPECT_EQ(cache.misses(), 4u);
}

}  // namespace
}  // namespace bedrock::sigv4
