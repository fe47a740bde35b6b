#pragma once
// Throwing readers/writers of content blocks, shared by the request, response and stream code
// (the public wrappers in content_block.hpp catch; see json_reader.hpp).
#include <string>

#include "bedrock/client/content_block.hpp"
#include "json_reader.hpp"

namespace bedrock::client::json_read {

ContentBlock read_content_block(const Json& value, const std::string& path);
Message read_message(const Json& value, const std::string& path);
CachePointBlock read_cache_point(const Json& value, const std::string& path);
GuardContentBlock read_guard_content_text(const Json& value, const std::string& path);
Role read_role(const Json& value, const std::string& path);

Json write_cache_point(const CachePointBlock& block);
Json write_guard_content(const GuardContentBlock& block);

}  // namespace bedrock::client::json_read
