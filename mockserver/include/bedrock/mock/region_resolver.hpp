#pragma once
// Which Region a request is for, as the real service sees it: the SigV4 credential scope,
// else the Host name (bedrock-runtime.REGION.amazonaws.com, FIPS, VPC endpoint DNS names),
// else the default.
#include <optional>
#include <string>

#include "bedrock/protocol/http_request.hpp"

namespace bedrock::mock {

enum class RegionSource { kCredentialScope, kHost, kDefault };

struct ResolvedRegion {
  std::string region;
  RegionSource source = RegionSource::kDefault;
};

// Region in a Bedrock host name, e.g. bedrock-runtime-fips.us-east-1.amazonaws.com or
// vpce-0abc-xyz.bedrock-runtime.eu-west-1.vpce.amazonaws.com.
std::optional<std::string> region_from_host(std::string_view host);

ResolvedRegion resolve_region(const HttpRequest& request, const std::string& default_region);

}  // namespace bedrock::mock
