#pragma once
// Native InvokeModel / InvokeModelWithResponseStream bodies. Bedrock checks them against a JSON
// schema per model family and answers ValidationException "Malformed input request: <details>,
// please reformat your input and try again." The details are everit-json-schema messages
// (reference §8, realworld-error-messages.md §2: "#: required key [messages] not found",
// "#: extraneous key [textGenerationConfig] is not permitted"); several are concatenated with
// no separator, as in the real "...{\"required\":[\"messages\"]}#: extraneous key [stream] is
// not permitted". Type and enum details follow everit's wording and are unverified for Bedrock,
// as are the org.json syntax texts used for bodies that are not a JSON object.
#include <cstddef>
#include <string_view>

#include "bedrock/protocol/error_catalog.hpp"
#include "bedrock/protocol/expected.hpp"

namespace bedrock::mock {

// The InvokeModel `body` blob: max 25000000 bytes (runtime model), with the real text
// "1 validation error detected: Value at 'body' failed to satisfy constraint: Member must have
// length less than or equal to 25000000" (L langchain-aws#419). Checked before parsing.
inline constexpr std::size_t kMaxInvokeBodyBytes = 25'000'000;

// Families with a schema: "anthropic-messages", "amazon-nova", "amazon-titan-text". Any other
// family only needs a JSON object.
Expected<void, errors::ServiceError> check_native_body(std::string_view family,
                                                       std::string_view body);

}  // namespace bedrock::mock
