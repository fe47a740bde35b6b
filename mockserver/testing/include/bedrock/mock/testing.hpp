#pragma once
// bedrock-mock inside a test binary (docs/embedding.md): ScopedMock starts the mock on a free
// port when it is made and stops it when it goes; ScopedSession is one test's isolated share of
// a mock that several tests use at once. Errors are values: start() says what was wrong with
// the options (a file, a scenario name, a JSON path) instead of throwing.
//
//   auto mock = bedrock::mock::testing::ScopedMock::start({.scenarios = {"throttled-then-ok"}});
//   if (!mock) FAIL() << mock.error();
//   client_options.config.endpoint_url = mock->url();
//   ... mock->requests() ...
#include <cstdlib>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "bedrock/mock/server.hpp"
#include "bedrock/mock/sessions.hpp"
#include "bedrock/protocol/expected.hpp"

namespace bedrock::mock::testing {

// The fixtures (catalog/, scenarios/, cassettes/) the mock starts from: BEDROCK_FIXTURES_DIR
// when set, else the ones of the bedrock-testbed this code was built against (the checkout's,
// or PREFIX/share/bedrock_testbed/fixtures of an installed tree, through find_package).
inline std::string default_fixtures_dir() {
  if (const char* env = std::getenv("BEDROCK_FIXTURES_DIR"); env != nullptr && *env != '\0') {
    return env;
  }
#ifdef BEDROCK_TESTBED_FIXTURES_DIR
  return BEDROCK_TESTBED_FIXTURES_DIR;
#else
  return {};
#endif
}

struct MockOptions {
  std::string fixtures_dir = default_fixtures_dir();
  Mode mode = Mode::kHybrid;
  std::vector<std::string> cassettes;    // files or folders
  std::vector<std::string> scenarios;    // names in fixtures_dir/scenarios
  std::vector<std::string> rules_files;  // rules documents on disk
  std::optional<nlohmann::json> rules;   // a rules document (docs/mock.md "Rules")
  // Streams go out without their recorded waits unless a test asks for them (1.0 = recorded).
  double pacing = 0.0;
  // Anything else: auth, TLS, limits, threads ... (ServerConfig, set after the above).
  std::function<void(ServerConfig&)> configure;
};

class ScopedSession;

class ScopedMock {
 public:
  static Expected<ScopedMock, std::string> start(MockOptions options = {});

  ScopedMock(ScopedMock&&) noexcept = default;
  ScopedMock& operator=(ScopedMock&&) noexcept = default;
  ~ScopedMock();

  const std::string& url() const { return url_; }  // http://127.0.0.1:PORT
  int port() const;
  Server& server() { return *server_; }

  Expected<void, std::string> add_rules(const nlohmann::json& document);
  Expected<void, std::string> add_scenario(const std::string& name);
  void clear_rules();

  std::vector<JournalEntry> requests() const;  // oldest first
  std::vector<JournalEntry> requests(std::string_view operation) const;
  void reset();  // journal, rule call counters, replay positions

  // A session of this mock, dropped when the ScopedSession goes (the mock must outlive it).
  Expected<ScopedSession, std::string> session(SessionSettings settings = {});

  void stop();  // what the destructor does; the mock answers nothing afterwards

 private:
  ScopedMock(std::unique_ptr<Server> server, std::string fixtures_dir);
  std::unique_ptr<Server> server_;
  std::string url_;
  std::string fixtures_dir_;
};

class ScopedSession {
 public:
  ScopedSession(ScopedSession&& other) noexcept;
  ScopedSession& operator=(ScopedSession&& other) noexcept;
  ScopedSession(const ScopedSession&) = delete;
  ScopedSession& operator=(const ScopedSession&) = delete;
  ~ScopedSession();

  const std::string& id() const { return session_->id(); }
  // The endpoint URL to give an SDK: http://127.0.0.1:PORT/__session/ID.
  const std::string& url() const { return url_; }

  Expected<void, std::string> add_rules(const nlohmann::json& document);
  Expected<void, std::string> add_scenario(const std::string& name);
  std::vector<JournalEntry> requests() const;
  std::vector<JournalEntry> requests(std::string_view operation) const;
  void reset();

 private:
  friend class ScopedMock;
  ScopedSession(SessionRegistry& registry, std::shared_ptr<Session> session, std::string url,
                std::string fixtures_dir);
  SessionRegistry* registry_;
  std::shared_ptr<Session> session_;
  std::string url_;
  std::string fixtures_dir_;
};

}  // namespace bedrock::mock::testing
