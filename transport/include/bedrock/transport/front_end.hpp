#pragma once
// The HTTP front end shared by bedrock-mock and bedrock-record: binds, accepts, turns
// each request into a Request, calls the handler, and writes the answer
// (plain bodies, paced event streams, injected connection faults). One port serves
// HTTP/1.1 and HTTP/2: h2c with prior knowledge (told apart by the client preface) on
// plain TCP, ALPN h2 / http/1.1 under TLS.
#include <chrono>
#include <cstddef>
#include <functional>
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

struct FrontEndOptions {
  std::string host = "127.0.0.1";
  int port = 0;  // 0: any free port
  std::optional<std::string> tls_cert_file;
  std::optional<std::string> tls_key_file;
  // One thread serves one open connection (cpp-httplib's model): size for 256 concurrent
  // keep-alive clients plus slack.
  std::size_t worker_threads = 300;
  std::size_t keep_alive_max_requests = 100000;
  std::chrono::seconds keep_alive_timeout{60};
  std::chrono::seconds read_timeout{30};
  // InvokeModel bodies may be 25,000,000 bytes (reference §2); anything larger is refused
  // before it is buffered.
  std::size_t max_body_bytes = 25'000'000 + 1024 * 1024;
  double pacing_factor = 1.0;  // multiplies recorded offsets; 0 sends frames at once
  std::chrono::milliseconds stall_limit{std::chrono::minutes(10)};
  // Renders errors the transport itself detects (body too large, unparsable request) as
  // the real service would; called with the HTTP status httplib chose and the raw target.
  std::function<Response(int status, const std::string& target)> transport_error;
  Http2Limits http2;
  // The handler only computes an answer and never waits (the mock's pipeline: delays, stalls
  // and pacing are carried out by the transport from the response). HTTP/2 then runs it on
  // the connection's own thread and answers plain responses without a thread per request.
  // A handler that waits on something (the recorder's upstream call) leaves this false.
  bool handler_returns_promptly = false;
};

class FrontEnd {
 public:
  FrontEnd(FrontEndOptions options, Handler handler);
  ~FrontEnd();
  FrontEnd(const FrontEnd&) = delete;
  FrontEnd& operator=(const FrontEnd&) = delete;

  // Binds and starts serving on a background thread; returns the bound port.
  Result<int> start();
  void stop();  // idempotent; wakes paced/stalled responses
  int port() const;
  std::string url() const;  // http(s)://host:port

  class Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace bedrock::transport
