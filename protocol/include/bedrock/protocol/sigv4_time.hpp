#pragma once
// SigV4 timestamps: X-Amz-Date is basic ISO 8601 in UTC, `20150830T123600Z`; the credential
// scope carries its first 8 characters. Formatted by hand so no locale or TZ can leak in.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace bedrock::sigv4 {

using Seconds = std::chrono::sys_seconds;

// `20150830T123600Z` (sub-second parts are dropped).
std::string format_amz_date(std::chrono::system_clock::time_point time);
// `20150830`
std::string format_scope_date(std::chrono::system_clock::time_point time);
// Strict `YYYYMMDDTHHMMSSZ` with a real calendar date; nullopt otherwise.
std::optional<Seconds> parse_amz_date(std::string_view text);

}  // namespace bedrock::sigv4
