#include "cassette_body.hpp"

#include <optional>

#include "bedrock/protocol/cassette.hpp"
#include "bedrock/protocol/encoding.hpp"
#include "json_layout.hpp"
#include "strict_json.hpp"

namespace bedrock::cassette {
namespace detail {
namespace {

using Json = nlohmann::ordered_json;

// Bytes that read as text in a JSON string: anything but C0 controls (TAB, LF, CR excepted) and
// DEL. Binary that happens to be valid UTF-8 (an event-stream frame can be) stays base64.
bool is_readable_text(std::string_view bytes) {
  for (unsigned char c : bytes) {
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) return false;
  }
  return is_valid_utf8(bytes);
}

// Only documents (objects and arrays) take the JSON forms: a body "123" or "true" stays text so
// that {"json": ...} always means "this body is a JSON document".
std::optional<Json> parse_document(std::string_view bytes) {
  if (bytes.empty() || (bytes.front() != '{' && bytes.front() != '[')) return std::nullopt;
  // Leave room for the cassette's own levels above a body (see kMaxJsonDepth).
  auto parsed = parse_strict_json(bytes, kMaxJsonDepth - 16);
  if (!parsed) return std::nullopt;
  return std::move(*parsed);
}

std::string dump_compact(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::strict);
}

}  // namespace

bool is_valid_utf8(std::string_view bytes) {
  std::size_t i = 0;
  const std::size_t n = bytes.size();
  while (i < n) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t length = 0;
    uint32_t code_point = 0;
    if (c >= 0xC2 && c <= 0xDF) {
      length = 2;
      code_point = c & 0x1Fu;
    } else if (c >= 0xE0 && c <= 0xEF) {
      length = 3;
      code_point = c & 0x0Fu;
    } else if (c >= 0xF0 && c <= 0xF4) {
      length = 4;
      code_point = c & 0x07u;
    } else {
      return false;  // continuation byte, overlong lead (C0/C1) or beyond U+10FFFF (F5..FF)
    }
    if (i + length > n) return false;
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(bytes[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      code_point = (code_point << 6) | (next & 0x3Fu);
    }
    if ((length == 3 && code_point < 0x800) || (length == 4 && code_point < 0x10000) ||
        code_point > 0x10FFFF || (code_point >= 0xD800 && code_point <= 0xDFFF)) {
      return false;  // overlong, out of range, or a UTF-16 surrogate
    }
    i += length;
  }
  return true;
}

Json encode_body(std::string_view bytes) {
  if (auto document = parse_document(bytes)) {
    try {
      if (dump_compact(*document) == bytes) return Json{{"json", std::move(*document)}};
      if (write_one_line(*document) == bytes) return Json{{"json_spaced", std::move(*document)}};
    } catch (const nlohmann::json::exception&) {
      // Not representable as a JSON value after all: fall through to text/base64.
    }
  }
  if (is_readable_text(bytes)) return Json{{"text", std::string(bytes)}};
  return Json{{"base64", encoding::base64_encode(bytes)}};
}

Expected<std::string, BodyDecodeError> decode_body(const Json& body) {
  if (!body.is_object()) {
    return unexpected(
        BodyDecodeError{"", std::string("expected an object with one of \"json\", "
                                        "\"json_spaced\", \"text\", \"base64\", got ") +
                                body.type_name()});
  }
  if (body.size() != 1) {
    return unexpected(BodyDecodeError{
        "", "expected exactly one of \"json\", \"json_spaced\", \"text\", \"base64\", got " +
                std::to_string(body.size()) + " members"});
  }
  const std::string& form = body.begin().key();
  const Json& value = body.begin().value();
  try {
    if (form == "json") return dump_compact(value);
    if (form == "json_spaced") return *write_one_line(value);
  } catch (const nlohmann::json::exception& e) {
    return unexpected(BodyDecodeError{form, e.what()});
  }
  if (form == "text" || form == "base64") {
    if (!value.is_string()) {
      return unexpected(
          BodyDecodeError{form, std::string("expected a string, got ") + value.type_name()});
    }
    const auto& text = value.get_ref<const std::string&>();
    if (form == "text") return text;
    auto bytes = encoding::base64_decode(text);
    if (!bytes) return unexpected(BodyDecodeError{form, "invalid base64"});
    return std::move(*bytes);
  }
  return unexpected(BodyDecodeError{
      form, "unknown body form \"" + form + "\" (expected json, json_spaced, text or base64)"});
}

}  // namespace detail

BodyEncoding body_encoding(std::string_view bytes) {
  const auto body = detail::encode_body(bytes);
  const std::string& form = body.begin().key();
  if (form == "json") return BodyEncoding::kJson;
  if (form == "json_spaced") return BodyEncoding::kJsonSpaced;
  if (form == "text") return BodyEncoding::kText;
  return BodyEncoding::kBase64;
}

}  // namespace bedrock::cassette
