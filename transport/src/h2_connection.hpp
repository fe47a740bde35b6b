#pragma once
// HTTP/2 (RFC 9113) for the front end, on libnghttp2 (a protocol engine without I/O: the
// connection loop feeds it the bytes read and writes the bytes it produces).
//
// Threads: one loop thread per connection owns the nghttp2 session and the socket; every
// request stream that is complete runs the handler on its own thread, which hands the answer
// back through a queue (a handler that returns promptly runs on the loop thread, and only
// answers that take time — delays, faults, streams — get a thread). A response body waits in a
// per-stream buffer until the stream's flow-control window lets it out, so a slow reader holds up
// only its own stream.
#include <chrono>
#include <functional>
#include <string>

#include "bedrock/transport/exchange.hpp"
#include "bedrock/transport/front_end.hpp"
#include "connection_stream.hpp"
#include "stop_signal.hpp"

namespace bedrock::transport {

// What an HTTP/2 connection needs from the front end (the same handler and settings the
// HTTP/1.1 path uses).
struct Http2Service {
  const Handler* handler = nullptr;
  const std::function<Response(int, const std::string&)>* transport_error = nullptr;
  double pacing_factor = 1.0;
  std::chrono::milliseconds stall_limit{0};
  std::size_t max_body_bytes = 0;
  std::chrono::milliseconds idle_timeout{0};
  Http2Limits limits;
  StopSignal* stop = nullptr;
  bool handler_returns_promptly = false;  // FrontEndOptions::handler_returns_promptly
};

// Serves one connection whose unread input starts with the client preface, until the client
// closes it, it idles out, breaks a limit (GOAWAY) or the server stops. Returns after every
// stream's handler thread has finished.
void serve_http2(ConnectionStream& io, const Http2Service& service);

// The first bytes of the HTTP/2 client preface (RFC 9113 §3.4): no HTTP/1.1 method is "PRI".
inline constexpr std::string_view kHttp2PrefaceStart = "PRI ";

}  // namespace bedrock::transport
