// Step 1: which Region and endpoint a request would use, and where each came from.
#include "doctor_steps.hpp"

namespace bedrock::client::doctor {
namespace {

std::string on_off(bool value) { return value ? "on" : "off"; }

}  // namespace

StepResult check_configuration(DoctorState& state) {
  auto resolved = resolve_config(state.options.config, state.environment);
  if (!resolved) {
    const ConfigError& error = resolved.error();
    const SetupProblem problem = error.kind == ConfigError::Kind::kMissingRegion
                                     ? SetupProblem::kMissingRegion
                                     : SetupProblem::kInvalidConfiguration;
    StepResult result = step_with(StepId::kConfiguration, StepStatus::kFail, error.to_string(),
                                  diagnose_setup(problem, error.to_string()));
    result.evidence.push_back(
        "profile " + resolve_profile_location(state.options.config, state.environment).profile);
    return result;
  }
  const ResolvedConfig& config = *resolved;
  state.context.region = config.region;
  state.context.endpoint_host = config.runtime_endpoint.host;

  StepResult result;
  result.status = StepStatus::kOk;
  result.summary = "region " + config.region + ", endpoint " + config.runtime_endpoint.url;
  result.evidence = {
      "region " + config.region + " (" + config.region_source.describe() + ")",
      "runtime endpoint " + config.runtime_endpoint.url + " (" +
          config.runtime_endpoint.source.describe() + ")",
      "control-plane endpoint " + config.control_plane_endpoint.url + " (" +
          config.control_plane_endpoint.source.describe() + ")",
      "profile " + config.location.profile + " (" + config.location.profile_source.describe() + ")",
      "FIPS " + on_off(config.use_fips_endpoint) + ", dual-stack " +
          on_off(config.use_dualstack_endpoint) + ", max attempts " +
          std::to_string(config.max_attempts),
  };
  if (config.vpc_endpoint) {
    // A vpce- name keeps the Region's signing scope (reference §1): a name from another Region
    // signs for the wrong Region and is refused.
    result.evidence.push_back(
        "the endpoint is a VPC interface endpoint name (vpce-): traffic "
        "stays in the VPC, requests are still signed for " +
        config.region);
    state.context.vpc_endpoint_host = config.runtime_endpoint.host;
    if (config.runtime_endpoint.host.find("." + config.region + ".") == std::string::npos) {
      result.status = StepStatus::kWarn;
      result.summary = "the vpce- endpoint " + config.runtime_endpoint.host +
                       " is not in the region " + config.region;
      result.diagnosis = diagnose_setup(
          SetupProblem::kInvalidConfiguration,
          "use the Region of the VPC endpoint (its name contains it) or an endpoint in " +
              config.region);
    }
  }
  state.config = std::move(*resolved);
  return result;
}

}  // namespace bedrock::client::doctor
