#include "bedrock/protocol/error_messages.hpp"

#include <ctime>

namespace bedrock::errors {
namespace {

std::string concat(std::initializer_list<std::string_view> parts) {
  std::string text;
  for (std::string_view part : parts) text += part;
  return text;
}

std::string iam_tail(const IamDenial& denial) {
  std::string tail;
  switch (denial.kind) {
    case DenyKind::kServiceControlPolicy:
      tail = " with an explicit deny in a service control policy";
      break;
    case DenyKind::kIdentityPolicyExplicitDeny:
      tail = " with an explicit deny in an identity-based policy";
      break;
    case DenyKind::kVpcEndpointPolicyExplicitDeny:
      tail = " with an explicit deny in a VPC endpoint policy";
      break;
    case DenyKind::kNoIdentityPolicyAllows:
      return concat({" because no identity-based policy allows the ", denial.action, " action"});
    case DenyKind::kNoVpcEndpointPolicyAllows:
      return concat({" because no VPC endpoint policy allows the ", denial.action, " action"});
  }
  if (denial.policy_arn) tail += concat({": ", *denial.policy_arn});
  return tail;
}

}  // namespace

ServiceError on_demand_throughput_not_supported(std::string_view model_id) {
  // "isn’t" with U+2019 RIGHT SINGLE QUOTATION MARK as raw UTF-8 bytes (reference §8, §11.7).
  return make_error(ErrorCode::kValidation,
                    concat({"Invocation of model ID ", model_id,
                            " with on-demand throughput isn\xE2\x80\x99t supported. Retry your "
                            "request with the ID or ARN of an inference profile that contains "
                            "this model."}));
}

ServiceError invalid_model_identifier() {
  return make_error(ErrorCode::kValidation, "The provided model identifier is invalid.");
}

ServiceError message_content_empty(std::size_t message_index) {
  return make_error(
      ErrorCode::kValidation,
      concat({"The content field in the Message object at messages.", std::to_string(message_index),
              " is empty. Add a ContentBlock object to the content field and try "
              "again."}));
}

ServiceError content_text_blank(std::size_t message_index, std::size_t content_index) {
  return make_error(
      ErrorCode::kValidation,
      concat({"The text field in the ContentBlock object at messages.",
              std::to_string(message_index), ".content.", std::to_string(content_index),
              " is blank. Add text to the text field, and try again."}));
}

ServiceError conversation_must_start_with_user() {
  return make_error(ErrorCode::kValidation,
                    "A conversation must start with a user message. Try again with a "
                    "conversation that starts with a user message.");
}

ServiceError conversation_must_alternate_roles() {
  return make_error(ErrorCode::kValidation,
                    "A conversation must alternate between user and assistant roles. Make sure "
                    "the conversation alternates between user and assistant roles and try again.");
}

ServiceError tool_config_required() {
  return make_error(ErrorCode::kValidation,
                    "The toolConfig field must be defined when using toolUse and toolResult "
                    "content blocks.");
}

ServiceError reasoning_content_in_user_message() {
  return make_error(ErrorCode::kValidation,
                    "User messages cannot contain reasoning content. Please remove the reasoning "
                    "content and try again.");
}

ServiceError malformed_input_request(std::string_view detail) {
  return make_error(
      ErrorCode::kValidation,
      concat({"Malformed input request: ", detail, ", please reformat your input and try again."}));
}

ServiceError model_returned_errors(std::string_view detail) {
  return make_error(ErrorCode::kValidation,
                    concat({"The model returned the following errors: ", detail}));
}

ServiceError shape_validation(std::span<const ConstraintViolation> violations) {
  std::string text = std::to_string(violations.size());
  text += violations.size() == 1 ? " validation error detected: " : " validation errors detected: ";
  for (std::size_t i = 0; i < violations.size(); ++i) {
    if (i > 0) text += "; ";
    text += concat({"Value at '", violations[i].path,
                    "' failed to satisfy constraint: ", violations[i].constraint});
  }
  return make_error(ErrorCode::kValidation, std::move(text));
}

std::string constraint_pattern(std::string_view regex) {
  return concat({"Member must satisfy regular expression pattern: ", regex});
}
std::string constraint_max_length(std::size_t max) {
  return "Member must have length less than or equal to " + std::to_string(max);
}
std::string constraint_min_length(std::size_t min) {
  return "Member must have length greater than or equal to " + std::to_string(min);
}
std::string constraint_not_null() { return "Member must not be null"; }
std::string constraint_max_value(long long max) {
  return "Member must have value less than or equal to " + std::to_string(max);
}
std::string constraint_min_value(long long min) {
  return "Member must have value greater than or equal to " + std::to_string(min);
}
std::string constraint_enum(std::span<const std::string_view> values) {
  std::string text = "Member must satisfy enum value set: [";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) text += ", ";
    text += values[i];
  }
  return text + "]";
}

ServiceError model_access_denied() {
  return make_error(ErrorCode::kAccessDenied,
                    "You don't have access to the model with the specified model ID.");
}

ServiceError authorization_header_missing() {
  return make_error(ErrorCode::kCoralAccessDenied, "Authorization header is missing");
}

ServiceError iam_access_denied(const IamDenial& denial) {
  return make_error(ErrorCode::kCoralAccessDenied,
                    concat({"User: ", denial.principal, " is not authorized to perform: ",
                            denial.action, " on resource: ", denial.resource, iam_tail(denial)}));
}

ServiceError legacy_model(int inactive_days) {
  return make_error(ErrorCode::kResourceNotFound,
                    concat({"Access denied. This Model is marked by provider as Legacy and you "
                            "have not been actively using the model in the last ",
                            std::to_string(inactive_days),
                            " days. Please upgrade to an active model on Amazon Bedrock"}));
}

ServiceError model_end_of_life() {
  return make_error(ErrorCode::kResourceNotFound,
                    "This model version has reached the end of its life. Please refer to the AWS "
                    "documentation for more details.");
}

ServiceError too_many_requests() {
  return make_error(ErrorCode::kThrottling, "Too many requests, please wait before trying again.");
}

ServiceError too_many_tokens() {
  return make_error(ErrorCode::kThrottling, "Too many tokens, please wait before trying again.");
}

ServiceError service_quota_exceeded() {
  return make_error(ErrorCode::kServiceQuotaExceeded,
                    "Your request exceeds the service quota for your account. You can view your "
                    "quotas at Viewing service quotas. You can resubmit your request later.");
}

ServiceError too_many_tokens_per_day() {
  return make_error(ErrorCode::kThrottling,
                    "Too many tokens per day, please wait before trying again.");
}

ServiceError service_unavailable() {
  return make_error(ErrorCode::kServiceUnavailable, "Bedrock is unable to process your request.");
}

ServiceError internal_server_error() {
  return make_error(ErrorCode::kInternalServer,
                    "The system encountered an unexpected error during processing. Try your "
                    "request again.");
}

ServiceError model_stream_error(std::string message) {
  return make_error(ErrorCode::kModelStreamError, std::move(message));
}

ServiceError model_stream_invalid_tool_use_sequence() {
  return model_stream_error(
      "Model produced invalid sequence as part of ToolUse. Please refer to the model tool use "
      "troubleshooting guide.");
}

ServiceError model_error(std::string message, std::optional<int> original_status_code,
                         std::optional<std::string> resource_name) {
  ServiceError error = make_error(ErrorCode::kModelError, std::move(message));
  if (original_status_code) error.extra.emplace_back("originalStatusCode", *original_status_code);
  if (resource_name) error.extra.emplace_back("resourceName", *resource_name);
  return error;
}

ServiceError expired_token() {
  return make_error(ErrorCode::kExpiredToken,
                    "The security token included in the request is expired");
}

ServiceError unrecognized_client() {
  return make_error(ErrorCode::kUnrecognizedClient,
                    "The security token included in the request is invalid.");
}

ServiceError invalid_signature() {
  return make_error(ErrorCode::kInvalidSignature,
                    "The request signature we calculated does not match the signature you "
                    "provided. Check your AWS Secret Access Key and signing method. Consult the "
                    "service documentation for details.");
}

ServiceError invalid_signature_with_details(std::string_view canonical_request,
                                            std::string_view string_to_sign) {
  ServiceError error = invalid_signature();
  error.message +=
      concat({"\n\nThe Canonical String for this request should have been\n'", canonical_request,
              "'\n\nThe String-to-Sign should have been\n'", string_to_sign, "'\n"});
  return error;
}

std::string format_amz_date(std::chrono::sys_seconds time) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  char buffer[32];
  const std::size_t length = std::strftime(buffer, sizeof buffer, "%Y%m%dT%H%M%SZ", &parts);
  return std::string(buffer, length);
}

ServiceError signature_expired(std::chrono::sys_seconds signed_at, std::chrono::sys_seconds now) {
  // The service allows five minutes of skew either way (reference §3).
  return make_error(ErrorCode::kInvalidSignature,
                    concat({"Signature expired: ", format_amz_date(signed_at),
                            " is now earlier than ", format_amz_date(now - std::chrono::minutes(5)),
                            " (", format_amz_date(now), " - 5 min.)"}));
}

ServiceError signature_not_yet_current(std::chrono::sys_seconds signed_at,
                                       std::chrono::sys_seconds now) {
  return make_error(ErrorCode::kInvalidSignature,
                    concat({"Signature not yet current: ", format_amz_date(signed_at),
                            " is still later than ", format_amz_date(now + std::chrono::minutes(5)),
                            " (", format_amz_date(now), " + 5 min.)"}));
}

}  // namespace bedrock::errors
