#include "validation/coral_messages.hpp"

#include <vector>

#include "bedrock/protocol/error_messages.hpp"

namespace bedrock::mock::coral {

errors::ServiceError validation_error(std::span<const Violation> violations) {
  bool any_shown = false;
  for (const Violation& violation : violations) any_shown = any_shown || violation.shown_value;
  if (!any_shown) {
    std::vector<errors::ConstraintViolation> hidden;
    hidden.reserve(violations.size());
    for (const Violation& violation : violations) {
      hidden.push_back({violation.path, violation.constraint});
    }
    return errors::shape_validation(hidden);
  }
  std::string text = std::to_string(violations.size());
  text += violations.size() == 1 ? " validation error detected: " : " validation errors detected: ";
  for (std::size_t i = 0; i < violations.size(); ++i) {
    const Violation& violation = violations[i];
    if (i > 0) text += "; ";
    text += "Value ";
    if (violation.shown_value) text += *violation.shown_value + " ";
    text += "at '" + violation.path + "' failed to satisfy constraint: " + violation.constraint;
  }
  return errors::make_error(errors::ErrorCode::kValidation, std::move(text));
}

errors::ServiceError serialization_error(std::string_view text) {
  return errors::make_error(errors::ErrorCode::kSerialization, std::string(text));
}

std::string cannot_convert(std::string_view token, std::string_view java_type) {
  return std::string(token) + "_VALUE cannot be converted to " + std::string(java_type);
}

std::string unrecognized_collection(std::string_view java_class) {
  return "Unrecognized collection type class " + std::string(java_class);
}

std::string base64_length(std::size_t length) {
  return "Base64 encoded length is expected a multiple of 4 bytes but found: " +
         std::to_string(length);
}

errors::ServiceError tool_input_schema_not_object(std::size_t tool_index) {
  return errors::make_error(errors::ErrorCode::kValidation,
                            "The format of the value at toolConfig.tools." +
                                std::to_string(tool_index) +
                                ".toolSpec.inputSchema.json is invalid. Provide a json object "
                                "for the field and try again.");
}

errors::ServiceError duplicate_tool_use_ids(std::size_t message_index, std::string_view ids) {
  return errors::make_error(errors::ErrorCode::kValidation,
                            "The toolUse blocks at messages." + std::to_string(message_index) +
                                ".content contain duplicate Ids: " + std::string(ids));
}

errors::ServiceError tool_result_error_without_content(std::size_t message_index,
                                                       std::size_t content_index) {
  return errors::make_error(errors::ErrorCode::kValidation,
                            "The content field at messages." + std::to_string(message_index) +
                                ".content." + std::to_string(content_index) +
                                ".toolResult cannot be empty when status value is error.");
}

}  // namespace bedrock::mock::coral
