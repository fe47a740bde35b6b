#pragma once
// Command-line pieces bedrock-mock and bedrock-record share (their main.cpp files link CLI11):
// the TLS flags of the one front end, and argv parsing with the same exit statuses.
#include <CLI/CLI.hpp>

#include <optional>
#include <string>

#include "bedrock/transport/front_end.hpp"
#include "bedrock/transport/result.hpp"

namespace bedrock::transport {

struct TlsFlags {
  std::string cert_file;
  std::string key_file;
};

inline void add_tls_flags(CLI::App& app, TlsFlags& flags) {
  app.add_option("--tls-cert", flags.cert_file,
                 "PEM certificate: serve HTTPS (ALPN h2 and http/1.1)")
      ->check(CLI::ExistingFile);
  app.add_option("--tls-key", flags.key_file, "PEM private key for --tls-cert")
      ->check(CLI::ExistingFile);
}

inline Result<void> apply_tls_flags(const TlsFlags& flags, FrontEndOptions& options) {
  if (flags.cert_file.empty() != flags.key_file.empty()) {
    return failure(std::string("--tls-cert and --tls-key go together"));
  }
  if (!flags.cert_file.empty()) {
    options.tls_cert_file = flags.cert_file;
    options.tls_key_file = flags.key_file;
  }
  return {};
}

// Parses argv. Returns the exit status when the program should end now: 0 after --help or
// --version, 2 for a bad flag (CLI11 has printed why).
inline std::optional<int> parse_flags(CLI::App& app, int argc, char** argv) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  }
  return std::nullopt;
}

}  // namespace bedrock::transport
