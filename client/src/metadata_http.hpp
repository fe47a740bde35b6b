#pragma once
// A minimal libcurl GET/PUT for the credential endpoints (container agent, EC2 IMDS): short
// timeouts, no proxy (these are link-local or loopback addresses), no redirects, bounded bodies.
// The main transport is a separate, pooled component; this one is private to the providers.
#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "bedrock/protocol/expected.hpp"

namespace bedrock::client {

struct MetadataRequest {
  std::string method = "GET";  // GET or PUT (an empty body)
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::chrono::milliseconds connect_timeout{1000};
  std::chrono::milliseconds request_timeout{2000};
};

struct MetadataResponse {
  long status = 0;
  std::string body;
};

struct MetadataHttpError {
  enum class Stage { kConnect, kTimeout, kOther };
  Stage stage = Stage::kOther;
  std::string message;  // curl's description; no header values
};

inline constexpr std::size_t kMaxMetadataBodyBytes = 64 * 1024;

Expected<MetadataResponse, MetadataHttpError> fetch_metadata(const MetadataRequest& request);

}  // namespace bedrock::client
