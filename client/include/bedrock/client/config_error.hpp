#pragma once
// Where a resolved setting came from, and why a configuration could not be resolved. Both name
// the place (a variable, or file:line) so `bedrock-cli --verbose` and `doctor` can point at it.
#include <string>

namespace bedrock::client {

struct SettingSource {
  enum class Kind {
    kDefault,          // nothing configured: the SDK default
    kExplicit,         // passed in code or on the command line
    kEnvironment,      // where = the variable's name
    kProfile,          // where = file:line of the profile key
    kServicesSection,  // where = file:line inside a [services NAME] section
    kEndpointRules,    // an endpoint built from the region by the endpoint rule set
  };
  Kind kind = Kind::kDefault;
  std::string where;
  std::string describe() const;  // e.g. "environment AWS_REGION", "profile /h/.aws/config:3"
};

struct ConfigError {
  enum class Kind {
    kMissingRegion,                // rule set: "Invalid Configuration: Missing Region"
    kInvalidRegion,                // not usable as a host label
    kFipsWithCustomEndpoint,       // rule set error
    kDualstackWithCustomEndpoint,  // rule set error
    kUnsupportedByPartition,       // FIPS/dual-stack where the partition has none
    kInvalidEndpointUrl,           // not http(s)://host...
    kInvalidValue,                 // a malformed boolean, number or enum
    kProfileNotFound,              // a named profile in neither file
    kConfigFile,                   // the config or credentials file does not parse
  };
  Kind kind = Kind::kInvalidValue;
  std::string message;
  std::string where;  // the variable or file:line; empty when nothing in particular
  std::string to_string() const;
};

}  // namespace bedrock::client
