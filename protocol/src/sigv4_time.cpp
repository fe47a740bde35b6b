#include "bedrock/protocol/sigv4_time.hpp"

namespace bedrock::sigv4 {
namespace {

void append_digits(std::string& out, long long value, int width) {
  std::string digits(static_cast<std::size_t>(width), '0');
  for (int i = width - 1; i >= 0 && value > 0; --i) {
    digits[static_cast<std::size_t>(i)] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  out += digits;
}

std::optional<int> parse_digits(std::string_view text) {
  int value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

}  // namespace

std::string format_scope_date(std::chrono::system_clock::time_point time) {
  const auto day = std::chrono::floor<std::chrono::days>(time);
  const std::chrono::year_month_day date{day};
  std::string out;
  out.reserve(8);
  append_digits(out, static_cast<int>(date.year()), 4);
  append_digits(out, static_cast<unsigned>(date.month()), 2);
  append_digits(out, static_cast<unsigned>(date.day()), 2);
  return out;
}

std::string format_amz_date(std::chrono::system_clock::time_point time) {
  const auto day = std::chrono::floor<std::chrono::days>(time);
  const std::chrono::hh_mm_ss clock{std::chrono::floor<std::chrono::seconds>(time - day)};
  std::string out = format_scope_date(time);
  out.push_back('T');
  append_digits(out, clock.hours().count(), 2);
  append_digits(out, clock.minutes().count(), 2);
  append_digits(out, clock.seconds().count(), 2);
  out.push_back('Z');
  return out;
}

std::optional<Seconds> parse_amz_date(std::string_view text) {
  if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z') return std::nullopt;
  const auto year = parse_digits(text.substr(0, 4));
  const auto month = parse_digits(text.substr(4, 2));
  const auto day = parse_digits(text.substr(6, 2));
  const auto hour = parse_digits(text.substr(9, 2));
  const auto minute = parse_digits(text.substr(11, 2));
  const auto second = parse_digits(text.substr(13, 2));
  if (!year || !month || !day || !hour || !minute || !second) return std::nullopt;
  const std::chrono::year_month_day date{std::chrono::year{*year},
                                         std::chrono::month{static_cast<unsigned>(*month)},
                                         std::chrono::day{static_cast<unsigned>(*day)}};
  if (!date.ok() || *hour > 23 || *minute > 59 || *second > 59) return std::nullopt;
  return std::chrono::sys_days{date} + std::chrono::hours{*hour} + std::chrono::minutes{*minute} +
         std::chrono::seconds{*second};
}

}  // namespace bedrock::sigv4
