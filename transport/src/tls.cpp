#include "tls.hpp"

#include <openssl/err.h>

#include <cstring>

namespace bedrock::transport {
namespace {

// ALPN wire format: length-prefixed names, in the server's order of preference.
constexpr unsigned char kServerProtocols[] = {2,   'h', '2', 8,   'h', 't',
                                              't', 'p', '/', '1', '.', '1'};

int select_protocol(SSL*, const unsigned char** out, unsigned char* out_length,
                    const unsigned char* offered, unsigned int offered_length, void*) {
  unsigned char* selected = nullptr;
  unsigned char selected_length = 0;
  if (SSL_select_next_proto(&selected, &selected_length, kServerProtocols, sizeof kServerProtocols,
                            offered, offered_length) != OPENSSL_NPN_NEGOTIATED) {
    return SSL_TLSEXT_ERR_NOACK;  // no common protocol: carry on without ALPN (HTTP/1.1)
  }
  *out = selected;
  *out_length = selected_length;
  return SSL_TLSEXT_ERR_OK;
}

}  // namespace

std::unique_ptr<TlsContext> TlsContext::load(const std::string& cert_file,
                                             const std::string& key_file, std::string& error) {
  SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
  if (ctx == nullptr) {
    error = "cannot create a TLS context";
    return nullptr;
  }
  std::unique_ptr<TlsContext> context(new TlsContext(ctx));
  // HTTP/2 over TLS needs TLS 1.2 or later (RFC 9113 §9.2).
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION);
  // A write may take part of a buffer, and be retried from another address after it said
  // "want write" (the output queue moves as it drains).
  SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER |
                            SSL_MODE_RELEASE_BUFFERS);
  if (SSL_CTX_use_certificate_chain_file(ctx, cert_file.c_str()) != 1 ||
      SSL_CTX_use_PrivateKey_file(ctx, key_file.c_str(), SSL_FILETYPE_PEM) != 1 ||
      SSL_CTX_check_private_key(ctx) != 1) {
    ERR_clear_error();
    error = "cannot load TLS certificate " + cert_file + " or key " + key_file;
    return nullptr;
  }
  SSL_CTX_set_alpn_select_cb(ctx, select_protocol, nullptr);
  return context;
}

TlsContext::~TlsContext() { SSL_CTX_free(ctx_); }

std::unique_ptr<TlsSession> TlsSession::create(const TlsContext& context, int fd) {
  SSL* ssl = SSL_new(context.get());
  if (ssl == nullptr) return nullptr;
  if (SSL_set_fd(ssl, fd) != 1) {
    SSL_free(ssl);
    return nullptr;
  }
  SSL_set_accept_state(ssl);
  return std::unique_ptr<TlsSession>(new TlsSession(ssl));
}

TlsSession::~TlsSession() { SSL_free(ssl_); }

IoResult TlsSession::status_of(int result, std::size_t bytes) {
  if (result > 0) return {IoStatus::kDone, bytes};
  const int error = SSL_get_error(ssl_, result);
  ERR_clear_error();
  switch (error) {
    case SSL_ERROR_WANT_READ:
      return {IoStatus::kWantRead};
    case SSL_ERROR_WANT_WRITE:
      return {IoStatus::kWantWrite};
    case SSL_ERROR_ZERO_RETURN:
      return {IoStatus::kClosed};
    default:
      return {IoStatus::kFailed};
  }
}

IoResult TlsSession::handshake() {
  const int result = SSL_do_handshake(ssl_);
  if (result == 1) handshake_done_ = true;
  return status_of(result, 0);
}

bool TlsSession::negotiated_h2() const {
  const unsigned char* protocol = nullptr;
  unsigned int length = 0;
  SSL_get0_alpn_selected(ssl_, &protocol, &length);
  return length == 2 && std::memcmp(protocol, "h2", 2) == 0;
}

IoResult TlsSession::read(char* buffer, std::size_t size) {
  std::size_t read = 0;
  const int result = SSL_read_ex(ssl_, buffer, size, &read);
  if (result == 1) return {IoStatus::kDone, read};
  // A peer that closes the TCP connection without close_notify (most HTTP clients do) is an
  // end of input, not a failure.
  if (SSL_get_error(ssl_, result) == SSL_ERROR_SYSCALL) {
    ERR_clear_error();
    return {IoStatus::kClosed};
  }
  return status_of(result, 0);
}

IoResult TlsSession::write(const char* data, std::size_t size) {
  std::size_t written = 0;
  const int result = SSL_write_ex(ssl_, data, size, &written);
  if (result == 1) return {IoStatus::kDone, written};
  return status_of(result, 0);
}

bool TlsSession::has_pending() const { return SSL_pending(ssl_) > 0; }

void TlsSession::shutdown() {
  if (handshake_done_) SSL_shutdown(ssl_);
  ERR_clear_error();
}

}  // namespace bedrock::transport
