#include "simulate/synthetic_reply.hpp"

#include <algorithm>

#include "bedrock/protocol/encoding.hpp"

namespace bedrock::mock::synth {
namespace {

constexpr std::string_view kPaddingAlphabet =
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

// Plain words only: no quotes, no non-ASCII, so every client prints the text unchanged.
constexpr std::string_view kWords[] = {
    "simulated", "answer",   "from",   "the",     "mock",    "service", "model",   "request",
    "response",  "stream",   "token",  "region",  "profile", "bedrock", "testbed", "quiet",
    "river",     "mountain", "signal", "garden",  "window",  "careful", "bright",  "steady",
    "simple",    "clear",    "useful", "small",   "large",   "early",   "later",   "today",
    "always",    "often",    "maybe",  "because", "while",   "under",   "over",    "between",
    "through",   "around",   "a",      "an",      "is",      "was",     "will",    "can",
    "should",    "and",      "or",     "but",     "with",    "without", "for",     "to",
    "of",        "in",       "on",     "this",    "that",    "every",   "some",    "deterministic"};

constexpr std::size_t kWordCount = sizeof(kWords) / sizeof(kWords[0]);

uint64_t load_u64(std::string_view bytes) {
  uint64_t value = 0;
  for (std::size_t i = 0; i < 8 && i < bytes.size(); ++i) {
    value = (value << 8) | static_cast<unsigned char>(bytes[i]);
  }
  return value;
}

std::string capitalised(std::string_view word) {
  std::string out(word);
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 32);
  return out;
}

nlohmann::ordered_json value_for_schema(const nlohmann::json& schema, Seed& seed) {
  if (schema.is_object()) {
    if (schema.contains("enum") && schema["enum"].is_array() && !schema["enum"].empty()) {
      return schema["enum"][0];
    }
    const auto type_it = schema.find("type");
    const std::string type =
        type_it != schema.end() && type_it->is_string() ? type_it->get<std::string>() : "";
    if (type == "integer") return static_cast<long long>(seed.between(1, 100));
    if (type == "number") return static_cast<double>(seed.between(10, 1000)) / 10.0;
    if (type == "boolean") return true;
    if (type == "array") return nlohmann::ordered_json::array();
    if (type == "object") return nlohmann::ordered_json::object();
  }
  return std::string(kWords[seed.between(0, kWordCount - 1)]);
}

ToolCall make_tool_call(const ToolRequest& request, Seed& seed) {
  ToolCall call;
  call.name = request.name;
  call.id_suffix = id_chars(seed, 22, kBase62);
  call.input = nlohmann::ordered_json::object();
  const nlohmann::json& schema = request.input_schema;
  if (schema.is_object() && schema.contains("properties") && schema["properties"].is_object()) {
    const nlohmann::json& properties = schema["properties"];
    // Fill the required members when the schema names them, else every property.
    std::vector<std::string> names;
    if (schema.contains("required") && schema["required"].is_array()) {
      for (const auto& name : schema["required"]) {
        if (name.is_string() && properties.contains(name.get<std::string>())) {
          names.push_back(name.get<std::string>());
        }
      }
    }
    if (names.empty()) {
      for (const auto& [name, unused] : properties.items()) {
        (void)unused;
        names.push_back(name);
      }
    }
    for (const std::string& name : names)
      call.input[name] = value_for_schema(properties[name], seed);
  }
  call.input_json = call.input.dump();
  return call;
}

}  // namespace

Seed::Seed(std::string_view request_body, std::string_view salt) {
  const std::string digest = encoding::sha256(std::string(salt) + "\n" + std::string(request_body));
  state_ = load_u64(digest);
}

uint64_t Seed::next() {
  uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

std::size_t Seed::between(std::size_t low, std::size_t high) {
  if (high <= low) return low;
  return low + static_cast<std::size_t>(next() % (high - low + 1));
}

std::string padding(Seed& seed) {
  return std::string(kPaddingAlphabet.substr(0, seed.between(2, kPaddingAlphabet.size() - 1)));
}

std::string id_chars(Seed& seed, std::size_t count, std::string_view alphabet) {
  std::string out;
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) out += alphabet[seed.between(0, alphabet.size() - 1)];
  return out;
}

long long estimate_tokens(std::string_view text) {
  return std::max<long long>(1, static_cast<long long>((text.size() + 3) / 4));
}

void append_text_leaves(const nlohmann::json& value, std::string& out) {
  if (value.is_string()) {
    if (!out.empty()) out += ' ';
    out += value.get_ref<const std::string&>();
  } else if (value.is_structured()) {
    for (const auto& item : value) append_text_leaves(item, out);
  }
}

void append_message_text(const nlohmann::json& messages, std::string& out) {
  if (!messages.is_array()) return;
  for (const auto& message : messages) {
    if (!message.is_object()) continue;
    const auto content = message.find("content");
    if (content == message.end()) continue;
    if (!content->is_array()) {
      append_text_leaves(*content, out);
      continue;
    }
    for (const auto& block : *content) {
      if (!block.is_object()) {
        append_text_leaves(block, out);
        continue;
      }
      for (const auto& [key, value] : block.items()) {
        if (key != "type") append_text_leaves(value, out);
      }
    }
  }
}

std::string_view to_string(StopReason reason) {
  switch (reason) {
    case StopReason::kEndTurn:
      return "end_turn";
    case StopReason::kMaxTokens:
      return "max_tokens";
    case StopReason::kToolUse:
      return "tool_use";
  }
  return "end_turn";
}

Reply make_reply(std::string_view request_body, const ReplyPlan& plan) {
  Seed seed(request_body, "reply");
  Reply reply;
  reply.input_tokens = estimate_tokens(plan.input_text);
  reply.message_id = id_chars(seed, 22, kBase58);
  reply.first_byte_ms = static_cast<long long>(kFirstByteMs);

  if (plan.forced_tool) {
    reply.tool = make_tool_call(*plan.forced_tool, seed);
    reply.stop = StopReason::kToolUse;
    // The call's JSON plus the framing a model spends on it.
    reply.output_tokens = estimate_tokens(reply.tool->input_json) + 8;
    reply.latency_ms = reply.first_byte_ms + 4 * static_cast<long long>(kPerDeltaMs);
    return reply;
  }

  // One token per word keeps maxTokens truncation exact and the usage believable.
  const std::size_t natural_words = seed.between(12, 40);
  std::size_t words = natural_words;
  if (plan.max_tokens && *plan.max_tokens >= 0 &&
      static_cast<unsigned long long>(*plan.max_tokens) < natural_words) {
    words = static_cast<std::size_t>(std::max<long long>(1, *plan.max_tokens));
    reply.stop = StopReason::kMaxTokens;
  }
  const std::size_t sentence_break = seed.between(6, natural_words - 3);
  std::vector<std::string> pieces;
  for (std::size_t i = 0; i < words; ++i) {
    std::string word(kWords[seed.between(0, kWordCount - 1)]);
    if (i == 0 || i == sentence_break) word = capitalised(word);
    if (i + 1 == sentence_break) word += '.';
    if (i + 1 == natural_words) word += '.';
    pieces.push_back(std::move(word));
  }
  // Real streams carry one to a few words per delta, each after the first with its space.
  std::size_t i = 0;
  while (i < pieces.size()) {
    const std::size_t take = std::min(pieces.size() - i, seed.between(1, 3));
    std::string delta;
    for (std::size_t k = 0; k < take; ++k) {
      if (i + k > 0) delta += ' ';
      delta += pieces[i + k];
    }
    reply.text += delta;
    reply.deltas.push_back(std::move(delta));
    i += take;
  }
  reply.output_tokens = static_cast<long long>(words);
  reply.latency_ms = reply.first_byte_ms + static_cast<long long>(kPerDeltaMs) *
                                               static_cast<long long>(reply.deltas.size());
  return reply;
}

std::vector<std::string> tool_input_fragments(const ToolCall& tool, Seed& seed) {
  std::vector<std::string> fragments{""};
  std::size_t at = 0;
  while (at < tool.input_json.size()) {
    std::size_t take = std::min(tool.input_json.size() - at, seed.between(4, 12));
    // Never cut a UTF-8 sequence: each fragment must be valid text on its own.
    while (at + take < tool.input_json.size() &&
           (static_cast<unsigned char>(tool.input_json[at + take]) & 0xC0) == 0x80) {
      ++take;
    }
    fragments.push_back(tool.input_json.substr(at, take));
    at += take;
  }
  return fragments;
}

}  // namespace bedrock::mock::synth
