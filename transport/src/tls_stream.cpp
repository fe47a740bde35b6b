#include "tls_stream.hpp"

#include <openssl/err.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>

#include "socket_stream.hpp"

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

void set_socket_timeout(socket_t sock, int option, std::chrono::milliseconds timeout) {
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(timeout.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((timeout.count() % 1000) * 1000);
  ::setsockopt(sock, SOL_SOCKET, option, &tv, sizeof tv);
}

}  // namespace

Result<std::unique_ptr<TlsContext>> TlsContext::load(const std::string& cert_file,
                                                     const std::string& key_file) {
  SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
  if (ctx == nullptr) return failure(std::string("cannot create a TLS context"));
  std::unique_ptr<TlsContext> context(new TlsContext(ctx));
  // HTTP/2 over TLS needs TLS 1.2 or later (RFC 9113 §9.2).
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION);
  if (SSL_CTX_use_certificate_chain_file(ctx, cert_file.c_str()) != 1 ||
      SSL_CTX_use_PrivateKey_file(ctx, key_file.c_str(), SSL_FILETYPE_PEM) != 1 ||
      SSL_CTX_check_private_key(ctx) != 1) {
    ERR_clear_error();
    return failure("cannot load TLS certificate " + cert_file + " or key " + key_file);
  }
  SSL_CTX_set_alpn_select_cb(ctx, select_protocol, nullptr);
  return context;
}

TlsContext::~TlsContext() { SSL_CTX_free(ctx_); }

std::unique_ptr<TlsStream> TlsStream::accept(const TlsContext& context, socket_t sock,
                                             std::chrono::milliseconds read_timeout,
                                             std::chrono::milliseconds write_timeout) {
  SSL* ssl = SSL_new(context.get());
  if (ssl == nullptr) return nullptr;
  // A client that connects and says nothing must not hold the handshake for ever.
  set_socket_timeout(sock, SO_RCVTIMEO, read_timeout);
  set_socket_timeout(sock, SO_SNDTIMEO, write_timeout);
  SSL_set_fd(ssl, sock);
  if (SSL_accept(ssl) != 1) {
    ERR_clear_error();
    SSL_free(ssl);
    return nullptr;
  }
  return std::unique_ptr<TlsStream>(new TlsStream(ssl, sock, read_timeout, write_timeout));
}

TlsStream::TlsStream(SSL* ssl, socket_t sock, std::chrono::milliseconds read_timeout,
                     std::chrono::milliseconds write_timeout)
    : ssl_(ssl), sock_(sock), read_timeout_(read_timeout), write_timeout_(write_timeout) {}

TlsStream::~TlsStream() { SSL_free(ssl_); }

bool TlsStream::negotiated_h2() const {
  const unsigned char* protocol = nullptr;
  unsigned int length = 0;
  SSL_get0_alpn_selected(ssl_, &protocol, &length);
  return length == 2 && protocol[0] == 'h' && protocol[1] == '2';
}

void TlsStream::close_notify() {
  if (!writes_refused_) SSL_shutdown(ssl_);
  ERR_clear_error();
}

bool TlsStream::has_buffered_input() const { return SSL_pending(ssl_) > 0; }

bool TlsStream::is_readable() const {
  return has_buffered_input() || poll_socket(sock_, POLLIN, read_timeout_);
}

bool TlsStream::is_writable() const { return poll_socket(sock_, POLLOUT, write_timeout_); }

ssize_t TlsStream::read(char* ptr, size_t size) {
  if (!is_readable()) return -1;
  const int n = SSL_read(ssl_, ptr, static_cast<int>(std::min<size_t>(size, 1 << 30)));
  if (n > 0) return n;
  const int error = SSL_get_error(ssl_, n);
  ERR_clear_error();
  return error == SSL_ERROR_ZERO_RETURN ? 0 : -1;
}

ssize_t TlsStream::write(const char* ptr, size_t size) {
  if (writes_refused_ || !is_writable()) return -1;
  const int n = SSL_write(ssl_, ptr, static_cast<int>(std::min<size_t>(size, 1 << 30)));
  if (n > 0) return n;
  ERR_clear_error();
  return -1;
}

void TlsStream::get_remote_ip_and_port(std::string& ip, int& port) const {
  peer_address(sock_, ip, port);
}

void TlsStream::get_local_ip_and_port(std::string& ip, int& port) const {
  local_address(sock_, ip, port);
}

}  // namespace bedrock::transport
