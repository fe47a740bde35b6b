#include "bedrock/protocol/sigv4_signing_key_cache.hpp"

#include <openssl/crypto.h>

#include <algorithm>

namespace bedrock::sigv4 {
namespace {

using encoding::as_bytes;
using encoding::hmac_sha256_digest;
using encoding::Sha256Digest;

// signing_key() without its temporary strings: the same HMAC chain, "AWS4"+secret -> date ->
// region -> service -> aws4_request.
Sha256Digest derive_signing_key(std::string_view secret_access_key, const CredentialScope& scope) {
  std::string secret;
  secret.reserve(4 + secret_access_key.size());
  secret += "AWS4";
  secret += secret_access_key;
  Sha256Digest key = hmac_sha256_digest(secret, scope.date);
  OPENSSL_cleanse(secret.data(), secret.size());
  key = hmac_sha256_digest(as_bytes(key), scope.region);
  key = hmac_sha256_digest(as_bytes(key), scope.service);
  return hmac_sha256_digest(as_bytes(key), kScopeTerminator);
}

}  // namespace

SigningKeyCache::SigningKeyCache(std::size_t capacity) : capacity_(capacity) {
  entries_.reserve(std::min(capacity_, kDefaultCapacity));
}

SigningKeyCache::~SigningKeyCache() { clear(); }

void SigningKeyCache::wipe(Entry& entry) {
  OPENSSL_cleanse(entry.key.data(), entry.key.size());
  OPENSSL_cleanse(entry.secret_hash.data(), entry.secret_hash.size());
}

void SigningKeyCache::clear() {
  for (Entry& entry : entries_) wipe(entry);
  entries_.clear();
}

const SigningKeyCache::Entry& SigningKeyCache::entry_for(std::string_view secret_access_key,
                                                         const CredentialScope& scope) {
  const Sha256Digest secret_hash = encoding::sha256_digest(secret_access_key);
  ++clock_;
  for (Entry& entry : entries_) {
    // The hash comparison is constant-time: which entry matched says nothing about a secret.
    if (entry.date == scope.date && entry.region == scope.region &&
        entry.service == scope.service &&
        encoding::constant_time_equals(as_bytes(entry.secret_hash), as_bytes(secret_hash))) {
      entry.last_used = clock_;
      ++hits_;
      return entry;
    }
  }
  ++misses_;
  Entry* slot = nullptr;
  if (entries_.size() < capacity_) {
    slot = &entries_.emplace_back();
  } else {
    slot = &*std::min_element(entries_.begin(), entries_.end(), [](const Entry& a, const Entry& b) {
      return a.last_used < b.last_used;
    });
    wipe(*slot);
  }
  slot->secret_hash = secret_hash;
  slot->date = scope.date;
  slot->region = scope.region;
  slot->service = scope.service;
  slot->key = derive_signing_key(secret_access_key, scope);
  slot->last_used = clock_;
  return *slot;
}

encoding::Sha256Hex SigningKeyCache::signature(std::string_view secret_access_key,
                                               const CredentialScope& scope,
                                               std::string_view string_to_sign) {
  if (capacity_ == 0) {
    Sha256Digest key = derive_signing_key(secret_access_key, scope);
    const auto out = encoding::to_hex(hmac_sha256_digest(as_bytes(key), string_to_sign));
    OPENSSL_cleanse(key.data(), key.size());
    return out;
  }
  const Entry& entry = entry_for(secret_access_key, scope);
  return encoding::to_hex(hmac_sha256_digest(as_bytes(entry.key), string_to_sign));
}

SigningKeyCache& SigningKeyCache::for_this_thread() {
  thread_local SigningKeyCache cache;
  return cache;
}

}  // namespace bedrock::sigv4
