#include "response_head.hpp"

#include <charconv>

namespace bedrock::client {
namespace {

std::string_view trim(std::string_view text) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

}  // namespace

bool ResponseHeadCollector::add_line(std::string_view line) {
  if (line.starts_with("HTTP/")) {
    // "HTTP/1.1 200 OK" or "HTTP/2 200": version, space, three digits.
    const auto space = line.find(' ');
    if (space == std::string_view::npos || line.size() < space + 4) return false;
    int status = 0;
    const char* first = line.data() + space + 1;
    const auto [end, error] = std::from_chars(first, first + 3, status);
    if (error != std::errc{} || end != first + 3) return false;
    response_.status = status;
    response_.http_version = std::string(line.substr(0, space));
    response_.headers.clear();
    started_ = true;
    complete_ = false;
    return true;
  }
  if (!started_) return false;
  const std::string_view content = trim(line);
  if (content.empty()) {
    complete_ = true;
    return true;
  }
  if ((line.front() == ' ' || line.front() == '\t') && !response_.headers.empty()) {
    // obs-fold (RFC 9112 §5.2): a continuation joins the previous value with one space.
    auto& value = response_.headers.back().second;
    value += ' ';
    value += content;
    return true;
  }
  const auto colon = content.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  response_.headers.emplace_back(std::string(content.substr(0, colon)),
                                 std::string(trim(content.substr(colon + 1))));
  return true;
}

}  // namespace bedrock::client
