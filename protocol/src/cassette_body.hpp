#pragma once
// Bytes <-> the body object of a cassette ({"json": ..} / {"json_spaced": ..} / {"text": ..} /
// {"base64": ..}). Internal to bedrock_protocol; the public rule is body_encoding() in
// cassette.hpp.
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "bedrock/protocol/expected.hpp"

namespace bedrock::cassette::detail {

bool is_valid_utf8(std::string_view bytes);

// The body object for these bytes (the member named by body_encoding()).
nlohmann::ordered_json encode_body(std::string_view bytes);

// The bytes a body object stands for. The error names the offending member (relative, e.g.
// "base64") and what is wrong; an empty member means the object itself.
struct BodyDecodeError {
  std::string member;
  std::string message;
};
Expected<std::string, BodyDecodeError> decode_body(const nlohmann::ordered_json& body);

}  // namespace bedrock::cassette::detail
