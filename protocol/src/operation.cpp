#include "bedrock/protocol/operation.hpp"

#include <algorithm>
#include <array>

#include "bedrock/protocol/encoding.hpp"

namespace bedrock::operations {
namespace {

using enum Operation;
constexpr Plane kRuntime = Plane::kRuntime;
constexpr Plane kControl = Plane::kControl;

// Paths from the runtime model (reference §2) and the control-plane model (§9). IAM actions:
// Converse/StartAsyncInvoke need bedrock:InvokeModel and ConverseStream needs
// bedrock:InvokeModelWithResponseStream (service-model docs, §8 deny texts); the others are the
// operation's own name.
// clang-format off
constexpr std::array<OperationInfo, 17> kOperations{{
  {kConverse, "Converse", "POST", "/model/{modelId}/converse", IdentifierKind::kModelId, false, "bedrock:InvokeModel", kRuntime, 200},
  {kConverseStream, "ConverseStream", "POST", "/model/{modelId}/converse-stream", IdentifierKind::kModelId, true, "bedrock:InvokeModelWithResponseStream", kRuntime, 200},
  {kInvokeModel, "InvokeModel", "POST", "/model/{modelId}/invoke", IdentifierKind::kModelId, false, "bedrock:InvokeModel", kRuntime, 200},
  {kInvokeModelWithResponseStream, "InvokeModelWithResponseStream", "POST", "/model/{modelId}/invoke-with-response-stream", IdentifierKind::kModelId, true, "bedrock:InvokeModelWithResponseStream", kRuntime, 200},
  {kInvokeModelWithBidirectionalStream, "InvokeModelWithBidirectionalStream", "POST", "/model/{modelId}/invoke-with-bidirectional-stream", IdentifierKind::kModelId, true, "bedrock:InvokeModelWithBidirectionalStream", kRuntime, 200},
  {kCountTokens, "CountTokens", "POST", "/model/{modelId}/count-tokens", IdentifierKind::kModelId, false, "bedrock:CountTokens", kRuntime, 200},
  {kApplyGuardrail, "ApplyGuardrail", "POST", "/guardrail/{guardrailIdentifier}/version/{guardrailVersion}/apply", IdentifierKind::kGuardrail, false, "bedrock:ApplyGuardrail", kRuntime, 200},
  {kInvokeGuardrailChecks, "InvokeGuardrailChecks", "POST", "/guardrail-checks/invoke", IdentifierKind::kNone, false, "bedrock:InvokeGuardrailChecks", kRuntime, 200},
  {kStartAsyncInvoke, "StartAsyncInvoke", "POST", "/async-invoke", IdentifierKind::kNone, false, "bedrock:InvokeModel", kRuntime, 200},
  {kGetAsyncInvoke, "GetAsyncInvoke", "GET", "/async-invoke/{invocationArn}", IdentifierKind::kInvocationArn, false, "bedrock:GetAsyncInvoke", kRuntime, 200},
  {kListAsyncInvokes, "ListAsyncInvokes", "GET", "/async-invoke", IdentifierKind::kNone, false, "bedrock:ListAsyncInvokes", kRuntime, 200},
  {kListFoundationModels, "ListFoundationModels", "GET", "/foundation-models", IdentifierKind::kNone, false, "bedrock:ListFoundationModels", kControl, 200},
  {kGetFoundationModel, "GetFoundationModel", "GET", "/foundation-models/{modelIdentifier}", IdentifierKind::kFoundationModelId, false, "bedrock:GetFoundationModel", kControl, 200},
  {kListInferenceProfiles, "ListInferenceProfiles", "GET", "/inference-profiles", IdentifierKind::kNone, false, "bedrock:ListInferenceProfiles", kControl, 200},
  {kGetInferenceProfile, "GetInferenceProfile", "GET", "/inference-profiles/{inferenceProfileIdentifier}", IdentifierKind::kInferenceProfileId, false, "bedrock:GetInferenceProfile", kControl, 200},
  {kCreateInferenceProfile, "CreateInferenceProfile", "POST", "/inference-profiles", IdentifierKind::kNone, false, "bedrock:CreateInferenceProfile", kControl, 201},
  {kDeleteInferenceProfile, "DeleteInferenceProfile", "DELETE", "/inference-profiles/{inferenceProfileIdentifier}", IdentifierKind::kInferenceProfileId, false, "bedrock:DeleteInferenceProfile", kControl, 200},
}};
// clang-format on

std::vector<std::string_view> split_segments(std::string_view path) {
  std::vector<std::string_view> segments;
  std::size_t start = 0;
  while (true) {
    const std::size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) {
      segments.push_back(path.substr(start));
      return segments;
    }
    segments.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
}

bool is_label(std::string_view template_segment) {
  return template_segment.size() > 2 && template_segment.front() == '{' &&
         template_segment.back() == '}';
}

struct PathMatch {
  std::string_view raw_identifier;
  std::string_view raw_version;
};

// Segment-wise match of the raw path against a template; labels match one non-empty raw segment.
std::optional<PathMatch> match_template(std::string_view template_path,
                                        const std::vector<std::string_view>& segments) {
  const std::vector<std::string_view> pattern = split_segments(template_path.substr(1));
  if (pattern.size() != segments.size()) return std::nullopt;
  PathMatch match;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (is_label(pattern[i])) {
      if (segments[i].empty()) return std::nullopt;
      if (pattern[i] == "{guardrailVersion}") {
        match.raw_version = segments[i];
      } else {
        match.raw_identifier = segments[i];
      }
    } else if (pattern[i] != segments[i]) {
      return std::nullopt;
    }
  }
  return match;
}

Unexpected<TargetError> fail(TargetErrorKind kind, std::string detail) {
  return unexpected(TargetError{kind, std::move(detail), {}});
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && encoding::to_lower(a) == encoding::to_lower(b);
}

// An absolute-form target (a request sent as to a proxy) is routed on its path (RFC 9112 §3.2.2).
std::string_view strip_absolute_form(std::string_view target) {
  for (std::string_view scheme : {std::string_view("http://"), std::string_view("https://")}) {
    if (target.size() >= scheme.size() &&
        equals_ignoring_case(target.substr(0, scheme.size()), scheme)) {
      const std::size_t path = target.find_first_of("/?", scheme.size());
      return path == std::string_view::npos ? std::string_view("/") : target.substr(path);
    }
  }
  return target;
}

std::optional<std::string> decode_query_component(std::string_view text) {
  std::string plus_as_space(text);
  std::replace(plus_as_space.begin(), plus_as_space.end(), '+', ' ');
  return encoding::percent_decode(plus_as_space);
}

Expected<std::vector<QueryParameter>, TargetError> parse_query(std::string_view raw_query) {
  std::vector<QueryParameter> parameters;
  std::size_t start = 0;
  while (start <= raw_query.size()) {
    std::size_t end = raw_query.find('&', start);
    if (end == std::string_view::npos) end = raw_query.size();
    const std::string_view pair = raw_query.substr(start, end - start);
    start = end + 1;
    if (pair.empty()) continue;
    const std::size_t equals = pair.find('=');
    auto name = decode_query_component(pair.substr(0, equals));
    auto value = decode_query_component(
        equals == std::string_view::npos ? std::string_view() : pair.substr(equals + 1));
    if (!name || !value) {
      return fail(TargetErrorKind::kMalformedTarget,
                  "malformed percent-escape in query parameter '" + std::string(pair) + "'");
    }
    parameters.push_back({std::move(*name), std::move(*value)});
  }
  return parameters;
}

}  // namespace

std::span<const OperationInfo> all_operations() { return kOperations; }

const OperationInfo& info_of(Operation operation) {
  for (const auto& entry : kOperations) {
    if (entry.operation == operation) return entry;
  }
  return kOperations[0];  // unreachable for a valid enum value
}

std::string_view name_of(Operation operation) { return info_of(operation).name; }

std::optional<Operation> find_operation(std::string_view name) {
  for (const auto& entry : kOperations) {
    if (entry.name == name) return entry.operation;
  }
  return std::nullopt;
}

std::optional<std::string> RequestTarget::query_value(std::string_view name) const {
  for (const auto& parameter : query) {
    if (parameter.name == name) return parameter.value;
  }
  return std::nullopt;
}

std::string_view to_string(TargetErrorKind kind) {
  switch (kind) {
    case TargetErrorKind::kUnknownOperation: return "unknown-operation";
    case TargetErrorKind::kMethodNotAllowed: return "method-not-allowed";
    case TargetErrorKind::kMalformedTarget: return "malformed-target";
  }
  return "";
}

Expected<RequestTarget, TargetError> parse_request_target(std::string_view method,
                                                          std::string_view raw_target) {
  if (raw_target.size() > kMaxTargetLength) {
    return fail(TargetErrorKind::kMalformedTarget,
                "request target longer than " + std::to_string(kMaxTargetLength) + " bytes");
  }
  for (std::size_t i = 0; i < raw_target.size(); ++i) {
    const auto byte = static_cast<unsigned char>(raw_target[i]);
    if (byte <= 0x20 || byte == 0x7F || byte == '#') {
      return fail(TargetErrorKind::kMalformedTarget,
                  "byte " + std::to_string(byte) + " at offset " + std::to_string(i) +
                      " is not allowed in a request target");
    }
  }
  const std::string_view target = strip_absolute_form(raw_target);
  if (target.empty() || target.front() != '/') {
    return fail(TargetErrorKind::kMalformedTarget, "request target is not origin-form (\"/...\")");
  }

  RequestTarget result;
  const std::size_t question = target.find('?');
  result.raw_path = std::string(target.substr(0, question));
  if (question != std::string_view::npos) result.raw_query = std::string(target.substr(question + 1));

  const std::vector<std::string_view> segments =
      split_segments(std::string_view(result.raw_path).substr(1));
  std::vector<Operation> path_matches;
  const OperationInfo* chosen = nullptr;
  PathMatch chosen_match;
  for (const auto& entry : kOperations) {
    const std::optional<PathMatch> match = match_template(entry.path_template, segments);
    if (!match) continue;
    path_matches.push_back(entry.operation);
    if (entry.method == method && chosen == nullptr) {
      chosen = &entry;
      chosen_match = *match;
    }
  }
  if (path_matches.empty()) {
    return fail(TargetErrorKind::kUnknownOperation,
                "no operation has the path '" + result.raw_path + "'");
  }
  if (chosen == nullptr) {
    return unexpected(TargetError{TargetErrorKind::kMethodNotAllowed,
                                  "method " + std::string(method) + " is not allowed on '" +
                                      result.raw_path + "'",
                                  std::move(path_matches)});
  }

  result.operation = chosen->operation;
  if (!chosen_match.raw_identifier.empty()) {
    auto decoded = encoding::percent_decode(chosen_match.raw_identifier);
    if (!decoded) {
      return fail(TargetErrorKind::kMalformedTarget,
                  "malformed percent-escape in path segment '" +
                      std::string(chosen_match.raw_identifier) + "'");
    }
    result.raw_identifier = std::string(chosen_match.raw_identifier);
    result.identifier = std::move(*decoded);
  }
  if (!chosen_match.raw_version.empty()) {
    auto decoded = encoding::percent_decode(chosen_match.raw_version);
    if (!decoded) {
      return fail(TargetErrorKind::kMalformedTarget,
                  "malformed percent-escape in path segment '" +
                      std::string(chosen_match.raw_version) + "'");
    }
    result.guardrail_version = std::move(*decoded);
  }
  auto query = parse_query(result.raw_query);
  if (!query) return unexpected(std::move(query).error());
  result.query = std::move(*query);
  return result;
}

std::string build_path(Operation operation, std::string_view identifier,
                       std::string_view guardrail_version) {
  const std::string_view path_template = info_of(operation).path_template;
  std::string path;
  std::size_t position = 0;
  while (position < path_template.size()) {
    const std::size_t open = path_template.find('{', position);
    if (open == std::string_view::npos) {
      path += path_template.substr(position);
      break;
    }
    const std::size_t close = path_template.find('}', open);
    path += path_template.substr(position, open - position);
    const std::string_view label = path_template.substr(open, close - open + 1);
    path += encoding::percent_encode(label == "{guardrailVersion}" ? guardrail_version
                                                                    : identifier);
    position = close + 1;
  }
  return path;
}

}  // namespace bedrock::operations
