#include "json_input.hpp"

namespace bedrock::cassettes {

Expected<Json, ImportError> parse_json_input(std::string_view text, std::string_view source) {
  struct TooDeep {};
  try {
    // Later walks (dump, the shape of a body) recurse: nesting is bounded here, as the cassette
    // reader bounds it, so a hostile file is an error rather than a stack overflow.
    return Json::parse(text, [](int depth, Json::parse_event_t, Json&) {
      if (depth > kMaxJsonInputDepth) throw TooDeep{};
      return true;
    });
  } catch (const TooDeep&) {
    return unexpected(
        ImportError{std::string(source), "", std::nullopt, std::nullopt,
                    "JSON nested more than " + std::to_string(kMaxJsonInputDepth) + " levels"});
  } catch (const nlohmann::json::parse_error& failure) {
    // nlohmann gives the byte offset (1-based) of the offending token's end.
    const std::size_t offset = failure.byte > 0 ? std::min(failure.byte - 1, text.size()) : 0;
    std::size_t line = 1;
    std::size_t column = 1;
    for (std::size_t i = 0; i < offset; ++i) {
      if (text[i] == '\n') {
        ++line;
        column = 1;
      } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
        ++column;
      }
    }
    std::string message = failure.what();
    if (const auto at = message.find("syntax error"); at != std::string::npos) {
      message = message.substr(at);
    }
    return unexpected(ImportError{std::string(source), "", line, column, message});
  }
}

const Json* optional_member(const Json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  const auto found = object.find(key);
  if (found == object.end() || found->is_null()) return nullptr;
  return &*found;
}

std::optional<std::string> optional_string(const Json& object, const char* key,
                                           const std::string& location) {
  const Json* member = optional_member(object, key);
  if (member == nullptr) return std::nullopt;
  if (!member->is_string()) {
    throw FieldError{location + "." + key,
                     "expected a string, found " + std::string(member->type_name())};
  }
  return member->get<std::string>();
}

std::string required_string(const Json& object, const char* key, const std::string& location) {
  auto value = optional_string(object, key, location);
  if (!value) throw FieldError{location + "." + key, "missing"};
  return *value;
}

std::optional<std::string> hex_decode(std::string_view text) {
  if (text.size() % 2 != 0) return std::nullopt;
  const auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(text.size() / 2);
  for (std::size_t i = 0; i < text.size(); i += 2) {
    const int high = digit(text[i]);
    const int low = digit(text[i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    out.push_back(static_cast<char>((high << 4) | low));
  }
  return out;
}

}  // namespace bedrock::cassettes
