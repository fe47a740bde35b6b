#pragma once
// An HTTP request as the front end received it (or as a client is about to send it).
// The target stays raw (reference §3 rule 3: the canonical URI must come from the bytes on
// the wire, never from a decoded path) and headers keep wire order, spelling and duplicates
// (reference §11 pitfall 14: names compare case-insensitively).
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bedrock {

// ASCII case-insensitive comparison of header names.
bool header_name_equals(std::string_view a, std::string_view b) noexcept;

struct HttpRequest {
  std::string method;
  std::string target;  // raw request-target: path + optional ?query, never decoded
  std::vector<std::pair<std::string, std::string>> headers;  // wire order, names as received
  std::string body;

  // The value of the first header with this name (any case), or nullptr.
  const std::string* find_header(std::string_view name) const noexcept;
  // Removes every header with this name (any case); returns how many were removed.
  std::size_t remove_header(std::string_view name);
  // Replaces every header with this name by one `name: value` at the end.
  void set_header(std::string_view name, std::string value);
};

}  // namespace bedrock
