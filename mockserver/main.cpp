// bedrock-mock: parses flags, builds a ServerConfig, serves until SIGINT/SIGTERM.
#include <CLI/CLI.hpp>

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "bedrock/mock/scenarios.hpp"
#include "bedrock/mock/server.hpp"
#include "bedrock/transport/service_flags.hpp"
#include "bedrock/transport/service_process.hpp"

namespace {

// BEDROCK_FIXTURES_DIR, else the installed fixtures next to an installed executable
// (PREFIX/bin/bedrock-mock -> PREFIX/share/bedrock_testbed/fixtures: cmake --install, the
// container image), else the checkout's.
std::string fixtures_dir() {
  if (const char* env = std::getenv("BEDROCK_FIXTURES_DIR"); env != nullptr && *env != '\0') {
    return env;
  }
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const auto installed = exe.parent_path().parent_path() / BEDROCK_INSTALLED_FIXTURES_DIR;
    if (std::filesystem::is_directory(installed / "catalog", ec)) return installed.string();
  }
  return BEDROCK_FIXTURES_DIR;
}

int fail(const std::string& message) {
  std::cerr << "bedrock-mock: " << message << "\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  using bedrock::mock::Mode;
  // First, before anything can start a thread (see service_process.hpp).
  const sigset_t signals = bedrock::transport::block_stop_signals();

  CLI::App app{
      "bedrock-mock: replays recorded Amazon Bedrock exchanges and simulates Bedrock Runtime "
      "from a model/region catalog, for offline tests.\n"
      "Point an SDK at it with AWS_ENDPOINT_URL_BEDROCK_RUNTIME=http://HOST:PORT.\n"
      "Exit status: 0 after a clean stop, 2 for a bad flag or an unreadable/invalid file."};
  app.set_version_flag("--version", "bedrock-mock 0.1.0");

  bedrock::mock::ServerConfig config;
  std::string port_file;
  std::string mode = "hybrid";
  std::string auth = "off";
  std::string credentials;
  std::vector<std::string> rules_files;
  std::vector<std::string> scenarios;
  std::string scenarios_dir = fixtures_dir() + "/scenarios";
  std::string pacing = "recorded";
  std::string quota_clock = "wall";
  bedrock::transport::TlsFlags tls;
  std::string admin_host;
  bool list = false;
  config.catalog_path = fixtures_dir() + "/catalog";

  app.add_option("--host", config.front_end.host, "Address to listen on")->default_val("127.0.0.1");
  app.add_option("--port", config.front_end.port, "Port to listen on; 0 picks a free port")
      ->default_val(0)
      ->check(CLI::Range(0, 65535));
  app.add_option("--port-file", port_file, "Write the bound port to this file once listening");
  app.add_option("--cassettes", config.cassette_paths,
                 "Cassette files or folders to replay (repeatable)")
      ->check(CLI::ExistingPath);
  std::string cassette_format = "auto";
  app.add_option("--cassette-format", cassette_format,
                 "Format of --cassettes: auto (detected per file: bedrock-testbed JSON, vcrpy "
                 "YAML, nock JSON, HAR), native, vcr, nock or har")
      ->check(CLI::IsMember({"auto", "native", "vcr", "nock", "har"}));
  app.add_option("--catalog", config.catalog_path,
                 "Model/region catalog file or folder (default: the bundled fixtures/catalog)");
  app.add_option("--mode", mode,
                 "hybrid: cassette first, else simulate; replay: cassettes only; simulate: "
                 "catalog only")
      ->check(CLI::IsMember({"hybrid", "replay", "simulate"}));
  app.add_option("--auth", auth, "off: accept any request; verify: check SigV4 signatures")
      ->check(CLI::IsMember({"off", "verify"}));
  app.add_option("--credentials", credentials,
                 "Identities --auth verify accepts, in AWS shared-credentials format");
  app.add_option("--rules", rules_files, "Fault-injection rules file (repeatable)");
  app.add_option("--scenario", scenarios,
                 "Load a named scenario (repeatable); see --list-scenarios");
  app.add_option("--scenarios-dir", scenarios_dir, "Where named scenarios are read from");
  app.add_flag("--list-scenarios", list, "List the named scenarios and exit");
  bedrock::transport::add_tls_flags(app, tls);
  app.add_option("--pacing", pacing,
                 "Stream pacing: recorded (as recorded), none (no waits), or a factor such as "
                 "0.5 (twice as fast)");
  app.add_option("--admin-token", config.admin_token,
                 "Require this token in x-bedrock-admin-token for /__admin/ (all but health)")
      ->envname("BEDROCK_MOCK_ADMIN_TOKEN");
  app.add_option("--admin-host", admin_host,
                 "Let clients other than loopback use /__admin/ (give the address they use)");
  app.add_option("--journal-size", config.journal_capacity,
                 "How many requests /__admin/requests keeps")
      ->default_val(10000)
      ->check(CLI::PositiveNumber);
  app.add_option("--max-sessions", config.max_sessions,
                 "How many sessions (/__admin/sessions) may live at once")
      ->default_val(256)
      ->check(CLI::PositiveNumber);
  app.add_option("--default-region", config.default_region,
                 "Region for unsigned requests whose Host names none")
      ->default_val("us-east-1");
  app.add_option("--quota-clock", quota_clock,
                 "The clock of the quota windows: wall (real time), or manual (moves only by "
                 "POST /__admin/clock, for tests)")
      ->check(CLI::IsMember({"wall", "manual"}));
  bedrock::transport::ServingFlags serving;
  bedrock::transport::add_serving_flags(app, serving);

  if (auto status = bedrock::transport::parse_flags(app, argc, argv)) return *status;
  bedrock::transport::apply_serving_flags(serving, config.front_end);

  if (list) {
    auto all = bedrock::mock::list_scenarios(scenarios_dir);
    if (!all) return fail(all.error().to_string());
    for (const auto& info : *all) std::cout << info.name << "  " << info.description << "\n";
    return 0;
  }

  config.cassette_format = *bedrock::cassettes::parse_source_format(cassette_format);
  config.mode = mode == "replay"     ? Mode::kReplay
                : mode == "simulate" ? Mode::kSimulate
                                     : Mode::kHybrid;
  if (config.mode == Mode::kReplay && config.cassette_paths.empty()) {
    return fail("--mode replay needs --cassettes");
  }
  config.auth = auth == "verify" ? bedrock::mock::AuthMode::kVerify : bedrock::mock::AuthMode::kOff;
  if (!credentials.empty()) config.credentials_file = credentials;
  if (auto applied = bedrock::transport::apply_tls_flags(tls, config.front_end); !applied) {
    return fail(applied.error());
  }
  if (pacing == "recorded") {
    config.front_end.pacing_factor = 1.0;
  } else if (pacing == "none") {
    config.front_end.pacing_factor = 0.0;
  } else {
    char* end = nullptr;
    const double factor = std::strtod(pacing.c_str(), &end);
    if (end == pacing.c_str() || *end != '\0' || factor < 0) {
      return fail("--pacing: expected recorded, none or a factor >= 0, got \"" + pacing + "\"");
    }
    config.front_end.pacing_factor = factor;
  }
  if (!admin_host.empty()) config.allow_remote_admin = true;
  config.scenarios_dir = scenarios_dir;
  config.manual_quota_clock = quota_clock == "manual";
  for (const auto& file : rules_files) {
    auto set = bedrock::mock::load_rules_file(file);
    if (!set) return fail(set.error().to_string());
    config.rule_sets.push_back(std::move(*set));
  }
  for (const auto& name : scenarios) {
    auto set = bedrock::mock::load_scenario(scenarios_dir, name);
    if (!set) return fail(set.error().to_string());
    config.rule_sets.push_back(std::move(*set));
  }

  auto server = bedrock::mock::Server::create(std::move(config));
  if (!server) return fail(server.error().message);
  auto port = (*server)->start();
  if (!port) return fail(port.error().message);
  std::cout << "bedrock-mock listening on " << (*server)->url() << std::endl;
  if (!port_file.empty()) {
    if (auto written = bedrock::transport::write_port_file(port_file, *port); !written) {
      return fail(written.error());
    }
  }
  bedrock::transport::wait_for_stop_signal(signals);
  (*server)->stop();
  return 0;
}
