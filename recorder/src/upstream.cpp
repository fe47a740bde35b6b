#include "bedrock/recorder/upstream.hpp"

#include <array>

namespace bedrock::recorder {
namespace {

constexpr std::array<std::string_view, 14> kNotForwarded = {
    // Transport: the upstream connection has its own (RFC 9110 §7.6.1 hop-by-hop, plus the
    // framing libcurl writes itself).
    "Host", "Content-Length", "Connection", "Keep-Alive", "Proxy-Connection", "Transfer-Encoding",
    "TE", "Trailer", "Upgrade", "Expect", "HTTP2-Settings",
    // The caller's signature: made with keys the upstream may not know, replaced by ours.
    "X-Amz-Date", "X-Amz-Security-Token", "X-Amz-Content-Sha256"};

Expected<std::string, std::string> check_url(std::string_view flag, std::string url,
                                             bool allow_plain_http) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  const bool https = url.starts_with("https://");
  const bool http = url.starts_with("http://");
  if (!https && !http) {
    return unexpected(std::string(flag) + ": expected an http(s)://host[:port] URL, got \"" + url +
                      "\"");
  }
  const auto host_start = url.find("://") + 3;
  if (host_start >= url.size() || url.find('/', host_start) != std::string::npos) {
    return unexpected(std::string(flag) + ": expected scheme://host[:port] with no path, got \"" +
                      url + "\"");
  }
  if (http && !allow_plain_http) {
    return unexpected(std::string(flag) + ": \"" + url +
                      "\" is plain HTTP; re-signed requests would travel unencrypted "
                      "(pass --insecure-upstream to allow it, e.g. for a local test server)");
  }
  return url;
}

}  // namespace

Expected<UpstreamEndpoints, std::string> resolve_upstream(std::string_view region,
                                                          std::optional<std::string> runtime_url,
                                                          std::optional<std::string> control_url,
                                                          bool allow_plain_http) {
  if (region.empty()) return unexpected(std::string("--region: a region is required"));
  const std::string region_text(region);
  if (!control_url && runtime_url) control_url = runtime_url;
  UpstreamEndpoints endpoints;
  auto runtime =
      check_url("--upstream",
                runtime_url.value_or("https://bedrock-runtime." + region_text + ".amazonaws.com"),
                allow_plain_http);
  if (!runtime) return unexpected(runtime.error());
  auto control = check_url(
      "--control-plane-upstream",
      control_url.value_or("https://bedrock." + region_text + ".amazonaws.com"), allow_plain_http);
  if (!control) return unexpected(control.error());
  endpoints.runtime_url = std::move(*runtime);
  endpoints.control_plane_url = std::move(*control);
  return endpoints;
}

std::string authority_of(std::string_view base_url) {
  const auto scheme_end = base_url.find("://");
  std::string_view rest =
      scheme_end == std::string_view::npos ? base_url : base_url.substr(scheme_end + 3);
  if (const auto slash = rest.find('/'); slash != std::string_view::npos) {
    rest = rest.substr(0, slash);
  }
  return std::string(rest);
}

bool has_bearer_token(const HttpRequest& request) {
  const std::string* authorization = request.find_header("Authorization");
  if (authorization == nullptr || authorization->size() < 7) return false;
  return header_name_equals(std::string_view(*authorization).substr(0, 7), "Bearer ");
}

HttpRequest forwarded_request(const HttpRequest& caller, std::string_view upstream_authority) {
  HttpRequest out;
  out.method = caller.method;
  out.target = caller.target;
  out.body = caller.body;
  const bool bearer = has_bearer_token(caller);
  for (const auto& [name, value] : caller.headers) {
    bool drop = header_name_equals(name, "Authorization") && !bearer;
    for (std::string_view banned : kNotForwarded) drop = drop || header_name_equals(name, banned);
    if (!drop) out.headers.emplace_back(name, value);
  }
  out.headers.emplace_back("Host", std::string(upstream_authority));
  return out;
}

}  // namespace bedrock::recorder
