// Converse and ConverseStream answers (reference §4, §5). nlohmann::json keeps object keys
// sorted, which is exactly the real serialisation: compact, keys sorted at every level
// (metrics, output, stopReason, usage), raw UTF-8.
#include <utility>

#include "bedrock/protocol/event_stream_message.hpp"
#include "simulate/answer_renderers.hpp"

namespace bedrock::mock::render {
namespace {

using nlohmann::json;

json parse_object(std::string_view body) {
  json value = json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
  return value.is_object() ? value : json::object();
}

synth::ReplyPlan plan_of(const SimulationRequest& request) {
  if (request.parsed_body != nullptr && request.parsed_body->is_object()) {
    return converse_plan(*request.parsed_body);
  }
  return converse_plan(parse_object(request.body));
}

const json* member(const json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  const auto it = object.find(std::string(key));
  return it == object.end() ? nullptr : &*it;
}

std::string tool_use_id(const synth::ToolCall& tool) { return "tooluse_" + tool.id_suffix; }

json usage_of(const synth::Reply& reply) {
  return {{"inputTokens", reply.input_tokens},
          {"outputTokens", reply.output_tokens},
          {"totalTokens", reply.input_tokens + reply.output_tokens}};
}

}  // namespace

std::string converse_input_text(const json& request) {
  std::string text;
  if (const json* system = member(request, "system")) synth::append_text_leaves(*system, text);
  if (const json* messages = member(request, "messages")) {
    synth::append_message_text(*messages, text);
  }
  if (const json* tools = member(request, "toolConfig")) synth::append_text_leaves(*tools, text);
  return text;
}

synth::ReplyPlan converse_plan(const json& request) {
  synth::ReplyPlan plan;
  plan.input_text = converse_input_text(request);
  if (const json* config = member(request, "inferenceConfig")) {
    if (const json* max = member(*config, "maxTokens"); max && max->is_number_integer()) {
      plan.max_tokens = max->get<long long>();
    }
  }
  const json* tool_config = member(request, "toolConfig");
  if (tool_config == nullptr) return plan;
  const json* choice = member(*tool_config, "toolChoice");
  const json* tools = member(*tool_config, "tools");
  if (choice == nullptr || tools == nullptr || !tools->is_array()) return plan;
  std::string wanted;  // empty: any tool (the first one)
  if (const json* tool = member(*choice, "tool")) {
    const json* name = member(*tool, "name");
    if (name == nullptr || !name->is_string()) return plan;
    wanted = name->get<std::string>();
  } else if (member(*choice, "any") == nullptr) {
    return plan;  // auto: the simulated model prefers to answer in text
  }
  for (const json& tool : *tools) {
    const json* spec = member(tool, "toolSpec");
    if (spec == nullptr) continue;
    const json* name = member(*spec, "name");
    if (name == nullptr || !name->is_string()) continue;
    if (!wanted.empty() && name->get<std::string>() != wanted) continue;
    synth::ToolRequest forced{name->get<std::string>(), json()};
    if (const json* schema = member(*spec, "inputSchema")) {
      if (const json* body = member(*schema, "json")) forced.input_schema = *body;
    }
    plan.forced_tool = std::move(forced);
    return plan;
  }
  if (!wanted.empty()) plan.forced_tool = synth::ToolRequest{wanted, json()};
  return plan;
}

SimulatedAnswer converse(const ResolvedModel& model, const SimulationRequest& request) {
  const synth::Reply reply = synth::make_reply(request.body, plan_of(request));
  json content = json::array();
  if (!reply.text.empty()) content.push_back({{"text", reply.text}});
  if (reply.tool) {
    content.push_back({{"toolUse",
                        {{"input", json(reply.tool->input)},
                         {"name", reply.tool->name},
                         {"toolUseId", tool_use_id(*reply.tool)}}}});
  }
  const json body = {
      {"metrics", {{"latencyMs", reply.latency_ms}}},
      {"output", {{"message", {{"content", std::move(content)}, {"role", "assistant"}}}}},
      {"stopReason", synth::to_string(reply.stop)},
      {"usage", usage_of(reply)}};
  SimulatedAnswer answer;
  answer.headers = {{"Content-Type", "application/json"}};
  answer.body = body.dump();
  answer.served_region = model.via_profile ? model.served_region : std::string();
  answer.usage = SimulatedAnswer::Usage{reply.input_tokens, reply.output_tokens};
  return answer;
}

SimulatedAnswer converse_stream(const ResolvedModel& model, const SimulationRequest& request) {
  const synth::Reply reply = synth::make_reply(request.body, plan_of(request));
  synth::Seed pad(request.body, "p");
  synth::Seed fragments_seed(request.body, "tool-fragments");
  synth::Pacer pacer;
  SimulatedAnswer answer;
  answer.is_stream = true;
  answer.headers = {{"Content-Type", "application/vnd.amazon.eventstream"}};
  answer.served_region = model.via_profile ? model.served_region : std::string();
  answer.usage = SimulatedAnswer::Usage{reply.input_tokens, reply.output_tokens};
  auto emit = [&](std::string_view type, json payload, double at) {
    answer.events.push_back(
        event_stream::make_event(type, padded_payload(std::move(payload), pad)));
    answer.event_offsets_ms.push_back(at);
  };

  emit("messageStart", {{"role", "assistant"}}, pacer.first());
  int index = 0;
  if (!reply.text.empty()) {
    // No contentBlockStart for text blocks (reference §5).
    for (const std::string& delta : reply.deltas) {
      emit("contentBlockDelta", {{"contentBlockIndex", index}, {"delta", {{"text", delta}}}},
           pacer.delta());
    }
    emit("contentBlockStop", {{"contentBlockIndex", index}}, pacer.tick());
    ++index;
  }
  if (reply.tool) {
    emit("contentBlockStart",
         {{"contentBlockIndex", index},
          {"start",
           {{"toolUse", {{"name", reply.tool->name}, {"toolUseId", tool_use_id(*reply.tool)}}}}}},
         pacer.delta());
    // Claude streams the input as JSON fragments starting with ""; Nova (and the rest here)
    // sends it whole in one delta (reference §5).
    const std::vector<std::string> pieces =
        model.family() == "anthropic-messages"
            ? synth::tool_input_fragments(*reply.tool, fragments_seed)
            : std::vector<std::string>{reply.tool->input_json};
    for (const std::string& piece : pieces) {
      emit("contentBlockDelta",
           {{"contentBlockIndex", index}, {"delta", {{"toolUse", {{"input", piece}}}}}},
           pacer.delta());
    }
    emit("contentBlockStop", {{"contentBlockIndex", index}}, pacer.tick());
  }
  emit("messageStop", {{"stopReason", synth::to_string(reply.stop)}}, pacer.tick());
  emit("metadata", {{"metrics", {{"latencyMs", reply.latency_ms}}}, {"usage", usage_of(reply)}},
       pacer.tick());
  return answer;
}

}  // namespace bedrock::mock::render
