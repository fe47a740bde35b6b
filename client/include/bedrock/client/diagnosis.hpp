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
#include "bedrock/client/transport_error.hpp"
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
  kConfiguration,  // found before any request: no region, a bad setting, no credentials
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
  kNoRouteFromVpc,      // public addresses from a VPC with neither NAT nor an interface endpoint
  kPrivateDnsDisabled,  // the VPC has a bedrock-runtime interface endpoint, private DNS is off
  // network, inside a started event stream (StreamBreak)
  kStreamTruncated,  // the body ended inside a frame
  kStreamCorrupted,  // a frame failed its CRC (or its framing): bytes altered on the way
  kStreamCut,        // the connection dropped mid-stream
  kStreamStalled,    // the stream went silent until the read timeout
  // authentication
  kMissingAuthorization,
  kInvalidAccessKey,
  kBadSignature,
  kExpiredToken,
  kClockSkew,
  kInvalidApiKey,
  kExpiredApiKey,
  // authorization
  kIdentityPolicy,  // no identity-based policy allows the action
  kIdentityPolicyExplicitDeny,
  kServiceControlPolicy,
  kVpcEndpointPolicy,
  kOtherPolicy,  // a permissions boundary, session or resource policy
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
  kUnescapedIdentifier,  // an ARN with a raw '/' in the path: UnknownOperationException
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
  // configuration (doctor's first steps)
  kMissingRegion,
  kInvalidConfiguration,
  kNoCredentials,
  kCredentialsFailed,
  kCredentialsExpired,
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
  // What `doctor` learned or was told about the network path (reference §1, VPC endpoints).
  // Only network rows read these; every one is optional evidence.
  bool endpoint_resolves_public = false;  // the endpoint name answered public addresses
  bool vpc_without_nat = false;           // we run in a VPC with no NAT / internet route
  std::string vpc_endpoint_host;          // a known vpce-... name of a bedrock-runtime endpoint
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
  // {endpoint} {signed_at} {server_time} {regional_profile} {operation} {vpc_endpoint}.
  std::string_view fix_template;
};

// A context check a network row may require beyond the stage.
enum class NetworkCondition {
  kNone,
  kPublicAddressInVpcWithoutNat,  // endpoint_resolves_public && vpc_without_nat
  kPrivateDnsDisabled,            // the above, and a vpce- endpoint of the VPC is known
};

struct NetworkRule {
  std::string_view name;  // stable row ID, e.g. "timeout"
  NetworkStage stage;
  NetworkCondition condition = NetworkCondition::kNone;
  SubCause sub_cause = SubCause::kNone;
  // Placeholders: {endpoint} {region} {vpc_endpoint}.
  std::string_view fix_template;
};

// A started event stream that broke (TransportError::stream_break): a proxy or the network, not
// the service, which reports its own mid-stream failures as exception frames.
struct StreamRule {
  std::string_view name;  // stable row ID, e.g. "stream-cut"
  StreamBreak stream_break;
  SubCause sub_cause = SubCause::kNone;
  // Placeholders: {endpoint} {region} {model}.
  std::string_view fix_template;
};

// What is wrong before any request is sent (doctor's configuration and credentials steps).
enum class SetupProblem {
  kMissingRegion,
  kInvalidConfiguration,
  kNoCredentials,
  kCredentialsFailed,
  kCredentialsExpired,
};

struct SetupRule {
  std::string_view name;
  SetupProblem problem;
  SubCause sub_cause;
  // Placeholders: {detail} (the error, naming the variable or file:line) and {region}.
  std::string_view fix_template;
};

std::span<const DiagnosisRule> diagnosis_rules();
std::span<const NetworkRule> network_rules();
std::span<const StreamRule> stream_rules();
std::span<const SetupRule> setup_rules();

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
Diagnosis diagnose_network(TransportStage stage, const DiagnosisContext& context = {});
// A TransportError: its stream break when it has one, else its stage.
Diagnosis diagnose_network(const TransportError& error, const DiagnosisContext& context = {});
Diagnosis diagnose_stream(StreamBreak stream_break, const DiagnosisContext& context = {});
Diagnosis diagnose_setup(SetupProblem problem, std::string_view detail,
                         const DiagnosisContext& context = {});

// The transport's stage as the table names it (kAborted counts as kOther).
NetworkStage network_stage_of(TransportStage stage);

}  // namespace bedrock::client
