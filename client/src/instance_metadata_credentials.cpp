// EC2 instance metadata (IMDSv2, with botocore's IMDSv1 fallback). Every way of not reaching a
// metadata service is "not configured": off EC2 there simply is none.
#include "bedrock/client/credentials.hpp"
#include "bedrock/protocol/encoding.hpp"
#include "credentials_json.hpp"
#include "metadata_http.hpp"

namespace bedrock::client {
namespace {

using Kind = CredentialsError::Kind;

constexpr const char* kDefaultEndpoint = "http://169.254.169.254";
constexpr const char* kCredentialsPath = "/latest/meta-data/iam/security-credentials/";

std::string first_line(const std::string& text) {
  const auto end = text.find_first_of("\r\n");
  std::string line = text.substr(0, end);
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.pop_back();
  return line;
}

}  // namespace

InstanceMetadataCredentialsProvider::InstanceMetadataCredentialsProvider(
    const Environment& environment, InstanceMetadataOptions options)
    : environment_(environment), options_(std::move(options)) {}

CredentialsResult InstanceMetadataCredentialsProvider::credentials() {
  auto fail = [this](Kind kind, std::string message) {
    return unexpected(CredentialsError{kind, name(), std::move(message), {}});
  };
  if (const auto disabled = environment_.get_non_empty("AWS_EC2_METADATA_DISABLED");
      disabled && encoding::to_lower(*disabled) == "true") {
    return fail(Kind::kNotConfigured, "AWS_EC2_METADATA_DISABLED is true");
  }
  std::string endpoint = options_.endpoint;
  if (endpoint.empty()) {
    endpoint =
        environment_.get_non_empty("AWS_EC2_METADATA_SERVICE_ENDPOINT").value_or(kDefaultEndpoint);
  }
  while (!endpoint.empty() && endpoint.back() == '/') endpoint.pop_back();
  if (!url_host(endpoint)) {
    return fail(Kind::kInvalid, "the metadata endpoint " + endpoint + " is not an http(s) URL");
  }

  auto request = [this](std::string method, std::string url) {
    MetadataRequest built;
    built.method = std::move(method);
    built.url = std::move(url);
    built.connect_timeout = options_.http.connect_timeout;
    built.request_timeout = options_.http.request_timeout;
    return built;
  };

  MetadataRequest token_request = request("PUT", endpoint + "/latest/api/token");
  token_request.headers.emplace_back("X-aws-ec2-metadata-token-ttl-seconds",
                                     std::to_string(options_.token_ttl_seconds));
  auto token = fetch_metadata(token_request);
  if (!token) {
    return fail(Kind::kNotConfigured,
                "no instance metadata service at " + endpoint + ": " + token.error().message);
  }
  std::optional<std::string> session_token;
  if (token->status == 200) {
    session_token = first_line(token->body);
  } else if (token->status != 403 && token->status != 404 && token->status != 405) {
    // 403/404/405: an IMDSv1-only service (botocore falls back to unauthenticated GETs).
    return fail(Kind::kNotConfigured,
                "the metadata token request answered HTTP " + std::to_string(token->status));
  }
  auto get = [&](const std::string& path) {
    MetadataRequest built = request("GET", endpoint + path);
    if (session_token) built.headers.emplace_back("X-aws-ec2-metadata-token", *session_token);
    return fetch_metadata(built);
  };

  auto role = get(kCredentialsPath);
  if (!role) {
    return fail(Kind::kNotConfigured,
                "GET " + std::string(kCredentialsPath) + " failed: " + role.error().message);
  }
  if (role->status == 404) {
    return fail(Kind::kNotConfigured, "no IAM role is attached to this instance");
  }
  const std::string role_name = first_line(role->body);
  if (role->status != 200 || role_name.empty()) {
    return fail(Kind::kNotConfigured, "GET " + std::string(kCredentialsPath) + " answered HTTP " +
                                          std::to_string(role->status) +
                                          (role_name.empty() ? " without a role name" : ""));
  }
  if (role_name.find_first_of("/?#% ") != std::string::npos) {
    return fail(Kind::kInvalid, "the metadata service named a role that is not a path segment");
  }
  auto document = get(kCredentialsPath + role_name);
  if (!document) {
    return fail(Kind::kNotConfigured,
                "GET credentials for role " + role_name + " failed: " + document.error().message);
  }
  if (document->status != 200) {
    return fail(Kind::kNotConfigured, "GET credentials for role " + role_name + " answered HTTP " +
                                          std::to_string(document->status));
  }
  auto parsed = parse_credentials_json(document->body, CredentialsJsonShape::kMetadataService);
  if (!parsed) {
    return fail(Kind::kInvalid, "credentials for role " + role_name + ": " + parsed.error());
  }
  parsed->provider = name();
  return std::move(*parsed);
}

}  // namespace bedrock::client
