#pragma once
// What the client reads from the process it runs in: environment variables, the home folder
// (for ~/.aws/...) and the wall clock. Configuration and credential code takes an Environment so
// tests run against a FakeEnvironment and never touch the real HOME, variables or time.
#include <chrono>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace bedrock::client {

class Environment {
 public:
  virtual ~Environment() = default;
  // The variable's value when it is set (possibly empty); nullopt when unset.
  virtual std::optional<std::string> get(std::string_view name) const = 0;
  virtual std::optional<std::filesystem::path> home_directory() const = 0;
  virtual std::chrono::system_clock::time_point now() const = 0;

  // The value when set to something other than "" (AWS SDKs treat an empty variable as unset).
  std::optional<std::string> get_non_empty(std::string_view name) const;
};

// The real process: getenv, $HOME (else the passwd entry), system_clock.
class ProcessEnvironment final : public Environment {
 public:
  std::optional<std::string> get(std::string_view name) const override;
  std::optional<std::filesystem::path> home_directory() const override;
  std::chrono::system_clock::time_point now() const override;
};

// Map-backed, for tests. Thread-safe (a caching provider may read the clock from many threads).
class FakeEnvironment final : public Environment {
 public:
  FakeEnvironment();  // no variables, no home, clock at 2025-06-01T12:00:00Z
  FakeEnvironment& set(std::string name, std::string value);
  FakeEnvironment& unset(std::string_view name);
  FakeEnvironment& set_home(std::optional<std::filesystem::path> home);
  FakeEnvironment& set_now(std::chrono::system_clock::time_point now);
  FakeEnvironment& advance(std::chrono::system_clock::duration by);

  std::optional<std::string> get(std::string_view name) const override;
  std::optional<std::filesystem::path> home_directory() const override;
  std::chrono::system_clock::time_point now() const override;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::string, std::less<>> variables_;
  std::optional<std::filesystem::path> home_;
  std::chrono::system_clock::time_point now_;
};

}  // namespace bedrock::client
