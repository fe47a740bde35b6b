#pragma once
// Internal: strict UTF-8 validation (RFC 3629: no overlong forms, no surrogates, nothing above
// U+10FFFF), for event-stream header names and string values.
#include <string_view>

namespace bedrock::utf8 {

bool is_valid(std::string_view text);

}  // namespace bedrock::utf8
