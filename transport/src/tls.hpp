#pragma once
// TLS for the front end on OpenSSL, non-blocking: the handshake, reads and writes report "would
// block" instead of waiting, so a TLS connection lives on an event loop like a plain one. ALPN
// offers h2 then http/1.1 (the stock JS runtime client offers only h2 over https).
#include <openssl/ssl.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>

namespace bedrock::transport {

// The server's certificate, key and ALPN preference.
class TlsContext {
 public:
  // nullptr and `error` naming the files when they cannot be loaded.
  static std::unique_ptr<TlsContext> load(const std::string& cert_file, const std::string& key_file,
                                          std::string& error);
  ~TlsContext();
  TlsContext(const TlsContext&) = delete;
  TlsContext& operator=(const TlsContext&) = delete;

  SSL_CTX* get() const { return ctx_; }

 private:
  explicit TlsContext(SSL_CTX* ctx) : ctx_(ctx) {}
  SSL_CTX* ctx_;
};

// What a non-blocking read, write or handshake step did.
enum class IoStatus {
  kDone,       // bytes moved (count in the result) or the handshake finished
  kWantRead,   // try again when the socket is readable
  kWantWrite,  // try again when the socket is writable
  kClosed,     // the peer closed (EOF or close_notify)
  kFailed,     // a socket or TLS error: the connection is over
};

struct IoResult {
  IoStatus status;
  std::size_t bytes = 0;
};

// One server-side TLS session over an accepted non-blocking socket.
class TlsSession {
 public:
  static std::unique_ptr<TlsSession> create(const TlsContext& context, int fd);
  ~TlsSession();
  TlsSession(const TlsSession&) = delete;
  TlsSession& operator=(const TlsSession&) = delete;

  IoResult handshake();
  bool handshake_done() const { return handshake_done_; }
  bool negotiated_h2() const;
  IoResult read(char* buffer, std::size_t size);
  IoResult write(const char* data, std::size_t size);
  // Decrypted bytes already buffered inside OpenSSL (epoll cannot see them).
  bool has_pending() const;
  // Sends close_notify once, without waiting for the peer's.
  void shutdown();

 private:
  explicit TlsSession(SSL* ssl) : ssl_(ssl) {}
  IoResult status_of(int result, std::size_t bytes);
  SSL* ssl_;
  bool handshake_done_ = false;
};

}  // namespace bedrock::transport
