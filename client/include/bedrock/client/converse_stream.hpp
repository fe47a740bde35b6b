#pragma once
// ConverseStream and InvokeModelWithResponseStream events (reference §5), read from decoded
// event-stream frames (protocol EventStreamDecoder). Event payloads carry an unmodeled "p"
// padding member; it and every other unknown member are ignored. Exception frames
// (:message-type exception) come back as the catalog's ServiceError via
// errors::parse_stream_exception(); an event type this client does not know is an
// UnknownEvent, not an error, so new events never break a stream.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "bedrock/client/content_block.hpp"
#include "bedrock/client/converse_types.hpp"
#include "bedrock/client/parse_error.hpp"
#include "bedrock/protocol/error_catalog.hpp"
#include "bedrock/protocol/event_stream_message.hpp"
#include "bedrock/protocol/expected.hpp"

namespace bedrock::client {

// ---- ConverseStream events ---------------------------------------------------------------------

struct MessageStart {
  Role role = Role::kAssistant;
  bool operator==(const MessageStart&) const = default;
};

struct ToolUseStart {
  std::string tool_use_id;
  std::string name;
  bool operator==(const ToolUseStart&) const = default;
};

// Sent only for toolUse (and server-side toolResult) blocks, never for text or reasoning.
struct ContentBlockStart {
  int64_t index = 0;
  std::variant<ToolUseStart, UnknownMember> start;
  bool operator==(const ContentBlockStart&) const = default;
};

struct TextDelta {
  std::string text;
  bool operator==(const TextDelta&) const = default;
};
// A fragment of the tool input's JSON text (Claude: many, the first often empty; Nova: one).
struct ToolUseInputDelta {
  std::string input;
  bool operator==(const ToolUseInputDelta&) const = default;
};
struct ReasoningTextDelta {
  std::string text;
  bool operator==(const ReasoningTextDelta&) const = default;
};
struct ReasoningSignatureDelta {
  std::string signature;
  bool operator==(const ReasoningSignatureDelta&) const = default;
};
struct RedactedReasoningDelta {
  std::string bytes;  // decoded from base64
  bool operator==(const RedactedReasoningDelta&) const = default;
};
using BlockDelta = std::variant<TextDelta, ToolUseInputDelta, ReasoningTextDelta,
                                ReasoningSignatureDelta, RedactedReasoningDelta, UnknownMember>;

struct ContentBlockDelta {
  int64_t index = 0;
  BlockDelta delta;
  bool operator==(const ContentBlockDelta&) const = default;
};

struct ContentBlockStop {
  int64_t index = 0;
  bool operator==(const ContentBlockStop&) const = default;
};

struct MessageStop {
  std::string stop_reason;
  std::optional<Json> additional_model_response_fields;
  bool operator==(const MessageStop&) const = default;
};

struct Metadata {
  TokenUsage usage;
  int64_t latency_ms = 0;  // metrics.latencyMs
  std::optional<Json> trace;
  bool operator==(const Metadata&) const = default;
};

// An :event-type this client does not model, with its payload.
struct UnknownEvent {
  std::string event_type;
  Json payload;
  bool operator==(const UnknownEvent&) const = default;
};

using ConverseStreamEvent = std::variant<MessageStart, ContentBlockStart, ContentBlockDelta,
                                         ContentBlockStop, MessageStop, Metadata, UnknownEvent>;

// Why a frame gave no event: a modeled exception frame (ServiceError), an exception or
// :message-type error frame the catalog does not know (UnrecognizedError), or an event whose
// payload is unreadable (ParseError).
using StreamEventError = std::variant<errors::ServiceError, errors::UnrecognizedError, ParseError>;

Expected<ConverseStreamEvent, StreamEventError> parse_converse_stream_event(
    const event_stream::Message& frame);

// ---- Folding a stream into one answer ----------------------------------------------------------

struct ConverseStreamResult {
  Message message{Role::kAssistant, {}};  // blocks in contentBlockIndex order
  std::optional<std::string> stop_reason;  // from messageStop
  std::optional<Json> additional_model_response_fields;
  std::optional<TokenUsage> usage;         // from metadata
  std::optional<int64_t> latency_ms;
  std::optional<Json> trace;

  std::string text() const { return text_of(message); }
  // messageStop and metadata both seen (a stream cut by an exception has neither).
  bool complete() const { return stop_reason.has_value() && usage.has_value(); }
  // The same answer as Converse would have given, once complete().
  std::optional<ConverseResponse> as_response() const;
  bool operator==(const ConverseStreamResult&) const = default;
};

class ConverseStreamAccumulator {
 public:
  // Events in stream order. Fails on a delta that contradicts its block (a toolUse fragment for a
  // text block, ...); unknown events and deltas are skipped.
  Expected<void, ParseError> add(const ConverseStreamEvent& event);

  // Text per block, tool input JSON assembled from its fragments (an empty input is {}),
  // reasoning text and signature, stop reason, usage. Fails when a tool's input fragments do not
  // form JSON.
  Expected<ConverseStreamResult, ParseError> result() const;

 private:
  enum class BlockKind { kPending, kText, kToolUse, kReasoning, kRedactedReasoning };
  struct BlockInProgress {
    BlockKind kind = BlockKind::kPending;
    std::string text;  // text, reasoning text, tool input fragments, or redacted bytes
    std::string tool_use_id;
    std::string tool_name;
    std::optional<std::string> signature;
  };
  Expected<void, ParseError> add_delta(const ContentBlockDelta& delta);

  Role role_ = Role::kAssistant;
  std::map<int64_t, BlockInProgress> blocks_;
  std::optional<std::string> stop_reason_;
  std::optional<Json> additional_model_response_fields_;
  std::optional<Metadata> metadata_;
};

// ---- InvokeModelWithResponseStream -------------------------------------------------------------

// One `chunk` event: the model-native JSON fragment, decoded from the base64 `bytes` member.
struct PayloadChunk {
  std::string bytes;
  bool operator==(const PayloadChunk&) const = default;
};
using ResponseStreamEvent = std::variant<PayloadChunk, UnknownEvent>;

Expected<ResponseStreamEvent, StreamEventError> parse_response_stream_event(
    const event_stream::Message& frame);

}  // namespace bedrock::client
