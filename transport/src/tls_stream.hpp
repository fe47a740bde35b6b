#pragma once
// TLS for the front end, on OpenSSL directly: httplib's SSLServer offers no ALPN, and the
// stock JS runtime client offers only `h2` over https (issue #8), so the front end accepts
// TLS itself and picks HTTP/2 or HTTP/1.1 from the negotiated protocol.
#include <openssl/ssl.h>

#include <chrono>
#include <memory>
#include <string>

#include "bedrock/transport/result.hpp"
#include "connection_stream.hpp"

namespace bedrock::transport {

// The server's certificate, key and ALPN preference (h2, then http/1.1).
class TlsContext {
 public:
  static Result<std::unique_ptr<TlsContext>> load(const std::string& cert_file,
                                                  const std::string& key_file);
  ~TlsContext();
  TlsContext(const TlsContext&) = delete;
  TlsContext& operator=(const TlsContext&) = delete;

  SSL_CTX* get() const { return ctx_; }

 private:
  explicit TlsContext(SSL_CTX* ctx) : ctx_(ctx) {}
  SSL_CTX* ctx_;
};

class TlsStream final : public ConnectionStream {
 public:
  // Runs the server handshake on an accepted socket; nullptr when it fails or times out.
  static std::unique_ptr<TlsStream> accept(const TlsContext& context, socket_t sock,
                                           std::chrono::milliseconds read_timeout,
                                           std::chrono::milliseconds write_timeout);
  ~TlsStream() override;
  TlsStream(const TlsStream&) = delete;
  TlsStream& operator=(const TlsStream&) = delete;

  // The client and the server agreed on ALPN "h2".
  bool negotiated_h2() const;
  // Sends close_notify (a clean end, not a drop).
  void close_notify();

  bool is_readable() const override;
  bool is_writable() const override;
  ssize_t read(char* ptr, size_t size) override;
  ssize_t write(const char* ptr, size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  socket_t socket() const override { return sock_; }

  bool has_buffered_input() const override;
  void refuse_writes() override { writes_refused_ = true; }
  bool writes_refused() const override { return writes_refused_; }

 private:
  TlsStream(SSL* ssl, socket_t sock, std::chrono::milliseconds read_timeout,
            std::chrono::milliseconds write_timeout);
  SSL* ssl_;
  socket_t sock_;
  std::chrono::milliseconds read_timeout_;
  std::chrono::milliseconds write_timeout_;
  bool writes_refused_ = false;
};

}  // namespace bedrock::transport
