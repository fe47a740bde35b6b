#pragma once
// What the front end hands to a handler and what the handler gives back. Protocol-blind on
// purpose (ARCHITECTURE "Serving"): an HTTP/1.1 request and an HTTP/2 stream become the same
// Request, and one Response is written either way.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bedrock::transport {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// ASCII case-insensitive comparison of header names (names differ in case across clients and
// HTTP versions).
bool header_name_equals(std::string_view a, std::string_view b) noexcept;

// The value of the first header with this name (any case), or nullptr.
const std::string* find_header(const HeaderList& headers, std::string_view name) noexcept;

// The request as received: method, raw target (never decoded), headers in wire order with their
// names as sent (HTTP/2: lower case; `:authority` arrives as `host`), the whole body, and how it
// came.
struct Request {
  std::string method;
  std::string target;
  HeaderList headers;
  std::string body;
  std::string protocol = "HTTP/1.1";  // "HTTP/1.1", "HTTP/1.0" or "HTTP/2"
  std::string remote_addr;

  const std::string* header(std::string_view name) const noexcept {
    return find_header(headers, name);
  }
};

// One pre-encoded event-stream frame and when to send it, in ms after the response head.
struct PacedFrame {
  std::string bytes;
  double offset_ms = 0;
};

enum class StreamEnd {
  kComplete,  // HTTP/1.1: the terminating chunk, connection stays usable; HTTP/2: END_STREAM
  kReset,     // after the last frame: HTTP/1.1 TCP RST; HTTP/2 RST_STREAM (INTERNAL_ERROR)
  kStall,     // nothing more is sent until the client gives up (or the stall limit), then kReset
  // After the last frame the connection closes in order, as a proxy that gives up does:
  // HTTP/1.1 a FIN without the terminating chunk; HTTP/2 GOAWAY (INTERNAL_ERROR), then a FIN
  // (every stream of that connection ends with it).
  kClose,
};

enum class Fault {
  kNone,
  kDropConnection,  // no answer: HTTP/1.1 closes with a TCP RST, HTTP/2 resets the stream
  kStall,           // accept the request, never answer (the client's timeout fires)
};

// A response body produced while it is being sent: the recorder relays upstream event-stream
// bytes to its caller as they arrive instead of buffering the whole stream. next() may block:
// the front end calls it on a thread of its own, never on an event loop.
class LiveBody {
 public:
  virtual ~LiveBody() = default;
  // Blocks until more bytes are available and returns them; std::nullopt at the end, after
  // which end() says how the body ended.
  virtual std::optional<std::string> next() = 0;
  virtual StreamEnd end() const = 0;
  // The caller went away (or the server stops): the producer should give up. May be called
  // from another thread while next() blocks, and again after the end (must be harmless).
  virtual void cancel() = 0;
};

struct Response {
  int status = 200;
  HeaderList headers;  // Content-Length, Transfer-Encoding, Connection: the front end's business
  std::string body;
  bool is_stream = false;  // when true: an event stream made of `frames` (or `live`)
  std::vector<PacedFrame> frames;
  std::shared_ptr<LiveBody> live;  // when set (with is_stream): the body is read from it
  StreamEnd stream_end = StreamEnd::kComplete;
  Fault fault = Fault::kNone;
  double delay_ms = 0;  // wait this long before answering (a slow service): a timer, no thread
  // Streams: each of `frames` leaves as its own HTTP/1.1 chunk or HTTP/2 DATA frame, never
  // joined with the next one (a frame split into 1-byte pieces then reaches the client split
  // at every byte boundary). Without it HTTP/2 may carry several queued frames in one DATA frame.
  bool keep_frame_boundaries = false;
  // Streams: > 0 sends the frames' bytes at this rate (a slow drip), in pieces of about 10 ms
  // worth each (at least one byte), each piece its own chunk / DATA frame. Timers, no thread.
  double drip_bytes_per_second = 0;
};

// Answers one request. The request is valid for the duration of the call; the handler may move
// or swap its fields out (the front end clears it afterwards and reuses its buffers).
using Handler = std::function<Response(Request& request)>;

// Answers the requests the front end refuses before any handler sees them: 400 (unparsable),
// 408 (request not complete within the request timeout), 413 (body over the limit), 431
// (header block over the limit), 500 (the handler threw). `target` is the raw target when it
// was read, else empty.
using TransportErrorRenderer = std::function<Response(int status, const std::string& target)>;

}  // namespace bedrock::transport
