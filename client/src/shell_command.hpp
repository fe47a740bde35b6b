#pragma once
// Runs a command line with /bin/sh -c, capturing stdout and stderr, with a deadline after which
// the command's whole process group is killed. For credential_process.
#include <chrono>
#include <cstddef>
#include <string>

#include "bedrock/protocol/expected.hpp"

namespace bedrock::client {

struct ShellCommandResult {
  int exit_status = -1;  // -1 when killed by a signal
  int signal = 0;
  bool timed_out = false;
  bool output_truncated = false;  // stdout or stderr passed max_output_bytes
  std::string out;
  std::string err;
};

// The error is a reason the command could not be started at all.
Expected<ShellCommandResult, std::string> run_shell_command(const std::string& command,
                                                            std::chrono::milliseconds timeout,
                                                            std::size_t max_output_bytes);

}  // namespace bedrock::client
