#pragma once
// The Bedrock endpoint rule sets (runtime: botocore bedrock-runtime endpoint-rule-set-1.json;
// control plane: same shape with the `bedrock` prefix), reference §1. Pure: no environment.
#include <optional>
#include <string>

#include "bedrock/client/config_error.hpp"
#include "bedrock/protocol/expected.hpp"

namespace bedrock::client {

enum class EndpointService { kRuntime, kControlPlane };

struct EndpointRuleParams {
  std::optional<std::string> region;
  bool use_fips = false;
  bool use_dualstack = false;
  std::optional<std::string> endpoint;  // SDK::Endpoint (a custom endpoint, used verbatim)
};

struct Partition {
  std::string name;  // aws, aws-cn, aws-us-gov, aws-iso, ...
  std::string dns_suffix;
  std::string dualstack_dns_suffix;
  bool supports_fips = true;
  bool supports_dualstack = true;
};

// The partition a region belongs to (unknown regions fall into `aws`, as the rules engine does).
Partition partition_of(const std::string& region);

// The URL the rule set yields, or its error with the rule set's own text.
Expected<std::string, ConfigError> resolve_endpoint_rules(const EndpointRuleParams& params,
                                                          EndpointService service);

}  // namespace bedrock::client
