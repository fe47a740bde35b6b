#pragma once
// Builders for the exact message texts the real service sends (reference §8 and
// realworld-error-messages.md). Every apostrophe, period and capital matters: clients match on
// these strings (e.g. strands-agents looks for "with on-demand throughput isn’t supported").
// Texts marked "unverified" follow AWS conventions but no Bedrock sample was found.
#include <chrono>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "bedrock/protocol/error_catalog.hpp"

namespace bedrock::errors {

// ---- ValidationException (400) ---------------------------------------------------------------

// "Invocation of model ID <id> with on-demand throughput isn’t supported. ..." with U+2019 as raw
// UTF-8 (E2 80 99); the model ID is the one the caller sent.
ServiceError on_demand_throughput_not_supported(std::string_view model_id);
ServiceError invalid_model_identifier();  // "The provided model identifier is invalid."
ServiceError message_content_empty(std::size_t message_index);
ServiceError content_text_blank(std::size_t message_index, std::size_t content_index);
ServiceError conversation_must_start_with_user();
ServiceError conversation_must_alternate_roles();
ServiceError tool_config_required();
ServiceError reasoning_content_in_user_message();
// "Malformed input request: <detail>, please reformat your input and try again." (InvokeModel
// body schema errors; detail e.g. "#: required key [messages] not found").
ServiceError malformed_input_request(std::string_view detail);
// Provider-side errors are prefixed "The model returned the following errors: ".
ServiceError model_returned_errors(std::string_view detail);

// Coral shape validation: "N validation error(s) detected: Value at '<path>' failed to satisfy
// constraint: <constraint>", several joined with "; ". Paths use Coral's ".member." segments.
struct ConstraintViolation {
  std::string path;        // e.g. "messages.2.member.content.1.member.toolUse.name"
  std::string constraint;  // e.g. "Member must satisfy regular expression pattern: [a-zA-Z0-9_-]+"
};
ServiceError shape_validation(std::span<const ConstraintViolation> violations);
// Constraint texts. The first two are seen from Bedrock; the others are Coral's usual wording.
std::string constraint_pattern(std::string_view regex);
std::string constraint_max_length(std::size_t max);
std::string constraint_min_length(std::size_t min);
std::string constraint_not_null();
std::string constraint_max_value(long long max);
std::string constraint_min_value(long long min);
std::string constraint_enum(std::span<const std::string_view> values);

// ---- AccessDeniedException (403) -------------------------------------------------------------

// "You don't have access to the model with the specified model ID." (ASCII apostrophe).
// Bedrock namespace with lower-case "message": its wire casing is unverified (reference §8).
ServiceError model_access_denied();
// "Authorization header is missing": coral namespace, capital "Message" (45-byte body).
ServiceError authorization_header_missing();

// Which IAM layer refused; the texts follow the IAM pattern (reference §8).
enum class DenyKind {
  kServiceControlPolicy,           // "... with an explicit deny in a service control policy"
  kIdentityPolicyExplicitDeny,     // "... with an explicit deny in an identity-based policy"
  kNoIdentityPolicyAllows,         // "... because no identity-based policy allows the A action"
  kNoVpcEndpointPolicyAllows,      // "... because no VPC endpoint policy allows the A action"
  kVpcEndpointPolicyExplicitDeny,  // "... with an explicit deny in a VPC endpoint policy"
                                   // (unverified)
};
struct IamDenial {
  std::string principal;  // arn:aws:sts::123456789012:assumed-role/role/session
  std::string action;     // bedrock:InvokeModel
  std::string resource;   // arn:aws:bedrock:us-east-1::foundation-model/...
  DenyKind kind = DenyKind::kNoIdentityPolicyAllows;
  // Newer SCP texts append ": <policy ARN>" (only used for the explicit-deny kinds).
  std::optional<std::string> policy_arn;
};
ServiceError iam_access_denied(const IamDenial& denial);

// ---- ResourceNotFoundException (404) ---------------------------------------------------------

// "Access denied. This Model is marked by provider as Legacy and you have not been actively using
// the model in the last 15 days. Please upgrade to an active model on Amazon Bedrock" (no period).
ServiceError legacy_model(int inactive_days = 15);
ServiceError model_end_of_life();

// ---- Throttling / availability ---------------------------------------------------------------

ServiceError too_many_requests();  // 65-byte body
ServiceError too_many_tokens();    // 63-byte body
ServiceError too_many_tokens_per_day();
// 400, not retried. No recorded sample: the text is the shape's documentation in the service
// model (BRM ServiceQuotaExceededException), without its link markup.
ServiceError service_quota_exceeded();
ServiceError service_unavailable();    // "Bedrock is unable to process your request."
ServiceError internal_server_error();  // the 2023-era 500 text
ServiceError model_stream_error(std::string message);
ServiceError model_stream_invalid_tool_use_sequence();
ServiceError model_error(std::string message, std::optional<int> original_status_code,
                         std::optional<std::string> resource_name);

// ---- Authentication (403, coral namespace) ---------------------------------------------------

ServiceError expired_token();        // no final period; 67-byte body
ServiceError unrecognized_client();  // with a final period
ServiceError invalid_signature();    // 192-byte body
// The variant that shows what the service computed (reference §8, litellm#14763).
ServiceError invalid_signature_with_details(std::string_view canonical_request,
                                            std::string_view string_to_sign);
// "Signature expired: <signed> is now earlier than <now - 5 min> (<now> - 5 min.)", times in
// SigV4 basic form (20250130T203827Z).
ServiceError signature_expired(std::chrono::sys_seconds signed_at, std::chrono::sys_seconds now);
// The clock-ahead counterpart, AWS's usual wording (unverified for Bedrock).
ServiceError signature_not_yet_current(std::chrono::sys_seconds signed_at,
                                       std::chrono::sys_seconds now);
// SigV4 basic-format timestamp, e.g. 20250130T203827Z.
std::string format_amz_date(std::chrono::sys_seconds time);

}  // namespace bedrock::errors
