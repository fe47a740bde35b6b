// doctor's report as text (one block per step) and as JSON (--json; the same facts).
#include "bedrock/client/doctor.hpp"

namespace bedrock::client::doctor {
namespace {

std::string_view title(StepId step) {
  switch (step) {
    case StepId::kConfiguration:
      return "configuration";
    case StepId::kCredentials:
      return "credentials";
    case StepId::kDns:
      return "DNS";
    case StepId::kTcpTls:
      return "TCP + TLS";
    case StepId::kClock:
      return "clock";
    case StepId::kModel:
      return "model";
  }
  return "model";
}

nlohmann::json diagnosis_json(const Diagnosis& diagnosis) {
  return {{"category", to_string(diagnosis.category)},
          {"subCause", to_string(diagnosis.sub_cause)},
          {"rule", diagnosis.rule},
          {"fix", diagnosis.fix}};
}

}  // namespace

std::string to_text(const DoctorReport& report) {
  std::string out;
  for (const StepResult& step : report.steps) {
    std::string tag = "[" + std::string(to_string(step.status)) + "]";
    tag.resize(11, ' ');
    out += tag + std::string(title(step.id)) + ": " + step.summary + "\n";
    for (const auto& line : step.evidence) out += "           " + line + "\n";
    if (step.diagnosis && step.status != StepStatus::kOk) {
      out += "           cause: " + std::string(to_string(step.diagnosis->category)) + " / " +
             std::string(to_string(step.diagnosis->sub_cause)) + "\n";
      out += "           fix: " + step.diagnosis->fix + "\n";
    }
  }
  if (const StepResult* verdict = report.verdict()) {
    out += "\nverdict: " + std::string(to_string(verdict->status)) + " at " +
           std::string(title(verdict->id));
    if (verdict->diagnosis) {
      out += " (" + std::string(to_string(verdict->diagnosis->category)) +
             ")\nfix: " + verdict->diagnosis->fix;
    }
    out += "\n";
  } else {
    out += "\nverdict: every step passed\n";
  }
  return out;
}

nlohmann::json to_json(const DoctorReport& report) {
  nlohmann::json steps = nlohmann::json::array();
  for (const StepResult& step : report.steps) {
    nlohmann::json entry = {{"step", to_string(step.id)},
                            {"status", to_string(step.status)},
                            {"summary", step.summary},
                            {"evidence", step.evidence}};
    if (step.diagnosis && step.status != StepStatus::kOk) {
      entry["diagnosis"] = diagnosis_json(*step.diagnosis);
    }
    steps.push_back(std::move(entry));
  }
  nlohmann::json verdict = nullptr;
  if (const StepResult* decisive = report.verdict()) {
    verdict = {{"step", to_string(decisive->id)},
               {"status", to_string(decisive->status)},
               {"summary", decisive->summary}};
    if (decisive->diagnosis) verdict.update(diagnosis_json(*decisive->diagnosis));
  }
  return {
      {"passed", report.passed()}, {"steps", std::move(steps)}, {"verdict", std::move(verdict)}};
}

}  // namespace bedrock::client::doctor
