#pragma once
// Typed Converse request and response (reference §4). to_json(ConverseRequest) writes the body
// exactly as the service expects it (absent optionals omitted, blobs base64; the model ID goes
// in the path, not the body). parse_converse_response() reads an answer body and ignores every
// member it does not model, anywhere: the real service adds unmodeled ones
// (cacheReadInputTokenCount, serverToolUsage, "type" inside toolUse, ...).
// The streamed variant is in converse_stream.hpp; content blocks in content_block.hpp.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "bedrock/client/content_block.hpp"
#include "bedrock/client/parse_error.hpp"
#include "bedrock/protocol/expected.hpp"

namespace bedrock::client {

// ---- Request -----------------------------------------------------------------------------------

using SystemBlock = std::variant<TextBlock, CachePointBlock, GuardContentBlock>;

struct InferenceConfig {
  std::optional<int64_t> max_tokens;  // >= 1
  std::optional<double> temperature;  // 0..1
  std::optional<double> top_p;        // 0..1
  std::vector<std::string> stop_sequences;  // omitted when empty
  bool operator==(const InferenceConfig&) const = default;
};

struct ToolSpec {
  std::string name;
  std::optional<std::string> description;
  Json input_schema = Json::object();  // the JSON schema, sent as inputSchema.json
  bool operator==(const ToolSpec&) const = default;
};

using Tool = std::variant<ToolSpec, CachePointBlock>;

struct ToolChoice {
  enum class Kind { kAuto, kAny, kTool };
  Kind kind = Kind::kAuto;
  std::string name;  // kTool only

  static ToolChoice automatic() { return {Kind::kAuto, {}}; }
  static ToolChoice any() { return {Kind::kAny, {}}; }
  static ToolChoice tool(std::string name) { return {Kind::kTool, std::move(name)}; }
  bool operator==(const ToolChoice&) const = default;
};

struct ToolConfig {
  std::vector<Tool> tools;
  std::optional<ToolChoice> tool_choice;
  bool operator==(const ToolConfig&) const = default;
};

struct GuardrailConfig {
  std::string identifier;
  std::string version;
  std::optional<std::string> trace;  // enabled | disabled | enabled_full (lower case here)
  std::optional<std::string> stream_processing_mode;  // ConverseStream only: sync | async
  bool operator==(const GuardrailConfig&) const = default;
};

struct PerformanceConfig {
  std::string latency;  // standard | optimized
  bool operator==(const PerformanceConfig&) const = default;
};

struct ConverseRequest {
  std::string model_id;  // goes in the path (operations::build_path), not the body
  std::vector<Message> messages;  // omitted when empty (prompt ARNs carry their own)
  std::vector<SystemBlock> system;
  std::optional<InferenceConfig> inference_config;
  std::optional<ToolConfig> tool_config;
  std::optional<GuardrailConfig> guardrail_config;
  std::optional<Json> additional_model_request_fields;
  std::vector<std::string> additional_model_response_field_paths;
  std::map<std::string, std::string> request_metadata;
  std::optional<PerformanceConfig> performance_config;
  // promptVariables: name -> text (sent as {"name":{"text":...}}).
  std::map<std::string, std::string> prompt_variables;
  bool operator==(const ConverseRequest&) const = default;
};

// The body for Converse / ConverseStream.
Json to_json(const ConverseRequest& request);
// The inverse (recorded requests, tests); unknown members are ignored.
Expected<ConverseRequest, ParseError> parse_converse_request(const Json& body,
                                                             std::string model_id = {});

// ---- Response ----------------------------------------------------------------------------------

struct TokenUsage {
  int64_t input_tokens = 0;
  int64_t output_tokens = 0;
  int64_t total_tokens = 0;
  std::optional<int64_t> cache_read_input_tokens;
  std::optional<int64_t> cache_write_input_tokens;
  bool operator==(const TokenUsage&) const = default;
};

enum class StopReason {
  kEndTurn,
  kToolUse,
  kMaxTokens,
  kStopSequence,
  kGuardrailIntervened,
  kContentFiltered,
  kMalformedModelOutput,
  kMalformedToolUse,
  kModelContextWindowExceeded,
  kOther,  // a value added after this client was written
};
StopReason parse_stop_reason(std::string_view text);

struct ConverseResponse {
  Message message;          // output.message
  std::string stop_reason;  // as received; parse_stop_reason() for the enum
  TokenUsage usage;
  int64_t latency_ms = 0;  // metrics.latencyMs
  std::optional<Json> additional_model_response_fields;
  std::optional<Json> trace;
  std::optional<Json> performance_config;

  // The text blocks of the answer, concatenated.
  std::string text() const { return text_of(message); }
  bool operator==(const ConverseResponse&) const = default;
};

Expected<ConverseResponse, ParseError> parse_converse_response(std::string_view body);
// The same from an already parsed body (a separate name: std::string converts to both).
Expected<ConverseResponse, ParseError> parse_converse_response_json(const Json& body);

// The usage object of a response or a stream's metadata event ("usage" at `path`).
Expected<TokenUsage, ParseError> parse_token_usage(const Json& value,
                                                   const std::string& path = "usage");

}  // namespace bedrock::client
