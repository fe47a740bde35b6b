#include "doctor_command.hpp"

#include <arpa/inet.h>

#include <ostream>

#include "bedrock/client/doctor.hpp"
#include "cli_commands.hpp"

namespace bedrock::cli {
namespace {

// --dns-answer takes what `dig +short` prints: IPv4 or IPv6 addresses, nothing else.
const CLI::Validator ip_address(
    [](std::string& text) {
      in_addr v4{};
      in6_addr v6{};
      const bool valid =
          inet_pton(AF_INET, text.c_str(), &v4) == 1 || inet_pton(AF_INET6, text.c_str(), &v6) == 1;
      return valid ? std::string() : "\"" + text + "\" is not an IPv4 or IPv6 address";
    },
    "IP");

}  // namespace

CLI::App* add_doctor_command(CLI::App& app, DoctorFlags& flags) {
  auto* doctor = app.add_subcommand(
      "doctor",
      "Walk the path a request takes (configuration, credentials, DNS, TCP + TLS, clock, the "
      "model) and say what is wrong and how to fix it; exit 0 when every step passes, 1 when "
      "one fails");
  doctor->add_option("--region", flags.region, "AWS Region (else AWS_REGION, the profile...)");
  doctor->add_option("--profile", flags.profile, "Profile in the shared config files");
  doctor->add_option("--endpoint-url", flags.endpoint_url,
                     "Runtime (and control-plane) endpoint, e.g. a vpce- URL or bedrock-mock");
  doctor->add_option("--model,-m", flags.model,
                     "Model ID, profile ID or ARN to try (Converse and ConverseStream with "
                     "maxTokens 1); without it the model step is skipped");
  doctor->add_flag("--no-invoke", flags.no_invoke, "Skip the model call");
  doctor->add_flag("--no-stream", flags.no_stream, "Try Converse only, not ConverseStream");
  doctor->add_flag("--json", flags.json_output, "Print the report as JSON");
  doctor
      ->add_option("--timeout", flags.timeout_seconds,
                   "Seconds for each network operation (connect, probe, each call)")
      ->check(CLI::PositiveNumber);
  doctor
      ->add_option("--retries", flags.retries,
                   "Retries of a throttled or unavailable answer (each answer is shown)")
      ->check(CLI::Range(0, 10));
  doctor
      ->add_option("--vpc", flags.vpc,
                   "Where the application runs: no-nat (a VPC subnet without NAT or internet "
                   "route), internet (public subnet, NAT, or no VPC), unknown")
      ->check(CLI::IsMember({"unknown", "internet", "no-nat"}));
  doctor
      ->add_option("--dns-answer", flags.dns_answer,
                   "Addresses the endpoint name resolves to where the application runs (e.g. "
                   "`dig +short` there); judged instead of this machine's lookup")
      ->delimiter(',')
      ->check(ip_address);
  doctor->add_option("--vpc-endpoint", flags.vpc_endpoint,
                     "The vpce-....bedrock-runtime.REGION.vpce.amazonaws.com name of the VPC's "
                     "interface endpoint, when one exists");
  return doctor;
}

int run_doctor_command(const DoctorFlags& flags, std::ostream& out) {
  using namespace client::doctor;
  DoctorOptions options;
  if (!flags.region.empty()) options.config.region = flags.region;
  if (!flags.profile.empty()) options.config.profile = flags.profile;
  if (!flags.endpoint_url.empty()) {
    options.config.endpoint_url = flags.endpoint_url;
    options.config.control_plane_endpoint_url = flags.endpoint_url;
  }
  options.model_id = flags.model;
  options.invoke = !flags.no_invoke;
  options.stream = !flags.no_stream;
  options.timeout = std::chrono::milliseconds(static_cast<int64_t>(flags.timeout_seconds * 1000));
  options.retries = flags.retries;
  options.network.egress = flags.vpc == "no-nat"     ? VpcEgress::kNone
                           : flags.vpc == "internet" ? VpcEgress::kInternet
                                                     : VpcEgress::kUnknown;
  options.network.dns_answer = flags.dns_answer;
  options.network.vpc_endpoint_host = flags.vpc_endpoint;
  const DoctorReport report = run_doctor(options);
  if (flags.json_output) {
    out << to_json(report).dump(2) << "\n";
  } else {
    out << to_text(report);
  }
  return report.passed() ? kExitOk : kExitServiceError;
}

}  // namespace bedrock::cli
