#pragma once
// What went wrong below HTTP, by stage, so callers can tell a network problem (DNS, connect,
// TLS, timeout, a dropped connection) from an answer the service gave (auth, permission,
// model errors arrive as HTTP responses, never as a TransportError).
#include <optional>
#include <string>
#include <string_view>

namespace bedrock::client {

enum class TransportStage {
  kDns,      // the host (or proxy) name did not resolve
  kConnect,  // TCP connect refused / unreachable, proxy refused
  kTls,      // handshake failed, certificate rejected, CA bundle unreadable
  kTimeout,  // connect timeout, whole-request timeout or read-idle timeout (see timeout_phase)
  kSend,     // the request could not be written
  kReceive,  // the connection dropped or the answer was not valid HTTP
  kAborted,  // the caller's BodySink asked to stop
  kOther,    // anything else (bad URL, out of memory, response over the size limit ...)
};

enum class TimeoutPhase {
  kNone,      // not a timeout
  kConnect,   // before the connection (and TLS handshake) completed
  kTransfer,  // the whole-request timeout expired after connecting
  kIdle,      // no byte arrived for read_idle_timeout
};

// What broke inside an event stream that had started (a 200 whose frames were arriving): the
// client-side symptoms of a proxy or network cutting, damaging or stalling a stream. Set by the
// client, which decodes the frames; curl only sees bytes.
enum class StreamBreak {
  kEndedInsideFrame,  // the body ended, cleanly, in the middle of a frame
  kChecksumMismatch,  // a frame's prelude or message CRC-32 is wrong: bytes altered on the way
  kMalformedFrame,    // any other framing error (an impossible length, a bad header)
  kConnectionCut,     // the connection dropped (RST, FIN, GOAWAY/RST_STREAM) mid-stream
  kStalled,           // no byte within the read timeout after the stream began
};
std::string_view to_string(StreamBreak stream_break);

struct TransportError {
  TransportStage stage = TransportStage::kOther;
  int curl_code = 0;  // the CURLcode (0 when the transport itself detected the problem)
  std::string message;
  bool response_started = false;  // a status line had arrived before the failure
  TimeoutPhase timeout_phase = TimeoutPhase::kNone;
  std::optional<StreamBreak> stream_break = std::nullopt;  // the failure came mid-stream
};

std::string_view to_string(TransportStage stage);
std::string_view to_string(TimeoutPhase phase);

}  // namespace bedrock::client
