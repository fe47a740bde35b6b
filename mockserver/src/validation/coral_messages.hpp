#pragma once
// Message texts the validator needs beyond protocol/error_messages.hpp: Coral violations that
// print the offending value, Coral's deserialisation texts, and a few Bedrock semantic texts.
// Each names its evidence; "unverified" means no Bedrock sample was found.
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "bedrock/protocol/error_catalog.hpp"

namespace bedrock::mock::coral {

// One Coral constraint violation. Coral prints the value unless the member is sensitive:
// "Value 'Count Tool' at 'toolConfig.tools.1.member.toolSpec.name' failed to satisfy ..." but
// "Value at 'system.1.member.text' failed ..." (one real Bedrock message, reference §8 and a
// Swift client's comment quoting it), and "Value null at '...'" for a missing member (DynamoDB).
struct Violation {
  std::string path;
  std::string constraint;
  std::optional<std::string> shown_value;  // already quoted ("'x'") or "null"; none: hidden
};

// "N validation error(s) detected: ...; ..." as errors::shape_validation() writes it, plus the
// shown values (that builder only knows the hidden form, which it is used for).
errors::ServiceError validation_error(std::span<const Violation> violations);

// ---- Deserialisation failures ----------------------------------------------------------------
// Coral's JSON deserialiser fails before any constraint is checked and reports one problem with
// no path. The real answer is a SerializationException (x-amzn-ErrorType
// SerializationException:http://internal.amazon.com/coral/com.amazon.coral.service/, body with
// capital "Message", HTTP 400): seen from Bedrock once as {"Message":"Unexpected value type in
// payload"} (realworld prism-php-bedrock with-converse-options-1.json). The texts other than
// that one are DynamoDB's (mhart/dynalite test/helpers.js), unverified here.
errors::ServiceError serialization_error(std::string_view text);

inline constexpr std::string_view kUnexpectedValueType = "Unexpected value type in payload";
inline constexpr std::string_view kUnexpectedFieldType = "Unexpected field type";
inline constexpr std::string_view kStructureNotExpected =
    "Start of structure or map found where not expected";
inline constexpr std::string_view kBlobNotAString =
    "only base-64-encoded strings are convertible to bytes";
// Unverified wording (no sample from any Coral service): a union with no member or several set.
// Smithy's restJson1 protocol tests (RestJsonMalformedUnion*) require a SerializationException.
inline constexpr std::string_view kUnionNotExactlyOne = "Union must have exactly one member set";
// Unverified wording: malformed JSON (Coral answers SerializationException with no message at
// all, DynamoDB/dynalite), and bodies past the mock's nesting/size limits.
inline constexpr std::string_view kMalformedJson = "The request body is not valid JSON.";
// The mock's own text (not Bedrock's) for a body past its nesting / value-count limits
// (bounded_json.hpp): such bodies never reach the real service's models in practice.
inline constexpr std::string_view kJsonLimitsExceeded =
    "The request body exceeds the mock's JSON limits (nesting depth or number of values).";

// "<TOKEN>_VALUE cannot be converted to <Type>" (TOKEN: NUMBER, DECIMAL, TRUE, FALSE, STRING).
std::string cannot_convert(std::string_view token, std::string_view java_type);
// "Unrecognized collection type class <java class>".
std::string unrecognized_collection(std::string_view java_class);
// "Base64 encoded length is expected a multiple of 4 bytes but found: N".
std::string base64_length(std::size_t length);
inline constexpr std::string_view kBase64BadCharacter =
    "Invalid last non-pad Base64 character dectected";  // sic, DynamoDB's typo

// ---- Bedrock semantic texts not in error_messages.hpp ----------------------------------------

// L aws/aws-tools-for-powershell#354: "The format of the value at
// toolConfig.tools.0.toolSpec.inputSchema.json is invalid. Provide a json object for the field
// and try again."
errors::ServiceError tool_input_schema_not_object(std::size_t tool_index);
// R vercel-ai amazon-bedrock-mistral-duplicate-tool-call-ids-error.json: "The toolUse blocks at
// messages.2.content contain duplicate Ids: tooluseAc" (several Ids joined by ", ": unverified).
errors::ServiceError duplicate_tool_use_ids(std::size_t message_index, std::string_view ids);
// L aws-samples/sample-multi-agent-orchestration-chat-on-agentcore#15: "The content field at
// messages.N.content.M.toolResult cannot be empty when status value is error."
errors::ServiceError tool_result_error_without_content(std::size_t message_index,
                                                       std::size_t content_index);

}  // namespace bedrock::mock::coral
