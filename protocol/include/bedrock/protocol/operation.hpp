#pragma once
// Operations and routing on the RAW request target (reference §2, §3, §9, §11.2).
//
// The target is split on '/' before anything is decoded, so an ARN model ID sent as
// arn%3Aaws%3A...%2Fabc stays one segment while an unescaped '/' inside it makes the path match
// no operation (the service then answers HTTP 200 UnknownOperationException, §3 rule 4). Raw ':'
// is accepted as well (Anthropic SDK, aws-sdk-cpp).
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bedrock/protocol/expected.hpp"

namespace bedrock::operations {

enum class Operation {
  // Runtime (bedrock-runtime.<region>.amazonaws.com)
  kConverse,
  kConverseStream,
  kInvokeModel,
  kInvokeModelWithResponseStream,
  kInvokeModelWithBidirectionalStream,
  kCountTokens,
  kApplyGuardrail,
  kInvokeGuardrailChecks,
  kStartAsyncInvoke,
  kGetAsyncInvoke,
  kListAsyncInvokes,
  // Control plane (bedrock.<region>.amazonaws.com)
  kListFoundationModels,
  kGetFoundationModel,
  kListInferenceProfiles,
  kGetInferenceProfile,
  kCreateInferenceProfile,
  kDeleteInferenceProfile,
};

enum class Plane { kRuntime, kControl };

// What the single path label of an operation names.
enum class IdentifierKind {
  kNone,
  kModelId,                // /model/{modelId}/...
  kGuardrail,              // /guardrail/{guardrailIdentifier}/version/{guardrailVersion}/apply
  kInvocationArn,          // /async-invoke/{invocationArn}
  kFoundationModelId,      // /foundation-models/{modelIdentifier}
  kInferenceProfileId,     // /inference-profiles/{inferenceProfileIdentifier}
};

struct OperationInfo {
  Operation operation;
  std::string_view name;           // "Converse"
  std::string_view method;         // "POST"
  std::string_view path_template;  // "/model/{modelId}/converse"
  IdentifierKind identifier;
  bool event_stream_response;      // application/vnd.amazon.eventstream answer
  std::string_view iam_action;     // "bedrock:InvokeModel"
  Plane plane;
  int success_status;              // 200, or 201 for CreateInferenceProfile
};

std::span<const OperationInfo> all_operations();
const OperationInfo& info_of(Operation operation);
std::string_view name_of(Operation operation);
std::optional<Operation> find_operation(std::string_view name);

struct QueryParameter {
  std::string name;
  std::string value;
  bool operator==(const QueryParameter&) const = default;
};

struct RequestTarget {
  Operation operation = Operation::kConverse;
  std::string raw_path;   // the target up to '?', exactly as received
  std::string raw_query;  // after '?', exactly as received (empty if none)
  // The operation's path label, decoded (model ID, guardrail ID, invocation ARN, profile ID) and
  // exactly as received; both empty for operations without a label.
  std::string identifier;
  std::string raw_identifier;
  std::string guardrail_version;      // ApplyGuardrail only, decoded
  std::vector<QueryParameter> query;  // decoded, in order; '+' is a space, as in botocore's encoding

  // The first query value with this name.
  std::optional<std::string> query_value(std::string_view name) const;
};

enum class TargetErrorKind {
  kUnknownOperation,  // no operation has this path (answer: 200 UnknownOperationException)
  kMethodNotAllowed,  // a known path with a method none of its operations uses
  kMalformedTarget,   // bad %-escape, control byte, not origin-form, too long
};
std::string_view to_string(TargetErrorKind kind);

struct TargetError {
  TargetErrorKind kind;
  std::string detail;
  std::vector<Operation> path_matches;  // kMethodNotAllowed: the operations the path names
};

inline constexpr std::size_t kMaxTargetLength = 16 * 1024;

// Routes a request on its method and raw request-target (origin-form "/path?query"; an
// absolute-form "http://host/path" is reduced to its path first).
Expected<RequestTarget, TargetError> parse_request_target(std::string_view method,
                                                          std::string_view raw_target);

// The path a client sends (botocore style: the label is percent-encoded as ONE segment, every
// byte outside A-Z a-z 0-9 - . _ ~ escaped, so ':' -> %3A and '/' -> %2F). The identifier is
// ignored by operations without a label; ApplyGuardrail takes the version separately.
std::string build_path(Operation operation, std::string_view identifier = {},
                       std::string_view guardrail_version = {});

}  // namespace bedrock::operations
