#include "sigv4_signed_names.hpp"

#include <algorithm>
#include <array>

namespace bedrock::sigv4::detail {
namespace {

// botocore auth.py SIGNED_HEADERS_BLACKLIST (reference §3 "Other SigV4 facts"), plus the
// header the signature itself travels in.
constexpr std::array<std::string_view, 12> kUnsignedHeaders = {"authorization",
                                                               "connection",
                                                               "expect",
                                                               "keep-alive",
                                                               "proxy-authenticate",
                                                               "proxy-authorization",
                                                               "te",
                                                               "trailer",
                                                               "transfer-encoding",
                                                               "upgrade",
                                                               "user-agent",
                                                               "x-amzn-trace-id"};

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

}  // namespace

bool is_never_signed(std::string_view name) {
  return std::any_of(
      kUnsignedHeaders.begin(), kUnsignedHeaders.end(),
      [&](std::string_view unsigned_name) { return header_name_equals(name, unsigned_name); });
}

void SignedNames::collect(const HttpRequest& request) {
  std::size_t total = 0;
  for (const auto& header : request.headers) total += header.first.size();
  lowered_.clear();
  views_.clear();
  // Reserved up front: the views point into lowered_, which must not move while they are made.
  lowered_.reserve(total);
  views_.reserve(request.headers.size());
  for (const auto& [name, value] : request.headers) {
    if (is_never_signed(name)) continue;
    const std::size_t start = lowered_.size();
    for (char c : name) lowered_.push_back(ascii_lower(c));
    views_.emplace_back(lowered_.data() + start, name.size());
  }
  std::sort(views_.begin(), views_.end());
  views_.erase(std::unique(views_.begin(), views_.end()), views_.end());
}

std::size_t SignedNames::joined_size() const {
  std::size_t size = views_.empty() ? 0 : views_.size() - 1;
  for (const std::string_view name : views_) size += name.size();
  return size;
}

SignedNames& SignedNames::for_this_thread() {
  thread_local SignedNames names;
  return names;
}

void append_joined(std::string& out, const std::vector<std::string_view>& names) {
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out.push_back(';');
    out += names[i];
  }
}

}  // namespace bedrock::sigv4::detail
