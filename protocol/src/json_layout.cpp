#include "json_layout.hpp"

#include <algorithm>

#include "strict_json.hpp"

namespace bedrock::cassette::detail {
namespace {

using Json = nlohmann::ordered_json;

std::string scalar_text(const Json& value) { return value.dump(); }

// Appends `value` on one line to `out`; false once `out` exceeds `max_columns` code points.
bool append_one_line(const Json& value, std::size_t max_columns, std::string& out,
                     std::size_t& columns) {
  auto append = [&](std::string_view piece) {
    out += piece;
    columns += count_code_points(piece);
    return columns <= max_columns;
  };
  if (value.is_object()) {
    if (!append("{")) return false;
    bool first = true;
    for (const auto& [key, member] : value.items()) {
      if (!first && !append(", ")) return false;
      first = false;
      if (!append(Json(key).dump()) || !append(": ")) return false;
      if (!append_one_line(member, max_columns, out, columns)) return false;
    }
    return append("}");
  }
  if (value.is_array()) {
    if (!append("[")) return false;
    bool first = true;
    for (const auto& element : value) {
      if (!first && !append(", ")) return false;
      first = false;
      if (!append_one_line(element, max_columns, out, columns)) return false;
    }
    return append("]");
  }
  // A string's spelling has at least as many code points as the string and each code point is at
  // most 4 bytes: skip dumping strings that cannot fit.
  if (value.is_string() && max_columns != std::string::npos &&
      value.get_ref<const std::string&>().size() / 4 > max_columns) {
    return false;
  }
  return append(scalar_text(value));
}

void append_pretty(const Json& value, std::size_t indent, std::size_t used_columns,
                   bool comma_follows, std::string& out) {
  if (!value.is_structured() || value.empty()) {
    out += value.is_structured() ? (value.is_object() ? "{}" : "[]") : scalar_text(value);
    return;
  }
  // Arrays of scalars ([name, value] header pairs, ignore paths, vectors) stay on one line
  // whatever their length: one header per line reads and diffs best.
  if (value.is_array() && std::none_of(value.begin(), value.end(), [](const Json& element) {
        return element.is_structured();
      })) {
    out += *write_one_line(value);
    return;
  }
  const std::size_t taken = used_columns + (comma_follows ? 1 : 0);
  if (taken < kLineWidth) {
    if (auto line = write_one_line(value, kLineWidth - taken)) {
      out += *line;
      return;
    }
  }
  const bool is_object = value.is_object();
  out += is_object ? "{\n" : "[\n";
  const std::size_t inner = indent + 2;
  std::size_t remaining = value.size();
  for (const auto& [key, member] : value.items()) {
    --remaining;
    out.append(inner, ' ');
    std::size_t used = inner;
    if (is_object) {
      const std::string prefix = Json(key).dump() + ": ";
      out += prefix;
      used += count_code_points(prefix);
    }
    append_pretty(member, inner, used, remaining > 0, out);
    if (remaining > 0) out += ',';
    out += '\n';
  }
  out.append(indent, ' ');
  out += is_object ? '}' : ']';
}

}  // namespace

std::optional<std::string> write_one_line(const Json& value, std::size_t max_columns) {
  std::string out;
  std::size_t columns = 0;
  if (!append_one_line(value, max_columns, out, columns)) return std::nullopt;
  return out;
}

std::string write_pretty(const Json& value) {
  std::string out;
  append_pretty(value, 0, 0, false, out);
  out += '\n';
  return out;
}

}  // namespace bedrock::cassette::detail
