#pragma once
// THE classification table (issue #6): from an error answer (HTTP status, error code, message)
// or a network failure stage to a cause category, a sub-cause and a one-line fix with the
// specifics filled in. `bedrock-cli doctor` and the plain commands' hints both use it, so the
// knowledge lives in one place: the rows below, matched in order, first match wins.
//
// The texts matched are the real service's (reference §8, realworld-error-messages.md). Rows
// are data; the few context checks a row may need (is the model ID a profile of another
// geography?) are named conditions, not code in the table.
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "bedrock/client/control_plane_types.hpp"
#include "bedrock/protocol/error_catalog.hpp"
#include "bedrock/protocol/operation.hpp"

namespace bedrock::client {

enum class CauseCategory {
  kNetwork,
  kAuthentication,
  kAuthorization,
  kModelAccess,
  kModelIdentifier,
  kInferenceType,
  kQuotaThrottling,
  kServiceSide,
  kValidation,
  kUnknown,
};
std::string_view to_string(CauseCategory category);  // "network", "model_access", ...

enum class SubCause {
  kNone,
  // network
  kDnsFailure,
  kConnectFailure,
  kTlsFailure,
  kTimeout,
  kConnectionDropped,
  kProxyFailure,
  // authentication
  kMissingAuthorization,
  kInvalidAccessKey,
  kBadSignature,
  kExpiredToken,
  kClockSkew,
  kInvalidApiKey,
  kExpiredApiKey,
  // authorization
  kIdentityPolicy,             // no identity-based policy allows the action
  kIdentityPolicyExplicitDeny,
  kServiceControlPolicy,
  kVpcEndpointPolicy,
  kOtherPolicy,                // a permissions boundary, session or resource policy
  kAccountNotAuthorized,
  // model access
  kAccessNotGranted,
  kMarketplaceSubscription,
  kUseCaseForm,
  kNotAvailableForAccount,
  kLegacyModel,
  kEndOfLife,
  // model identifier
  kInvalidIdentifier,
  kProfileOfOtherGeography,
  kModelNotInRegion,
  kUnescapedIdentifier,        // an ARN with a raw '/' in the path: UnknownOperationException
  // inference type
  kOnDemandNotSupported,
  // quota / throttling
  kTooManyRequests,
  kTooManyTokens,
  kDailyTokenQuota,
  kServiceQuotaExceeded,
  // service side
  kInternalError,
  kServiceUnavailable,
  kModelNotReady,
  kModelTimeout,
  kModelError,
  kModelStreamError,
  // validation
  kConversationRules,
  kShapeConstraint,
  kMalformedModelInput,
  kInputTooLong,
  kModelRejectedInput,
  kSerialization,
  kRequestRejected,
};
std::string_view to_string(SubCause sub_cause);  // "identity_policy", "clock_skew", ...

// Where a request failed before any answer arrived. The transport maps curl's errors onto its
// own TransportStage enum with the same names.
enum class NetworkStage { kDns, kConnect, kTls, kSend, kReceive, kTimeout, kProxy, kOther };
std::string_view to_string(NetworkStage stage);

// What came back: the sanitized error code (x-amzn-ErrorType shape name, or an in-stream
// exception's lowerCamel name; both match case-insensitively), the status and the message.
struct ErrorEvidence {
  int http_status = 0;
  std::string code;
  std::string message;

  static ErrorEvidence from(const errors::ServiceError& error);
  static ErrorEvidence from(const errors::UnrecognizedError& error);
};

// What the caller knows besides the answer; every member is optional and only sharpens the fix.
struct DiagnosisContext {
  std::string model_id;  // as sent
  std::string region;
  std::optional<operations::Operation> operation;
  std::string endpoint_host;  // e.g. bedrock-runtime.us-east-2.amazonaws.com
  // ListInferenceProfiles / ListFoundationModels results in `region`, when they were called.
  std::optional<std::span<const InferenceProfile>> profiles;
  std::optional<std::span<const FoundationModelSummary>> models;
};

// A context check a row may require beyond code, status and message.
enum class RuleCondition {
  kNone,
  kModelIsProfileOfOtherGeography,  // a geo-prefixed ID whose geography excludes the region
  kModelNotListedInRegion,          // context.models given and the model is not among them
};

struct DiagnosisRule {
  std::string_view name;             // stable row ID, e.g. "on-demand-throughput"
  std::string_view code;             // empty: any code
  int http_status = 0;               // 0: any status
  std::string_view message_pattern;  // case-insensitive substring; empty: any message
  RuleCondition condition = RuleCondition::kNone;
  CauseCategory category = CauseCategory::kUnknown;
  SubCause sub_cause = SubCause::kNone;
  // Placeholders: {model} {region} {profile} {action} {resource} {principal} {stream_note}
  // {endpoint} {signed_at} {server_time} {regional_profile} {operation}.
  std::string_view fix_template;
};

struct NetworkRule {
  NetworkStage stage;
  SubCause sub_cause;
  std::string_view fix_template;
};

std::span<const DiagnosisRule> diagnosis_rules();
std::span<const NetworkRule> network_rules();

struct Diagnosis {
  CauseCategory category = CauseCategory::kUnknown;
  SubCause sub_cause = SubCause::kNone;
  std::string fix;        // one line, specifics filled in
  std::string_view rule;  // the matching row's name ("" when none matched)
};

Diagnosis diagnose(const ErrorEvidence& evidence, const DiagnosisContext& context = {});
Diagnosis diagnose(const errors::ServiceError& error, const DiagnosisContext& context = {});
Diagnosis diagnose(const errors::UnrecognizedError& error, const DiagnosisContext& context = {});
Diagnosis diagnose_network(NetworkStage stage, const DiagnosisContext& context = {});

}  // namespace bedrock::client
