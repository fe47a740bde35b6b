#pragma once
// Reason phrases for HTTP/1.1 status lines (RFC 9110 §15). Clients read the code, not the
// phrase; the phrases are the usual ones so that logs and curl -v read as from a real server.
#include <string_view>

namespace bedrock::transport {

std::string_view reason_phrase(int status) noexcept;

}  // namespace bedrock::transport
