#pragma once
// `bedrock-cli doctor`: flags (CLI11) to DoctorOptions, the report to stdout, the exit code.
#include <iosfwd>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace bedrock::cli {

struct DoctorFlags {
  std::string region;
  std::string profile;
  std::string endpoint_url;
  std::string model;
  bool json_output = false;
  bool no_invoke = false;
  bool no_stream = false;
  double timeout_seconds = 10;
  int retries = 2;
  std::string vpc = "unknown";
  std::vector<std::string> dns_answer;
  std::string vpc_endpoint;
};

CLI::App* add_doctor_command(CLI::App& app, DoctorFlags& flags);

// 0 when no step failed, 1 when one did.
int run_doctor_command(const DoctorFlags& flags, std::ostream& out);

}  // namespace bedrock::cli
