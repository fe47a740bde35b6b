#pragma once
// Where the recorder forwards to, and the request it forwards: the caller's method, raw target
// and exact body bytes (reference §3: the model ID path as the caller encoded it), the caller's
// headers minus transport and signing headers, then the upstream Host.
#include <optional>
#include <string>
#include <string_view>

#include "bedrock/protocol/expected.hpp"
#include "bedrock/protocol/http_request.hpp"
#include "bedrock/protocol/operation.hpp"

namespace bedrock::recorder {

struct UpstreamEndpoints {
  std::string runtime_url;        // https://bedrock-runtime.REGION.amazonaws.com
  std::string control_plane_url;  // https://bedrock.REGION.amazonaws.com

  const std::string& url_for(operations::Plane plane) const {
    return plane == operations::Plane::kControl ? control_plane_url : runtime_url;
  }
};

// Real Bedrock's endpoints for `region` unless overridden. An overridden runtime URL (a VPC
// endpoint DNS name, a test server) also serves the control plane unless that is given too.
// URLs must be http(s)://host[:port] with no path; http:// only when `allow_plain_http`
// (--insecure-upstream): otherwise re-signed requests would cross the network in clear.
Expected<UpstreamEndpoints, std::string> resolve_upstream(std::string_view region,
                                                          std::optional<std::string> runtime_url,
                                                          std::optional<std::string> control_url,
                                                          bool allow_plain_http);

// "host[:port]" of an http(s) base URL: the Host header the upstream is signed for.
std::string authority_of(std::string_view base_url);

// The caller's request as it will be forwarded, before signing: transport headers (Host,
// Content-Length, Connection, Transfer-Encoding, Expect ...) and SigV4 headers (Authorization,
// X-Amz-Date, X-Amz-Security-Token, X-Amz-Content-Sha256) removed, `Host: upstream_authority`
// added. `Authorization: Bearer` (a Bedrock API key, reference §1) is kept: it is passed through
// instead of re-signing.
HttpRequest forwarded_request(const HttpRequest& caller, std::string_view upstream_authority);

// True when the request carries `Authorization: Bearer ...`.
bool has_bearer_token(const HttpRequest& request);

}  // namespace bedrock::recorder
