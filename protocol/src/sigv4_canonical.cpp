#include "bedrock/protocol/sigv4_canonical.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <utility>

#include "bedrock/protocol/encoding.hpp"

namespace bedrock::sigv4 {
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

bool is_header_whitespace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view path_of(std::string_view raw_target) {
  return raw_target.substr(0, raw_target.find('?'));
}

std::string remove_dot_segments(std::string_view path) {
  std::vector<std::string_view> kept;
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t slash = std::min(path.find('/', start), path.size());
    const std::string_view segment = path.substr(start, slash - start);
    if (segment == "..") {
      if (!kept.empty()) kept.pop_back();
    } else if (!segment.empty() && segment != ".") {
      kept.push_back(segment);
    }
    start = slash + 1;
  }
  std::string out = "/";
  for (std::size_t i = 0; i < kept.size(); ++i) {
    out += kept[i];
    if (i + 1 < kept.size() || path.ends_with('/')) out.push_back('/');
  }
  return out;
}

std::string encode_query_component(std::string_view raw) {
  // A malformed escape is kept as literal bytes (its `%` gets encoded) rather than failing:
  // the client signed whatever it sent, and a mismatch will say so.
  const auto decoded = encoding::percent_decode(raw);
  return encoding::percent_encode(decoded ? std::string_view(*decoded) : raw);
}

}  // namespace

std::string canonical_uri(std::string_view raw_target, bool normalize) {
  const std::string_view path = path_of(raw_target);
  if (path.empty()) return "/";
  if (!normalize) return encoding::percent_encode(path, /*keep_slash=*/true);
  return encoding::percent_encode(remove_dot_segments(path), /*keep_slash=*/true);
}

std::string canonical_query_string(std::string_view raw_target) {
  const std::size_t question = raw_target.find('?');
  if (question == std::string_view::npos) return {};
  const std::string_view query = raw_target.substr(question + 1);
  std::vector<std::pair<std::string, std::string>> params;
  std::size_t start = 0;
  while (start <= query.size()) {
    const std::size_t amp = std::min(query.find('&', start), query.size());
    const std::string_view param = query.substr(start, amp - start);
    if (!param.empty()) {
      const std::size_t eq = param.find('=');
      const std::string_view key = param.substr(0, eq);
      const std::string_view value =
          eq == std::string_view::npos ? std::string_view{} : param.substr(eq + 1);
      params.emplace_back(encode_query_component(key), encode_query_component(value));
    }
    start = amp + 1;
  }
  std::sort(params.begin(), params.end());
  std::string out;
  for (const auto& [key, value] : params) {
    if (!out.empty()) out.push_back('&');
    out += key;
    out.push_back('=');
    out += value;
  }
  return out;
}

std::string canonical_header_value(std::string_view raw_value) {
  std::string out;
  out.reserve(raw_value.size());
  bool pending_space = false;
  for (char c : raw_value) {
    if (is_header_whitespace(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
  return out;
}

std::optional<std::string> canonical_header(const HttpRequest& request, std::string_view name) {
  std::optional<std::string> joined;
  for (const auto& [header_name, value] : request.headers) {
    if (!header_name_equals(header_name, name)) continue;
    if (joined) {
      joined->push_back(',');
      *joined += canonical_header_value(value);
    } else {
      joined = canonical_header_value(value);
    }
  }
  return joined;
}

std::vector<std::string> headers_to_sign(const HttpRequest& request) {
  std::vector<std::string> names;
  names.reserve(request.headers.size());
  for (const auto& header : request.headers) {
    std::string name = encoding::to_lower(header.first);
    if (std::find(kUnsignedHeaders.begin(), kUnsignedHeaders.end(), name) !=
        kUnsignedHeaders.end()) {
      continue;
    }
    names.push_back(std::move(name));
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

std::string canonical_headers(const std::vector<CanonicalHeader>& headers) {
  std::string out;
  for (const auto& header : headers) {
    out += header.name;
    out.push_back(':');
    out += header.value;
    out.push_back('\n');
  }
  return out;
}

std::string signed_headers_list(const std::vector<CanonicalHeader>& headers) {
  std::string out;
  for (const auto& header : headers) {
    if (!out.empty()) out.push_back(';');
    out += header.name;
  }
  return out;
}

std::string payload_hash(const HttpRequest& request) {
  if (const std::string* declared = request.find_header("x-amz-content-sha256")) return *declared;
  return encoding::sha256_hex(request.body);
}

CanonicalRequestParts canonical_request_parts(const HttpRequest& request,
                                              const std::vector<std::string>& signed_names,
                                              bool normalize) {
  CanonicalRequestParts parts;
  parts.method = request.method;
  parts.uri = canonical_uri(request.target, normalize);
  parts.query = canonical_query_string(request.target);
  parts.headers.reserve(signed_names.size());
  for (const auto& name : signed_names) {
    parts.headers.push_back({name, canonical_header(request, name).value_or(std::string{})});
  }
  parts.payload_hash = payload_hash(request);
  return parts;
}

std::string canonical_request(const CanonicalRequestParts& parts) {
  std::string out;
  out.reserve(256 + parts.uri.size() + parts.query.size());
  out += parts.method;
  out.push_back('\n');
  out += parts.uri;
  out.push_back('\n');
  out += parts.query;
  out.push_back('\n');
  out += canonical_headers(parts.headers);
  out.push_back('\n');
  out += signed_headers_list(parts.headers);
  out.push_back('\n');
  out += parts.payload_hash;
  return out;
}

}  // namespace bedrock::sigv4
