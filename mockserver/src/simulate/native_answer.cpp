// InvokeModel and InvokeModelWithResponseStream answers in each family's native body
// (reference §2, §5; shapes from the dd-trace-py, openllmetry and OTel recordings).
//
// Native bodies are the provider's serialisation, not Coral's: member order is the provider's
// (Anthropic: id, type, role, model, content, ...), so they are built with ordered_json. Nova's
// non-streamed body happens to be sorted. Stream chunks are `chunk` events whose payload is
// {"bytes":"<base64 of a native JSON fragment>","p":"..."}; the last fragment carries
// "amazon-bedrock-invocationMetrics".
#include <algorithm>
#include <cctype>
#include <utility>

#include "bedrock/protocol/encoding.hpp"
#include "bedrock/protocol/error_messages.hpp"
#include "bedrock/protocol/event_stream_message.hpp"
#include "simulate/answer_renderers.hpp"

namespace bedrock::mock::render {
namespace {

using nlohmann::json;
using ordered = nlohmann::ordered_json;

constexpr std::string_view kAnthropicMessages = "anthropic-messages";
constexpr std::string_view kAmazonNova = "amazon-nova";
constexpr std::string_view kAmazonTitanText = "amazon-titan-text";
constexpr std::string_view kMetaLlama = "meta-llama";

const json* member(const json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  const auto it = object.find(std::string(key));
  return it == object.end() ? nullptr : &*it;
}

std::optional<long long> integer_at(const json& object, std::string_view outer,
                                    std::string_view inner = {}) {
  const json* value = member(object, outer);
  if (value != nullptr && !inner.empty()) value = member(*value, inner);
  if (value == nullptr || !value->is_number_integer()) return std::nullopt;
  return value->get<long long>();
}

std::string_view json_type_name(const json& value) {
  // The JSON-schema validator's wording (org.json type names), as in "expected type: ...".
  switch (value.type()) {
    case json::value_t::array:
      return "JSONArray";
    case json::value_t::string:
      return "String";
    case json::value_t::boolean:
      return "Boolean";
    case json::value_t::null:
      return "Null";
    case json::value_t::object:
      return "JSONObject";
    default:
      return "Number";
  }
}

// Malformed input request with the validator's texts: one missing key names it, several are
// counted ("#: 2 schema violations found").
Expected<void, errors::ServiceError> require_keys(const json& body,
                                                  std::initializer_list<std::string_view> keys) {
  std::vector<std::string_view> missing;
  for (const std::string_view key : keys) {
    if (member(body, key) == nullptr) missing.push_back(key);
  }
  if (missing.empty()) return {};
  if (missing.size() == 1) {
    return unexpected(errors::malformed_input_request("#: required key [" +
                                                      std::string(missing[0]) + "] not found"));
  }
  return unexpected(errors::malformed_input_request("#: " + std::to_string(missing.size()) +
                                                    " schema violations found"));
}

std::string text_of(const json& body, std::initializer_list<std::string_view> keys) {
  std::string text;
  for (const std::string_view key : keys) {
    if (const json* value = member(body, key)) synth::append_text_leaves(*value, text);
  }
  return text;
}

// Anthropic's tool_choice {"type":"any"} / {"type":"tool","name":...} over tools[].input_schema.
std::optional<synth::ToolRequest> anthropic_forced_tool(const json& body) {
  const json* choice = member(body, "tool_choice");
  const json* tools = member(body, "tools");
  if (choice == nullptr || tools == nullptr || !tools->is_array()) return std::nullopt;
  const json* type = member(*choice, "type");
  if (type == nullptr || !type->is_string()) return std::nullopt;
  std::string wanted;
  if (*type == "tool") {
    const json* name = member(*choice, "name");
    if (name == nullptr || !name->is_string()) return std::nullopt;
    wanted = name->get<std::string>();
  } else if (*type != "any") {
    return std::nullopt;
  }
  for (const json& tool : *tools) {
    const json* name = member(tool, "name");
    if (name == nullptr || !name->is_string()) continue;
    if (!wanted.empty() && *name != wanted) continue;
    const json* schema = member(tool, "input_schema");
    return synth::ToolRequest{name->get<std::string>(), schema ? *schema : json()};
  }
  return std::nullopt;
}

// "anthropic.claude-3-5-haiku-20241022-v1:0" -> "claude-3-5-haiku-20241022", the name the
// Messages API reports in "model" (recorded: claude-3-5-haiku-20241022,
// claude-3-5-sonnet-20240620).
std::string anthropic_model_name(std::string_view model_id) {
  std::string name(model_id.substr(model_id.find('.') + 1));
  const std::size_t version = name.rfind("-v");
  if (version != std::string::npos && version + 2 < name.size() &&
      std::isdigit(static_cast<unsigned char>(name[version + 2])) != 0) {
    name.resize(version);
  }
  return name;
}

ordered invocation_metrics(const synth::Reply& reply) {
  ordered metrics;
  metrics["inputTokenCount"] = reply.input_tokens;
  metrics["outputTokenCount"] = reply.output_tokens;
  metrics["invocationLatency"] = reply.latency_ms;
  metrics["firstByteLatency"] = reply.first_byte_ms;
  return metrics;
}

std::size_t words_in(std::string_view delta) {
  return static_cast<std::size_t>(std::count(delta.begin(), delta.end(), ' ')) +
         (delta.empty() || delta.front() == ' ' ? 0 : 1);
}

// Collects native stream fragments and wraps each in a paced `chunk` event.
class ChunkStream {
 public:
  ChunkStream(SimulatedAnswer& answer, synth::Seed& pad) : answer_(answer), pad_(pad) {}
  void add(const ordered& fragment, double at) {
    const json payload = {{"bytes", encoding::base64_encode(fragment.dump())}};
    answer_.events.push_back(event_stream::make_event("chunk", padded_payload(payload, pad_)));
    answer_.event_offsets_ms.push_back(at);
  }

 private:
  SimulatedAnswer& answer_;
  synth::Seed& pad_;
};

// ---- Anthropic Messages ----------------------------------------------------------------------

ordered anthropic_body(const ResolvedModel& model, const synth::Reply& reply) {
  ordered content = ordered::array();
  if (!reply.text.empty()) content.push_back(ordered{{"type", "text"}, {"text", reply.text}});
  if (reply.tool) {
    content.push_back(ordered{{"type", "tool_use"},
                              {"id", "toolu_bdrk_01" + reply.tool->id_suffix},
                              {"name", reply.tool->name},
                              {"input", reply.tool->input}});
  }
  ordered body;
  body["id"] = "msg_bdrk_01" + reply.message_id;
  body["type"] = "message";
  body["role"] = "assistant";
  body["model"] = anthropic_model_name(model.model->model_id);
  body["content"] = std::move(content);
  body["stop_reason"] = synth::to_string(reply.stop);
  body["stop_sequence"] = nullptr;
  body["usage"] =
      ordered{{"input_tokens", reply.input_tokens}, {"output_tokens", reply.output_tokens}};
  return body;
}

void anthropic_stream(const ResolvedModel& model, const synth::Reply& reply,
                      std::string_view request_body, ChunkStream& chunks) {
  synth::Pacer pacer;
  ordered start = anthropic_body(model, reply);
  start["content"] = ordered::array();
  start["stop_reason"] = nullptr;
  start["usage"]["output_tokens"] = 1;
  chunks.add(ordered{{"type", "message_start"}, {"message", std::move(start)}}, pacer.first());
  int index = 0;
  if (!reply.text.empty()) {
    chunks.add(ordered{{"type", "content_block_start"},
                       {"index", index},
                       {"content_block", ordered{{"type", "text"}, {"text", ""}}}},
               pacer.tick());
    for (const std::string& delta : reply.deltas) {
      chunks.add(ordered{{"type", "content_block_delta"},
                         {"index", index},
                         {"delta", ordered{{"type", "text_delta"}, {"text", delta}}}},
                 pacer.delta());
    }
    chunks.add(ordered{{"type", "content_block_stop"}, {"index", index}}, pacer.tick());
    ++index;
  }
  if (reply.tool) {
    chunks.add(ordered{{"type", "content_block_start"},
                       {"index", index},
                       {"content_block", ordered{{"type", "tool_use"},
                                                 {"id", "toolu_bdrk_01" + reply.tool->id_suffix},
                                                 {"name", reply.tool->name},
                                                 {"input", ordered::object()}}}},
               pacer.tick());
    synth::Seed fragments_seed(request_body, "tool-fragments");
    for (const std::string& piece : synth::tool_input_fragments(*reply.tool, fragments_seed)) {
      chunks.add(ordered{{"type", "content_block_delta"},
                         {"index", index},
                         {"delta", ordered{{"type", "input_json_delta"}, {"partial_json", piece}}}},
                 pacer.delta());
    }
    chunks.add(ordered{{"type", "content_block_stop"}, {"index", index}}, pacer.tick());
  }
  chunks.add(ordered{{"type", "message_delta"},
                     {"delta", ordered{{"stop_reason", synth::to_string(reply.stop)},
                                       {"stop_sequence", nullptr}}},
                     {"usage", ordered{{"output_tokens", reply.output_tokens}}}},
             pacer.tick());
  chunks.add(ordered{{"type", "message_stop"},
                     {"amazon-bedrock-invocationMetrics", invocation_metrics(reply)}},
             pacer.tick());
}

// ---- Amazon Nova -----------------------------------------------------------------------------

ordered nova_tool_use(const synth::ToolCall& tool) {
  return ordered{
      {"input", tool.input}, {"name", tool.name}, {"toolUseId", "tooluse_" + tool.id_suffix}};
}

ordered nova_body(const synth::Reply& reply) {
  ordered content = ordered::array();
  if (!reply.text.empty()) content.push_back(ordered{{"text", reply.text}});
  if (reply.tool) content.push_back(ordered{{"toolUse", nova_tool_use(*reply.tool)}});
  return ordered{
      {"output",
       ordered{{"message", ordered{{"content", std::move(content)}, {"role", "assistant"}}}}},
      {"stopReason", synth::to_string(reply.stop)},
      {"usage", ordered{{"inputTokens", reply.input_tokens},
                        {"outputTokens", reply.output_tokens},
                        {"totalTokens", reply.input_tokens + reply.output_tokens}}}};
}

void nova_stream(const synth::Reply& reply, ChunkStream& chunks) {
  synth::Pacer pacer;
  chunks.add(ordered{{"messageStart", ordered{{"role", "assistant"}}}}, pacer.first());
  // Recorded Nova streams (2025) put every text delta in its own content block, each closed
  // right after it; kept because clients that index blocks see exactly this.
  int index = 0;
  for (const std::string& delta : reply.deltas) {
    chunks.add(ordered{{"contentBlockDelta", ordered{{"delta", ordered{{"text", delta}}},
                                                     {"contentBlockIndex", index}}}},
               pacer.delta());
    chunks.add(ordered{{"contentBlockStop", ordered{{"contentBlockIndex", index}}}}, pacer.tick());
    ++index;
  }
  if (reply.tool) {
    chunks.add(
        ordered{{"contentBlockStart",
                 ordered{{"start", ordered{{"toolUse", ordered{{"toolUseId",
                                                                "tooluse_" + reply.tool->id_suffix},
                                                               {"name", reply.tool->name}}}}},
                         {"contentBlockIndex", index}}}},
        pacer.delta());
    chunks.add(ordered{{"contentBlockDelta",
                        ordered{{"delta",
                                 ordered{{"toolUse", ordered{{"input", reply.tool->input_json}}}}},
                                {"contentBlockIndex", index}}}},
               pacer.delta());
    chunks.add(ordered{{"contentBlockStop", ordered{{"contentBlockIndex", index}}}}, pacer.tick());
  }
  chunks.add(ordered{{"messageStop", ordered{{"stopReason", synth::to_string(reply.stop)}}}},
             pacer.tick());
  chunks.add(ordered{{"metadata", ordered{{"usage", ordered{{"inputTokens", reply.input_tokens},
                                                            {"outputTokens", reply.output_tokens}}},
                                          {"metrics", ordered::object()},
                                          {"trace", ordered::object()}}},
                     {"amazon-bedrock-invocationMetrics", invocation_metrics(reply)}},
             pacer.tick());
}

// ---- Amazon Titan Text -----------------------------------------------------------------------

std::string_view titan_reason(const synth::Reply& reply) {
  return reply.stop == synth::StopReason::kMaxTokens ? "LENGTH" : "FINISH";
}

ordered titan_body(const synth::Reply& reply) {
  return ordered{{"inputTextTokenCount", reply.input_tokens},
                 {"results", ordered::array({ordered{{"tokenCount", reply.output_tokens},
                                                     {"outputText", reply.text},
                                                     {"completionReason", titan_reason(reply)}}})}};
}

void titan_stream(const synth::Reply& reply, ChunkStream& chunks) {
  synth::Pacer pacer;
  std::size_t emitted = 0;
  for (std::size_t i = 0; i < reply.deltas.size(); ++i) {
    emitted += words_in(reply.deltas[i]);
    const bool last = i + 1 == reply.deltas.size();
    ordered chunk{{"outputText", reply.deltas[i]},
                  {"index", 0},
                  {"totalOutputTextTokenCount", emitted},
                  {"completionReason", last ? ordered(titan_reason(reply)) : ordered(nullptr)},
                  {"inputTextTokenCount", reply.input_tokens}};
    if (last) chunk["amazon-bedrock-invocationMetrics"] = invocation_metrics(reply);
    chunks.add(chunk, i == 0 ? pacer.first() : pacer.delta());
  }
}

// ---- Meta Llama ------------------------------------------------------------------------------

std::string_view llama_reason(const synth::Reply& reply) {
  return reply.stop == synth::StopReason::kMaxTokens ? "length" : "stop";
}

ordered llama_body(const synth::Reply& reply) {
  return ordered{{"generation", reply.text},
                 {"prompt_token_count", reply.input_tokens},
                 {"generation_token_count", reply.output_tokens},
                 {"stop_reason", llama_reason(reply)}};
}

void llama_stream(const synth::Reply& reply, ChunkStream& chunks) {
  synth::Pacer pacer;
  std::size_t emitted = 0;
  for (std::size_t i = 0; i < reply.deltas.size(); ++i) {
    emitted += words_in(reply.deltas[i]);
    const bool last = i + 1 == reply.deltas.size();
    // Recorded: the prompt count only in the first chunk, null afterwards.
    ordered chunk{{"generation", reply.deltas[i]},
                  {"prompt_token_count", i == 0 ? ordered(reply.input_tokens) : ordered(nullptr)},
                  {"generation_token_count", emitted},
                  {"stop_reason", last ? ordered(llama_reason(reply)) : ordered(nullptr)}};
    if (last) chunk["amazon-bedrock-invocationMetrics"] = invocation_metrics(reply);
    chunks.add(chunk, i == 0 ? pacer.first() : pacer.delta());
  }
}

void add_echoed_headers(const SimulationRequest& request, SimulatedAnswer& answer) {
  // Modeled response headers that repeat what the caller asked for (reference §2).
  for (const char* name :
       {"X-Amzn-Bedrock-PerformanceConfig-Latency", "X-Amzn-Bedrock-Service-Tier"}) {
    const std::string value = request_header(request, name);
    if (!value.empty()) answer.headers.emplace_back(name, value);
  }
}

}  // namespace

bool has_native_dialect(std::string_view family) {
  return family == kAnthropicMessages || family == kAmazonNova || family == kAmazonTitanText ||
         family == kMetaLlama;
}

Expected<synth::ReplyPlan, errors::ServiceError> native_plan(std::string_view family,
                                                             std::string_view body_text) {
  const json body = json::parse(body_text.begin(), body_text.end(), nullptr,
                                /*allow_exceptions=*/false);
  if (body.is_discarded()) {
    return unexpected(
        errors::malformed_input_request("#: expected type: JSONObject, found: String"));
  }
  if (!body.is_object()) {
    return unexpected(errors::malformed_input_request("#: expected type: JSONObject, found: " +
                                                      std::string(json_type_name(body))));
  }
  synth::ReplyPlan plan;
  if (family == kAnthropicMessages) {
    auto ok = require_keys(body, {"anthropic_version", "max_tokens", "messages"});
    if (!ok) return unexpected(ok.error());
    plan.input_text = text_of(body, {"system"});
    if (const json* messages = member(body, "messages")) {
      synth::append_message_text(*messages, plan.input_text);
    }
    if (const json* tools = member(body, "tools"))
      synth::append_text_leaves(*tools, plan.input_text);
    plan.max_tokens = integer_at(body, "max_tokens");
    plan.forced_tool = anthropic_forced_tool(body);
  } else if (family == kAmazonNova) {
    auto ok = require_keys(body, {"messages"});
    if (!ok) return unexpected(ok.error());
    // Nova's native body is Converse-shaped, except max_new_tokens.
    plan = converse_plan(body);
    plan.max_tokens = integer_at(body, "inferenceConfig", "max_new_tokens");
    if (!plan.max_tokens) plan.max_tokens = integer_at(body, "inferenceConfig", "maxTokens");
  } else if (family == kAmazonTitanText) {
    auto ok = require_keys(body, {"inputText"});
    if (!ok) return unexpected(ok.error());
    plan.input_text = text_of(body, {"inputText"});
    plan.max_tokens = integer_at(body, "textGenerationConfig", "maxTokenCount");
  } else if (family == kMetaLlama) {
    auto ok = require_keys(body, {"prompt"});
    if (!ok) return unexpected(ok.error());
    plan.input_text = text_of(body, {"prompt"});
    plan.max_tokens = integer_at(body, "max_gen_len");
  } else {
    synth::append_text_leaves(body, plan.input_text);
  }
  return plan;
}

SimulatedAnswer invoke_model(const ResolvedModel& model, const SimulationRequest& request,
                             bool stream) {
  const std::string& family = model.family();
  if (!has_native_dialect(family)) {
    // Honest about the mock's limit rather than inventing a body the provider never sends.
    return error_answer(errors::make_error(
        errors::ErrorCode::kValidation,
        "bedrock-mock cannot simulate InvokeModel bodies for model family '" + family +
            "' (model " + model.model->model_id + "); record a cassette for it instead."));
  }
  auto plan = native_plan(family, request.body);
  if (!plan) return error_answer(plan.error());
  const synth::Reply reply = synth::make_reply(request.body, *plan);

  SimulatedAnswer answer;
  answer.served_region = model.via_profile ? model.served_region : std::string();
  answer.usage = SimulatedAnswer::Usage{reply.input_tokens, reply.output_tokens};
  if (!stream) {
    ordered body;
    if (family == kAnthropicMessages)
      body = anthropic_body(model, reply);
    else if (family == kAmazonNova)
      body = nova_body(reply);
    else if (family == kAmazonTitanText)
      body = titan_body(reply);
    else
      body = llama_body(reply);
    answer.body = body.dump();
    // Usage travels in headers on InvokeModel (reference §2, §11.12).
    answer.headers = {{"Content-Type", "application/json"},
                      {"X-Amzn-Bedrock-Input-Token-Count", std::to_string(reply.input_tokens)},
                      {"X-Amzn-Bedrock-Invocation-Latency", std::to_string(reply.latency_ms)},
                      {"X-Amzn-Bedrock-Output-Token-Count", std::to_string(reply.output_tokens)}};
    add_echoed_headers(request, answer);
    return answer;
  }
  answer.is_stream = true;
  answer.headers = {{"Content-Type", "application/vnd.amazon.eventstream"},
                    {"X-Amzn-Bedrock-Content-Type", "application/json"}};
  add_echoed_headers(request, answer);
  synth::Seed pad(request.body, "p");
  ChunkStream chunks(answer, pad);
  if (family == kAnthropicMessages)
    anthropic_stream(model, reply, request.body, chunks);
  else if (family == kAmazonNova)
    nova_stream(reply, chunks);
  else if (family == kAmazonTitanText)
    titan_stream(reply, chunks);
  else
    llama_stream(reply, chunks);
  return answer;
}

}  // namespace bedrock::mock::render
