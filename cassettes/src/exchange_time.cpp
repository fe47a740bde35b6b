#include "exchange_time.hpp"

#include <array>
#include <chrono>
#include <cstdio>

namespace bedrock::cassettes {
namespace {

bool digits(std::string_view text, std::size_t at, std::size_t count, int& value) {
  if (at + count > text.size()) return false;
  value = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const char c = text[at + i];
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  return true;
}

struct CivilTime {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
};

bool valid(const CivilTime& t) {
  const std::chrono::year_month_day date{std::chrono::year{t.year},
                                         std::chrono::month{static_cast<unsigned>(t.month)},
                                         std::chrono::day{static_cast<unsigned>(t.day)}};
  return date.ok() && t.hour < 24 && t.minute < 60 && t.second <= 60;
}

std::string format(const CivilTime& t, std::string_view fraction) {
  char text[32];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d", t.year, t.month, t.day, t.hour,
                t.minute, t.second);
  std::string out = text;
  if (!fraction.empty()) out += "." + std::string(fraction);
  return out + "Z";
}

// t shifted by -offset_minutes (local time minus offset is UTC).
CivilTime to_utc(const CivilTime& t, int offset_minutes) {
  using namespace std::chrono;
  const sys_days day = year_month_day{year{t.year}, month{static_cast<unsigned>(t.month)},
                                      std::chrono::day{static_cast<unsigned>(t.day)}};
  const sys_seconds local = day + hours{t.hour} + minutes{t.minute} + seconds{t.second};
  const sys_seconds utc = local - minutes{offset_minutes};
  const sys_days utc_day = floor<days>(utc);
  const year_month_day ymd{utc_day};
  const hh_mm_ss clock{utc - utc_day};
  return CivilTime{static_cast<int>(ymd.year()),
                   static_cast<int>(static_cast<unsigned>(ymd.month())),
                   static_cast<int>(static_cast<unsigned>(ymd.day())),
                   static_cast<int>(clock.hours().count()),
                   static_cast<int>(clock.minutes().count()),
                   static_cast<int>(clock.seconds().count())};
}

}  // namespace

std::optional<std::string> recorded_at_from_iso8601(std::string_view text) {
  CivilTime t;
  if (text.size() < 19 || !digits(text, 0, 4, t.year) || text[4] != '-' ||
      !digits(text, 5, 2, t.month) || text[7] != '-' || !digits(text, 8, 2, t.day) ||
      (text[10] != 'T' && text[10] != 't' && text[10] != ' ') || !digits(text, 11, 2, t.hour) ||
      text[13] != ':' || !digits(text, 14, 2, t.minute) || text[16] != ':' ||
      !digits(text, 17, 2, t.second) || !valid(t)) {
    return std::nullopt;
  }
  std::size_t at = 19;
  std::string_view fraction;
  if (at < text.size() && text[at] == '.') {
    const std::size_t start = ++at;
    while (at < text.size() && text[at] >= '0' && text[at] <= '9') ++at;
    fraction = text.substr(start, at - start);
    if (fraction.empty()) return std::nullopt;
    if (fraction.size() > 9) fraction = fraction.substr(0, 9);
  }
  const std::string_view zone = text.substr(at);
  if (zone.empty() || zone == "Z" || zone == "z") return format(t, fraction);
  if (zone[0] != '+' && zone[0] != '-') return std::nullopt;
  int hours = 0;
  int minutes = 0;
  if (!digits(zone, 1, 2, hours)) return std::nullopt;
  if (zone.size() == 6 && zone[3] == ':') {
    if (!digits(zone, 4, 2, minutes)) return std::nullopt;
  } else if (zone.size() == 5) {
    if (!digits(zone, 3, 2, minutes)) return std::nullopt;
  } else if (zone.size() != 3) {
    return std::nullopt;
  }
  const int offset = (zone[0] == '-' ? -1 : 1) * (hours * 60 + minutes);
  return format(to_utc(t, offset), fraction);
}

std::optional<std::string> recorded_at_from_http_date(std::string_view text) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  if (const auto comma = text.find(','); comma != std::string_view::npos) {
    text.remove_prefix(comma + 1);
  }
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  // "25 Feb 2025 08:56:15 GMT" (a one-digit day is tolerated)
  CivilTime t;
  std::size_t at = 0;
  if (!digits(text, 0, 2, t.day)) {
    if (!digits(text, 0, 1, t.day)) return std::nullopt;
    at = 1;
  } else {
    at = 2;
  }
  if (text.size() < at + 22 || text[at] != ' ') return std::nullopt;
  const std::string_view month = text.substr(at + 1, 3);
  t.month = 0;
  for (std::size_t i = 0; i < kMonths.size(); ++i) {
    if (kMonths[i] == month) t.month = static_cast<int>(i) + 1;
  }
  at += 4;
  if (t.month == 0 || text[at] != ' ' || !digits(text, at + 1, 4, t.year) || text[at + 5] != ' ' ||
      !digits(text, at + 6, 2, t.hour) || text[at + 8] != ':' ||
      !digits(text, at + 9, 2, t.minute) || text[at + 11] != ':' ||
      !digits(text, at + 12, 2, t.second) || !valid(t)) {
    return std::nullopt;
  }
  const std::string_view zone = text.substr(at + 15);
  if (text[at + 14] != ' ' || (zone != "GMT" && zone != "UTC" && zone != "+0000")) {
    return std::nullopt;
  }
  return format(t, {});
}

std::optional<std::string> recorded_at_from_amz_date(std::string_view text) {
  CivilTime t;
  if (text.size() != 16 || !digits(text, 0, 4, t.year) || !digits(text, 4, 2, t.month) ||
      !digits(text, 6, 2, t.day) || text[8] != 'T' || !digits(text, 9, 2, t.hour) ||
      !digits(text, 11, 2, t.minute) || !digits(text, 13, 2, t.second) || text[15] != 'Z' ||
      !valid(t)) {
    return std::nullopt;
  }
  return format(t, {});
}

}  // namespace bedrock::cassettes
