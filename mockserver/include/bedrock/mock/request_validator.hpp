#pragma once
// Request validation: answers an invalid request exactly as Bedrock does (a ValidationException
// with the real text), or nothing when the request is valid (reference §4, §8, §11 item 13).
//
// The pipeline calls, in this order:
//   check_shape      before the model is resolved: JSON syntax, types, required members, enums,
//                    lengths, ranges, patterns, unions (Coral "N validation errors detected");
//   check_semantics  after the model is resolved, so an invalid model ID wins over a bad
//                    conversation, as on the real service (Bedrock's own sentences);
//   check_invoke_body for InvokeModel / InvokeModelWithResponseStream native bodies
//                    ("Malformed input request: ...").
// The shapes are compiled in (no file is read at run time). Hostile bodies (deep nesting, huge
// arrays, invalid UTF-8, numbers out of range) are refused in bounded time and memory.
//
// Known gaps, all documented where they are decided: Coral's deserialisation failures are
// really SerializationExceptions (capital "Message"), which the error catalog does not have
// yet, so they come back as ValidationExceptions with Coral's text (coral_messages.hpp).
#include <string_view>

#include <nlohmann/json.hpp>

#include "bedrock/protocol/error_catalog.hpp"
#include "bedrock/protocol/expected.hpp"
#include "bedrock/protocol/operation.hpp"

namespace bedrock::mock {

// Converse, ConverseStream and CountTokens bodies; other operations always pass (their bodies
// are native or empty). An empty body is an empty structure, as in restJson1.
Expected<void, errors::ServiceError> check_shape(operations::Operation op, std::string_view body);
// check_shape, handing back the parsed body (null for operations without a JSON shape) so that
// the later stages do not parse it again.
Expected<nlohmann::json, errors::ServiceError> check_shape_parsed(operations::Operation op,
                                                                  std::string_view body);

// The semantic rules of Converse, ConverseStream and CountTokens (input.converse). Expects a
// body that passed check_shape; anything it cannot read is left to check_shape and passes here.
Expected<void, errors::ServiceError> check_semantics(operations::Operation op,
                                                     std::string_view body);
Expected<void, errors::ServiceError> check_parsed_semantics(operations::Operation op,
                                                            const nlohmann::json& parsed);

// A native model body; `family` is the catalog's model family ("anthropic-messages",
// "amazon-nova", "amazon-titan-text" have schemas; others need only a JSON object). Bodies
// over 25000000 bytes are refused before parsing.
Expected<void, errors::ServiceError> check_invoke_body(std::string_view family,
                                                       std::string_view body);

}  // namespace bedrock::mock
