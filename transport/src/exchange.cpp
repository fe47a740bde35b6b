#include "bedrock/transport/exchange.hpp"

#include <cctype>

namespace bedrock::transport {

bool header_name_equals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto x = static_cast<unsigned char>(a[i]);
    const auto y = static_cast<unsigned char>(b[i]);
    if (x != y && std::tolower(x) != std::tolower(y)) return false;
  }
  return true;
}

const std::string* find_header(const HeaderList& headers, std::string_view name) noexcept {
  for (const auto& [key, value] : headers) {
    if (header_name_equals(key, name)) return &value;
  }
  return nullptr;
}

}  // namespace bedrock::transport
