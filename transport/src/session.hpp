#pragma once
// The protocol spoken on one connection once it is known (HTTP/1.1 or HTTP/2): fed the bytes
// read, told when output drained, ticked for timeouts, told when the server stops.
#include <cstddef>

#include "event_loop.hpp"

namespace bedrock::transport {

class Session {
 public:
  virtual ~Session() = default;
  virtual void on_input(const char* data, std::size_t size) = 0;
  // Before the connection writes its queue at the end of a round (HTTP/2 serialises frames).
  virtual void before_flush() {}
  // The connection's output queue went below its limit.
  virtual void on_output_drained() = 0;
  // The client closed its side (EOF).
  virtual void on_peer_closed() = 0;
  virtual void on_tick(Clock::time_point now) = 0;
  virtual void on_server_stop() = 0;
  // The connection is gone: cancel everything, write nothing more.
  virtual void on_closed() = 0;
};

}  // namespace bedrock::transport
