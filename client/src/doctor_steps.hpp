#pragma once
// doctor's steps, one file each; they share what earlier steps found through DoctorState.
#include <optional>
#include <string>

#include "bedrock/client/config.hpp"
#include "bedrock/client/diagnosis.hpp"
#include "bedrock/client/doctor.hpp"
#include "bedrock/client/environment.hpp"

namespace bedrock::client::doctor {

struct DoctorState {
  const DoctorOptions& options;
  const Environment& environment;
  std::optional<ResolvedConfig> config;  // set by the configuration step
  // Region, endpoint host and the network facts: what every later diagnosis is given.
  DiagnosisContext context;
};

StepResult check_configuration(DoctorState& state);
StepResult check_credentials(DoctorState& state);
StepResult check_dns(DoctorState& state);
StepResult check_tcp_tls(DoctorState& state);
StepResult check_clock(DoctorState& state);
StepResult check_model(DoctorState& state);

// A step result with the table's diagnosis (nullopt for a skipped step).
StepResult step_with(StepId id, StepStatus status, std::string summary,
                     std::optional<Diagnosis> diagnosis);

}  // namespace bedrock::client::doctor
