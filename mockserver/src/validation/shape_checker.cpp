#include "validation/shape_checker.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>
#include <vector>

#include "bedrock/protocol/error_messages.hpp"
#include "validation/coral_messages.hpp"

namespace bedrock::mock {
namespace {

using nlohmann::json;
using shapes::Kind;
using shapes::Member;
using shapes::Shape;

// ---- Pass 1: deserialisation -----------------------------------------------------------------

// DynamoDB's Coral distinguishes a structure met as a structure member ("Unexpected field
// type") from one met as a list item or map value ("Unexpected value type in payload"); the
// one Bedrock sample is the latter (a string as a promptVariables value).
enum class Position { kField, kElement };

using TypeError = std::optional<std::string>;

TypeError scalar_mismatch(const json& value, std::string_view java_type,
                          std::string_view java_class) {
  if (value.is_object()) return std::string(coral::kStructureNotExpected);
  if (value.is_array()) return coral::unrecognized_collection(java_class);
  if (value.is_boolean())
    return coral::cannot_convert(value.get<bool>() ? "TRUE" : "FALSE", java_type);
  if (value.is_number_float()) return coral::cannot_convert("DECIMAL", java_type);
  if (value.is_number()) return coral::cannot_convert("NUMBER", java_type);
  return coral::cannot_convert("STRING", java_type);
}

constexpr bool is_base64_symbol(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '/';
}

std::size_t base64_padding(std::string_view text) {
  std::size_t padding = 0;
  while (padding < 2 && padding < text.size() && text[text.size() - 1 - padding] == '=') ++padding;
  return padding;
}

TypeError base64_error(std::string_view text) {
  if (text.size() % 4 != 0) return coral::base64_length(text.size());
  const std::size_t data = text.size() - base64_padding(text);
  for (std::size_t i = 0; i < data; ++i) {
    if (!is_base64_symbol(text[i])) return std::string(coral::kBase64BadCharacter);
  }
  return std::nullopt;
}

std::size_t base64_decoded_length(std::string_view text) {
  return text.size() / 4 * 3 - base64_padding(text);
}

// Coral reads an Integer member into a Java int; a decimal is truncated (DynamoDB accepts
// 34.56 for an Integer), anything outside int's range cannot be converted (unverified).
std::optional<long long> as_int32(const json& value) {
  double number = 0;
  if (value.is_number_integer()) {
    if (value.is_number_unsigned()) {
      const auto unsigned_value = value.get<std::uint64_t>();
      if (unsigned_value > static_cast<std::uint64_t>(std::numeric_limits<std::int32_t>::max())) {
        return std::nullopt;
      }
      return static_cast<long long>(unsigned_value);
    }
    const auto signed_value = value.get<std::int64_t>();
    if (signed_value < std::numeric_limits<std::int32_t>::min() ||
        signed_value > std::numeric_limits<std::int32_t>::max()) {
      return std::nullopt;
    }
    return static_cast<long long>(signed_value);
  }
  number = value.get<double>();
  if (!std::isfinite(number) || number < std::numeric_limits<std::int32_t>::min() ||
      number >= static_cast<double>(std::numeric_limits<std::int32_t>::max()) + 1.0) {
    return std::nullopt;
  }
  return static_cast<long long>(std::trunc(number));
}

TypeError type_error(const json& value, const Shape& shape, Position position) {
  if (value.is_null()) return std::nullopt;
  switch (shape.kind) {
    case Kind::kDocument:
      return std::nullopt;
    case Kind::kStructure:
    case Kind::kUnion: {
      if (!value.is_object()) {
        return std::string(position == Position::kField ? coral::kUnexpectedFieldType
                                                        : coral::kUnexpectedValueType);
      }
      if (shape.kind == Kind::kUnion) {
        std::size_t set = 0;
        bool unknown = false;
        for (const auto& [name, member_value] : value.items()) {
          if (member_value.is_null()) continue;
          ++set;
          unknown = unknown || shapes::find_member(shape, name) == nullptr;
        }
        if (set != 1 || unknown) return std::string(coral::kUnionNotExactlyOne);
      }
      for (const Member& member : shape.members) {
        const auto found = value.find(member.name);
        if (found == value.end()) continue;
        if (auto error = type_error(*found, *member.shape, Position::kField)) return error;
      }
      return std::nullopt;
    }
    case Kind::kList:
      if (value.is_object()) return std::string(coral::kStructureNotExpected);
      if (!value.is_array()) return std::string(coral::kUnexpectedFieldType);
      for (const json& item : value) {
        if (auto error = type_error(item, *shape.element, Position::kElement)) return error;
      }
      return std::nullopt;
    case Kind::kMap:
      if (!value.is_object()) return std::string(coral::kUnexpectedFieldType);
      for (const auto& [key, item] : value.items()) {
        if (auto error = type_error(item, *shape.element, Position::kElement)) return error;
      }
      return std::nullopt;
    case Kind::kString:
      if (value.is_string()) return std::nullopt;
      return scalar_mismatch(value, "String", "java.lang.String");
    case Kind::kBlob:
      if (value.is_string()) return base64_error(value.get_ref<const std::string&>());
      if (value.is_object()) return std::string(coral::kStructureNotExpected);
      if (value.is_array()) return coral::unrecognized_collection("java.nio.ByteBuffer");
      return std::string(coral::kBlobNotAString);
    case Kind::kInteger:
      if (value.is_number()) {
        if (as_int32(value)) return std::nullopt;
        return coral::cannot_convert("NUMBER", "Integer");
      }
      return scalar_mismatch(value, "Integer", "java.lang.Integer");
    case Kind::kFloat:
      if (value.is_number()) return std::nullopt;
      return scalar_mismatch(value, "Float", "java.lang.Float");
    case Kind::kBoolean:
      if (value.is_boolean()) return std::nullopt;
      if (value.is_string()) return std::string("Unexpected token received from parser");
      return scalar_mismatch(value, "Boolean", "java.lang.Boolean");
  }
  return std::nullopt;
}

// ---- Pass 2: constraints ---------------------------------------------------------------------

// Smithy measures string length in Unicode code points; the body is valid UTF-8 (the parser
// checked), so count the bytes that do not continue a sequence.
std::size_t code_points(std::string_view text) {
  std::size_t count = 0;
  for (char c : text) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return count;
}

std::string single_quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

// The value as Coral prints it (Java toString inside quotes); none when it cannot be shown.
std::optional<std::string> printable(const json& value, const Shape& shape) {
  switch (shape.kind) {
    case Kind::kString:
      return single_quoted(value.get_ref<const std::string&>());
    case Kind::kInteger:
      return single_quoted(std::to_string(as_int32(value).value_or(0)));
    case Kind::kFloat:
      return single_quoted(java_float_string(value.get<double>()));
    case Kind::kList: {
      std::string text = "[";
      for (std::size_t i = 0; i < value.size(); ++i) {
        if (!value[i].is_string()) return std::nullopt;  // Java toString of a structure: unknown
        if (i > 0) text += ", ";
        text += value[i].get_ref<const std::string&>();
      }
      return single_quoted(text + "]");
    }
    default:
      return std::nullopt;
  }
}

class ConstraintChecker {
 public:
  std::vector<coral::Violation> violations;

  void check(const json& value, const Shape& shape, const std::string& path, bool hidden) {
    if (full()) return;
    switch (shape.kind) {
      case Kind::kStructure:
      case Kind::kUnion:
        check_members(value, shape, path, hidden);
        return;
      case Kind::kList:
        check_length(value, shape, value.size(), path, hidden);
        check_items(value, shape, path, hidden);
        return;
      case Kind::kMap:
        check_length(value, shape, value.size(), path, hidden);
        check_entries(value, shape, path, hidden);
        return;
      case Kind::kString:
        check_string(value, shape, path, hidden);
        return;
      case Kind::kBlob:
        check_length(value, shape, base64_decoded_length(value.get_ref<const std::string&>()), path,
                     hidden);
        return;
      case Kind::kInteger:
        check_range(value, shape, static_cast<double>(as_int32(value).value_or(0)), path, hidden);
        return;
      case Kind::kFloat:
        // Coral compares the Java float, not the JSON decimal.
        check_range(value, shape, static_cast<double>(static_cast<float>(value.get<double>())),
                    path, hidden);
        return;
      case Kind::kBoolean:
      case Kind::kDocument:
        return;
    }
  }

 private:
  bool full() const { return violations.size() >= kMaxReportedViolations; }

  void add(const json& value, const Shape& shape, const std::string& path, bool hidden,
           std::string constraint) {
    if (full()) return;
    std::optional<std::string> shown;
    if (!hidden && !shape.sensitive) shown = printable(value, shape);
    violations.push_back({path, std::move(constraint), std::move(shown)});
  }

  void add_missing(const std::string& path, bool hidden) {
    if (full()) return;
    violations.push_back({path, errors::constraint_not_null(),
                          hidden ? std::nullopt : std::optional<std::string>("null")});
  }

  void check_members(const json& value, const Shape& shape, const std::string& path, bool hidden) {
    for (const Member& member : shape.members) {
      if (full()) return;
      const std::string member_path =
          path.empty() ? std::string(member.name) : path + "." + std::string(member.name);
      const bool member_hidden = hidden || member.hides_value || member.shape->sensitive;
      const auto found = value.find(member.name);
      if (found == value.end() || found->is_null()) {
        if (member.required) add_missing(member_path, member_hidden);
        continue;
      }
      check(*found, *member.shape, member_path, member_hidden);
    }
  }

  void check_items(const json& value, const Shape& shape, const std::string& path, bool hidden) {
    const bool item_hidden = hidden || shape.element->sensitive;
    for (std::size_t i = 0; i < value.size() && !full(); ++i) {
      const std::string item_path = path + "." + std::to_string(i + 1) + ".member";
      if (value[i].is_null()) {
        add_missing(item_path, item_hidden);
      } else {
        check(value[i], *shape.element, item_path, item_hidden);
      }
    }
  }

  // Map entries: values at "<map>.<key>.member" (DynamoDB's "RequestItems.<table>.member"),
  // keys at "<map>.<key>.key" (unverified; both maps of this API are sensitive anyway).
  void check_entries(const json& value, const Shape& shape, const std::string& path, bool hidden) {
    const bool entry_hidden = hidden || shape.element->sensitive || shape.key->sensitive;
    for (const auto& [key, item] : value.items()) {
      if (full()) return;
      check(json(key), *shape.key, path + "." + key + ".key", entry_hidden);
      if (item.is_null()) {
        add_missing(path + "." + key + ".member", entry_hidden);
      } else {
        check(item, *shape.element, path + "." + key + ".member", entry_hidden);
      }
    }
  }

  void check_length(const json& value, const Shape& shape, std::size_t length,
                    const std::string& path, bool hidden) {
    if (shape.min && static_cast<long long>(length) < *shape.min) {
      add(value, shape, path, hidden,
          errors::constraint_min_length(static_cast<std::size_t>(*shape.min)));
    }
    if (shape.max && static_cast<long long>(length) > *shape.max) {
      add(value, shape, path, hidden,
          errors::constraint_max_length(static_cast<std::size_t>(*shape.max)));
    }
  }

  void check_string(const json& value, const Shape& shape, const std::string& path, bool hidden) {
    const auto& text = value.get_ref<const std::string&>();
    if (shape.pattern != nullptr && !shape.pattern->matches(text)) {
      add(value, shape, path, hidden, errors::constraint_pattern(shape.pattern->text));
    }
    check_length(value, shape, code_points(text), path, hidden);
    if (!shape.enum_values.empty()) {
      bool known = false;
      for (std::string_view allowed : shape.enum_values) known = known || allowed == text;
      if (!known) add(value, shape, path, hidden, errors::constraint_enum(shape.enum_values));
    }
  }

  void check_range(const json& value, const Shape& shape, double number, const std::string& path,
                   bool hidden) {
    if (shape.min && number < static_cast<double>(*shape.min)) {
      add(value, shape, path, hidden, errors::constraint_min_value(*shape.min));
    }
    if (shape.max && number > static_cast<double>(*shape.max)) {
      add(value, shape, path, hidden, errors::constraint_max_value(*shape.max));
    }
  }
};

}  // namespace

Expected<void, errors::ServiceError> check_against_shape(const json& body, const Shape& root) {
  if (auto error = type_error(body, root, Position::kField)) {
    return unexpected(coral::serialization_error(*error));
  }
  ConstraintChecker checker;
  checker.check(body, root, "", false);
  if (checker.violations.empty()) return {};
  return unexpected(coral::validation_error(checker.violations));
}

std::string java_float_string(double value) {
  const auto number = static_cast<float>(value);
  if (std::isnan(number)) return "NaN";
  if (std::isinf(number)) return number > 0 ? "Infinity" : "-Infinity";
  if (number == 0.0F) return std::signbit(number) ? "-0.0" : "0.0";
  char buffer[64];
  const float magnitude = std::fabs(number);
  if (magnitude >= 1e-3F && magnitude < 1e7F) {
    const auto result =
        std::to_chars(buffer, buffer + sizeof buffer, number, std::chars_format::fixed);
    std::string text(buffer, result.ptr);
    if (text.find('.') == std::string::npos) text += ".0";
    return text;
  }
  // Shortest scientific form, e.g. "1.5e+10" -> "1.5E10", "1e-05" -> "1.0E-5".
  const auto result =
      std::to_chars(buffer, buffer + sizeof buffer, number, std::chars_format::scientific);
  const std::string text(buffer, result.ptr);
  const std::size_t e = text.find('e');
  std::string mantissa = text.substr(0, e);
  if (mantissa.find('.') == std::string::npos) mantissa += ".0";
  std::string exponent = text.substr(e + 1);
  const bool negative = exponent.front() == '-';
  exponent.erase(0, exponent.find_first_not_of("+-"));
  exponent.erase(0, std::min(exponent.find_first_not_of('0'), exponent.size() - 1));
  return mantissa + "E" + (negative ? "-" : "") + exponent;
}

}  // namespace bedrock::mock
