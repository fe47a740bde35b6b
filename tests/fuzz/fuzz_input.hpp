#pragma once
// Splits one fuzz input into fields at NUL bytes, so a target that needs several strings (a
// header value and a target, a body and an operation) gets them from one byte string, and the
// seeds stay readable text.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace bedrock::fuzz {

inline std::vector<std::string_view> split_fields(const std::uint8_t* data, std::size_t size,
                                                  std::size_t max_fields) {
  std::vector<std::string_view> fields;
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  while (fields.size() + 1 < max_fields) {
    const auto cut = rest.find('\0');
    if (cut == std::string_view::npos) break;
    fields.push_back(rest.substr(0, cut));
    rest.remove_prefix(cut + 1);
  }
  fields.push_back(rest);
  fields.resize(max_fields);
  return fields;
}

}  // namespace bedrock::fuzz
