#include "bedrock/mock/rule_outcome.hpp"

#include "bedrock/protocol/error_messages.hpp"
#include "bedrock/protocol/model_id.hpp"

namespace bedrock::mock {
namespace {

using errors::ErrorCode;

// The usual text of each error when a rule names no message. Texts marked (unverified)
// have no recorded Bedrock sample (reference §12).
errors::ServiceError default_error(ErrorCode code, const RuleContext& context) {
  switch (code) {
    case ErrorCode::kValidation:
      // The seed story: any model can be made to answer the on-demand error.
      return errors::on_demand_throughput_not_supported(context.model_id);
    case ErrorCode::kAccessDenied:
      return errors::model_access_denied();
    case ErrorCode::kResourceNotFound:
      return errors::legacy_model();
    case ErrorCode::kThrottling:
      return errors::too_many_requests();
    case ErrorCode::kServiceUnavailable:
      return errors::service_unavailable();
    case ErrorCode::kInternalServer:
      return errors::internal_server_error();
    case ErrorCode::kModelStreamError:
      return errors::model_stream_invalid_tool_use_sequence();
    case ErrorCode::kExpiredToken:
      return errors::expired_token();
    case ErrorCode::kUnrecognizedClient:
      return errors::unrecognized_client();
    case ErrorCode::kInvalidSignature:
      return errors::invalid_signature();
    case ErrorCode::kCoralAccessDenied:
      return errors::authorization_header_missing();
    case ErrorCode::kModelTimeout:  // (unverified)
      return errors::make_error(code,
                                "Model has timed out in processing the request. Try your "
                                "request again.");
    case ErrorCode::kModelNotReady:  // (unverified)
      return errors::make_error(code,
                                "Model is not ready for inference. Wait and try your "
                                "request again.");
    case ErrorCode::kModelError:
      return errors::model_error("The model returned the following errors: internal error", 500,
                                 std::nullopt);
    case ErrorCode::kServiceQuotaExceeded:  // (unverified)
      return errors::service_quota_exceeded();
    case ErrorCode::kConflict:
      return errors::make_error(code, "The request conflicts with another request in progress.");
    case ErrorCode::kIncompleteSignature:
      return errors::make_error(code, "Authorization header requires 'Signature' parameter.");
    case ErrorCode::kMissingAuthenticationToken:
      return errors::make_error(code, "Missing Authentication Token");
    case ErrorCode::kSerialization:
      return errors::make_error(code, "Unexpected value type in payload");
  }
  return errors::make_error(code, std::string(errors::wire_name(code)));
}

errors::DenyKind deny_kind(const std::string& name) {
  if (name == "scp") return errors::DenyKind::kServiceControlPolicy;
  if (name == "identity-policy-deny") return errors::DenyKind::kIdentityPolicyExplicitDeny;
  if (name == "vpc-endpoint-policy") return errors::DenyKind::kNoVpcEndpointPolicyAllows;
  if (name == "vpc-endpoint-policy-deny") return errors::DenyKind::kVpcEndpointPolicyExplicitDeny;
  return errors::DenyKind::kNoIdentityPolicyAllows;
}

}  // namespace

Expected<ErrorCode, RuleOutcomeError> error_code_by_name(const std::string& name) {
  if (auto code = errors::find_error(name)) return *code;
  if (auto code = errors::find_error(name, errors::ErrorNamespace::kCoralService)) return *code;
  if (auto code = errors::find_stream_error(name)) return *code;
  return unexpected(RuleOutcomeError{"unknown error \"" + name +
                                     "\" (use a name such as ThrottlingException or "
                                     "modelStreamErrorException)"});
}

std::string expand_template(const std::string& text, const RuleContext& context) {
  const std::pair<std::string_view, const std::string*> fields[] = {
      {"{modelId}", &context.model_id},    {"{region}", &context.region},
      {"{operation}", &context.operation}, {"{action}", &context.iam_action},
      {"{account}", &context.account},     {"{principal}", &context.principal}};
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    bool replaced = false;
    if (text[i] == '{') {
      for (const auto& [name, value] : fields) {
        if (text.compare(i, name.size(), name) == 0) {
          out += *value;
          i += name.size();
          replaced = true;
          break;
        }
      }
    }
    if (!replaced) out.push_back(text[i++]);
  }
  return out;
}

std::string denied_resource_arn(const RuleContext& context, const std::string& region) {
  auto parsed = model_id::parse_model_id(context.model_id);
  if (parsed) {
    if (auto profile = parsed->profile_id(); profile && region == context.region) {
      return model_id::inference_profile_arn(*profile, region, context.account);
    }
    if (!parsed->base_model_id.empty()) {
      return model_id::foundation_model_arn(parsed->base_model_id, region);
    }
    if (parsed->is_arn()) return context.model_id;
  }
  return model_id::foundation_model_arn(context.model_id, region);
}

Expected<RuleOutcome, RuleOutcomeError> outcome_of(const RuleAction& action,
                                                   const RuleContext& context) {
  RuleOutcome outcome;
  outcome.delay_ms = action.delay_ms;
  std::optional<errors::ServiceError> error;
  if (!action.error_code.empty()) {
    auto code = error_code_by_name(action.error_code);
    if (!code) return unexpected(code.error());
    if (!action.iam_deny.empty()) {
      errors::IamDenial denial;
      denial.principal = context.principal;
      denial.action = context.iam_action;
      denial.resource = denied_resource_arn(
          context, action.deny_region.empty() ? context.region : action.deny_region);
      denial.kind = deny_kind(action.iam_deny);
      error = errors::iam_access_denied(denial);
    } else {
      error = default_error(*code, context);
    }
    if (!action.message.empty()) error->message = expand_template(action.message, context);
  }
  switch (action.kind) {
    case RuleActionKind::kError:
      outcome.error = std::move(error);
      break;
    case RuleActionKind::kDropConnection:
      outcome.fault = Fault::kDropConnection;
      break;
    case RuleActionKind::kStall:
      outcome.fault = Fault::kStall;
      break;
    case RuleActionKind::kStreamException:
    case RuleActionKind::kStreamReset:
    case RuleActionKind::kStreamStall:
      outcome.stream_fault = StreamFault{action.kind, action.after_events, std::move(error)};
      break;
    case RuleActionKind::kStreamWire:
      outcome.wire_fault = action.wire;
      break;
    case RuleActionKind::kDelayOnly:
      break;
  }
  return outcome;
}

}  // namespace bedrock::mock
