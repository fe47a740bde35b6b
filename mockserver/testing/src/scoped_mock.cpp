#include "bedrock/mock/testing.hpp"

#include <utility>

#include "bedrock/mock/scenarios.hpp"

namespace bedrock::mock::testing {
namespace {

Expected<RuleSet, std::string> scenario_named(const std::string& fixtures_dir,
                                              const std::string& name) {
  auto set = load_scenario(fixtures_dir + "/scenarios", name);
  if (!set) return unexpected(set.error().to_string());
  return std::move(*set);
}

Expected<RuleSet, std::string> checked_rules(const nlohmann::json& document,
                                             const std::string& source) {
  auto set = parse_rules(document, source);
  if (!set) return unexpected(set.error().to_string());
  if (auto checked = check_rule_errors(*set); !checked) {
    return unexpected(checked.error().to_string());
  }
  return std::move(*set);
}

std::vector<JournalEntry> of_operation(std::vector<JournalEntry> entries,
                                       std::string_view operation) {
  std::erase_if(entries, [&](const JournalEntry& e) { return e.operation != operation; });
  return entries;
}

}  // namespace

Expected<ScopedMock, std::string> ScopedMock::start(MockOptions options) {
  if (options.fixtures_dir.empty()) {
    return unexpected(
        std::string("no fixtures folder: set MockOptions::fixtures_dir or BEDROCK_FIXTURES_DIR"));
  }
  ServerConfig config;
  config.front_end.host = "127.0.0.1";
  config.front_end.port = 0;
  config.front_end.pacing_factor = options.pacing;
  config.catalog_path = options.fixtures_dir + "/catalog";
  config.scenarios_dir = options.fixtures_dir + "/scenarios";
  config.mode = options.mode;
  config.cassette_paths = options.cassettes;
  for (const auto& name : options.scenarios) {
    auto set = scenario_named(options.fixtures_dir, name);
    if (!set) return unexpected(set.error());
    config.rule_sets.push_back(std::move(*set));
  }
  for (const auto& file : options.rules_files) {
    auto set = load_rules_file(file);
    if (!set) return unexpected(set.error().to_string());
    config.rule_sets.push_back(std::move(*set));
  }
  if (options.rules) {
    auto set = checked_rules(*options.rules, "MockOptions::rules");
    if (!set) return unexpected(set.error());
    config.rule_sets.push_back(std::move(*set));
  }
  if (options.configure) options.configure(config);

  auto server = Server::create(std::move(config));
  if (!server) return unexpected(server.error().message);
  if (auto port = (*server)->start(); !port) return unexpected(port.error().message);
  return ScopedMock(std::move(*server), std::move(options.fixtures_dir));
}

ScopedMock::ScopedMock(std::unique_ptr<Server> server, std::string fixtures_dir)
    : server_(std::move(server)), url_(server_->url()), fixtures_dir_(std::move(fixtures_dir)) {}

ScopedMock::~ScopedMock() { stop(); }

int ScopedMock::port() const { return server_ ? server_->port() : 0; }

void ScopedMock::stop() {
  if (server_) server_->stop();
}

Expected<void, std::string> ScopedMock::add_rules(const nlohmann::json& document) {
  auto set = checked_rules(document, "ScopedMock::add_rules");
  if (!set) return unexpected(set.error());
  server_->rules().add(std::move(*set));
  return {};
}

Expected<void, std::string> ScopedMock::add_scenario(const std::string& name) {
  auto set = scenario_named(fixtures_dir_, name);
  if (!set) return unexpected(set.error());
  server_->rules().add(std::move(*set));
  return {};
}

void ScopedMock::clear_rules() { server_->rules().clear(); }

std::vector<JournalEntry> ScopedMock::requests() const { return server_->journal().entries(); }

std::vector<JournalEntry> ScopedMock::requests(std::string_view operation) const {
  return of_operation(requests(), operation);
}

void ScopedMock::reset() { server_->reset(); }

Expected<ScopedSession, std::string> ScopedMock::session(SessionSettings settings) {
  auto created = server_->sessions().create(std::move(settings));
  if (!created) return unexpected(created.error().message);
  std::string url = url_ + (*created)->path();
  return ScopedSession(server_->sessions(), std::move(*created), std::move(url), fixtures_dir_);
}

ScopedSession::ScopedSession(SessionRegistry& registry, std::shared_ptr<Session> session,
                             std::string url, std::string fixtures_dir)
    : registry_(&registry),
      session_(std::move(session)),
      url_(std::move(url)),
      fixtures_dir_(std::move(fixtures_dir)) {}

ScopedSession::ScopedSession(ScopedSession&& other) noexcept
    : registry_(std::exchange(other.registry_, nullptr)),
      session_(std::move(other.session_)),
      url_(std::move(other.url_)),
      fixtures_dir_(std::move(other.fixtures_dir_)) {}

ScopedSession& ScopedSession::operator=(ScopedSession&& other) noexcept {
  if (this != &other) {
    if (registry_ != nullptr && session_) registry_->drop(session_->id());
    registry_ = std::exchange(other.registry_, nullptr);
    session_ = std::move(other.session_);
    url_ = std::move(other.url_);
    fixtures_dir_ = std::move(other.fixtures_dir_);
  }
  return *this;
}

ScopedSession::~ScopedSession() {
  if (registry_ != nullptr && session_) registry_->drop(session_->id());
}

Expected<void, std::string> ScopedSession::add_rules(const nlohmann::json& document) {
  auto set = checked_rules(document, "ScopedSession::add_rules");
  if (!set) return unexpected(set.error());
  session_->rules().add(std::move(*set));
  return {};
}

Expected<void, std::string> ScopedSession::add_scenario(const std::string& name) {
  auto set = scenario_named(fixtures_dir_, name);
  if (!set) return unexpected(set.error());
  session_->rules().add(std::move(*set));
  return {};
}

std::vector<JournalEntry> ScopedSession::requests() const { return session_->journal().entries(); }

std::vector<JournalEntry> ScopedSession::requests(std::string_view operation) const {
  return of_operation(requests(), operation);
}

void ScopedSession::reset() { session_->reset(); }

}  // namespace bedrock::mock::testing
