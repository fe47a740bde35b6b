#include "bedrock/client/endpoint_rules.hpp"

#include <array>
#include <regex>
#include <vector>

namespace bedrock::client {
namespace {

struct PartitionRule {
  const char* region_regex;
  Partition partition;
};

// botocore `data/partitions.json` (regionRegex and outputs). The isolated partitions are listed
// without dual-stack support (reference §12: not verified against the newest partitions file).
const std::array<PartitionRule, 8>& partition_rules() {
  static const std::array<PartitionRule, 8> rules{{
      {R"(^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$)",
       {"aws", "amazonaws.com", "api.aws", true, true}},
      {R"(^cn\-\w+\-\d+$)",
       {"aws-cn", "amazonaws.com.cn", "api.amazonwebservices.com.cn", true, true}},
      {R"(^us\-gov\-\w+\-\d+$)", {"aws-us-gov", "amazonaws.com", "api.aws", true, true}},
      {R"(^us\-iso\-\w+\-\d+$)", {"aws-iso", "c2s.ic.gov", "c2s.ic.gov", true, false}},
      {R"(^us\-isob\-\w+\-\d+$)", {"aws-iso-b", "sc2s.sgov.gov", "sc2s.sgov.gov", true, false}},
      {R"(^eu\-isoe\-\w+\-\d+$)", {"aws-iso-e", "cloud.adc-e.uk", "cloud.adc-e.uk", true, false}},
      {R"(^us\-isof\-\w+\-\d+$)", {"aws-iso-f", "csp.hci.ic.gov", "csp.hci.ic.gov", true, false}},
      {R"(^eusc\-(de)\-\w+\-\d+$)", {"aws-eusc", "amazonaws.eu", "amazonaws.eu", true, false}},
  }};
  return rules;
}

// Each partition's explicitly listed global pseudo-regions match before any regex.
std::optional<std::size_t> listed_region(const std::string& region) {
  static const std::array<std::pair<const char*, std::size_t>, 5> listed{{{"aws-global", 0},
                                                                          {"aws-cn-global", 1},
                                                                          {"aws-us-gov-global", 2},
                                                                          {"aws-iso-global", 3},
                                                                          {"aws-iso-b-global", 4}}};
  for (const auto& [name, index] : listed) {
    if (region == name) return index;
  }
  return std::nullopt;
}

// The region becomes a DNS label of the URL, so it must be one (the rules engine's
// isValidHostLabel); anything else is refused rather than spliced into a host name.
bool is_host_label(const std::string& text) {
  if (text.empty() || text.size() > 63 || text.front() == '-' || text.back() == '-') return false;
  for (const char c : text) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

Partition partition_of(const std::string& region) {
  const auto& rules = partition_rules();
  if (const auto index = listed_region(region)) return rules[*index].partition;
  static const std::vector<std::regex> compiled = [&rules] {
    std::vector<std::regex> regexes;
    for (const auto& rule : rules) regexes.emplace_back(rule.region_regex);
    return regexes;
  }();
  for (std::size_t i = 0; i < rules.size(); ++i) {
    if (std::regex_match(region, compiled[i])) return rules[i].partition;
  }
  return rules[0].partition;
}

Expected<std::string, ConfigError> resolve_endpoint_rules(const EndpointRuleParams& params,
                                                          EndpointService service) {
  if (params.endpoint) {
    if (params.use_fips) {
      return unexpected(ConfigError{ConfigError::Kind::kFipsWithCustomEndpoint,
                                    "Invalid Configuration: FIPS and custom endpoint are not "
                                    "supported",
                                    ""});
    }
    if (params.use_dualstack) {
      return unexpected(ConfigError{ConfigError::Kind::kDualstackWithCustomEndpoint,
                                    "Invalid Configuration: Dualstack and custom endpoint are not "
                                    "supported",
                                    ""});
    }
    return *params.endpoint;
  }
  if (!params.region) {
    return unexpected(ConfigError{ConfigError::Kind::kMissingRegion,
                                  "Invalid Configuration: Missing Region", ""});
  }
  const std::string& region = *params.region;
  if (!is_host_label(region)) {
    return unexpected(ConfigError{ConfigError::Kind::kInvalidRegion,
                                  "Invalid Configuration: the region is not a valid host label",
                                  ""});
  }
  const Partition partition = partition_of(region);
  const std::string prefix = service == EndpointService::kRuntime ? "bedrock-runtime" : "bedrock";
  if (params.use_fips && params.use_dualstack) {
    if (!partition.supports_fips || !partition.supports_dualstack) {
      return unexpected(ConfigError{
          ConfigError::Kind::kUnsupportedByPartition,
          "FIPS and DualStack are enabled, but this partition does not support one or both", ""});
    }
    return "https://" + prefix + "-fips." + region + "." + partition.dualstack_dns_suffix;
  }
  if (params.use_fips) {
    if (!partition.supports_fips) {
      return unexpected(ConfigError{ConfigError::Kind::kUnsupportedByPartition,
                                    "FIPS is enabled but this partition does not support FIPS",
                                    ""});
    }
    return "https://" + prefix + "-fips." + region + "." + partition.dns_suffix;
  }
  if (params.use_dualstack) {
    if (!partition.supports_dualstack) {
      return unexpected(
          ConfigError{ConfigError::Kind::kUnsupportedByPartition,
                      "DualStack is enabled but this partition does not support DualStack", ""});
    }
    return "https://" + prefix + "." + region + "." + partition.dualstack_dns_suffix;
  }
  return "https://" + prefix + "." + region + "." + partition.dns_suffix;
}

}  // namespace bedrock::client
