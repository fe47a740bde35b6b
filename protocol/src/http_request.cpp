#include "bedrock/protocol/http_request.hpp"

#include <algorithm>

namespace bedrock {
namespace {

char ascii_lower(char c) noexcept { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

}  // namespace

bool header_name_equals(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return ascii_lower(x) == ascii_lower(y);
         });
}

const std::string* HttpRequest::find_header(std::string_view name) const noexcept {
  for (const auto& [header_name, value] : headers) {
    if (header_name_equals(header_name, name)) return &value;
  }
  return nullptr;
}

std::size_t HttpRequest::remove_header(std::string_view name) {
  return std::erase_if(headers,
                       [&](const auto& header) { return header_name_equals(header.first, name); });
}

void HttpRequest::set_header(std::string_view name, std::string value) {
  remove_header(name);
  headers.emplace_back(std::string(name), std::move(value));
}

}  // namespace bedrock
