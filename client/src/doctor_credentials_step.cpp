// Step 2: which provider of the SDK chain supplies credentials, how long they last, or what
// each provider lacked. Never prints a secret: only the key ID's kind (AKIA long-term, ASIA
// temporary) and the provider.
#include <chrono>

#include "bedrock/client/credentials.hpp"
#include "bedrock/protocol/iso8601_time.hpp"
#include "doctor_steps.hpp"

namespace bedrock::client::doctor {
namespace {

std::string key_kind(const std::string& access_key_id) {
  if (access_key_id.rfind("ASIA", 0) == 0) return "a temporary key (ASIA...)";
  if (access_key_id.rfind("AKIA", 0) == 0) return "a long-term key (AKIA...)";
  return "an access key";
}

}  // namespace

StepResult check_credentials(DoctorState& state) {
  if (!state.config)
    return step_with(StepId::kCredentials, StepStatus::kSkipped, "no configuration", {});
  if (bearer_token(state.environment)) {
    StepResult result;
    result.status = StepStatus::kOk;
    result.summary = "Bedrock API key from AWS_BEARER_TOKEN_BEDROCK";
    result.evidence.push_back("requests carry Authorization: Bearer <key> instead of SigV4");
    return result;
  }
  CredentialsChainOptions chain_options;
  // doctor must not hang on a metadata service that is not there.
  chain_options.instance_metadata.http.connect_timeout = std::chrono::milliseconds(500);
  chain_options.instance_metadata.http.request_timeout = std::chrono::milliseconds(1000);
  auto provider = make_default_credentials_provider(state.environment, state.config->location,
                                                    std::move(chain_options));
  auto credentials = provider->credentials();
  if (!credentials) {
    const CredentialsError& error = credentials.error();
    const bool none = error.kind == CredentialsError::Kind::kNotConfigured;
    StepResult result = step_with(
        StepId::kCredentials, StepStatus::kFail,
        none ? "no credentials found" : "the credential source failed: " + error.provider,
        diagnose_setup(none ? SetupProblem::kNoCredentials : SetupProblem::kCredentialsFailed,
                       error.to_string(), state.context));
    for (const auto& tried : error.tried) {
      result.evidence.push_back(tried.provider + ": " + tried.message);
    }
    if (error.tried.empty()) result.evidence.push_back(error.to_string());
    return result;
  }
  StepResult result;
  result.status = StepStatus::kOk;
  result.summary = credentials->provider + " supplied " + key_kind(credentials->access_key_id);
  result.evidence.push_back("provider " + credentials->provider);
  result.evidence.push_back(std::string("session token ") +
                            (credentials->session_token.empty() ? "none" : "present"));
  if (credentials->expiration) {
    const auto left = std::chrono::duration_cast<std::chrono::seconds>(*credentials->expiration -
                                                                       state.environment.now());
    result.evidence.push_back("expires " + iso8601::format_utc_millis(*credentials->expiration) +
                              " (in " + std::to_string(left.count()) + " s)");
    if (left.count() <= 0) {
      result.status = StepStatus::kFail;
      result.summary = "the credentials from " + credentials->provider + " have expired";
      result.diagnosis =
          diagnose_setup(SetupProblem::kCredentialsExpired,
                         credentials->provider + " credentials expired", state.context);
      return result;
    }
    if (left < std::chrono::minutes(5)) {
      result.status = StepStatus::kWarn;
      result.diagnosis = diagnose_setup(
          SetupProblem::kCredentialsExpired,
          credentials->provider + " credentials expire in " + std::to_string(left.count()) + " s",
          state.context);
    }
  } else {
    result.evidence.push_back("no expiry");
  }
  return result;
}

}  // namespace bedrock::client::doctor
