#pragma once
// `bedrock-cli doctor` as a library (issue #6): walks the path a request takes — configuration,
// credentials, DNS, TCP + TLS, clock, the model — and stops at the first broken step. Each step
// says ok / warn / fail with its evidence and, when it is not ok, the fix. Every classification
// comes from the one table in diagnosis.hpp.
//
// Facts doctor cannot see from where it runs are given as evidence (DoctorOptions::network):
// whether the application runs in a VPC without NAT, what the endpoint name resolves to there,
// the vpce- name of a known interface endpoint. They make doctor testable offline and help
// when doctor runs on a laptop while the application runs in a private subnet.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "bedrock/client/config.hpp"
#include "bedrock/client/diagnosis.hpp"
#include "bedrock/client/environment.hpp"

namespace bedrock::client::doctor {

enum class StepStatus { kOk, kWarn, kFail, kSkipped };
std::string_view to_string(StepStatus status);  // "ok", "warn", "fail", "skipped"

enum class StepId { kConfiguration, kCredentials, kDns, kTcpTls, kClock, kModel };
std::string_view to_string(StepId step);  // "configuration", "credentials", "dns", "tcp_tls", ...

struct StepResult {
  StepId id = StepId::kConfiguration;
  StepStatus status = StepStatus::kOk;
  std::string summary;                 // one line
  std::vector<std::string> evidence;   // what was seen, one fact per line, no secrets
  std::optional<Diagnosis> diagnosis;  // when not ok: the table's cause and fix
};

// How the application's network reaches the internet, when the user knows it.
enum class VpcEgress {
  kUnknown,   // not said: doctor judges only what it sees
  kInternet,  // a public subnet, a NAT gateway, or not in a VPC at all
  kNone,      // a VPC subnet with neither NAT nor internet gateway: public addresses hang
};

struct NetworkEvidence {
  VpcEgress egress = VpcEgress::kUnknown;
  // What the endpoint's name resolves to where the application runs (e.g. `dig +short` there);
  // when given, the DNS step judges these instead of its own lookup.
  std::vector<std::string> dns_answer;
  // The vpce-... DNS name of the VPC's bedrock-runtime interface endpoint, when one exists.
  std::string vpc_endpoint_host;
};

struct DoctorOptions {
  ConfigOverrides config;  // --region, --profile, --endpoint-url ...
  std::string model_id;    // empty: the model step is skipped
  bool invoke = true;      // false (--no-invoke): configuration and network only
  bool stream = true;      // also ConverseStream (authorised as InvokeModelWithResponseStream)
  // Per network operation: connect, the clock probe, each model call.
  std::chrono::milliseconds timeout{std::chrono::seconds(10)};
  // Throttled or unavailable answers are retried this many times (each answer is evidence).
  int retries = 2;
  std::chrono::milliseconds retry_pause{std::chrono::milliseconds(200)};
  NetworkEvidence network;
  const Environment* environment = nullptr;  // default: the process environment
};

struct DoctorReport {
  std::vector<StepResult> steps;  // all six, those after a failure as kSkipped
  bool passed() const;            // no step failed
  // The step that decides: the first failure, else the first warning with a diagnosis.
  const StepResult* verdict() const;
};

DoctorReport run_doctor(const DoctorOptions& options);

std::string to_text(const DoctorReport& report);
nlohmann::json to_json(const DoctorReport& report);

}  // namespace bedrock::client::doctor
