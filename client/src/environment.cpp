#include "bedrock/client/environment.hpp"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <vector>

namespace bedrock::client {

std::optional<std::string> Environment::get_non_empty(std::string_view name) const {
  auto value = get(name);
  if (value && value->empty()) return std::nullopt;
  return value;
}

std::optional<std::string> ProcessEnvironment::get(std::string_view name) const {
  const char* value = std::getenv(std::string(name).c_str());
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

std::optional<std::filesystem::path> ProcessEnvironment::home_directory() const {
  // Python's os.path.expanduser (botocore) prefers $HOME and falls back to the passwd entry.
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
    return std::filesystem::path(home);
  }
  long size = sysconf(_SC_GETPW_R_SIZE_MAX);
  std::vector<char> buffer(size > 0 ? static_cast<std::size_t>(size) : 16384);
  passwd entry{};
  passwd* found = nullptr;
  if (getpwuid_r(getuid(), &entry, buffer.data(), buffer.size(), &found) != 0 || found == nullptr ||
      found->pw_dir == nullptr || *found->pw_dir == '\0') {
    return std::nullopt;
  }
  return std::filesystem::path(found->pw_dir);
}

std::chrono::system_clock::time_point ProcessEnvironment::now() const {
  return std::chrono::system_clock::now();
}

FakeEnvironment::FakeEnvironment()
    : now_(std::chrono::sys_days{std::chrono::year{2025} / 6 / 1} + std::chrono::hours{12}) {}

FakeEnvironment& FakeEnvironment::set(std::string name, std::string value) {
  std::lock_guard lock(mutex_);
  variables_[std::move(name)] = std::move(value);
  return *this;
}

FakeEnvironment& FakeEnvironment::unset(std::string_view name) {
  std::lock_guard lock(mutex_);
  if (auto it = variables_.find(name); it != variables_.end()) variables_.erase(it);
  return *this;
}

FakeEnvironment& FakeEnvironment::set_home(std::optional<std::filesystem::path> home) {
  std::lock_guard lock(mutex_);
  home_ = std::move(home);
  return *this;
}

FakeEnvironment& FakeEnvironment::set_now(std::chrono::system_clock::time_point now) {
  std::lock_guard lock(mutex_);
  now_ = now;
  return *this;
}

FakeEnvironment& FakeEnvironment::advance(std::chrono::system_clock::duration by) {
  std::lock_guard lock(mutex_);
  now_ += by;
  return *this;
}

std::optional<std::string> FakeEnvironment::get(std::string_view name) const {
  std::lock_guard lock(mutex_);
  const auto it = variables_.find(name);
  if (it == variables_.end()) return std::nullopt;
  return it->second;
}

std::optional<std::filesystem::path> FakeEnvironment::home_directory() const {
  std::lock_guard lock(mutex_);
  return home_;
}

std::chrono::system_clock::time_point FakeEnvironment::now() const {
  std::lock_guard lock(mutex_);
  return now_;
}

}  // namespace bedrock::client
