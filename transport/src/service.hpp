#pragma once
// What every connection of one front end shares: the options, the handler, the worker threads
// for handlers that block and for live bodies, TLS, and the stop flag.
#include <atomic>
#include <cstddef>
#include <memory>
#include <string>

#include "bedrock/transport/front_end.hpp"
#include "blocking_pool.hpp"
#include "response_player.hpp"
#include "tls.hpp"

namespace bedrock::transport {

struct Service {
  Service(FrontEndOptions front_end_options, Handler request_handler);

  FrontEndOptions options;
  Handler handler;
  std::unique_ptr<TlsContext> tls;
  BlockingPool pool;
  PlayerSettings http1_player;  // buffer limit: the connection's output queue
  PlayerSettings http2_player;  // buffer limit: Http2Limits::stream_buffer_bytes
  std::atomic<bool> stopping{false};

  // The handler's answer; a handler that throws gets a 500 (no exception leaves a loop).
  Response call(Request& request) noexcept;
  // The answer to a request the front end refuses itself (400, 408, 413, 431, 500).
  Response refuse(int status, const std::string& target) const noexcept;
};

// Output beyond this on one connection stops the producers (players) and the reading of more
// requests until the client has taken some.
inline constexpr std::size_t kConnectionOutputLimit = 256 * 1024;

}  // namespace bedrock::transport
