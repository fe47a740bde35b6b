#pragma once
// What the front end hands to a service's handler and what it writes back. Protocol-blind on
// purpose (ARCHITECTURE "Serving"): HTTP/1.1 and HTTP/2 produce a Request and write a Response
// the same way. Knows nothing of Bedrock (transport depends on nothing of ours).
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bedrock::transport {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// ASCII case-insensitive comparison of header names.
bool header_name_equals(std::string_view a, std::string_view b) noexcept;

// Case-insensitive lookup (header names differ in case across clients and HTTP versions,
// reference §11.14): the value of the first header with this name, or nullptr.
const std::string* find_header(const HeaderList& headers, std::string_view name);

// The request as received: method, raw target (never decoded), headers in wire order with the
// names as received, body, plus how it came.
struct Request {
  std::string method;
  std::string target;  // raw request-target: path + optional ?query
  HeaderList headers;
  std::string body;
  std::string protocol = "HTTP/1.1";  // or "HTTP/2"
  std::string remote_addr;

  const std::string* header(std::string_view name) const { return find_header(headers, name); }
};

// One pre-encoded event-stream frame and when to send it, in ms after the response headers.
struct PacedFrame {
  std::string bytes;
  double offset_ms = 0;
};

enum class StreamEnd {
  kComplete,  // terminating chunk, connection stays usable
  kReset,     // connection dropped after the last frame (no terminating chunk)
  kStall,     // nothing more is sent until the client gives up (or the stall limit)
};

enum class Fault {
  kNone,
  kDropConnection,  // close the connection without answering
  kStall,           // accept the request, never answer (client timeout)
};

// A response body produced while it is being sent: the recorder relays upstream event-stream
// bytes to its caller as they arrive instead of buffering the whole stream.
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
  HeaderList headers;  // Content-Length / Transfer-Encoding are the transport's business
  std::string body;
  bool is_stream = false;  // when true: chunked event stream made of `frames`
  std::vector<PacedFrame> frames;
  std::shared_ptr<LiveBody> live;  // when set (with is_stream): the body is read from it
  StreamEnd stream_end = StreamEnd::kComplete;
  Fault fault = Fault::kNone;
  double delay_ms = 0;  // wait this long before answering (slow service)
};

// Computes the answer to one request. The request is valid for the duration of the call; the
// handler may move or swap its fields out.
using Handler = std::function<Response(Request&)>;

}  // namespace bedrock::transport
