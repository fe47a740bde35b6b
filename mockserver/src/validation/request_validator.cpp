#include "bedrock/mock/request_validator.hpp"

#include <nlohmann/json.hpp>

#include "validation/bounded_json.hpp"
#include "validation/conversation_rules.hpp"
#include "validation/coral_messages.hpp"
#include "validation/invoke_body_schema.hpp"
#include "validation/request_shapes.hpp"
#include "validation/shape_checker.hpp"

namespace bedrock::mock {
namespace {

using operations::Operation;

const shapes::Shape* body_shape(Operation op) {
  switch (op) {
    case Operation::kConverse:
      return &shapes::converse_request();
    case Operation::kConverseStream:
      return &shapes::converse_stream_request();
    case Operation::kCountTokens:
      return &shapes::count_tokens_request();
    default:
      return nullptr;
  }
}

bool is_blank(std::string_view body) {
  return body.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

Expected<nlohmann::json, errors::ServiceError> parse_body(std::string_view body) {
  if (is_blank(body)) return nlohmann::json::object();
  auto parsed = parse_bounded_json(body);
  if (!parsed) {
    return unexpected(coral::serialization_error(parsed.error().kind == JsonFailureKind::kSyntax
                                                     ? coral::kMalformedJson
                                                     : coral::kJsonLimitsExceeded));
  }
  // A body that is JSON but not an object is a type mismatch at the top level.
  if (!parsed->is_object()) {
    return unexpected(coral::serialization_error(coral::kUnexpectedFieldType));
  }
  return std::move(*parsed);
}

}  // namespace

Expected<void, errors::ServiceError> check_shape(Operation op, std::string_view body) {
  auto checked = check_shape_parsed(op, body);
  if (!checked) return unexpected(checked.error());
  return {};
}

Expected<nlohmann::json, errors::ServiceError> check_shape_parsed(Operation op,
                                                                  std::string_view body) {
  const shapes::Shape* shape = body_shape(op);
  if (shape == nullptr) return nlohmann::json();
  auto parsed = parse_body(body);
  if (!parsed) return unexpected(parsed.error());
  if (auto valid = check_against_shape(*parsed, *shape); !valid) {
    return unexpected(valid.error());
  }
  return std::move(*parsed);
}

Expected<void, errors::ServiceError> check_semantics(Operation op, std::string_view body) {
  if (body_shape(op) == nullptr) return {};
  auto parsed = parse_body(body);
  if (!parsed) return {};  // check_shape's business
  return check_parsed_semantics(op, *parsed);
}

Expected<void, errors::ServiceError> check_parsed_semantics(Operation op,
                                                            const nlohmann::json& parsed) {
  if (body_shape(op) == nullptr || !parsed.is_object()) return {};
  if (op != Operation::kCountTokens) return check_conversation(parsed);
  const auto input = parsed.find("input");
  if (input == parsed.end() || !input->is_object()) return {};
  const auto converse = input->find("converse");
  if (converse == input->end() || !converse->is_object()) return {};
  return check_conversation(*converse);
}

Expected<void, errors::ServiceError> check_invoke_body(std::string_view family,
                                                       std::string_view body) {
  return check_native_body(family, body);
}

}  // namespace bedrock::mock
