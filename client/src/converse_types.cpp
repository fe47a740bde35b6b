#include "bedrock/client/converse_types.hpp"

#include <array>
#include <utility>

#include "content_block_json.hpp"
#include "converse_json.hpp"

namespace bedrock::client {
namespace json_read {
namespace {

Json write_system_block(const SystemBlock& block) {
  if (const auto* text = std::get_if<TextBlock>(&block)) return Json{{"text", text->text}};
  if (const auto* cache_point = std::get_if<CachePointBlock>(&block)) {
    return Json{{"cachePoint", write_cache_point(*cache_point)}};
  }
  return Json{{"guardContent", write_guard_content(std::get<GuardContentBlock>(block))}};
}

Json write_inference_config(const InferenceConfig& config) {
  Json out = Json::object();
  if (config.max_tokens) out["maxTokens"] = *config.max_tokens;
  if (config.temperature) out["temperature"] = *config.temperature;
  if (config.top_p) out["topP"] = *config.top_p;
  if (!config.stop_sequences.empty()) out["stopSequences"] = config.stop_sequences;
  return out;
}

Json write_tool(const Tool& tool) {
  if (const auto* cache_point = std::get_if<CachePointBlock>(&tool)) {
    return Json{{"cachePoint", write_cache_point(*cache_point)}};
  }
  const auto& spec = std::get<ToolSpec>(tool);
  Json out = {{"name", spec.name}};
  if (spec.description) out["description"] = *spec.description;
  out["inputSchema"] = Json{{"json", spec.input_schema}};
  return Json{{"toolSpec", std::move(out)}};
}

Json write_tool_choice(const ToolChoice& choice) {
  switch (choice.kind) {
    case ToolChoice::Kind::kAuto: return Json{{"auto", Json::object()}};
    case ToolChoice::Kind::kAny: return Json{{"any", Json::object()}};
    case ToolChoice::Kind::kTool: return Json{{"tool", {{"name", choice.name}}}};
  }
  return Json{{"auto", Json::object()}};
}

Json write_tool_config(const ToolConfig& config) {
  Json tools = Json::array();
  for (const Tool& tool : config.tools) tools.push_back(write_tool(tool));
  Json out = {{"tools", std::move(tools)}};
  if (config.tool_choice) out["toolChoice"] = write_tool_choice(*config.tool_choice);
  return out;
}

Json write_guardrail_config(const GuardrailConfig& config) {
  Json out = {{"guardrailIdentifier", config.identifier},
              {"guardrailVersion", config.version}};
  if (config.trace) out["trace"] = *config.trace;
  if (config.stream_processing_mode) out["streamProcessingMode"] = *config.stream_processing_mode;
  return out;
}

SystemBlock read_system_block(const Json& value, const std::string& path) {
  expect_object(value, path);
  const auto member = union_member(value, {"text", "cachePoint", "guardContent"});
  if (!member) fail(ParseErrorKind::kInvalidValue, path, "no text, cachePoint or guardContent");
  const std::string at = member_path(path, *member);
  if (*member == "text") return TextBlock{as_string(value["text"], at)};
  if (*member == "cachePoint") return read_cache_point(value["cachePoint"], at);
  const Json& guard = expect_object(value["guardContent"], at);
  return read_guard_content_text(require(guard, "text", at), member_path(at, "text"));
}

InferenceConfig read_inference_config(const Json& value, const std::string& path) {
  expect_object(value, path);
  InferenceConfig config;
  config.max_tokens = optional_int(value, "maxTokens", path);
  if (const Json* temperature = find(value, "temperature")) {
    config.temperature = as_number(*temperature, member_path(path, "temperature"));
  }
  if (const Json* top_p = find(value, "topP")) {
    config.top_p = as_number(*top_p, member_path(path, "topP"));
  }
  if (const Json* stops = find(value, "stopSequences")) {
    config.stop_sequences = as_string_list(*stops, member_path(path, "stopSequences"));
  }
  return config;
}

Tool read_tool(const Json& value, const std::string& path) {
  expect_object(value, path);
  if (const Json* cache_point = find(value, "cachePoint")) {
    return read_cache_point(*cache_point, member_path(path, "cachePoint"));
  }
  const std::string at = member_path(path, "toolSpec");
  const Json& spec = expect_object(require(value, "toolSpec", path), at);
  ToolSpec tool;
  tool.name = require_string(spec, "name", at);
  tool.description = optional_string(spec, "description", at);
  const std::string schema_path = member_path(at, "inputSchema");
  const Json& schema = expect_object(require(spec, "inputSchema", at), schema_path);
  tool.input_schema = require(schema, "json", schema_path);
  return tool;
}

ToolChoice read_tool_choice(const Json& value, const std::string& path) {
  expect_object(value, path);
  if (find(value, "auto") != nullptr) return ToolChoice::automatic();
  if (find(value, "any") != nullptr) return ToolChoice::any();
  const std::string at = member_path(path, "tool");
  const Json& tool = expect_object(require(value, "tool", path), at);
  return ToolChoice::tool(require_string(tool, "name", at));
}

ToolConfig read_tool_config(const Json& value, const std::string& path) {
  expect_object(value, path);
  ToolConfig config;
  const std::string tools_path = member_path(path, "tools");
  const Json& tools = expect_array(require(value, "tools", path), tools_path);
  for (std::size_t i = 0; i < tools.size(); ++i) {
    config.tools.push_back(read_tool(tools[i], index_path(tools_path, i)));
  }
  if (const Json* choice = find(value, "toolChoice")) {
    config.tool_choice = read_tool_choice(*choice, member_path(path, "toolChoice"));
  }
  return config;
}

GuardrailConfig read_guardrail_config(const Json& value, const std::string& path) {
  expect_object(value, path);
  return GuardrailConfig{require_string(value, "guardrailIdentifier", path),
                         require_string(value, "guardrailVersion", path),
                         optional_string(value, "trace", path),
                         optional_string(value, "streamProcessingMode", path)};
}

std::map<std::string, std::string> read_string_map(const Json& value, const std::string& path) {
  expect_object(value, path);
  std::map<std::string, std::string> out;
  for (const auto& [key, item] : value.items()) out[key] = as_string(item, member_path(path, key));
  return out;
}

ConverseRequest read_converse_request(const Json& body, std::string model_id) {
  expect_object(body, "");
  ConverseRequest request;
  request.model_id = std::move(model_id);
  if (const Json* messages = find(body, "messages")) {
    expect_array(*messages, "messages");
    for (std::size_t i = 0; i < messages->size(); ++i) {
      request.messages.push_back(read_message((*messages)[i], index_path("messages", i)));
    }
  }
  if (const Json* system = find(body, "system")) {
    expect_array(*system, "system");
    for (std::size_t i = 0; i < system->size(); ++i) {
      request.system.push_back(read_system_block((*system)[i], index_path("system", i)));
    }
  }
  if (const Json* config = find(body, "inferenceConfig")) {
    request.inference_config = read_inference_config(*config, "inferenceConfig");
  }
  if (const Json* config = find(body, "toolConfig")) {
    request.tool_config = read_tool_config(*config, "toolConfig");
  }
  if (const Json* config = find(body, "guardrailConfig")) {
    request.guardrail_config = read_guardrail_config(*config, "guardrailConfig");
  }
  request.additional_model_request_fields = optional_raw(body, "additionalModelRequestFields");
  if (const Json* paths = find(body, "additionalModelResponseFieldPaths")) {
    request.additional_model_response_field_paths =
        as_string_list(*paths, "additionalModelResponseFieldPaths");
  }
  if (const Json* metadata = find(body, "requestMetadata")) {
    request.request_metadata = read_string_map(*metadata, "requestMetadata");
  }
  if (const Json* performance = find(body, "performanceConfig")) {
    expect_object(*performance, "performanceConfig");
    request.performance_config =
        PerformanceConfig{require_string(*performance, "latency", "performanceConfig")};
  }
  if (const Json* variables = find(body, "promptVariables")) {
    expect_object(*variables, "promptVariables");
    for (const auto& [name, value] : variables->items()) {
      const std::string at = member_path("promptVariables", name);
      request.prompt_variables[name] = require_string(expect_object(value, at), "text", at);
    }
  }
  return request;
}

ConverseResponse read_converse_response(const Json& body) {
  expect_object(body, "");
  ConverseResponse response;
  const Json& output = expect_object(require(body, "output", ""), "output");
  response.message = read_message(require(output, "message", "output"), "output.message");
  response.stop_reason = require_string(body, "stopReason", "");
  response.usage = read_token_usage(require(body, "usage", ""), "usage");
  response.latency_ms = read_latency_ms(require(body, "metrics", ""), "metrics");
  response.additional_model_response_fields = optional_raw(body, "additionalModelResponseFields");
  response.trace = optional_raw(body, "trace");
  response.performance_config = optional_raw(body, "performanceConfig");
  return response;
}

}  // namespace

TokenUsage read_token_usage(const Json& value, const std::string& path) {
  expect_object(value, path);
  return TokenUsage{require_int(value, "inputTokens", path),
                    require_int(value, "outputTokens", path),
                    require_int(value, "totalTokens", path),
                    optional_int(value, "cacheReadInputTokens", path),
                    optional_int(value, "cacheWriteInputTokens", path)};
}

int64_t read_latency_ms(const Json& metrics, const std::string& path) {
  expect_object(metrics, path);
  return require_int(metrics, "latencyMs", path);
}

}  // namespace json_read

Json to_json(const ConverseRequest& request) {
  using namespace json_read;
  // Member order follows the service model; the service does not care, people reading do.
  Json body = Json::object();
  if (!request.messages.empty()) {
    Json messages = Json::array();
    for (const Message& message : request.messages) messages.push_back(to_json(message));
    body["messages"] = std::move(messages);
  }
  if (!request.system.empty()) {
    Json system = Json::array();
    for (const SystemBlock& block : request.system) system.push_back(write_system_block(block));
    body["system"] = std::move(system);
  }
  if (request.inference_config) {
    body["inferenceConfig"] = write_inference_config(*request.inference_config);
  }
  if (request.tool_config) body["toolConfig"] = write_tool_config(*request.tool_config);
  if (request.guardrail_config) {
    body["guardrailConfig"] = write_guardrail_config(*request.guardrail_config);
  }
  if (request.additional_model_request_fields) {
    body["additionalModelRequestFields"] = *request.additional_model_request_fields;
  }
  if (!request.additional_model_response_field_paths.empty()) {
    body["additionalModelResponseFieldPaths"] = request.additional_model_response_field_paths;
  }
  if (!request.request_metadata.empty()) body["requestMetadata"] = request.request_metadata;
  if (request.performance_config) {
    body["performanceConfig"] = Json{{"latency", request.performance_config->latency}};
  }
  if (!request.prompt_variables.empty()) {
    Json variables = Json::object();
    for (const auto& [name, text] : request.prompt_variables) variables[name] = {{"text", text}};
    body["promptVariables"] = std::move(variables);
  }
  return body;
}

Expected<ConverseRequest, ParseError> parse_converse_request(const Json& body,
                                                             std::string model_id) {
  return json_read::capture(
      [&] { return json_read::read_converse_request(body, std::move(model_id)); });
}

StopReason parse_stop_reason(std::string_view text) {
  static constexpr std::array<std::pair<std::string_view, StopReason>, 9> kReasons{{
      {"end_turn", StopReason::kEndTurn},
      {"tool_use", StopReason::kToolUse},
      {"max_tokens", StopReason::kMaxTokens},
      {"stop_sequence", StopReason::kStopSequence},
      {"guardrail_intervened", StopReason::kGuardrailIntervened},
      {"content_filtered", StopReason::kContentFiltered},
      {"malformed_model_output", StopReason::kMalformedModelOutput},
      {"malformed_tool_use", StopReason::kMalformedToolUse},
      {"model_context_window_exceeded", StopReason::kModelContextWindowExceeded},
  }};
  for (const auto& [name, reason] : kReasons) {
    if (name == text) return reason;
  }
  return StopReason::kOther;
}

Expected<ConverseResponse, ParseError> parse_converse_response(std::string_view body) {
  return json_read::capture(
      [&] { return json_read::read_converse_response(json_read::parse_body(body)); });
}

Expected<ConverseResponse, ParseError> parse_converse_response_json(const Json& body) {
  return json_read::capture([&] { return json_read::read_converse_response(body); });
}

Expected<TokenUsage, ParseError> parse_token_usage(const Json& value, const std::string& path) {
  return json_read::capture([&] { return json_read::read_token_usage(value, path); });
}

}  // namespace bedrock::client
