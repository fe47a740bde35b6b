// bedrock-record: parses flags, builds a RecorderConfig, serves until SIGINT/SIGTERM.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>

#include "bedrock/client/config.hpp"
#include "bedrock/client/credentials.hpp"
#include "bedrock/client/environment.hpp"
#include "bedrock/recorder/drift.hpp"
#include "bedrock/recorder/recorder.hpp"
#include "bedrock/transport/service_flags.hpp"
#include "bedrock/transport/service_process.hpp"

namespace {

int fail(const std::string& message) {
  std::cerr << "bedrock-record: " << message << "\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  // First, before anything can start a thread (see service_process.hpp).
  const sigset_t signals = bedrock::transport::block_stop_signals();

  CLI::App app{
      "bedrock-record: a reverse proxy that forwards Amazon Bedrock requests upstream, re-signed "
      "with SigV4 from the standard AWS credential chain, streams the answers back and records "
      "them into a cassette (secrets redacted) that bedrock-mock replays.\n"
      "Point an SDK at it with AWS_ENDPOINT_URL_BEDROCK_RUNTIME=http://HOST:PORT.\n"
      "Exit status: 0 after a clean stop, 2 for a bad flag, an unreadable cassette or no "
      "credentials. With --drift: 0 no drift, 1 drift, 2 a request that could not be sent."};
  app.set_version_flag("--version", "bedrock-record 0.1.0");

  bedrock::recorder::RecorderConfig config;
  std::string cassette, mode = "once", port_file, upstream, control_upstream, ca_file, profile;
  std::string region;
  app.add_option("--cassette", cassette, "Cassette file to record into (and replay from)");
  std::vector<std::string> drift;
  app.add_option("--drift", drift,
                 "Do not serve: send every request of this cassette (any format bedrock-cassette "
                 "reads; repeatable) to the upstream again and report, per interaction, changes "
                 "in status, error type, header set and JSON shape. Exit 1 on drift")
      ->check(CLI::ExistingFile);
  std::string drift_format = "auto";
  app.add_option("--cassette-format", drift_format,
                 "Format of the --drift cassettes: auto, native, vcr, nock or har")
      ->check(CLI::IsMember({"auto", "native", "vcr", "nock", "har"}));
  app.add_option("--region", region,
                 "Region to sign for and of the default upstream (default: the profile's or "
                 "AWS_REGION)");
  app.add_option("--upstream", upstream,
                 "Runtime upstream URL, e.g. a VPC endpoint DNS name "
                 "(default https://bedrock-runtime.REGION.amazonaws.com)");
  app.add_option("--control-plane-upstream", control_upstream,
                 "Control-plane upstream URL (default: --upstream if given, else "
                 "https://bedrock.REGION.amazonaws.com)");
  app.add_option("--ca-file", ca_file,
                 "PEM CA bundle to verify the upstream with (instead of "
                 "the system CAs)")
      ->check(CLI::ExistingFile);
  app.add_flag("--insecure-upstream", config.insecure_upstream,
               "Allow a plain-HTTP upstream (local test servers only)");
  app.add_option("--record-mode", mode,
                 "once: record if the cassette does not exist, else replay; new_episodes: replay "
                 "matches, record the rest; all: always forward and record; none: replay only")
      ->check(CLI::IsMember({"once", "new_episodes", "all", "none"}));
  app.add_option("--host", config.front_end.host, "Address to listen on")->default_val("127.0.0.1");
  app.add_option("--port", config.front_end.port, "Port to listen on; 0 picks a free port")
      ->default_val(0)
      ->check(CLI::Range(0, 65535));
  app.add_option("--port-file", port_file, "Write the bound port to this file once listening");
  bool quiet = false;
  app.add_flag("--quiet", quiet,
               "No progress line per interaction on stderr (ACTION OPERATION MODEL STATUS MSms)");
  app.add_option("--redact-header", config.redact_headers,
                 "Also write this header's value as REDACTED (repeatable)");
  app.add_option("--profile", profile, "AWS profile for credentials and region");
  bedrock::transport::TlsFlags tls;
  bedrock::transport::add_tls_flags(app, tls);
  bedrock::transport::ServingFlags serving;
  bedrock::transport::add_serving_flags(app, serving);

  if (auto status = bedrock::transport::parse_flags(app, argc, argv)) return *status;
  bedrock::transport::apply_serving_flags(serving, config.front_end);
  if (cassette.empty() && drift.empty()) return fail("--cassette is required (or --drift)");

  static const bedrock::client::ProcessEnvironment environment;
  bedrock::client::ConfigOverrides overrides;
  if (!profile.empty()) overrides.profile = profile;
  if (!region.empty()) overrides.region = region;
  // A drift check sends each request to the Region it was recorded in: none needs configuring
  // (the placeholder only lets the configuration resolve; the credentials do not depend on it).
  if (!drift.empty() && region.empty()) overrides.region = "us-east-1";
  auto resolved = bedrock::client::resolve_config(overrides, environment);
  if (!resolved) return fail(resolved.error().to_string());
  config.region = resolved->region;
  if (config.region.empty()) return fail("no region: pass --region or set AWS_REGION");
  config.credentials =
      bedrock::client::make_default_credentials_provider(environment, resolved->location);
  if (auto credentials = config.credentials->credentials(); !credentials) {
    // Callers with a Bedrock API key (Authorization: Bearer) could still be served, but a
    // recorder that cannot sign is almost always a setup mistake: say so at once.
    return fail("no AWS credentials: " + credentials.error().to_string());
  }
  if (!drift.empty()) {
    bedrock::recorder::DriftConfig check;
    check.cassettes = drift;
    check.format = *bedrock::cassettes::parse_source_format(drift_format);
    if (!region.empty()) check.region = region;
    if (!upstream.empty()) check.upstream = upstream;
    if (!control_upstream.empty()) check.control_plane_upstream = control_upstream;
    check.insecure_upstream = config.insecure_upstream;
    if (!ca_file.empty()) check.transport.ca_bundle = ca_file;
    check.credentials = config.credentials;
    auto report = bedrock::recorder::check_drift(check);
    if (!report) return fail(report.error());
    std::cout << bedrock::recorder::format_drift_report(*report);
    if (report->failed() != 0) return 2;
    return report->drifted() != 0 ? 1 : 0;
  }
  if (auto applied = bedrock::transport::apply_tls_flags(tls, config.front_end); !applied) {
    return fail(applied.error());
  }
  config.cassette_path = cassette;
  config.mode = *bedrock::recorder::parse_record_mode(mode);
  if (!upstream.empty()) config.upstream = upstream;
  if (!control_upstream.empty()) config.control_plane_upstream = control_upstream;
  if (!ca_file.empty()) config.ca_file = ca_file;

  config.log = !quiet;
  auto recorder = bedrock::recorder::Recorder::create(std::move(config));
  if (!recorder) return fail(recorder.error());
  auto port = (*recorder)->start();
  if (!port) return fail(port.error());
  std::cout << "bedrock-record listening on " << (*recorder)->url() << std::endl;
  if (!port_file.empty()) {
    if (auto written = bedrock::transport::write_port_file(port_file, *port); !written) {
      return fail(written.error());
    }
  }
  bedrock::transport::wait_for_stop_signal(signals);
  (*recorder)->stop();
  return 0;
}
