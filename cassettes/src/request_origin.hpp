#pragma once
// Where a recorded request went: the parts of its URL, and the Region it was for.
#include <optional>
#include <string>
#include <string_view>

namespace bedrock::cassettes {

struct SplitUrl {
  std::string scheme;     // "https"; empty for an origin-form target
  std::string authority;  // "bedrock-runtime.us-east-1.amazonaws.com[:443]"; may be empty
  std::string target;     // "/model/amazon.nova-lite-v1%3A0/converse?x=1", never decoded
};

// "https://host:443/path?q" or "/path?q"; a URL without a path has the target "/". The fragment
// (never sent on the wire) is dropped. nullopt for an empty string or an unknown form.
std::optional<SplitUrl> split_url(std::string_view url);

// From a Bedrock host name: bedrock-runtime[-fips].REGION.amazonaws.com[.cn],
// bedrock[-fips].REGION..., vpce-....bedrock-runtime.REGION.vpce.amazonaws.com. A port is ignored.
std::optional<std::string> region_of_host(std::string_view authority);

// The Region of a SigV4 Authorization header's credential scope (kept by redaction).
std::optional<std::string> region_of_authorization(std::string_view value);

}  // namespace bedrock::cassettes
