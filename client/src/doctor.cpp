// doctor's walk: each step in the order a request takes them, stopping at the first failure
// (issue #6). The steps themselves live in doctor_*_step.cpp.
#include "bedrock/client/doctor.hpp"

#include <array>

#include "doctor_steps.hpp"

namespace bedrock::client::doctor {

std::string_view to_string(StepStatus status) {
  switch (status) {
    case StepStatus::kOk:
      return "ok";
    case StepStatus::kWarn:
      return "warn";
    case StepStatus::kFail:
      return "fail";
    case StepStatus::kSkipped:
      return "skipped";
  }
  return "skipped";
}

std::string_view to_string(StepId step) {
  switch (step) {
    case StepId::kConfiguration:
      return "configuration";
    case StepId::kCredentials:
      return "credentials";
    case StepId::kDns:
      return "dns";
    case StepId::kTcpTls:
      return "tcp_tls";
    case StepId::kClock:
      return "clock";
    case StepId::kModel:
      return "model";
  }
  return "model";
}

StepResult step_with(StepId id, StepStatus status, std::string summary,
                     std::optional<Diagnosis> diagnosis) {
  StepResult result;
  result.id = id;
  result.status = status;
  result.summary = std::move(summary);
  result.diagnosis = std::move(diagnosis);
  return result;
}

bool DoctorReport::passed() const {
  for (const auto& step : steps) {
    if (step.status == StepStatus::kFail) return false;
  }
  return true;
}

const StepResult* DoctorReport::verdict() const {
  for (const auto& step : steps) {
    if (step.status == StepStatus::kFail) return &step;
  }
  for (const auto& step : steps) {
    if (step.status == StepStatus::kWarn && step.diagnosis) return &step;
  }
  return nullptr;
}

DoctorReport run_doctor(const DoctorOptions& options) {
  static const ProcessEnvironment process_environment{};
  DoctorState state{
      options, options.environment ? *options.environment : process_environment, std::nullopt, {}};
  using Check = StepResult (*)(DoctorState&);
  constexpr std::array<std::pair<StepId, Check>, 6> kSteps{{
      {StepId::kConfiguration, check_configuration},
      {StepId::kCredentials, check_credentials},
      {StepId::kDns, check_dns},
      {StepId::kTcpTls, check_tcp_tls},
      {StepId::kClock, check_clock},
      {StepId::kModel, check_model},
  }};
  DoctorReport report;
  bool failed = false;
  for (const auto& [id, check] : kSteps) {
    if (failed) {
      StepResult skipped;
      skipped.id = id;
      skipped.status = StepStatus::kSkipped;
      skipped.summary = "not run: an earlier step failed";
      report.steps.push_back(std::move(skipped));
      continue;
    }
    StepResult result = check(state);
    result.id = id;
    failed = result.status == StepStatus::kFail;
    report.steps.push_back(std::move(result));
  }
  return report;
}

}  // namespace bedrock::client::doctor
