#pragma once
// A value, or the text of what went wrong: what the front end's fallible calls return. transport
// depends on nothing of ours (ARCHITECTURE dependency rule), so it has this small type of its own
// instead of the protocol's Expected; callers read both the same way (operator bool, operator*,
// error()).
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace bedrock::transport {

struct Failure {
  std::string message;
};

inline Failure failure(std::string message) { return Failure{std::move(message)}; }

template <class T>
class Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit
  Result(Failure failed)                                                 // NOLINT: implicit
      : state_(std::in_place_index<1>, std::move(failed.message)) {}

  bool has_value() const noexcept { return state_.index() == 0; }
  explicit operator bool() const noexcept { return has_value(); }

  T& operator*() & { return std::get<0>(state_); }
  const T& operator*() const& { return std::get<0>(state_); }
  T&& operator*() && { return std::get<0>(std::move(state_)); }
  T* operator->() { return &std::get<0>(state_); }
  const T* operator->() const { return &std::get<0>(state_); }
  const std::string& error() const { return std::get<1>(state_); }

 private:
  std::variant<T, std::string> state_;
};

template <>
class Result<void> {
 public:
  Result() = default;
  Result(Failure failed) : error_(std::move(failed.message)) {}  // NOLINT: implicit

  bool has_value() const noexcept { return !error_.has_value(); }
  explicit operator bool() const noexcept { return has_value(); }
  const std::string& error() const { return *error_; }

 private:
  std::optional<std::string> error_;
};

}  // namespace bedrock::transport
