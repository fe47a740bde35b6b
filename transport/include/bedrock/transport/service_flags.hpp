#pragma once
// Command-line pieces bedrock-mock and bedrock-record share (their main.cpp files link CLI11):
// the TLS flags of the one front end, its threads and limits, and argv parsing with the same exit
// statuses.
#include <CLI/CLI.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
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

// Event loops and the limits of ConnectionLimits (docs/transport.md "Limits").
struct ServingFlags {
  std::size_t threads = 0;
  std::size_t max_connections = ConnectionLimits{}.max_connections;
  double idle_timeout_s = 60;
  double request_timeout_s = 30;
  std::size_t max_header_bytes = ConnectionLimits{}.max_header_bytes;
  std::size_t max_body_bytes = ConnectionLimits{}.max_body_bytes;
};

inline void add_serving_flags(CLI::App& app, ServingFlags& flags) {
  app.add_option("--threads", flags.threads, "Event-loop threads; 0: one per core")
      ->default_val(0)
      ->check(CLI::Range(0, 256));
  app.add_option("--max-connections", flags.max_connections,
                 "Open connections at most; beyond, new ones wait in the listen backlog")
      ->default_val(flags.max_connections)
      ->check(CLI::Range(1, 1000000));
  app.add_option("--idle-timeout", flags.idle_timeout_s,
                 "Seconds a keep-alive connection may stay idle")
      ->default_val(flags.idle_timeout_s)
      ->check(CLI::Range(0.01, 86400.0));
  app.add_option("--request-timeout", flags.request_timeout_s,
                 "Seconds a request may take to arrive once begun (then 408)")
      ->default_val(flags.request_timeout_s)
      ->check(CLI::Range(0.01, 86400.0));
  app.add_option("--max-header-bytes", flags.max_header_bytes,
                 "Request line + headers at most (then 431)")
      ->default_val(flags.max_header_bytes)
      ->check(CLI::Range(1024, 16 * 1024 * 1024));
  app.add_option("--max-body-bytes", flags.max_body_bytes, "Request body at most (then 413)")
      ->default_val(flags.max_body_bytes)
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 32));
}

inline void apply_serving_flags(const ServingFlags& flags, FrontEndOptions& options) {
  options.threads = flags.threads;
  options.limits.max_connections = flags.max_connections;
  options.limits.idle_timeout =
      std::chrono::milliseconds(static_cast<std::int64_t>(flags.idle_timeout_s * 1000));
  options.limits.request_timeout =
      std::chrono::milliseconds(static_cast<std::int64_t>(flags.request_timeout_s * 1000));
  options.limits.max_header_bytes = flags.max_header_bytes;
  options.limits.max_body_bytes = flags.max_body_bytes;
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
