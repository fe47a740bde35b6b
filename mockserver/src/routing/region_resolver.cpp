#include "bedrock/mock/region_resolver.hpp"

#include <vector>

#include "bedrock/protocol/sigv4_verifier.hpp"

namespace bedrock::mock {
namespace {

std::vector<std::string_view> split_labels(std::string_view host) {
  std::vector<std::string_view> labels;
  while (!host.empty()) {
    const auto dot = host.find('.');
    labels.push_back(host.substr(0, dot));
    if (dot == std::string_view::npos) break;
    host.remove_prefix(dot + 1);
  }
  return labels;
}

bool looks_like_region(std::string_view label) {
  // xx-name-N (us-east-1, ap-southeast-2, us-gov-west-1, eu-central-2).
  return label.size() >= 9 && label.find('-') != std::string_view::npos && label.back() >= '0' &&
         label.back() <= '9';
}

}  // namespace

std::optional<std::string> region_from_host(std::string_view host) {
  if (const auto colon = host.rfind(':');
      colon != std::string_view::npos && host.find(']') == std::string_view::npos) {
    host = host.substr(0, colon);  // drop the port
  }
  const auto labels = split_labels(host);
  for (std::size_t i = 0; i + 1 < labels.size(); ++i) {
    const auto service = labels[i];
    const bool is_bedrock = service == "bedrock" || service == "bedrock-runtime" ||
                            service == "bedrock-fips" || service == "bedrock-runtime-fips";
    if (is_bedrock && looks_like_region(labels[i + 1])) return std::string(labels[i + 1]);
  }
  return std::nullopt;
}

ResolvedRegion resolve_region(const HttpRequest& request, const std::string& default_region) {
  if (auto scope = sigv4::credential_scope_of(request); scope && !scope->region.empty()) {
    return {scope->region, RegionSource::kCredentialScope};
  }
  const std::string* host = request.find_header("host");
  if (host == nullptr) host = request.find_header(":authority");
  if (host != nullptr) {
    if (auto region = region_from_host(*host)) return {*region, RegionSource::kHost};
  }
  return {default_region, RegionSource::kDefault};
}

}  // namespace bedrock::mock
