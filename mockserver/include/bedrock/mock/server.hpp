#pragma once
// bedrock-mock as a library: tests embed it (start on port 0, talk to url(), stop), and the
// bedrock-mock executable is a thin wrapper that fills ServerConfig from flags.
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bedrock/cassettes/source_format.hpp"
#include "bedrock/mock/exchange.hpp"
#include "bedrock/mock/journal.hpp"
#include "bedrock/mock/mode.hpp"
#include "bedrock/mock/rules.hpp"
#include "bedrock/mock/sessions.hpp"
#include "bedrock/protocol/expected.hpp"
#include "bedrock/transport/front_end.hpp"

namespace bedrock::mock {

enum class AuthMode { kOff, kVerify };

struct ServerConfig {
  transport::FrontEndOptions front_end;
  Mode mode = Mode::kHybrid;
  std::vector<std::string> cassette_paths;  // files or folders
  // The cassettes' format: detected per file (native, vcrpy YAML, nock JSON, HAR), or forced.
  cassettes::SourceFormat cassette_format = cassettes::SourceFormat::kAuto;
  std::string catalog_path;  // fixtures/catalog (file or folder)
  AuthMode auth = AuthMode::kOff;
  std::optional<std::string> credentials_file;  // required with kVerify
  std::vector<RuleSet> rule_sets;               // --rules files and --scenario names, loaded
  std::size_t journal_capacity = 10000;
  bool allow_remote_admin = false;
  std::string admin_token;  // empty: no token needed (AdminContext::token)
  std::string default_region = "us-east-1";
  // The caller identity IAM-denial texts name; empty: an assumed role in the catalog account.
  std::string principal;
  // Overrides the clock for signature checks (tests).
  std::optional<std::chrono::system_clock::time_point> fixed_now;
  // Sessions (docs/mock.md "Sessions"): where POST /__admin/sessions finds scenario names
  // (empty: names are refused), and how many sessions may live at once.
  std::string scenarios_dir;
  std::size_t max_sessions = 256;
  // The quota windows' clock starts at 0 and moves only by POST /__admin/clock (tests); else
  // it follows the steady clock (--quota-clock manual|wall).
  bool manual_quota_clock = false;
};

struct ServerError {
  std::string message;  // names the file and what is wrong
};

class Server {
 public:
  static Expected<std::unique_ptr<Server>, ServerError> create(ServerConfig config);
  ~Server();

  Expected<int, ServerError> start();  // returns the bound port
  void stop();
  std::string url() const;
  int port() const;

  // The whole request pipeline without the network (tests, and the HTTP/2 front end later).
  ExchangeResponse handle(const ExchangeRequest& request);

  // The state of requests outside sessions.
  Journal& journal();
  RuleEngine& rules();
  void reset();  // journal, rule counters, replay positions (sessions keep theirs)

  SessionRegistry& sessions();

  class Impl;

 private:
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace bedrock::mock
