#include "bedrock/protocol/sigv4_signing_key_cache.hpp"

#include <openssl/crypto.h>

#include <algorithm>

namespace bedrock::sigv4 {
namespace {

using encoding::as_bytes;
using encoding::hmac_sha256_digest;
using encoding::HmacSha256Key;
using encoding::Sha256Digest;

// signing_key() without its temporary strings: the same HMAC chain, "AWS4"+secret -> date ->
// region -> service -> aws4_request, prepared for the HMACs of the signatures made with it.
HmacSha256Key derive_signing_key(std::string_view secret_access_key, const CredentialScope& scope) {
  std::string secret;
  secret.reserve(4 + secret_access_key.size());
  secret += "AWS4";
  secret += secret_access_key;
  Sha256Digest key = hmac_sha256_digest(secret, scope.date);
  OPENSSL_cleanse(secret.data(), secret.size());
  key = hmac_sha256_digest(as_bytes(key), scope.region);
  key = hmac_sha256_digest(as_bytes(key), scope.service);
  key = hmac_sha256_digest(as_bytes(key), kScopeTerminator);
  HmacSha256Key prepared(as_bytes(key));
  OPENSSL_cleanse(key.data(), key.size());
  return prepared;
}

}  // namespace

SigningKeyCache::SigningKeyCache(std::size_t capacity) : capacity_(capacity) {
  entries_.reserve(std::min(capacity_, kDefaultCapacity));
}

// The prepared keys wipe themselves (HmacSha256Key); the secret hashes are wiped here.
SigningKeyCache::~SigningKeyCache() { clear(); }

void SigningKeyCache::clear() {
  for (Entry& entry : entries_) {
    OPENSSL_cleanse(entry.secret_hash.data(), entry.secret_hash.size());
  }
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
  HmacSha256Key key = derive_signing_key(secret_access_key, scope);
  Entry* slot = nullptr;
  if (entries_.size() < capacity_) {
    slot = &entries_.emplace_back(
        Entry{secret_hash, scope.date, scope.region, scope.service, std::move(key), clock_});
  } else {
    slot = &*std::min_element(entries_.begin(), entries_.end(), [](const Entry& a, const Entry& b) {
      return a.last_used < b.last_used;
    });
    OPENSSL_cleanse(slot->secret_hash.data(), slot->secret_hash.size());
    slot->secret_hash = secret_hash;
    slot->date = scope.date;
    slot->region = scope.region;
    slot->service = scope.service;
    slot->key = std::move(key);  // the evicted key's states are freed and wiped
    slot->last_used = clock_;
  }
  return *slot;
}

encoding::Sha256Hex SigningKeyCache::signature(std::string_view secret_access_key,
                                               const CredentialScope& scope,
                                               std::string_view string_to_sign) {
  if (capacity_ == 0) {
    return encoding::to_hex(derive_signing_key(secret_access_key, scope).mac(string_to_sign));
  }
  return encoding::to_hex(entry_for(secret_access_key, scope).key.mac(string_to_sign));
}

SigningKeyCache& SigningKeyCache::for_this_thread() {
  thread_local SigningKeyCache cache;
  return cache;
}

}  // namespace bedrock::sigv4
