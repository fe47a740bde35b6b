// The rows of the classification table (issue #6). Order matters: specific texts before the
// generic row of the same code, codes before the status-only fallbacks. Every message pattern
// is a text the real service sends (reference §8, realworld-error-messages.md).
#include <array>

#include "bedrock/client/diagnosis.hpp"

namespace bedrock::client {
namespace {

using C = CauseCategory;
using S = SubCause;
using R = RuleCondition;

constexpr std::string_view kAccessDenied = "AccessDeniedException";
constexpr std::string_view kValidation = "ValidationException";
constexpr std::string_view kNotFound = "ResourceNotFoundException";
constexpr std::string_view kThrottling = "ThrottlingException";
constexpr std::string_view kInvalidSignature = "InvalidSignatureException";

constexpr std::array kRules{
    // ---- inference type: the seed's error ---------------------------------------------------
    // "isn’t" (U+2019) on the wire; the pattern stops before the apostrophe so ASCII passes too.
    DiagnosisRule{"on-demand-throughput", kValidation, 0, "with on-demand throughput isn", R::kNone,
                  C::kInferenceType, S::kOnDemandNotSupported,
                  "call {model} through the inference profile {profile} in {region} "
                  "(bedrock-cli --inference-profile auto does this)"},

    // ---- model identifier -------------------------------------------------------------------
    DiagnosisRule{"profile-of-other-geography", kValidation, 0,
                  "The provided model identifier is invalid", R::kModelIsProfileOfOtherGeography,
                  C::kModelIdentifier, S::kProfileOfOtherGeography,
                  "{model} is a profile of another geography, not callable from {region}: use "
                  "{regional_profile}"},
    DiagnosisRule{"model-not-in-region", kValidation, 0, "The provided model identifier is invalid",
                  R::kModelNotListedInRegion, C::kModelIdentifier, S::kModelNotInRegion,
                  "{model} is not offered in {region}: pick a model from bedrock-cli models "
                  "--region {region}, or call from a Region that offers it"},
    DiagnosisRule{"invalid-model-identifier", kValidation, 0,
                  "The provided model identifier is invalid", R::kNone, C::kModelIdentifier,
                  S::kInvalidIdentifier,
                  "check the model ID {model}: bedrock-cli models --region {region} lists the "
                  "models offered in {region} (a model from another Region gives this error too)"},
    DiagnosisRule{"unknown-operation", "UnknownOperationException", 0, "", R::kNone,
                  C::kModelIdentifier, S::kUnescapedIdentifier,
                  "percent-encode the model ID as one path segment ('/' as %2F): an ARN with a "
                  "raw '/' matches no operation"},

    // ---- model access -----------------------------------------------------------------------
    DiagnosisRule{"model-access-not-granted", kAccessDenied, 0,
                  "You don't have access to the model", R::kNone, C::kModelAccess,
                  S::kAccessNotGranted,
                  "grant access to {model} in the Bedrock console (Model access) in {region}"},
    DiagnosisRule{"marketplace-subscription", "", 0, "AWS Marketplace actions", R::kNone,
                  C::kModelAccess, S::kMarketplaceSubscription,
                  "allow aws-marketplace:ViewSubscriptions and aws-marketplace:Subscribe for the "
                  "caller, then enable {model} in the Bedrock console (Model access)"},
    DiagnosisRule{"use-case-form", "", 0, "required use-case form", R::kNone, C::kModelAccess,
                  S::kUseCaseForm,
                  "submit the use-case form for {model} in the Bedrock console ({region}), then "
                  "request access"},
    DiagnosisRule{"not-available-for-account", "", 0, "is not available for this account", R::kNone,
                  C::kModelAccess, S::kNotAvailableForAccount,
                  "{model} is not available to this account: request access in the Bedrock "
                  "console (Model access) or pick another model"},
    DiagnosisRule{"legacy-model", kNotFound, 0, "marked by provider as Legacy", R::kNone,
                  C::kModelAccess, S::kLegacyModel,
                  "{model} is Legacy and was not used recently: move to an active model "
                  "(bedrock-cli models shows each model's lifecycle status)"},
    DiagnosisRule{"end-of-life", kNotFound, 0, "reached the end of its life", R::kNone,
                  C::kModelAccess, S::kEndOfLife,
                  "{model} has reached end of life: move to an active model"},

    // ---- authentication (coral front end) ---------------------------------------------------
    // The code of these two is not on record (reference §8): match the text alone.
    DiagnosisRule{"signature-expired", "", 0, "Signature expired", R::kNone, C::kAuthentication,
                  S::kClockSkew,
                  "sync the clock (NTP/chrony): the request was signed at {signed_at}, more than "
                  "5 minutes away from the server's {server_time}"},
    DiagnosisRule{"signature-not-yet-current", "", 0, "Signature not yet current", R::kNone,
                  C::kAuthentication, S::kClockSkew,
                  "sync the clock (NTP/chrony): the request was signed at {signed_at}, more than "
                  "5 minutes ahead of the server's {server_time}"},
    DiagnosisRule{"bad-signature", kInvalidSignature, 0, "", R::kNone, C::kAuthentication,
                  S::kBadSignature,
                  "check the secret access key that goes with the access key ID, and that "
                  "requests are signed for service bedrock in {region}"},
    DiagnosisRule{"expired-token", "ExpiredTokenException", 0, "", R::kNone, C::kAuthentication,
                  S::kExpiredToken,
                  "refresh the credentials: the session token has expired (aws sso login, or "
                  "assume the role again)"},
    DiagnosisRule{"unrecognized-client", "UnrecognizedClientException", 0, "", R::kNone,
                  C::kAuthentication, S::kInvalidAccessKey,
                  "the access key ID is not known to AWS: check AWS_ACCESS_KEY_ID / the profile's "
                  "keys, and that a session token comes with temporary keys"},
    DiagnosisRule{"authorization-header-missing", kAccessDenied, 0,
                  "Authorization header is missing", R::kNone, C::kAuthentication,
                  S::kMissingAuthorization,
                  "the request was not signed: provide credentials (env, profile, role) or "
                  "AWS_BEARER_TOKEN_BEDROCK"},
    DiagnosisRule{"missing-authentication-token", "MissingAuthenticationTokenException", 0, "",
                  R::kNone, C::kAuthentication, S::kMissingAuthorization,
                  "the request was not signed: provide credentials (env, profile, role)"},
    DiagnosisRule{"incomplete-signature", "IncompleteSignatureException", 0, "", R::kNone,
                  C::kAuthentication, S::kBadSignature,
                  "the Authorization header is incomplete: sign with SigV4 for service bedrock in "
                  "{region}"},
    DiagnosisRule{"bearer-token-expired", kAccessDenied, 0, "Bearer Token has expired", R::kNone,
                  C::kAuthentication, S::kExpiredApiKey,
                  "the Bedrock API key has expired: create a new one and set "
                  "AWS_BEARER_TOKEN_BEDROCK"},
    DiagnosisRule{"api-key-format", kAccessDenied, 0, "Invalid API Key format", R::kNone,
                  C::kAuthentication, S::kInvalidApiKey,
                  "AWS_BEARER_TOKEN_BEDROCK is not a Bedrock API key: copy the whole key"},
    DiagnosisRule{"api-key-invalid", kAccessDenied, 0, "make sure your API Key is valid", R::kNone,
                  C::kAuthentication, S::kInvalidApiKey,
                  "the Bedrock API key in AWS_BEARER_TOKEN_BEDROCK is not valid: create a new one"},

    // ---- authorization (IAM layers, recognised from the text) -------------------------------
    DiagnosisRule{"service-control-policy", kAccessDenied, 0, "in a service control policy",
                  R::kNone, C::kAuthorization, S::kServiceControlPolicy,
                  "an organization SCP denies {action} on {resource}: ask the organization admin "
                  "to allow it (a cross-Region profile needs every destination Region "
                  "allowed){stream_note}"},
    DiagnosisRule{"vpc-endpoint-policy", kAccessDenied, 0, "VPC endpoint policy", R::kNone,
                  C::kAuthorization, S::kVpcEndpointPolicy,
                  "the bedrock-runtime VPC endpoint's policy must allow {action} on {resource} "
                  "for {principal}{stream_note}"},
    DiagnosisRule{"identity-policy-explicit-deny", kAccessDenied, 0,
                  "with an explicit deny in an identity-based policy", R::kNone, C::kAuthorization,
                  S::kIdentityPolicyExplicitDeny,
                  "remove the Deny of {action} on {resource} from {principal}'s IAM "
                  "policies{stream_note}"},
    DiagnosisRule{"identity-policy-missing-allow", kAccessDenied, 0,
                  "no identity-based policy allows", R::kNone, C::kAuthorization,
                  S::kIdentityPolicy,
                  "allow {action} on {resource} in {principal}'s IAM policy{stream_note}"},
    DiagnosisRule{"other-policy-deny", kAccessDenied, 0, "is not authorized to perform", R::kNone,
                  C::kAuthorization, S::kOtherPolicy,
                  "a permissions boundary, session or resource policy denies {action} on "
                  "{resource} for {principal}{stream_note}"},
    DiagnosisRule{"account-not-authorized", kAccessDenied, 0,
                  "Your account is not authorized to invoke this API operation", R::kNone,
                  C::kAuthorization, S::kAccountNotAuthorized,
                  "this account may not call Bedrock in {region}: check that Bedrock is enabled "
                  "for the account and Region"},
    DiagnosisRule{"access-denied", kAccessDenied, 0, "", R::kNone, C::kAuthorization,
                  S::kOtherPolicy,
                  "the caller may not perform {action}: check its IAM policy, SCPs and the VPC "
                  "endpoint policy{stream_note}"},

    // ---- quota / throttling -----------------------------------------------------------------
    DiagnosisRule{"tokens-per-day", kThrottling, 0, "Too many tokens per day", R::kNone,
                  C::kQuotaThrottling, S::kDailyTokenQuota,
                  "the daily token quota for {model} in {region} is used up: wait for the reset "
                  "or request an increase in Service Quotas"},
    // Bedrock reserves input + maxTokens when a request starts (the model's maximum when
    // maxTokens is unset), so a large maxTokens alone can use up the quota.
    DiagnosisRule{"too-many-tokens", kThrottling, 0, "Too many tokens", R::kNone,
                  C::kQuotaThrottling, S::kTooManyTokens,
                  "tokens-per-minute quota for {model} in {region} reached: each request "
                  "reserves its input plus maxTokens, so ask for no more maxTokens than you need; "
                  "retry with backoff, use a cross-Region profile, or request an increase in "
                  "Service Quotas"},
    DiagnosisRule{"too-many-requests", kThrottling, 0, "", R::kNone, C::kQuotaThrottling,
                  S::kTooManyRequests,
                  "requests-per-minute quota for {model} in {region} reached: retry with backoff, "
                  "use a cross-Region profile, or request an increase in Service Quotas"},
    DiagnosisRule{"service-quota-exceeded", "ServiceQuotaExceededException", 0, "", R::kNone,
                  C::kQuotaThrottling, S::kServiceQuotaExceeded,
                  "a service quota for {model} in {region} is exceeded: request an increase in "
                  "Service Quotas"},

    // ---- service side -----------------------------------------------------------------------
    DiagnosisRule{"model-not-ready", "ModelNotReadyException", 0, "", R::kNone, C::kServiceSide,
                  S::kModelNotReady, "{model} is not ready yet: retry in a few seconds"},
    DiagnosisRule{"model-timeout", "ModelTimeoutException", 0, "", R::kNone, C::kServiceSide,
                  S::kModelTimeout,
                  "{model} took too long to answer: retry, ask for fewer tokens, or stream the "
                  "answer (ConverseStream)"},
    DiagnosisRule{"model-error", "ModelErrorException", 0, "", R::kNone, C::kServiceSide,
                  S::kModelError, "{model} failed to process the request: retry, then report it"},
    DiagnosisRule{"model-stream-error", "ModelStreamErrorException", 0, "", R::kNone,
                  C::kServiceSide, S::kModelStreamError,
                  "{model} failed mid-stream: retry the request (a started stream is never "
                  "retried automatically)"},
    DiagnosisRule{"service-unavailable", "ServiceUnavailableException", 0, "", R::kNone,
                  C::kServiceSide, S::kServiceUnavailable,
                  "Bedrock in {region} is unavailable for now: retry with backoff"},
    DiagnosisRule{"internal-server", "InternalServerException", 0, "", R::kNone, C::kServiceSide,
                  S::kInternalError, "Bedrock failed internally: retry with backoff"},

    // ---- validation (after the model-identifier and inference-type texts) -------------------
    DiagnosisRule{"input-too-long", "", 0, "Input is too long", R::kNone, C::kValidation,
                  S::kInputTooLong,
                  "the input exceeds {model}'s context window: shorten the conversation"},
    DiagnosisRule{"prompt-too-long", "", 0, "prompt is too long", R::kNone, C::kValidation,
                  S::kInputTooLong,
                  "the input exceeds {model}'s context window: shorten the conversation"},
    DiagnosisRule{"malformed-model-input", kValidation, 0, "Malformed input request", R::kNone,
                  C::kValidation, S::kMalformedModelInput,
                  "the InvokeModel body does not match {model}'s native request schema: fix the "
                  "member the message names"},
    DiagnosisRule{"model-rejected-input", "", 0, "The model returned the following errors",
                  R::kNone, C::kValidation, S::kModelRejectedInput,
                  "{model} rejected the request: fix what the message after the prefix names"},
    DiagnosisRule{"shape-constraint", kValidation, 0, "validation error detected", R::kNone,
                  C::kValidation, S::kShapeConstraint,
                  "a request member breaks the API's constraints: fix the member the message "
                  "names"},
    DiagnosisRule{"conversation-rules", kValidation, 0, "", R::kNone, C::kValidation,
                  S::kConversationRules,
                  "fix the request as the message says (roles alternate starting with user, no "
                  "empty content, toolConfig with tool blocks)"},
    DiagnosisRule{"serialization", "SerializationException", 0, "", R::kNone, C::kValidation,
                  S::kSerialization,
                  "the request body is not what the API expects (wrong JSON types): check the "
                  "body"},
    DiagnosisRule{"conflict", "ConflictException", 0, "", R::kNone, C::kValidation,
                  S::kRequestRejected, "the request conflicts with one in progress: retry later"},

    // ---- fallbacks on the status alone ------------------------------------------------------
    DiagnosisRule{"status-429", "", 429, "", R::kNone, C::kQuotaThrottling, S::kTooManyRequests,
                  "throttled: retry with backoff"},
    DiagnosisRule{"status-500", "", 500, "", R::kNone, C::kServiceSide, S::kInternalError,
                  "Bedrock failed internally: retry with backoff"},
    DiagnosisRule{"status-502", "", 502, "", R::kNone, C::kServiceSide, S::kServiceUnavailable,
                  "a gateway between you and Bedrock failed: retry; check proxies"},
    DiagnosisRule{"status-503", "", 503, "", R::kNone, C::kServiceSide, S::kServiceUnavailable,
                  "Bedrock in {region} is unavailable for now: retry with backoff"},
    DiagnosisRule{"status-504", "", 504, "", R::kNone, C::kServiceSide, S::kServiceUnavailable,
                  "a gateway timed out: retry; check proxies"},
    DiagnosisRule{"status-403", "", 403, "", R::kNone, C::kAuthorization, S::kOtherPolicy,
                  "the request was refused (403): check credentials, IAM policy, SCPs and the "
                  "VPC endpoint policy"},
};

using N = NetworkCondition;
using Stage = NetworkStage;

// Conditional rows first: what doctor knows about the VPC sharpens the generic fix. A VPC with
// neither NAT nor an interface endpoint drops the SYNs to public addresses, so requests hang
// (connect timeout) rather than fail fast (reference §1, VPC interface endpoints).
constexpr std::array kNetworkRules{
    NetworkRule{"private-dns-disabled", Stage::kTimeout, N::kPrivateDnsDisabled,
                S::kPrivateDnsDisabled,
                "{endpoint} resolves to public addresses although the VPC has the bedrock-runtime "
                "interface endpoint {vpc_endpoint}: enable private DNS on that endpoint, or set "
                "AWS_ENDPOINT_URL_BEDROCK_RUNTIME=https://{vpc_endpoint}"},
    NetworkRule{"private-dns-disabled-connect", Stage::kConnect, N::kPrivateDnsDisabled,
                S::kPrivateDnsDisabled,
                "{endpoint} resolves to public addresses although the VPC has the bedrock-runtime "
                "interface endpoint {vpc_endpoint}: enable private DNS on that endpoint, or set "
                "AWS_ENDPOINT_URL_BEDROCK_RUNTIME=https://{vpc_endpoint}"},
    NetworkRule{"no-route-from-vpc", Stage::kTimeout, N::kPublicAddressInVpcWithoutNat,
                S::kNoRouteFromVpc,
                "this VPC has no route to {endpoint}'s public addresses: create the interface "
                "endpoint com.amazonaws.{region}.bedrock-runtime with private DNS enabled (or add "
                "a NAT gateway)"},
    NetworkRule{"no-route-from-vpc-connect", Stage::kConnect, N::kPublicAddressInVpcWithoutNat,
                S::kNoRouteFromVpc,
                "this VPC has no route to {endpoint}'s public addresses: create the interface "
                "endpoint com.amazonaws.{region}.bedrock-runtime with private DNS enabled (or add "
                "a NAT gateway)"},
    NetworkRule{"dns", Stage::kDns, N::kNone, S::kDnsFailure,
                "{endpoint} does not resolve: check the region and endpoint URL (a vpce- "
                "endpoint URL needs the VPC's DNS; private DNS needs enableDnsSupport)"},
    NetworkRule{"connect", Stage::kConnect, N::kNone, S::kConnectFailure,
                "no TCP connection to {endpoint}: check security groups, proxies "
                "(HTTPS_PROXY), and from a VPC without NAT add an interface endpoint "
                "com.amazonaws.{region}.bedrock-runtime"},
    NetworkRule{"tls", Stage::kTls, N::kNone, S::kTlsFailure,
                "the TLS handshake with {endpoint} failed: check the CA bundle (AWS_CA_BUNDLE) "
                "and that the certificate matches the host (a vpce- name vs the regional name)"},
    NetworkRule{"timeout", Stage::kTimeout, N::kNone, S::kTimeout,
                "{endpoint} did not answer in time: in a VPC with neither a NAT gateway nor a "
                "bedrock-runtime interface endpoint requests hang; otherwise raise --timeout"},
    NetworkRule{"send", Stage::kSend, N::kNone, S::kConnectionDropped,
                "the connection to {endpoint} broke while sending: retry; check proxies"},
    NetworkRule{"receive", Stage::kReceive, N::kNone, S::kConnectionDropped,
                "the connection to {endpoint} dropped while receiving: retry; check proxies and "
                "idle timeouts"},
    NetworkRule{"proxy", Stage::kProxy, N::kNone, S::kProxyFailure,
                "the proxy failed: check HTTPS_PROXY / NO_PROXY"},
    NetworkRule{"other", Stage::kOther, N::kNone, S::kNone,
                "the request to {endpoint} failed before an answer: retry, then check the "
                "network path"},
};

using B = StreamBreak;

// A stream the service began and something on the way broke. Bedrock reports its own failures
// inside a stream as exception frames (modelStreamErrorException ...), never as a cut, a bad
// CRC or silence, so these point at proxies, load balancers and the network (issue #17).
constexpr std::array kStreamRules{
    StreamRule{"stream-truncated", B::kEndedInsideFrame, S::kStreamTruncated,
               "the stream from {endpoint} ended inside a frame although the body ended cleanly: "
               "a proxy or gateway dropped the rest (check response buffering and size limits), "
               "then send the request again (a started stream is never retried automatically)"},
    StreamRule{"stream-checksum-mismatch", B::kChecksumMismatch, S::kStreamCorrupted,
               "a frame from {endpoint} failed its CRC-32: something between you and Bedrock "
               "altered the bytes (a TLS-inspecting proxy, a body rewrite): bypass it for "
               "bedrock-runtime, then send the request again"},
    StreamRule{"stream-malformed-frame", B::kMalformedFrame, S::kStreamCorrupted,
               "a frame from {endpoint} is not a valid event-stream frame: something between you "
               "and Bedrock altered the bytes: bypass it, then send the request again"},
    StreamRule{"stream-cut", B::kConnectionCut, S::kStreamCut,
               "the connection to {endpoint} dropped mid-stream: a proxy, load balancer or NAT "
               "idle timeout closed it (raise its idle/response timeout above the model's "
               "longest pause), then send the request again"},
    StreamRule{"stream-stalled", B::kStalled, S::kStreamStalled,
               "the stream from {endpoint} went silent after it began: raise the read timeout "
               "above the model's longest pause, or a proxy holds the bytes back; SDKs without a "
               "read timeout wait forever"},
};

using P = SetupProblem;

constexpr std::array kSetupRules{
    SetupRule{"missing-region", P::kMissingRegion, S::kMissingRegion,
              "set the Region: --region, AWS_REGION, or region = ... in the profile ({detail})"},
    SetupRule{"invalid-configuration", P::kInvalidConfiguration, S::kInvalidConfiguration,
              "fix the setting: {detail}"},
    SetupRule{"no-credentials", P::kNoCredentials, S::kNoCredentials,
              "provide credentials: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, a profile (aws "
              "configure / aws sso login), a role, or AWS_BEARER_TOKEN_BEDROCK ({detail})"},
    SetupRule{"credentials-failed", P::kCredentialsFailed, S::kCredentialsFailed,
              "repair the credential source: {detail}"},
    SetupRule{"credentials-expired", P::kCredentialsExpired, S::kCredentialsExpired,
              "refresh the credentials: {detail} (aws sso login, or assume the role again)"},
};

}  // namespace

std::span<const DiagnosisRule> diagnosis_rules() { return kRules; }
std::span<const SetupRule> setup_rules() { return kSetupRules; }
std::span<const NetworkRule> network_rules() { return kNetworkRules; }
std::span<const StreamRule> stream_rules() { return kStreamRules; }

}  // namespace bedrock::client
