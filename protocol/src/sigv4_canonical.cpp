#include "bedrock/protocol/sigv4_canonical.hpp"

#include <algorithm>
#include <optional>
#include <utility>

#include "bedrock/protocol/encoding.hpp"
#include "sigv4_signed_names.hpp"

namespace bedrock::sigv4 {
namespace {

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

// True when remove_dot_segments() would return `path` unchanged: it starts with '/' and no
// segment is empty, `.` or `..` (a trailing slash aside). Every SDK's Bedrock path is like that,
// so normalising costs one scan instead of a vector of segments and a second string.
bool is_normalized_path(std::string_view path) {
  if (path.empty() || path.front() != '/') return false;
  std::size_t start = 1;
  while (start < path.size()) {
    const std::size_t slash = std::min(path.find('/', start), path.size());
    const std::string_view segment = path.substr(start, slash - start);
    if (segment.empty() || segment == "." || segment == "..") return false;
    start = slash + 1;
  }
  return true;
}

bool is_unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

// encoding::percent_encode(text, keep_slash = true), appended.
void append_path_encoded(std::string& out, std::string_view text) {
  constexpr std::string_view kHexUpper = "0123456789ABCDEF";
  for (unsigned char c : text) {
    if (is_unreserved(c) || c == '/') {
      out.push_back(static_cast<char>(c));
    } else {
      const char escape[3] = {'%', kHexUpper[c >> 4], kHexUpper[c & 0x0F]};
      out.append(escape, 3);
    }
  }
}

std::string encode_query_component(std::string_view raw) {
  // A malformed escape is kept as literal bytes (its `%` gets encoded) rather than failing:
  // the client signed whatever it sent, and a mismatch will say so.
  const auto decoded = encoding::percent_decode(raw);
  return encoding::percent_encode(decoded ? std::string_view(*decoded) : raw);
}

}  // namespace

std::string canonical_uri(std::string_view raw_target, bool normalize) {
  std::string out;
  append_canonical_uri(out, raw_target, normalize);
  return out;
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
  append_canonical_header_value(out, raw_value);
  return out;
}

std::optional<std::string> canonical_header(const HttpRequest& request, std::string_view name) {
  std::string joined;
  if (!append_canonical_header(joined, request, name)) return std::nullopt;
  return joined;
}

void append_canonical_uri(std::string& out, std::string_view raw_target, bool normalize) {
  const std::string_view path = path_of(raw_target);
  if (path.empty()) {
    out.push_back('/');
  } else if (!normalize || is_normalized_path(path)) {
    append_path_encoded(out, path);
  } else {
    append_path_encoded(out, remove_dot_segments(path));
  }
}

void append_canonical_query_string(std::string& out, std::string_view raw_target) {
  // Bedrock's runtime requests carry no query: only that case is kept allocation-free.
  if (raw_target.find('?') == std::string_view::npos) return;
  out += canonical_query_string(raw_target);
}

void append_canonical_header_value(std::string& out, std::string_view raw_value) {
  // Leading whitespace is dropped, inner runs become one space, trailing ones are never written.
  bool written = false;
  bool pending_space = false;
  std::size_t run_start = 0;  // start of the current run of non-whitespace bytes
  for (std::size_t i = 0; i <= raw_value.size(); ++i) {
    if (i < raw_value.size() && !is_header_whitespace(raw_value[i])) continue;
    if (i > run_start) {
      if (pending_space) out.push_back(' ');
      out.append(raw_value.substr(run_start, i - run_start));
      written = true;
    }
    pending_space = written;
    run_start = i + 1;
  }
}

bool append_canonical_header(std::string& out, const HttpRequest& request, std::string_view name) {
  bool found = false;
  for (const auto& [header_name, value] : request.headers) {
    if (!header_name_equals(header_name, name)) continue;
    if (found) out.push_back(',');
    append_canonical_header_value(out, value);
    found = true;
  }
  return found;
}

std::vector<std::string> headers_to_sign(const HttpRequest& request) {
  detail::SignedNames names;
  names.collect(request);
  return {names.views().begin(), names.views().end()};
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
