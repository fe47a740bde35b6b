#pragma once
// Derived SigV4 signing keys, cached. A signing key (the four-HMAC chain of signing_key()) is
// fixed for one secret, day, region and service, so a signer or a verifier that sees the same
// identity all day derives it once instead of on every request (issue #18: the chain was four of
// the five HMACs of a signature).
//
// Secrets stay out of the cache: an entry is found by the SHA-256 of the secret, and a key never
// leaves it except as the signature made with it. Entries are wiped (OPENSSL_cleanse) when
// evicted, cleared or destroyed. Bounded: when full, the least recently used entry goes.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "bedrock/protocol/encoding.hpp"
#include "bedrock/protocol/sigv4_signature.hpp"

namespace bedrock::sigv4 {

class SigningKeyCache {
 public:
  static constexpr std::size_t kDefaultCapacity = 32;

  explicit SigningKeyCache(std::size_t capacity = kDefaultCapacity);  // capacity 0 caches nothing
  ~SigningKeyCache();
  SigningKeyCache(const SigningKeyCache&) = delete;
  SigningKeyCache& operator=(const SigningKeyCache&) = delete;

  // signature(signing_key(secret, scope), string_to_sign), lower-case hex; the key is derived
  // only when no entry holds it.
  encoding::Sha256Hex signature(std::string_view secret_access_key, const CredentialScope& scope,
                                std::string_view string_to_sign);

  std::size_t size() const { return entries_.size(); }
  std::size_t capacity() const { return capacity_; }
  uint64_t hits() const { return hits_; }
  uint64_t misses() const { return misses_; }
  void clear();  // wipes every entry

  // The cache sign() and verify() use when none is given: one per thread, so they take no lock.
  // A process signing or verifying on N threads holds at most N x kDefaultCapacity keys.
  static SigningKeyCache& for_this_thread();

 private:
  struct Entry {
    encoding::Sha256Digest secret_hash{};
    std::string date;
    std::string region;
    std::string service;
    encoding::HmacSha256Key key;  // the signing key, prepared for HMAC
    uint64_t last_used = 0;
  };

  const Entry& entry_for(std::string_view secret_access_key, const CredentialScope& scope);

  std::size_t capacity_;
  std::vector<Entry> entries_;
  uint64_t clock_ = 0;  // stamps last_used
  uint64_t hits_ = 0;
  uint64_t misses_ = 0;
};

}  // namespace bedrock::sigv4
