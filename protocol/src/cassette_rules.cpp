#include "cassette_rules.hpp"

#include <cstddef>

namespace bedrock::cassette::detail {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

// tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~"
//         / DIGIT / ALPHA
bool is_tchar(char c) {
  return is_alpha(c) || is_digit(c) ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// Reads `count` digits at `pos` as a number; -1 if they are not all digits.
int number_at(std::string_view text, std::size_t pos, std::size_t count) {
  int value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (!is_digit(text[i])) return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

}  // namespace

bool is_http_token(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!is_tchar(c)) return false;
  }
  return true;
}

bool is_http_header_name(std::string_view name) {
  if (!name.empty() && name.front() == ':') name.remove_prefix(1);
  return is_http_token(name);
}

bool is_http_header_value(std::string_view value) {
  return value.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

bool is_request_target(std::string_view path) {
  if (path.empty() || path.front() != '/') return false;
  for (char c : path) {
    if (c <= 0x20 || c >= 0x7F) return false;
  }
  return true;
}

bool is_operation_name(std::string_view name) {
  if (name.empty() || !(name.front() >= 'A' && name.front() <= 'Z')) return false;
  for (char c : name) {
    if (!is_alpha(c) && !is_digit(c)) return false;
  }
  return true;
}

bool is_recorded_at(std::string_view text) {
  // 2025-02-25T08:56:13Z is the shortest form; the fraction has 1 to 9 digits.
  if (text.size() < 20 || text.back() != 'Z') return false;
  if (text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':') {
    return false;
  }
  const int year = number_at(text, 0, 4);
  const int month = number_at(text, 5, 2);
  const int day = number_at(text, 8, 2);
  const int hour = number_at(text, 11, 2);
  const int minute = number_at(text, 14, 2);
  const int second = number_at(text, 17, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 ||
      minute < 0 || minute > 59 || second < 0 || second > 60) {
    return false;
  }
  const std::string_view fraction = text.substr(19, text.size() - 20);
  if (fraction.empty()) return true;
  if (fraction.front() != '.' || fraction.size() < 2 || fraction.size() > 10) return false;
  for (char c : fraction.substr(1)) {
    if (!is_digit(c)) return false;
  }
  return true;
}

}  // namespace bedrock::cassette::detail
