#pragma once
// Extended ISO-8601 timestamps as AWS writes credential expirations: the IMDS and container
// endpoints answer `2026-01-01T00:00:00Z`, credential_process tools write fractions and offsets
// (`2026-01-01T00:00:00.123+00:00`), shared files hold `aws_session_expiration`.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace bedrock::iso8601 {

// `YYYY-MM-DDTHH:MM:SS[.fraction][Z|±HH:MM|±HHMM]` (a space may replace `T`; no zone means UTC);
// a real calendar date is required. Fractions are dropped. nullopt otherwise.
std::optional<std::chrono::sys_seconds> parse_utc(std::string_view text);

// `YYYY-MM-DDTHH:MM:SSZ`
std::string format_utc(std::chrono::system_clock::time_point time);
// `YYYY-MM-DDTHH:MM:SS.mmmZ` (cassettes' recorded_at, the mock's journal)
std::string format_utc_millis(std::chrono::system_clock::time_point time);

}  // namespace bedrock::iso8601
