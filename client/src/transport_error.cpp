#include "bedrock/client/transport_error.hpp"

namespace bedrock::client {

std::string_view to_string(TransportStage stage) {
  switch (stage) {
    case TransportStage::kDns:
      return "dns";
    case TransportStage::kConnect:
      return "connect";
    case TransportStage::kTls:
      return "tls";
    case TransportStage::kTimeout:
      return "timeout";
    case TransportStage::kSend:
      return "send";
    case TransportStage::kReceive:
      return "receive";
    case TransportStage::kAborted:
      return "aborted";
    case TransportStage::kOther:
      return "other";
  }
  return "other";
}

std::string_view to_string(TimeoutPhase phase) {
  switch (phase) {
    case TimeoutPhase::kNone:
      return "none";
    case TimeoutPhase::kConnect:
      return "connect";
    case TimeoutPhase::kTransfer:
      return "transfer";
    case TimeoutPhase::kIdle:
      return "idle";
  }
  return "none";
}

std::string_view to_string(StreamBreak stream_break) {
  switch (stream_break) {
    case StreamBreak::kEndedInsideFrame:
      return "ended_inside_frame";
    case StreamBreak::kChecksumMismatch:
      return "checksum_mismatch";
    case StreamBreak::kMalformedFrame:
      return "malformed_frame";
    case StreamBreak::kConnectionCut:
      return "connection_cut";
    case StreamBreak::kStalled:
      return "stalled";
  }
  return "connection_cut";
}

}  // namespace bedrock::client
