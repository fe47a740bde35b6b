#include "validation/invoke_body_schema.hpp"

#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bedrock/protocol/error_messages.hpp"
#include "validation/bounded_json.hpp"
#include "validation/shape_checker.hpp"

namespace bedrock::mock {
namespace {

using nlohmann::json;

enum class JsonType { kAny, kString, kInteger, kNumber, kObject, kArray };

struct KeyRule {
  std::string_view name;
  bool required = false;
  JsonType type = JsonType::kAny;
  std::span<const std::string_view> enum_values{};
};

struct FamilySchema {
  std::string_view family;
  std::span<const KeyRule> keys;  // required keys first, in the order they are reported
};

// The mock's own words (no real text exists for a body past its limits, bounded_json.hpp).
constexpr std::string_view kJsonLimitsDetail =
    "the body exceeds the mock's JSON limits (nesting depth or number of values)";

// bedrock-2023-05-31 is the documented value; @anthropic-ai/bedrock-sdk 1.x (2026-10-21 on)
// sends its API version instead by default, and Bedrock serves that SDK.
constexpr std::string_view kAnthropicVersions[] = {"bedrock-2023-05-31", "2026-10-21"};

// Anthropic Messages on Bedrock: the Messages API minus `model` and `stream` (both refused as
// extraneous: aichat#543 shows [stream]); the optional keys are the ones Bedrock documents.
constexpr KeyRule kAnthropicMessagesKeys[] = {
    {"anthropic_version", true, JsonType::kString, kAnthropicVersions},
    {"max_tokens", true, JsonType::kInteger},
    {"messages", true, JsonType::kArray},
    {"anthropic_beta", false, JsonType::kArray},
    {"system", false, JsonType::kAny},  // a string or a list of text blocks
    {"stop_sequences", false, JsonType::kArray},
    {"temperature", false, JsonType::kNumber},
    {"top_p", false, JsonType::kNumber},
    {"top_k", false, JsonType::kInteger},
    {"tools", false, JsonType::kArray},
    {"tool_choice", false, JsonType::kObject},
    {"thinking", false, JsonType::kObject},
    {"output_config", false, JsonType::kObject},
    {"output_format", false, JsonType::kObject},
    {"context_management", false, JsonType::kObject},
};

// Amazon Nova's native "messages-v1" body.
constexpr KeyRule kNovaKeys[] = {
    {"messages", true, JsonType::kArray},     {"schemaVersion", false, JsonType::kString},
    {"system", false, JsonType::kArray},      {"inferenceConfig", false, JsonType::kObject},
    {"toolConfig", false, JsonType::kObject},
};

constexpr KeyRule kTitanTextKeys[] = {
    {"inputText", true, JsonType::kString},
    {"textGenerationConfig", false, JsonType::kObject},
};

constexpr FamilySchema kSchemas[] = {
    {"anthropic-messages", kAnthropicMessagesKeys},
    {"amazon-nova", kNovaKeys},
    {"amazon-titan-text", kTitanTextKeys},
};

// everit names the expected schema type and the Java class of the value it found.
std::string_view type_name(JsonType type) {
  switch (type) {
    case JsonType::kString:
      return "String";
    case JsonType::kInteger:
      return "Integer";
    case JsonType::kNumber:
      return "Number";
    case JsonType::kObject:
      return "JSONObject";
    case JsonType::kArray:
      return "JSONArray";
    case JsonType::kAny:
      break;
  }
  return "Object";
}

std::string_view found_name(const json& value) {
  if (value.is_string()) return "String";
  if (value.is_number_integer()) return "Integer";
  if (value.is_number_float()) return "BigDecimal";
  if (value.is_boolean()) return "Boolean";
  if (value.is_object()) return "JSONObject";
  if (value.is_array()) return "JSONArray";
  return "Null";
}

bool has_type(const json& value, JsonType type) {
  switch (type) {
    case JsonType::kAny:
      return true;
    case JsonType::kString:
      return value.is_string();
    case JsonType::kInteger:
      return value.is_number_integer();
    case JsonType::kNumber:
      return value.is_number();
    case JsonType::kObject:
      return value.is_object();
    case JsonType::kArray:
      return value.is_array();
  }
  return false;
}

// org.json's position suffix, " at <index> [character <column> line <line>]", as JSONTokener
// reports it after reading the offending character.
std::string org_json_position(std::string_view text, std::size_t offset) {
  std::size_t line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  const bool at_end = offset >= text.size();
  const std::size_t index = at_end ? text.size() : offset + 1;
  const std::size_t character = (at_end ? offset - line_start : offset - line_start + 1) + 1;
  return " at " + std::to_string(index) + " [character " + std::to_string(character) + " line " +
         std::to_string(line) + "]";
}

std::size_t first_non_space(std::string_view text) {
  const std::size_t found = text.find_first_not_of(" \t\r\n");
  return found == std::string_view::npos ? text.size() : found;
}

errors::ServiceError not_an_object(std::string_view body) {
  return errors::malformed_input_request("A JSONObject text must begin with '{'" +
                                         org_json_position(body, first_non_space(body)));
}

const FamilySchema* find_schema(std::string_view family) {
  for (const FamilySchema& schema : kSchemas) {
    if (schema.family == family) return &schema;
  }
  return nullptr;
}

std::string schema_violations(const json& body, const FamilySchema& schema) {
  std::vector<std::string> details;
  for (const KeyRule& rule : schema.keys) {
    if (rule.required && !body.contains(rule.name)) {
      details.push_back("#: required key [" + std::string(rule.name) + "] not found");
    }
  }
  for (const auto& [key, value] : body.items()) {  // nlohmann orders keys: stable texts
    bool known = false;
    for (const KeyRule& rule : schema.keys) known = known || rule.name == key;
    if (!known) details.push_back("#: extraneous key [" + key + "] is not permitted");
  }
  for (const KeyRule& rule : schema.keys) {
    const auto found = body.find(rule.name);
    if (found == body.end()) continue;
    const std::string where = "#/" + std::string(rule.name) + ": ";
    if (!has_type(*found, rule.type)) {
      details.push_back(where + "expected type: " + std::string(type_name(rule.type)) +
                        ", found: " + std::string(found_name(*found)));
      continue;
    }
    if (!rule.enum_values.empty()) {
      bool allowed = false;
      for (std::string_view value : rule.enum_values) allowed = allowed || *found == value;
      // everit prints the value with Java's toString: a string without quotes.
      const std::string shown = found->is_string() ? found->get<std::string>() : found->dump();
      if (!allowed) details.push_back(where + shown + " is not a valid enum value");
    }
  }
  std::string text;
  for (std::size_t i = 0; i < details.size() && i < kMaxReportedViolations; ++i) text += details[i];
  return text;
}

}  // namespace

Expected<void, errors::ServiceError> check_native_body(std::string_view family,
                                                       std::string_view body) {
  if (body.size() > kMaxInvokeBodyBytes) {
    const errors::ConstraintViolation too_long{"body",
                                               errors::constraint_max_length(kMaxInvokeBodyBytes)};
    return unexpected(errors::shape_validation({&too_long, 1}));
  }
  const std::size_t start = first_non_space(body);
  if (start >= body.size() || body[start] != '{') return unexpected(not_an_object(body));
  auto parsed = parse_bounded_json(body);
  if (!parsed) {
    if (parsed.error().kind != JsonFailureKind::kSyntax) {
      return unexpected(errors::malformed_input_request(kJsonLimitsDetail));
    }
    const std::size_t offset = parsed.error().byte_offset > 0 ? parsed.error().byte_offset - 1 : 0;
    return unexpected(
        errors::malformed_input_request("Expected a ',' or '}'" + org_json_position(body, offset)));
  }
  const FamilySchema* schema = find_schema(family);
  if (schema == nullptr) return {};
  const std::string violations = schema_violations(*parsed, *schema);
  if (violations.empty()) return {};
  return unexpected(errors::malformed_input_request(violations));
}

}  // namespace bedrock::mock
