#include "bedrock/client/diagnosis.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <utility>

#include "bedrock/client/inference_profile_resolver.hpp"
#include "bedrock/protocol/model_id.hpp"

namespace bedrock::client {
namespace {

char lower_ascii(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

bool equals_ci(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return lower_ascii(x) == lower_ascii(y);
         });
}

bool contains_ci(std::string_view haystack, std::string_view needle) {
  if (needle.empty()) return true;
  return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                     [](char x, char y) { return lower_ascii(x) == lower_ascii(y); }) !=
         haystack.end();
}

// The text between `after` and the first of `ends` (or the end of the message).
std::optional<std::string> between(std::string_view text, std::string_view after,
                                   std::initializer_list<std::string_view> ends) {
  const std::size_t start = text.find(after);
  if (start == std::string_view::npos) return std::nullopt;
  const std::size_t from = start + after.size();
  std::size_t to = text.size();
  for (std::string_view end : ends) {
    const std::size_t at = text.find(end, from);
    if (at != std::string_view::npos) to = std::min(to, at);
  }
  if (to == from) return std::nullopt;
  return std::string(text.substr(from, to - from));
}

// IAM denial texts (reference §8): "User: <principal> is not authorized to perform: <action> on
// resource: <resource> because ... / with an explicit deny in ...".
struct IamDenialParts {
  std::optional<std::string> principal;
  std::optional<std::string> action;
  std::optional<std::string> resource;
};

IamDenialParts parse_iam_denial(std::string_view message) {
  return IamDenialParts{between(message, "User: ", {" is not authorized"}),
                        between(message, "to perform: ", {" on resource", " ", "\n"}),
                        between(message, "on resource: ", {" because", " with an explicit", "\n"})};
}

// "Signature expired: <signed> is now earlier than <limit> (<server> - 5 min.)" and its
// "not yet current ... (<server> + 15 min.)" counterpart.
std::pair<std::optional<std::string>, std::optional<std::string>> signature_times(
    std::string_view message) {
  return {between(message, ": ", {" "}), between(message, "(", {" "})};
}

std::optional<model_id::ParsedModelId> parsed_model(const DiagnosisContext& context) {
  if (context.model_id.empty()) return std::nullopt;
  auto parsed = model_id::parse_model_id(context.model_id);
  if (!parsed) return std::nullopt;
  return std::move(parsed).value();
}

bool is_profile_of_other_geography(const DiagnosisContext& context) {
  const auto parsed = parsed_model(context);
  if (!parsed || context.region.empty() || !parsed->geo) return false;
  const std::vector<model_id::Geo> geos = model_id::geos_including_region(context.region);
  return std::find(geos.begin(), geos.end(), *parsed->geo) == geos.end();
}

bool is_model_not_listed(const DiagnosisContext& context) {
  if (!context.models) return false;
  const auto parsed = parsed_model(context);
  if (!parsed || parsed->base_model_id.empty()) return false;
  return std::none_of(
      context.models->begin(), context.models->end(),
      [&](const FoundationModelSummary& model) { return model.model_id == parsed->base_model_id; });
}

bool condition_holds(RuleCondition condition, const DiagnosisContext& context) {
  switch (condition) {
    case RuleCondition::kNone:
      return true;
    case RuleCondition::kModelIsProfileOfOtherGeography:
      return is_profile_of_other_geography(context);
    case RuleCondition::kModelNotListedInRegion:
      return is_model_not_listed(context);
  }
  return false;
}

bool network_condition_holds(NetworkCondition condition, const DiagnosisContext& context) {
  const bool unreachable_public = context.endpoint_resolves_public && context.vpc_without_nat;
  switch (condition) {
    case NetworkCondition::kNone:
      return true;
    case NetworkCondition::kPublicAddressInVpcWithoutNat:
      return unreachable_public;
    case NetworkCondition::kPrivateDnsDisabled:
      return unreachable_public && !context.vpc_endpoint_host.empty();
  }
  return false;
}

bool rule_matches(const DiagnosisRule& rule, const ErrorEvidence& evidence,
                  const DiagnosisContext& context) {
  if (!rule.code.empty() && !equals_ci(rule.code, evidence.code)) return false;
  if (rule.http_status != 0 && rule.http_status != evidence.http_status) return false;
  if (!contains_ci(evidence.message, rule.message_pattern)) return false;
  return condition_holds(rule.condition, context);
}

bool is_streaming_operation(const DiagnosisContext& context) {
  return context.operation && operations::info_of(*context.operation).event_stream_response;
}

// The values a fix template may name; each falls back to words that still read well.
class FixValues {
 public:
  FixValues(const ErrorEvidence& evidence, const DiagnosisContext& context)
      : evidence_(evidence), context_(context), iam_(parse_iam_denial(evidence.message)) {}

  std::optional<std::string> value(std::string_view name) const {
    if (name == "model") return model();
    if (name == "region") return region();
    if (name == "profile") return profile();
    if (name == "regional_profile") return regional_profile();
    if (name == "action") return action();
    if (name == "resource") return iam_.resource.value_or(model());
    if (name == "principal") return iam_.principal.value_or("the caller");
    if (name == "stream_note") return stream_note();
    if (name == "endpoint") return endpoint();
    if (name == "vpc_endpoint") {
      return context_.vpc_endpoint_host.empty() ? std::string("the vpce- endpoint name")
                                                : context_.vpc_endpoint_host;
    }
    if (name == "operation") {
      return context_.operation ? std::string(operations::name_of(*context_.operation))
                                : std::string("the call");
    }
    if (name == "signed_at") return signature_times(evidence_.message).first.value_or("?");
    if (name == "server_time") return signature_times(evidence_.message).second.value_or("?");
    return std::nullopt;
  }

 private:
  std::string model() const {
    // The on-demand message names the ID the caller sent (reference §8).
    if (auto in_message = model_id_in_on_demand_message(evidence_.message)) return *in_message;
    return context_.model_id.empty() ? std::string("the model") : context_.model_id;
  }
  std::string region() const {
    return context_.region.empty() ? std::string("this Region") : context_.region;
  }
  std::string profile() const {
    auto resolved = resolve_inference_profile(model(), context_.region, context_.profiles);
    if (resolved && resolved->changed()) return resolved->model_id;
    return "that contains it (list them with bedrock-cli profiles --region " + region() + ")";
  }
  std::string regional_profile() const {
    const auto parsed = parsed_model(context_);
    if (parsed && !parsed->base_model_id.empty()) {
      auto resolved =
          resolve_inference_profile(parsed->base_model_id, context_.region, context_.profiles);
      if (resolved && resolved->changed()) return resolved->model_id;
    }
    return "a profile of " + region() + "'s geography (bedrock-cli profiles --region " + region() +
           ")";
  }
  std::string action() const {
    if (iam_.action) return *iam_.action;
    if (context_.operation) return std::string(operations::info_of(*context_.operation).iam_action);
    return "bedrock:InvokeModel";
  }
  std::string stream_note() const {
    // ConverseStream is authorised as bedrock:InvokeModelWithResponseStream (reference §8).
    if (action() == "bedrock:InvokeModelWithResponseStream" || is_streaming_operation(context_)) {
      return " (ConverseStream is authorised as bedrock:InvokeModelWithResponseStream, not "
             "bedrock:InvokeModel)";
    }
    return "";
  }
  std::string endpoint() const {
    if (!context_.endpoint_host.empty()) return context_.endpoint_host;
    if (!context_.region.empty()) return "bedrock-runtime." + context_.region + ".amazonaws.com";
    return "the Bedrock endpoint";
  }

  const ErrorEvidence& evidence_;
  const DiagnosisContext& context_;
  IamDenialParts iam_;
};

std::string fill(std::string_view fix_template, const FixValues& values) {
  std::string out;
  std::size_t at = 0;
  while (at < fix_template.size()) {
    const std::size_t open = fix_template.find('{', at);
    const std::size_t close = open == std::string_view::npos ? open : fix_template.find('}', open);
    if (close == std::string_view::npos) {
      out += fix_template.substr(at);
      break;
    }
    out += fix_template.substr(at, open - at);
    const std::string_view name = fix_template.substr(open + 1, close - open - 1);
    if (auto value = values.value(name)) {
      out += *value;
    } else {
      out += fix_template.substr(open, close - open + 1);
    }
    at = close + 1;
  }
  return out;
}

}  // namespace

std::string_view to_string(CauseCategory category) {
  switch (category) {
    case CauseCategory::kNetwork:
      return "network";
    case CauseCategory::kAuthentication:
      return "authentication";
    case CauseCategory::kAuthorization:
      return "authorization";
    case CauseCategory::kModelAccess:
      return "model_access";
    case CauseCategory::kModelIdentifier:
      return "model_identifier";
    case CauseCategory::kInferenceType:
      return "inference_type";
    case CauseCategory::kQuotaThrottling:
      return "quota_throttling";
    case CauseCategory::kServiceSide:
      return "service_side";
    case CauseCategory::kValidation:
      return "validation";
    case CauseCategory::kConfiguration:
      return "configuration";
    case CauseCategory::kUnknown:
      return "unknown";
  }
  return "unknown";
}

std::string_view to_string(SubCause sub_cause) {
  switch (sub_cause) {
    case SubCause::kNone:
      return "none";
    case SubCause::kDnsFailure:
      return "dns";
    case SubCause::kConnectFailure:
      return "connect";
    case SubCause::kTlsFailure:
      return "tls";
    case SubCause::kTimeout:
      return "timeout";
    case SubCause::kConnectionDropped:
      return "connection_dropped";
    case SubCause::kProxyFailure:
      return "proxy";
    case SubCause::kNoRouteFromVpc:
      return "no_route_from_vpc";
    case SubCause::kPrivateDnsDisabled:
      return "private_dns_disabled";
    case SubCause::kStreamTruncated:
      return "stream_truncated";
    case SubCause::kStreamCorrupted:
      return "stream_corrupted";
    case SubCause::kStreamCut:
      return "stream_cut";
    case SubCause::kStreamStalled:
      return "stream_stalled";
    case SubCause::kMissingAuthorization:
      return "missing_authorization";
    case SubCause::kInvalidAccessKey:
      return "invalid_access_key";
    case SubCause::kBadSignature:
      return "bad_signature";
    case SubCause::kExpiredToken:
      return "expired_token";
    case SubCause::kClockSkew:
      return "clock_skew";
    case SubCause::kInvalidApiKey:
      return "invalid_api_key";
    case SubCause::kExpiredApiKey:
      return "expired_api_key";
    case SubCause::kIdentityPolicy:
      return "identity_policy";
    case SubCause::kIdentityPolicyExplicitDeny:
      return "identity_policy_explicit_deny";
    case SubCause::kServiceControlPolicy:
      return "service_control_policy";
    case SubCause::kVpcEndpointPolicy:
      return "vpc_endpoint_policy";
    case SubCause::kOtherPolicy:
      return "other_policy";
    case SubCause::kAccountNotAuthorized:
      return "account_not_authorized";
    case SubCause::kAccessNotGranted:
      return "access_not_granted";
    case SubCause::kMarketplaceSubscription:
      return "marketplace_subscription";
    case SubCause::kUseCaseForm:
      return "use_case_form";
    case SubCause::kNotAvailableForAccount:
      return "not_available_for_account";
    case SubCause::kLegacyModel:
      return "legacy_model";
    case SubCause::kEndOfLife:
      return "end_of_life";
    case SubCause::kInvalidIdentifier:
      return "invalid_identifier";
    case SubCause::kProfileOfOtherGeography:
      return "profile_of_other_geography";
    case SubCause::kModelNotInRegion:
      return "model_not_in_region";
    case SubCause::kUnescapedIdentifier:
      return "unescaped_identifier";
    case SubCause::kOnDemandNotSupported:
      return "on_demand_not_supported";
    case SubCause::kTooManyRequests:
      return "too_many_requests";
    case SubCause::kTooManyTokens:
      return "too_many_tokens";
    case SubCause::kDailyTokenQuota:
      return "daily_token_quota";
    case SubCause::kServiceQuotaExceeded:
      return "service_quota_exceeded";
    case SubCause::kInternalError:
      return "internal_error";
    case SubCause::kServiceUnavailable:
      return "service_unavailable";
    case SubCause::kModelNotReady:
      return "model_not_ready";
    case SubCause::kModelTimeout:
      return "model_timeout";
    case SubCause::kModelError:
      return "model_error";
    case SubCause::kModelStreamError:
      return "model_stream_error";
    case SubCause::kConversationRules:
      return "conversation_rules";
    case SubCause::kShapeConstraint:
      return "shape_constraint";
    case SubCause::kMalformedModelInput:
      return "malformed_model_input";
    case SubCause::kInputTooLong:
      return "input_too_long";
    case SubCause::kModelRejectedInput:
      return "model_rejected_input";
    case SubCause::kSerialization:
      return "serialization";
    case SubCause::kRequestRejected:
      return "request_rejected";
    case SubCause::kMissingRegion:
      return "missing_region";
    case SubCause::kInvalidConfiguration:
      return "invalid_configuration";
    case SubCause::kNoCredentials:
      return "no_credentials";
    case SubCause::kCredentialsFailed:
      return "credentials_failed";
    case SubCause::kCredentialsExpired:
      return "credentials_expired";
  }
  return "none";
}

std::string_view to_string(NetworkStage stage) {
  switch (stage) {
    case NetworkStage::kDns:
      return "dns";
    case NetworkStage::kConnect:
      return "connect";
    case NetworkStage::kTls:
      return "tls";
    case NetworkStage::kSend:
      return "send";
    case NetworkStage::kReceive:
      return "receive";
    case NetworkStage::kTimeout:
      return "timeout";
    case NetworkStage::kProxy:
      return "proxy";
    case NetworkStage::kOther:
      return "other";
  }
  return "other";
}

ErrorEvidence ErrorEvidence::from(const errors::ServiceError& error) {
  return ErrorEvidence{error.http_status(), std::string(errors::wire_name(error.code)),
                       error.message};
}

ErrorEvidence ErrorEvidence::from(const errors::UnrecognizedError& error) {
  return ErrorEvidence{error.http_status, error.code, error.message};
}

Diagnosis diagnose(const ErrorEvidence& evidence, const DiagnosisContext& context) {
  const FixValues values(evidence, context);
  for (const DiagnosisRule& rule : diagnosis_rules()) {
    if (rule_matches(rule, evidence, context)) {
      return Diagnosis{rule.category, rule.sub_cause, fill(rule.fix_template, values), rule.name};
    }
  }
  return Diagnosis{CauseCategory::kUnknown, SubCause::kNone,
                   "no known cause: read the error type and message above", ""};
}

Diagnosis diagnose(const errors::ServiceError& error, const DiagnosisContext& context) {
  return diagnose(ErrorEvidence::from(error), context);
}

Diagnosis diagnose(const errors::UnrecognizedError& error, const DiagnosisContext& context) {
  return diagnose(ErrorEvidence::from(error), context);
}

Diagnosis diagnose_network(NetworkStage stage, const DiagnosisContext& context) {
  const ErrorEvidence no_answer;
  const FixValues values(no_answer, context);
  for (const NetworkRule& rule : network_rules()) {
    if (rule.stage == stage && network_condition_holds(rule.condition, context)) {
      return Diagnosis{CauseCategory::kNetwork, rule.sub_cause, fill(rule.fix_template, values),
                       rule.name};
    }
  }
  return Diagnosis{CauseCategory::kNetwork, SubCause::kNone, "the network path failed", ""};
}

Diagnosis diagnose_network(TransportStage stage, const DiagnosisContext& context) {
  return diagnose_network(network_stage_of(stage), context);
}

Diagnosis diagnose_stream(StreamBreak stream_break, const DiagnosisContext& context) {
  const ErrorEvidence no_answer;
  const FixValues values(no_answer, context);
  for (const StreamRule& rule : stream_rules()) {
    if (rule.stream_break == stream_break) {
      return Diagnosis{CauseCategory::kNetwork, rule.sub_cause, fill(rule.fix_template, values),
                       rule.name};
    }
  }
  return Diagnosis{CauseCategory::kNetwork, SubCause::kNone, "the event stream broke", ""};
}

Diagnosis diagnose_network(const TransportError& error, const DiagnosisContext& context) {
  if (error.stream_break) return diagnose_stream(*error.stream_break, context);
  return diagnose_network(error.stage, context);
}

NetworkStage network_stage_of(TransportStage stage) {
  switch (stage) {
    case TransportStage::kDns:
      return NetworkStage::kDns;
    case TransportStage::kConnect:
      return NetworkStage::kConnect;
    case TransportStage::kTls:
      return NetworkStage::kTls;
    case TransportStage::kTimeout:
      return NetworkStage::kTimeout;
    case TransportStage::kSend:
      return NetworkStage::kSend;
    case TransportStage::kReceive:
      return NetworkStage::kReceive;
    case TransportStage::kAborted:
    case TransportStage::kOther:
      return NetworkStage::kOther;
  }
  return NetworkStage::kOther;
}

Diagnosis diagnose_setup(SetupProblem problem, std::string_view detail,
                         const DiagnosisContext& context) {
  const ErrorEvidence no_answer;
  const FixValues values(no_answer, context);
  for (const SetupRule& rule : setup_rules()) {
    if (rule.problem != problem) continue;
    // {detail} is free text (a path, a provider's message): inserted as is, never expanded.
    std::string fix;
    std::string_view rest = rule.fix_template;
    constexpr std::string_view kDetail = "{detail}";
    for (std::size_t at = rest.find(kDetail); at != std::string_view::npos;
         at = rest.find(kDetail)) {
      fix += fill(rest.substr(0, at), values);
      fix += detail;
      rest = rest.substr(at + kDetail.size());
    }
    fix += fill(rest, values);
    return Diagnosis{CauseCategory::kConfiguration, rule.sub_cause, std::move(fix), rule.name};
  }
  return Diagnosis{CauseCategory::kConfiguration, SubCause::kNone, std::string(detail), ""};
}

}  // namespace bedrock::client
