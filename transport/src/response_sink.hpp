#pragma once
// How one protocol writes one response: an HTTP/1.1 connection (Content-Length or chunked) or
// an HTTP/2 stream (HEADERS + DATA). The ResponsePlayer drives it, so delays, pacing, stalls,
// resets and live bodies are carried out once for both protocols.
#include <cstddef>
#include <string_view>

#include "bedrock/transport/exchange.hpp"

namespace bedrock::transport {

class ResponseSink {
 public:
  virtual ~ResponseSink() = default;
  // Head and the whole body (`response.body`, which the sink may take).
  virtual void send_whole(Response& response) = 0;
  // The head of a body sent as it is produced; `content_type` is the one to send.
  virtual void send_stream_head(Response& response, std::string_view content_type) = 0;
  virtual void send_stream_bytes(std::string_view bytes) = 0;
  virtual void end_stream() = 0;
  // No more bytes: what was queued reaches the client, then the transfer breaks (HTTP/1.1 TCP
  // RST, HTTP/2 RST_STREAM). Before a head: the request gets no answer at all.
  virtual void reset() = 0;
  // No more bytes: what was queued reaches the client, then the connection closes in order
  // (HTTP/1.1 a FIN without the terminating chunk, HTTP/2 GOAWAY then a FIN): StreamEnd::kClose.
  virtual void close_connection() = 0;
  // Bytes queued for this response and not yet taken by the client (back-pressure).
  virtual std::size_t queued_bytes() const = 0;
  // The player is done with the sink (after send_whole, end_stream or reset).
  virtual void on_response_done() = 0;
};

}  // namespace bedrock::transport
