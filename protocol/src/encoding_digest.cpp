// SHA-256 and HMAC-SHA256 (encoding.hpp) on per-thread OpenSSL contexts.
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <cstdlib>

#include "bedrock/protocol/encoding.hpp"

namespace bedrock::encoding {
namespace {

// OpenSSL fails these only when out of memory or when its default provider is missing: the
// process cannot hash at all then, and a wrong digest must never be returned instead.
void require(bool ok) {
  if (!ok) std::abort();
}

// Fetched once per process (the fetch is what OpenSSL 3's one-shot calls repeat every time);
// never freed: it lives as long as the process.
const EVP_MD* sha256_md() {
  static EVP_MD* const md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  require(md != nullptr);
  return md;
}

EVP_MAC* hmac_mac() {
  static EVP_MAC* const mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  require(mac != nullptr);
  return mac;
}

// One digest context and one HMAC context per thread, reused by every call on that thread:
// no lock, no allocation after the first call.
class ThreadContexts {
 public:
  ThreadContexts() : md_(EVP_MD_CTX_new()), mac_(EVP_MAC_CTX_new(hmac_mac())) {
    require(md_ != nullptr && mac_ != nullptr);
    char digest_name[] = "SHA256";
    const OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest_name, 0),
        OSSL_PARAM_construct_end()};
    require(EVP_MAC_CTX_set_params(mac_, params) == 1);
  }
  ~ThreadContexts() {
    EVP_MAC_CTX_free(mac_);
    EVP_MD_CTX_free(md_);
  }
  ThreadContexts(const ThreadContexts&) = delete;
  ThreadContexts& operator=(const ThreadContexts&) = delete;

  Sha256Digest sha256(std::string_view bytes) {
    require(EVP_DigestInit_ex2(md_, sha256_md(), nullptr) == 1);
    return update_and_finish(md_, bytes);
  }

  // Continues the prepared hash state `from` with `bytes` and finishes it, on this thread's
  // context (HmacSha256Key::mac).
  Sha256Digest continue_from(const EVP_MD_CTX* from, std::string_view bytes) {
    require(EVP_MD_CTX_copy_ex(md_, from) == 1);
    return update_and_finish(md_, bytes);
  }

  Sha256Digest hmac(std::string_view key, std::string_view data) {
    Sha256Digest digest{};
    std::size_t length = 0;
    // An empty key is valid HMAC input; OpenSSL wants a non-null pointer for it.
    static constexpr unsigned char kEmpty = 0;
    const auto* key_bytes =
        key.empty() ? &kEmpty : reinterpret_cast<const unsigned char*>(key.data());
    require(EVP_MAC_init(mac_, key_bytes, key.size(), nullptr) == 1);
    require(EVP_MAC_update(mac_, reinterpret_cast<const unsigned char*>(data.data()),
                           data.size()) == 1);
    require(EVP_MAC_final(mac_, digest.data(), &length, digest.size()) == 1 &&
            length == digest.size());
    return digest;
  }

 private:
  static Sha256Digest update_and_finish(EVP_MD_CTX* context, std::string_view bytes) {
    Sha256Digest digest{};
    unsigned int length = 0;
    require(EVP_DigestUpdate(context, bytes.data(), bytes.size()) == 1);
    require(EVP_DigestFinal_ex(context, digest.data(), &length) == 1 && length == digest.size());
    return digest;
  }

  EVP_MD_CTX* md_;
  EVP_MAC_CTX* mac_;
};

ThreadContexts& contexts() {
  thread_local ThreadContexts instance;
  return instance;
}

}  // namespace

Sha256Digest sha256_digest(std::string_view bytes) { return contexts().sha256(bytes); }

Sha256Digest hmac_sha256_digest(std::string_view key, std::string_view data) {
  return contexts().hmac(key, data);
}

std::string sha256(std::string_view bytes) { return std::string(as_bytes(sha256_digest(bytes))); }

std::string sha256_hex(std::string_view bytes) {
  return std::string(as_text(to_hex(sha256_digest(bytes))));
}

std::string hmac_sha256(std::string_view key, std::string_view data) {
  return std::string(as_bytes(hmac_sha256_digest(key, data)));
}

struct HmacSha256Key::State {
  EVP_MD_CTX* inner = EVP_MD_CTX_new();
  EVP_MD_CTX* outer = EVP_MD_CTX_new();
  ~State() {
    EVP_MD_CTX_free(inner);  // frees the hash states with OPENSSL_clear_free
    EVP_MD_CTX_free(outer);
  }
};

HmacSha256Key::HmacSha256Key(std::string_view key) : state_(new State) {
  require(state_->inner != nullptr && state_->outer != nullptr);
  constexpr std::size_t kBlockBytes = 64;  // SHA-256's block (RFC 2104 "B")
  // A key longer than a block is replaced by its digest (RFC 2104 section 2).
  Sha256Digest hashed{};
  if (key.size() > kBlockBytes) {
    hashed = sha256_digest(key);
    key = as_bytes(hashed);
  }
  unsigned char inner_pad[kBlockBytes];
  unsigned char outer_pad[kBlockBytes];
  for (std::size_t i = 0; i < kBlockBytes; ++i) {
    const unsigned char k = i < key.size() ? static_cast<unsigned char>(key[i]) : 0;
    inner_pad[i] = static_cast<unsigned char>(k ^ 0x36);
    outer_pad[i] = static_cast<unsigned char>(k ^ 0x5c);
  }
  require(EVP_DigestInit_ex2(state_->inner, sha256_md(), nullptr) == 1);
  require(EVP_DigestUpdate(state_->inner, inner_pad, kBlockBytes) == 1);
  require(EVP_DigestInit_ex2(state_->outer, sha256_md(), nullptr) == 1);
  require(EVP_DigestUpdate(state_->outer, outer_pad, kBlockBytes) == 1);
  OPENSSL_cleanse(inner_pad, kBlockBytes);
  OPENSSL_cleanse(outer_pad, kBlockBytes);
  OPENSSL_cleanse(hashed.data(), hashed.size());
}

HmacSha256Key::~HmacSha256Key() { delete state_; }

HmacSha256Key::HmacSha256Key(HmacSha256Key&& other) noexcept : state_(other.state_) {
  other.state_ = nullptr;
}

HmacSha256Key& HmacSha256Key::operator=(HmacSha256Key&& other) noexcept {
  if (this != &other) {
    delete state_;
    state_ = other.state_;
    other.state_ = nullptr;
  }
  return *this;
}

Sha256Digest HmacSha256Key::mac(std::string_view data) const {
  require(state_ != nullptr);  // a moved-from key has no state
  ThreadContexts& work = contexts();
  const Sha256Digest inner = work.continue_from(state_->inner, data);
  return work.continue_from(state_->outer, as_bytes(inner));
}

bool constant_time_equals(std::string_view a, std::string_view b) noexcept {
  // The lengths are public (a signature is always 64 hex digits); only the bytes are secret.
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace bedrock::encoding
