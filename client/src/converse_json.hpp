#pragma once
// Throwing readers shared by the Converse response and stream code (see json_reader.hpp).
#include <string>

#include "bedrock/client/converse_types.hpp"
#include "json_reader.hpp"

namespace bedrock::client::json_read {

TokenUsage read_token_usage(const Json& value, const std::string& path);
int64_t read_latency_ms(const Json& metrics, const std::string& path);

}  // namespace bedrock::client::json_read
