#pragma once
// bedrock-cli's commands as a library, so tests can run them in-process; main.cpp only hands
// argv over.
#include <iosfwd>
#include <string>
#include <vector>

namespace bedrock::cli {

// Documented in --help: scripts rely on them.
enum ExitCode {
  kExitOk = 0,
  kExitServiceError = 1,   // the service answered with an error
  kExitUsage = 2,          // bad flags or arguments
  kExitNetwork = 3,        // DNS, connect, TLS, timeout, dropped connection
  kExitConfiguration = 4,  // no region, no credentials, a bad config file
  kExitProtocol = 5,       // an answer this client cannot read
};

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace bedrock::cli
