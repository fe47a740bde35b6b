#include "request_origin.hpp"

#include <vector>

namespace bedrock::cassettes {
namespace {

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = text.find(separator, start);
    parts.push_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return parts;
}

// us-east-1, eu-central-2, us-gov-west-1, cn-north-1, ap-southeast-7 ...: letters and dashes,
// ending in -<digits>.
bool looks_like_region(std::string_view label) {
  const std::size_t dash = label.rfind('-');
  if (dash == std::string_view::npos || dash == 0 || dash + 1 == label.size()) return false;
  for (std::size_t i = dash + 1; i < label.size(); ++i) {
    if (label[i] < '0' || label[i] > '9') return false;
  }
  for (std::size_t i = 0; i < dash; ++i) {
    const char c = label[i];
    if (!((c >= 'a' && c <= 'z') || c == '-')) return false;
  }
  return label.find('-') < dash;  // at least two dashes: area-place-N
}

}  // namespace

std::optional<SplitUrl> split_url(std::string_view url) {
  if (url.empty()) return std::nullopt;
  SplitUrl out;
  if (const auto hash = url.find('#'); hash != std::string_view::npos) url = url.substr(0, hash);
  if (url.front() == '/') {
    out.target = std::string(url);
    return out;
  }
  const std::size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos || scheme_end == 0) return std::nullopt;
  out.scheme = std::string(url.substr(0, scheme_end));
  const std::string_view rest = url.substr(scheme_end + 3);
  const std::size_t path_start = rest.find_first_of("/?");
  out.authority = std::string(rest.substr(0, path_start));
  if (const auto at = out.authority.rfind('@'); at != std::string::npos) {
    out.authority.erase(0, at + 1);  // user:password@ never reaches the wire as a header
  }
  if (path_start == std::string_view::npos) {
    out.target = "/";
  } else if (rest[path_start] == '?') {
    out.target = "/" + std::string(rest.substr(path_start));
  } else {
    out.target = std::string(rest.substr(path_start));
  }
  return out;
}

std::optional<std::string> region_of_host(std::string_view authority) {
  std::string_view host = authority;
  if (!host.empty() && host.front() == '[') return std::nullopt;  // an IPv6 literal
  if (const auto colon = host.find(':'); colon != std::string_view::npos) {
    host = host.substr(0, colon);
  }
  const auto labels = split(host, '.');
  for (std::size_t i = 0; i + 1 < labels.size(); ++i) {
    const std::string_view label = labels[i];
    if (label == "bedrock-runtime" || label == "bedrock-runtime-fips" || label == "bedrock" ||
        label == "bedrock-fips") {
      if (looks_like_region(labels[i + 1])) return std::string(labels[i + 1]);
    }
  }
  return std::nullopt;
}

std::optional<std::string> region_of_authorization(std::string_view value) {
  const std::size_t at = value.find("Credential=");
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view credential = value.substr(at + 11);
  credential = credential.substr(0, credential.find_first_of(", "));
  const auto parts = split(credential, '/');
  if (parts.size() != 5 || !looks_like_region(parts[2])) return std::nullopt;
  return std::string(parts[2]);
}

}  // namespace bedrock::cassettes
