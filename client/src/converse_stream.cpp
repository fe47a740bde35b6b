#include "bedrock/client/converse_stream.hpp"

#include <utility>

#include "content_block_json.hpp"
#include "converse_json.hpp"

namespace bedrock::client {
namespace {

using json_read::as_blob;
using json_read::as_string;
using json_read::expect_object;
using json_read::fail;
using json_read::find;
using json_read::member_path;
using json_read::require;
using json_read::require_string;

// The frame is either an event (its :event-type and JSON payload), or a failure to report.
struct EventFrame {
  std::string event_type;
  Json payload;
};

// Exception frames (:message-type exception, reference §5/§6) go through the catalog;
// :message-type error frames (unmodeled errors) carry :error-code / :error-message headers.
std::optional<StreamEventError> frame_failure(const event_stream::Message& frame) {
  const std::string message_type = frame.string_header(":message-type").value_or("event");
  if (message_type == "exception") {
    auto parsed = errors::parse_stream_exception(frame);
    if (parsed) return StreamEventError{std::move(parsed).value()};
    return StreamEventError{std::move(parsed).error()};
  }
  if (message_type == "error") {
    return StreamEventError{errors::UnrecognizedError{
        200, frame.string_header(":error-code").value_or(""),
        frame.string_header(":error-message").value_or(""), std::nullopt}};
  }
  if (message_type != "event") {
    return StreamEventError{ParseError{ParseErrorKind::kInvalidValue, ":message-type",
                                       "unknown message type " + message_type}};
  }
  return std::nullopt;
}

Expected<EventFrame, StreamEventError> read_event_frame(const event_stream::Message& frame) {
  if (auto failure = frame_failure(frame)) return unexpected(std::move(*failure));
  auto event_type = frame.string_header(":event-type");
  if (!event_type) {
    return unexpected(StreamEventError{
        ParseError{ParseErrorKind::kMissingHeader, ":event-type", "event frame without a type"}});
  }
  auto payload = json_read::capture([&] {
    Json value = Json::parse(frame.payload, nullptr, /*allow_exceptions=*/false);
    if (value.is_discarded()) fail(ParseErrorKind::kInvalidJson, *event_type, "payload is not JSON");
    expect_object(value, *event_type);
    return value;
  });
  if (!payload) return unexpected(StreamEventError{payload.error()});
  return EventFrame{std::move(*event_type), std::move(payload).value()};
}

int64_t read_block_index(const Json& payload, const std::string& path) {
  const int64_t index = json_read::require_int(payload, "contentBlockIndex", path);
  if (index < 0) {
    fail(ParseErrorKind::kInvalidValue, member_path(path, "contentBlockIndex"), "negative index");
  }
  return index;
}

BlockDelta read_delta(const Json& value, const std::string& path) {
  expect_object(value, path);
  const auto member = json_read::union_member(value, {"text", "toolUse", "reasoningContent"});
  if (!member) return UnknownMember{value};
  const std::string at = member_path(path, *member);
  if (*member == "text") return TextDelta{as_string(value["text"], at)};
  if (*member == "toolUse") {
    return ToolUseInputDelta{require_string(expect_object(value["toolUse"], at), "input", at)};
  }
  const Json& reasoning = expect_object(value["reasoningContent"], at);
  const auto part = json_read::union_member(reasoning, {"text", "signature", "redactedContent"});
  if (!part) return UnknownMember{value};
  const std::string part_at = member_path(at, *part);
  if (*part == "text") return ReasoningTextDelta{as_string(reasoning["text"], part_at)};
  if (*part == "signature") {
    return ReasoningSignatureDelta{as_string(reasoning["signature"], part_at)};
  }
  return RedactedReasoningDelta{as_blob(reasoning["redactedContent"], part_at)};
}

ConverseStreamEvent read_converse_event(const std::string& type, const Json& payload) {
  const std::string& path = type;
  if (type == "messageStart") {
    return MessageStart{json_read::read_role(require(payload, "role", path),
                                             member_path(path, "role"))};
  }
  if (type == "contentBlockStart") {
    ContentBlockStart event;
    event.index = read_block_index(payload, path);
    const std::string at = member_path(path, "start");
    const Json& start = expect_object(require(payload, "start", path), at);
    if (const Json* tool_use = find(start, "toolUse")) {
      const std::string tool_at = member_path(at, "toolUse");
      expect_object(*tool_use, tool_at);
      event.start = ToolUseStart{require_string(*tool_use, "toolUseId", tool_at),
                                 require_string(*tool_use, "name", tool_at)};
    } else {
      event.start = UnknownMember{start};
    }
    return event;
  }
  if (type == "contentBlockDelta") {
    ContentBlockDelta event;
    event.index = read_block_index(payload, path);
    event.delta = read_delta(require(payload, "delta", path), member_path(path, "delta"));
    return event;
  }
  if (type == "contentBlockStop") return ContentBlockStop{read_block_index(payload, path)};
  if (type == "messageStop") {
    return MessageStop{require_string(payload, "stopReason", path),
                       json_read::optional_raw(payload, "additionalModelResponseFields")};
  }
  if (type == "metadata") {
    return Metadata{
        json_read::read_token_usage(require(payload, "usage", path), member_path(path, "usage")),
        json_read::read_latency_ms(require(payload, "metrics", path), member_path(path, "metrics")),
        json_read::optional_raw(payload, "trace")};
  }
  return UnknownEvent{type, payload};
}

}  // namespace

Expected<ConverseStreamEvent, StreamEventError> parse_converse_stream_event(
    const event_stream::Message& frame) {
  auto event_frame = read_event_frame(frame);
  if (!event_frame) return unexpected(std::move(event_frame).error());
  auto event = json_read::capture(
      [&] { return read_converse_event(event_frame->event_type, event_frame->payload); });
  if (!event) return unexpected(StreamEventError{event.error()});
  return std::move(event).value();
}

Expected<ResponseStreamEvent, StreamEventError> parse_response_stream_event(
    const event_stream::Message& frame) {
  auto event_frame = read_event_frame(frame);
  if (!event_frame) return unexpected(std::move(event_frame).error());
  if (event_frame->event_type != "chunk") {
    return ResponseStreamEvent{UnknownEvent{event_frame->event_type, event_frame->payload}};
  }
  auto bytes = json_read::capture([&] {
    return as_blob(require(event_frame->payload, "bytes", "chunk"), "chunk.bytes");
  });
  if (!bytes) return unexpected(StreamEventError{bytes.error()});
  return ResponseStreamEvent{PayloadChunk{std::move(bytes).value()}};
}

// ---- Accumulator -------------------------------------------------------------------------------

std::optional<ConverseResponse> ConverseStreamResult::as_response() const {
  if (!complete()) return std::nullopt;
  ConverseResponse response;
  response.message = message;
  response.stop_reason = *stop_reason;
  response.usage = *usage;
  response.latency_ms = latency_ms.value_or(0);
  response.additional_model_response_fields = additional_model_response_fields;
  response.trace = trace;
  return response;
}

Expected<void, ParseError> ConverseStreamAccumulator::add(const ConverseStreamEvent& event) {
  if (const auto* start = std::get_if<MessageStart>(&event)) {
    role_ = start->role;
  } else if (const auto* block_start = std::get_if<ContentBlockStart>(&event)) {
    if (const auto* tool = std::get_if<ToolUseStart>(&block_start->start)) {
      BlockInProgress& block = blocks_[block_start->index];
      if (block.kind != BlockKind::kPending && block.kind != BlockKind::kToolUse) {
        return unexpected(ParseError{ParseErrorKind::kInvalidValue,
                                     "contentBlockStart[" + std::to_string(block_start->index) + "]",
                                     "toolUse start for a block that already has other content"});
      }
      block.kind = BlockKind::kToolUse;
      block.tool_use_id = tool->tool_use_id;
      block.tool_name = tool->name;
    }
  } else if (const auto* delta = std::get_if<ContentBlockDelta>(&event)) {
    return add_delta(*delta);
  } else if (const auto* stop = std::get_if<MessageStop>(&event)) {
    stop_reason_ = stop->stop_reason;
    additional_model_response_fields_ = stop->additional_model_response_fields;
  } else if (const auto* metadata = std::get_if<Metadata>(&event)) {
    metadata_ = *metadata;
  }
  // ContentBlockStop closes nothing we need to track; UnknownEvent is skipped.
  return {};
}

Expected<void, ParseError> ConverseStreamAccumulator::add_delta(const ContentBlockDelta& delta) {
  if (std::holds_alternative<UnknownMember>(delta.delta)) return {};
  BlockInProgress& block = blocks_[delta.index];
  const auto expect_kind = [&](BlockKind wanted, std::string_view what) -> Expected<void, ParseError> {
    if (block.kind == BlockKind::kPending) block.kind = wanted;
    if (block.kind != wanted) {
      return unexpected(ParseError{ParseErrorKind::kInvalidValue,
                                   "contentBlockDelta[" + std::to_string(delta.index) + "]",
                                   std::string(what) + " delta for a block of another kind"});
    }
    return {};
  };
  if (const auto* text = std::get_if<TextDelta>(&delta.delta)) {
    if (auto ok = expect_kind(BlockKind::kText, "text"); !ok) return ok;
    block.text += text->text;
  } else if (const auto* input = std::get_if<ToolUseInputDelta>(&delta.delta)) {
    if (auto ok = expect_kind(BlockKind::kToolUse, "toolUse"); !ok) return ok;
    block.text += input->input;
  } else if (const auto* reasoning = std::get_if<ReasoningTextDelta>(&delta.delta)) {
    if (auto ok = expect_kind(BlockKind::kReasoning, "reasoning text"); !ok) return ok;
    block.text += reasoning->text;
  } else if (const auto* signature = std::get_if<ReasoningSignatureDelta>(&delta.delta)) {
    if (auto ok = expect_kind(BlockKind::kReasoning, "reasoning signature"); !ok) return ok;
    block.signature = block.signature.value_or("") + signature->signature;
  } else if (const auto* redacted = std::get_if<RedactedReasoningDelta>(&delta.delta)) {
    if (auto ok = expect_kind(BlockKind::kRedactedReasoning, "redacted reasoning"); !ok) {
      return ok;
    }
    block.text += redacted->bytes;
  }
  return {};
}

Expected<ConverseStreamResult, ParseError> ConverseStreamAccumulator::result() const {
  ConverseStreamResult result;
  result.message.role = role_;
  for (const auto& [index, block] : blocks_) {
    switch (block.kind) {
      case BlockKind::kPending:
        break;  // a block we saw only unknown deltas for
      case BlockKind::kText:
        result.message.content.push_back(TextBlock{block.text});
        break;
      case BlockKind::kToolUse: {
        Json input = Json::object();
        if (!block.text.empty()) {
          input = Json::parse(block.text, nullptr, /*allow_exceptions=*/false);
          if (input.is_discarded()) {
            return unexpected(ParseError{
                ParseErrorKind::kInvalidJson,
                "contentBlock[" + std::to_string(index) + "].toolUse.input",
                "the input fragments do not form JSON: " + block.text.substr(0, 200)});
          }
        }
        result.message.content.push_back(
            ToolUseBlock{block.tool_use_id, block.tool_name, std::move(input)});
        break;
      }
      case BlockKind::kReasoning:
        result.message.content.push_back(
            ReasoningBlock{ReasoningText{block.text, block.signature}});
        break;
      case BlockKind::kRedactedReasoning:
        result.message.content.push_back(ReasoningBlock{RedactedReasoning{block.text}});
        break;
    }
  }
  result.stop_reason = stop_reason_;
  result.additional_model_response_fields = additional_model_response_fields_;
  if (metadata_) {
    result.usage = metadata_->usage;
    result.latency_ms = metadata_->latency_ms;
    result.trace = metadata_->trace;
  }
  return result;
}

}  // namespace bedrock::client
