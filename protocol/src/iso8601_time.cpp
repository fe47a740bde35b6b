#include "bedrock/protocol/iso8601_time.hpp"

#include <cstdio>

namespace bedrock::iso8601 {
namespace {

bool read_digits(std::string_view text, std::size_t& at, std::size_t count, int& out) {
  if (at + count > text.size()) return false;
  int value = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const char c = text[at + i];
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  at += count;
  out = value;
  return true;
}

bool expect(std::string_view text, std::size_t& at, char wanted) {
  if (at >= text.size() || text[at] != wanted) return false;
  ++at;
  return true;
}

}  // namespace

std::optional<std::chrono::sys_seconds> parse_utc(std::string_view text) {
  std::size_t at = 0;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!read_digits(text, at, 4, year) || !expect(text, at, '-') ||
      !read_digits(text, at, 2, month) || !expect(text, at, '-') ||
      !read_digits(text, at, 2, day)) {
    return std::nullopt;
  }
  if (at >= text.size() || (text[at] != 'T' && text[at] != 't' && text[at] != ' ')) {
    return std::nullopt;
  }
  ++at;
  if (!read_digits(text, at, 2, hour) || !expect(text, at, ':') ||
      !read_digits(text, at, 2, minute) || !expect(text, at, ':') ||
      !read_digits(text, at, 2, second)) {
    return std::nullopt;
  }
  if (at < text.size() && (text[at] == '.' || text[at] == ',')) {
    ++at;
    const auto digits_start = at;
    while (at < text.size() && text[at] >= '0' && text[at] <= '9') ++at;
    if (at == digits_start) return std::nullopt;
  }
  int offset_minutes = 0;
  if (at < text.size()) {
    const char zone = text[at++];
    if (zone == 'Z' || zone == 'z') {
      // UTC
    } else if (zone == '+' || zone == '-') {
      int offset_hours = 0, offset_mins = 0;
      if (!read_digits(text, at, 2, offset_hours)) return std::nullopt;
      if (at < text.size() && text[at] == ':') ++at;
      if (!read_digits(text, at, 2, offset_mins)) return std::nullopt;
      if (offset_hours > 23 || offset_mins > 59) return std::nullopt;
      offset_minutes = (offset_hours * 60 + offset_mins) * (zone == '-' ? -1 : 1);
    } else {
      return std::nullopt;
    }
  }
  if (at != text.size()) return std::nullopt;
  const std::chrono::year_month_day date{std::chrono::year(year),
                                         std::chrono::month(static_cast<unsigned>(month)),
                                         std::chrono::day(static_cast<unsigned>(day))};
  if (!date.ok() || hour > 23 || minute > 59 || second > 60) return std::nullopt;
  // Callers keep the time as a system_clock::time_point (nanoseconds: years 1678 to 2262); a
  // credential tool's "never expires" 9999-12-31 or a bogus year 0001 would overflow it. Such
  // times are clamped into 1970..2200, which means the same to every caller (long expired, or
  // not expiring in practice).
  if (year < 1970) return std::chrono::sys_days(std::chrono::year(1970) / 1 / 1);
  if (year >= 2200) return std::chrono::sys_days(std::chrono::year(2200) / 1 / 1);
  return std::chrono::sys_days(date) + std::chrono::hours(hour) + std::chrono::minutes(minute) +
         std::chrono::seconds(second) - std::chrono::minutes(offset_minutes);
}

std::string format_utc(std::chrono::system_clock::time_point time) {
  const auto seconds = std::chrono::floor<std::chrono::seconds>(time);
  const auto days = std::chrono::floor<std::chrono::days>(seconds);
  const std::chrono::year_month_day date(days);
  const std::chrono::hh_mm_ss clock(seconds - days);
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02dZ",
                static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                static_cast<unsigned>(date.day()), static_cast<int>(clock.hours().count()),
                static_cast<int>(clock.minutes().count()),
                static_cast<int>(clock.seconds().count()));
  return buffer;
}

std::string format_utc_millis(std::chrono::system_clock::time_point time) {
  const auto ms = std::chrono::floor<std::chrono::milliseconds>(time);
  const auto days = std::chrono::floor<std::chrono::days>(ms);
  const std::chrono::year_month_day date{days};
  const std::chrono::hh_mm_ss clock{ms - days};
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ",
                static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                static_cast<unsigned>(date.day()), static_cast<int>(clock.hours().count()),
                static_cast<int>(clock.minutes().count()),
                static_cast<int>(clock.seconds().count()),
                static_cast<int>(clock.subseconds().count()));
  return buffer;
}

}  // namespace bedrock::iso8601
