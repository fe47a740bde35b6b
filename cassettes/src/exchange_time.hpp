#pragma once
// The timestamps other recorders keep, spelt as a cassette's recorded_at
// (YYYY-MM-DDTHH:MM:SS[.fraction]Z, UTC).
#include <optional>
#include <string>
#include <string_view>

namespace bedrock::cassettes {

// ISO-8601 date-time with a zone (HAR startedDateTime: "2025-04-14T11:12:31.207+02:00"); the
// fraction is kept, the offset applied. Without a zone the time is taken as UTC.
std::optional<std::string> recorded_at_from_iso8601(std::string_view text);
// An HTTP date (RFC 9110 §5.6.7 IMF-fixdate "Tue, 25 Feb 2025 08:56:15 GMT"; the weekday may be
// missing; Ruby VCR's recorded_at is spelt so).
std::optional<std::string> recorded_at_from_http_date(std::string_view text);
// SigV4's X-Amz-Date basic format: 20250225T085613Z.
std::optional<std::string> recorded_at_from_amz_date(std::string_view text);

}  // namespace bedrock::cassettes
