#pragma once
// Syntax rules shared by the cassette reader and writer. Internal to bedrock_protocol.
#include <string_view>

namespace bedrock::cassette::detail {

bool is_http_token(std::string_view text);          // RFC 9110 token (methods, header names)
bool is_http_header_name(std::string_view name);    // token, or ":"+token (HTTP/2 pseudo-header)
bool is_http_header_value(std::string_view value);  // no CR, LF or NUL
bool is_request_target(std::string_view path);      // origin-form: "/" then visible ASCII
bool is_operation_name(std::string_view name);      // "Converse", "InvokeModelWithResponseStream"
bool is_recorded_at(std::string_view text);         // YYYY-MM-DDTHH:MM:SS[.f{1,9}]Z

}  // namespace bedrock::cassette::detail
