#pragma once
// When does a received request match a recorded one, and how far apart are they?
// (ARCHITECTURE "Matching"; STYLE: vcrpy's named matchers, WireMock's near misses.)
//
// A matcher is a small named function comparing one aspect of two requests. match() runs a list
// of them and returns a distance (0 = identical) plus, for every matcher that failed, the
// differing fields with both values, so a miss can say exactly what differed.
//
// What takes part: method, operation, decoded model ID, and the body in canonical form
// (canonical_body.hpp). Headers never do: signatures, X-Amz-Date, User-Agent and
// amz-sdk-invocation-id differ on every call, and InvokeModel's Content-Type / Accept /
// X-Amzn-Bedrock-Accept are left out too because SDKs differ in their defaults (botocore sends
// neither unless asked, reference §2 notes; others send application/json or */*) while Bedrock
// answers the same bytes. The cost: requests that differ only in an X-Amzn-Bedrock-* header
// (trace, guardrail, latency, service tier) match the same recording.
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "bedrock/protocol/canonical_body.hpp"

namespace bedrock::replay {

// One side of a comparison. The views and the body must outlive the call.
struct MatchSubject {
  std::string_view method;     // "POST"
  std::string_view operation;  // "Converse"
  std::string_view model_id;   // decoded; empty when the operation names no model
  const CanonicalBody* body = nullptr;
};

// Values are rendered as JSON text (strings quoted) and cut to this many bytes.
inline constexpr std::size_t kMaxRenderedValueBytes = 64;
// Each matcher reports at most this many differences (it still counts all of them).
inline constexpr std::size_t kMaxReportedDifferences = 8;

struct FieldDifference {
  // "method", "operation", "model_id", "body" (a non-JSON body), or a JSON path into the body
  // such as "$.messages[0].content[0].text".
  std::string path;
  std::string recorded;  // "(absent)" for a member only the other side has
  std::string received;
  bool operator==(const FieldDifference&) const = default;
};

struct MatcherOutcome {
  std::string_view matcher;                  // the name it was listed under
  double distance = 0;                       // 0 = equal .. 1 = nothing in common
  std::vector<FieldDifference> differences;  // the first ones, in document order
  std::size_t difference_count = 0;          // all of them
  bool matched() const { return difference_count == 0; }
};

struct MatchResult {
  double distance = 0;                   // mean of the matchers' distances; 0 for a match
  std::vector<MatcherOutcome> failures;  // only the matchers that failed, in list order
  bool matched() const { return failures.empty(); }
};

using MatcherFunction = MatcherOutcome (*)(const MatchSubject& recorded,
                                           const MatchSubject& received);
struct Matcher {
  std::string_view name;
  MatcherFunction function = nullptr;
};

MatcherOutcome match_method(const MatchSubject& recorded, const MatchSubject& received);
MatcherOutcome match_operation(const MatchSubject& recorded, const MatchSubject& received);
MatcherOutcome match_model_id(const MatchSubject& recorded, const MatchSubject& received);
// JSON bodies member by member (distance: the share of differing leaves); other bodies as bytes.
MatcherOutcome match_body(const MatchSubject& recorded, const MatchSubject& received);

// method, operation, model_id, body: the matching ARCHITECTURE "Matching" defines.
std::span<const Matcher> default_matchers();

MatchResult match(const MatchSubject& recorded, const MatchSubject& received,
                  std::span<const Matcher> matchers = default_matchers());

// A value for a report: compact JSON, at most kMaxRenderedValueBytes (cut on a UTF-8 boundary,
// "..." appended). Null: "(absent)"; an ignored array element: "(ignored)".
std::string render_value(const nlohmann::json* value);
// `text` cut to at most `max_bytes` on a UTF-8 boundary, "..." appended when cut.
std::string truncate_utf8(std::string_view text, std::size_t max_bytes);

}  // namespace bedrock::replay
