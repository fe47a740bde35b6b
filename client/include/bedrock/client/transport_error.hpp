#pragma once
// What went wrong below HTTP, by stage, so callers can tell a network problem (DNS, connect,
// TLS, timeout, a dropped connection) from an answer the service gave (auth, permission,
// model errors arrive as HTTP responses, never as a TransportError).
#include <string>
#include <string_view>

namespace bedrock::client {

enum class TransportStage {
  kDns,       // the host (or proxy) name did not resolve
  kConnect,   // TCP connect refused / unreachable, proxy refused
  kTls,       // handshake failed, certificate rejected, CA bundle unreadable
  kTimeout,   // connect timeout, whole-request timeout or read-idle timeout (see timeout_phase)
  kSend,      // the request could not be written
  kReceive,   // the connection dropped or the answer was not valid HTTP
  kAborted,   // the caller's BodySink asked to stop
  kOther,     // anything else (bad URL, out of memory, response over the size limit ...)
};

enum class TimeoutPhase {
  kNone,      // not a timeout
  kConnect,   // before the connection (and TLS handshake) completed
  kTransfer,  // the whole-request timeout expired after connecting
  kIdle,      // no byte arrived for read_idle_timeout
};

struct TransportError {
  TransportStage stage = TransportStage::kOther;
  int curl_code = 0;  // the CURLcode (0 when the transport itself detected the problem)
  std::string message;
  bool response_started = false;  // a status line had arrived before the failure
  TimeoutPhase timeout_phase = TimeoutPhase::kNone;
};

std::string_view to_string(TransportStage stage);
std::string_view to_string(TimeoutPhase phase);

}  // namespace bedrock::client
