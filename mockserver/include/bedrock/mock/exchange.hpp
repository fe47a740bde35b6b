#pragma once
// What the transport hands to the mock's request pipeline and what it writes back.
// Protocol-blind on purpose (ARCHITECTURE "Serving"): HTTP/1.1 today, HTTP/2 later, both
// produce an Exchange request and write an Exchange response the same way.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bedrock/protocol/http_request.hpp"

namespace bedrock::mock {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// Case-insensitive lookup (header names differ in case across clients and HTTP versions,
// reference §11.14).
const std::string* find_header(const HeaderList& headers, std::string_view name);

// The request as received (method, raw target, headers in wire order, body) plus how it came.
struct ExchangeRequest : HttpRequest {
  std::string protocol = "HTTP/1.1";
  std::string remote_addr;

  const std::string* header(std::string_view name) const { return find_header(name); }
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

struct ExchangeResponse {
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

using ExchangeHandler = std::function<ExchangeResponse(const ExchangeRequest&)>;

}  // namespace bedrock::mock
