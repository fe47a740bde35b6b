#pragma once
// The `Date` header value (RFC 7231 IMF-fixdate), formatted without the C locale.
#include <chrono>
#include <string>

namespace bedrock::mock {

std::string http_date(std::chrono::system_clock::time_point when);

}  // namespace bedrock::mock
