#pragma once
// The shape of an answer, for drift checks (bedrock-record --drift): what a recording says about
// the service that should still hold when the same request is sent again. Values are left out on
// purpose (ids, dates, request IDs, generated text, token counts change on every call); what is
// kept: status, error type, the set of header names, the JSON field paths of the body (or of each
// event type's payloads) with their types, and which event types a stream has.
//
// Paths: "$.output.message.content[*].text" (array elements merged under [*]); stream payloads
// are prefixed by their event type ("contentBlockDelta $.delta.text"); InvokeModel chunks
// (`{"bytes": base64 JSON}`) are looked into: "chunk $.bytes>$.delta.text".
// Lenient by design: `null` is compatible with any type (optional members such as
// stop_sequence), integers and fractions are both "number", and the elements of an array that was
// empty on one side are not missing there. Framing headers (Content-Length, Transfer-Encoding,
// Connection, Keep-Alive, Content-Encoding) depend on the HTTP version and are left out.
#include <map>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "bedrock/protocol/cassette.hpp"

namespace bedrock::cassettes {

using Answer = std::variant<cassette::Response, cassette::Stream, cassette::Failure>;

struct AnswerShape {
  std::string kind;  // "response", "stream", "failure"
  int status = 0;
  std::string error_type;                               // "ValidationException"; may be empty
  std::set<std::string> headers;                        // lower-case names
  std::map<std::string, std::set<std::string>> fields;  // path -> JSON types seen
  std::set<std::string> empty_arrays;                   // paths of arrays seen only empty
  std::set<std::string> events;                         // event types, "exception:<type>"
};

AnswerShape shape_of(const Answer& answer);

struct ShapeDifference {
  std::string aspect;  // "answer", "status", "error type", "header", "event", "field"
  std::string path;    // header name, event type or field path; empty for answer/status
  std::string recorded;
  std::string live;
  // "status: recorded 200, now 429", "field $.usage.cacheReadInputTokens: added (number)"
  std::string to_string() const;
};

// What changed from `recorded` to `live`; empty when they have the same shape.
std::vector<ShapeDifference> compare_shapes(const AnswerShape& recorded, const AnswerShape& live);

}  // namespace bedrock::cassettes
