#pragma once
// The one serving front end of bedrock-mock and bedrock-record (ARCHITECTURE "transport/"):
// listens, accepts, speaks HTTP/1.1 and HTTP/2 on one port (h2c told apart by the client
// preface; under TLS, ALPN h2 / http/1.1), turns each request into a Request, calls the handler
// and writes its Response: plain bodies, paced event streams, bodies relayed live, injected
// delays, stalls, resets and drops.
//
// Event-driven (docs/transport.md): a fixed pool of event-loop threads (epoll, one per core by
// default), non-blocking sockets, timers on the loops for delays, pacing and stalls; no thread
// per connection. A handler that returns promptly runs on the loop; one that blocks runs on a
// worker thread.
#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include "bedrock/transport/exchange.hpp"
#include "bedrock/transport/result.hpp"

namespace bedrock::transport {

// What one HTTP/2 client may do before its connection is closed with GOAWAY (RFC 9113 §5.4.1):
// a misbehaving connection ends, the others carry on.
struct Http2Limits {
  std::size_t max_concurrent_streams = 100;
  // Decoded request header list (RFC 9113 §6.5.2: name + value + 32 per field).
  std::size_t max_header_list_bytes = 64 * 1024;
  // SETTINGS, PING and RST_STREAM frames received per window: a flood of them costs the server
  // work (ACKs, stream teardown, CVE-2023-44487 "rapid reset") without any request to answer.
  std::size_t control_frame_budget = 1000;
  std::chrono::seconds control_frame_window{10};
  // Response bytes queued per stream for a reader whose flow-control window is closed; the
  // producer (paced replay, relayed upstream stream) waits beyond this.
  std::size_t stream_buffer_bytes = 256 * 1024;
};

// Limits that keep one client from holding the server: each is answered the way a real server
// answers it (docs/transport.md "Limits").
struct ConnectionLimits {
  // Request line + header block (HTTP/1.1); larger: 431, then the connection closes.
  std::size_t max_header_bytes = 64 * 1024;
  // InvokeModel bodies may be 25,000,000 bytes (reference §2); larger: 413 before the body is
  // buffered.
  std::size_t max_body_bytes = 25'000'000 + 1024 * 1024;
  // Open connections; at the limit new ones wait in the listen backlog until one closes.
  std::size_t max_connections = 10000;
  // A keep-alive connection with no request in progress is closed after this.
  std::chrono::milliseconds idle_timeout{std::chrono::seconds(60)};
  // From the first byte of a request (or of the TLS handshake) to its last; slower: 408 (a
  // slowloris client cannot hold a connection open byte by byte).
  std::chrono::milliseconds request_timeout{std::chrono::seconds(30)};
};

struct FrontEndOptions {
  std::string host = "127.0.0.1";
  int port = 0;  // 0: any free port
  std::optional<std::string> tls_cert_file;
  std::optional<std::string> tls_key_file;
  std::size_t threads = 0;  // event loops; 0: one per core
  ConnectionLimits limits;
  Http2Limits http2;
  double pacing_factor = 1.0;  // multiplies recorded offsets; 0 sends frames at once
  std::chrono::milliseconds stall_limit{std::chrono::minutes(10)};
  TransportErrorRenderer transport_error;  // empty: a bare status line and no body
  // The handler only computes an answer and never waits (the mock's pipeline: delays, stalls
  // and pacing are carried out by the front end from the response): it runs on the event loop.
  // A handler that waits on something (the recorder's upstream call) leaves this false and runs
  // on a worker thread.
  bool handler_returns_promptly = false;
};

class FrontEnd {
 public:
  FrontEnd(FrontEndOptions options, Handler handler);
  ~FrontEnd();
  FrontEnd(const FrontEnd&) = delete;
  FrontEnd& operator=(const FrontEnd&) = delete;

  // Binds and starts the event loops; returns the bound port, or what failed (e.g. "cannot
  // listen on 127.0.0.1:80: Permission denied").
  Result<int> start();
  // Stops accepting, ends every connection (HTTP/2: GOAWAY), cancels delays, paced streams,
  // stalls and live bodies, and waits for worker threads. Idempotent.
  void stop();
  int port() const;
  std::string url() const;      // http(s)://host:port
  std::size_t threads() const;  // event loops running

  class Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace bedrock::transport
