#pragma once
// The model-independent part of a simulated answer: which words, how many tokens, which stop
// reason, which tool call, how long it "took". Everything derives from a SHA-256 of the request
// body, so the same request yields the same bytes and a different prompt different text.
// The renderers (converse_answer, native_answer) only put this into each wire shape.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace bedrock::mock::synth {

// splitmix64 over a seed taken from the body's hash: reproducible on every platform.
class Seed {
 public:
  explicit Seed(std::string_view request_body, std::string_view salt = {});
  uint64_t next();
  // Uniform-enough integer in [low, high].
  std::size_t between(std::size_t low, std::size_t high);

 private:
  uint64_t state_;
};

// The "p" member of event payloads (reference §5): a prefix of a-zA-Z0-9, 2..61 characters.
std::string padding(Seed& seed);
// `count` characters from `alphabet` (IDs such as tooluse_..., msg_bdrk_01...).
std::string id_chars(Seed& seed, std::size_t count, std::string_view alphabet);
inline constexpr std::string_view kBase62 =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
inline constexpr std::string_view kBase58 =
    "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

// About four bytes of text per token, at least one: good enough for usage numbers that move
// with the prompt's length.
long long estimate_tokens(std::string_view text);
// Every string leaf under `value`, joined by spaces (the text a tokenizer would see).
void append_text_leaves(const nlohmann::json& value, std::string& out);
// The text of a messages array (Converse or native): each message's content only, without
// role names or block "type" tags.
void append_message_text(const nlohmann::json& messages, std::string& out);

enum class StopReason { kEndTurn, kMaxTokens, kToolUse };
std::string_view to_string(StopReason reason);  // end_turn, max_tokens, tool_use

struct ToolRequest {
  std::string name;
  nlohmann::json input_schema;  // JSON Schema of the tool's input (may be null)
};

struct ReplyPlan {
  std::string input_text;                  // what the caller sent, for the input token count
  std::optional<long long> max_tokens;     // inferenceConfig.maxTokens / max_tokens / ...
  std::optional<ToolRequest> forced_tool;  // toolChoice tool/any: answer with this tool call
};

struct ToolCall {
  std::string name;
  std::string id_suffix;         // 22 characters; renderers add tooluse_ / toolu_bdrk_01
  nlohmann::ordered_json input;  // built from the schema's properties, schema order
  std::string input_json;        // compact form of `input`
};

struct Reply {
  std::vector<std::string> deltas;  // text pieces; joined they give `text`
  std::string text;
  std::optional<ToolCall> tool;
  StopReason stop = StopReason::kEndTurn;
  long long input_tokens = 0;
  long long output_tokens = 0;
  long long first_byte_ms = 0;
  long long latency_ms = 0;
  std::string message_id;  // 22 base58 characters, for msg_bdrk_01...
};

Reply make_reply(std::string_view request_body, const ReplyPlan& plan);

// The tool input split into the fragments Claude streams: "" first, then short pieces.
std::vector<std::string> tool_input_fragments(const ToolCall& tool, Seed& seed);

// Event pacing: the first event after kFirstByteMs, each text/tool delta kPerDeltaMs later,
// bookkeeping events (stops, metadata) 1 ms apart.
inline constexpr double kFirstByteMs = 200;
inline constexpr double kPerDeltaMs = 20;
class Pacer {
 public:
  double first() { return now_ = kFirstByteMs; }
  double delta() { return now_ += kPerDeltaMs; }
  double tick() { return now_ += 1; }

 private:
  double now_ = 0;
};

}  // namespace bedrock::mock::synth
