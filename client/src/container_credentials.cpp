// Container credentials (ECS task roles, EKS Pod Identity, SageMaker): an HTTP GET to the agent
// named by the environment, with an optional Authorization token (botocore ContainerProvider).
#include <fstream>
#include <sstream>

#include "bedrock/client/credentials.hpp"
#include "bedrock/protocol/encoding.hpp"
#include "credentials_json.hpp"
#include "metadata_http.hpp"

namespace bedrock::client {
namespace {

using Kind = CredentialsError::Kind;

// botocore ContainerMetadataFetcher._ALLOWED_HOSTS, besides any loopback address.
bool is_allowed_full_uri_host(const std::string& host) {
  const std::string lowered = encoding::to_lower(host);
  if (lowered == "localhost" || lowered == "::1" || lowered == "169.254.170.2" ||
      lowered == "169.254.170.23" || lowered == "fd00:ec2::23") {
    return true;
  }
  // 127.0.0.0/8
  if (lowered.rfind("127.", 0) != 0) return false;
  int dots = 0;
  for (const char c : lowered) {
    if (c == '.') {
      ++dots;
    } else if (c < '0' || c > '9') {
      return false;
    }
  }
  return dots == 3;
}

bool is_legal_header_value(const std::string& value) {
  return value.find_first_of("\r\n") == std::string::npos;
}

}  // namespace

ContainerCredentialsProvider::ContainerCredentialsProvider(const Environment& environment,
                                                           ContainerOptions options)
    : environment_(environment), options_(std::move(options)) {}

CredentialsResult ContainerCredentialsProvider::credentials() {
  auto fail = [this](Kind kind, std::string message) {
    return unexpected(CredentialsError{kind, name(), std::move(message), {}});
  };
  std::string url;
  if (const auto relative = environment_.get_non_empty("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")) {
    url = options_.relative_uri_base + *relative;
  } else if (const auto full = environment_.get_non_empty("AWS_CONTAINER_CREDENTIALS_FULL_URI")) {
    const auto host = url_host(*full);
    if (!host) {
      return fail(Kind::kInvalid, "AWS_CONTAINER_CREDENTIALS_FULL_URI is not an http(s) URL");
    }
    if (!is_allowed_full_uri_host(*host)) {
      return fail(Kind::kInvalid,
                  "AWS_CONTAINER_CREDENTIALS_FULL_URI host " + *host +
                      " is not a loopback address or one of 169.254.170.2, 169.254.170.23, "
                      "fd00:ec2::23");
    }
    url = *full;
  } else {
    return fail(Kind::kNotConfigured,
                "neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor "
                "AWS_CONTAINER_CREDENTIALS_FULL_URI is set");
  }

  MetadataRequest request;
  request.url = url;
  request.connect_timeout = options_.http.connect_timeout;
  request.request_timeout = options_.http.request_timeout;
  request.headers.emplace_back("Accept", "application/json");
  // The token file wins over the variable (EKS Pod Identity rotates the file).
  std::optional<std::string> token;
  std::string token_origin;
  if (const auto file = environment_.get_non_empty("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")) {
    std::ifstream in(*file, std::ios::binary);
    if (!in) {
      return fail(Kind::kInvalid,
                  "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE names a file that "
                  "cannot be read: " +
                      *file);
    }
    std::stringstream text;
    text << in.rdbuf();
    token = text.str();
    while (!token->empty() && (token->back() == '\n' || token->back() == '\r')) token->pop_back();
    token_origin = "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE";
  } else if (auto value = environment_.get_non_empty("AWS_CONTAINER_AUTHORIZATION_TOKEN")) {
    token = std::move(value);
    token_origin = "AWS_CONTAINER_AUTHORIZATION_TOKEN";
  }
  if (token) {
    if (!is_legal_header_value(*token)) {
      return fail(Kind::kInvalid, token_origin + " is not a legal header value (line break)");
    }
    request.headers.emplace_back("Authorization", *token);
  }

  auto response = fetch_metadata(request);
  if (!response) {
    return fail(Kind::kUnavailable, "GET " + url + " failed: " + response.error().message);
  }
  if (response->status != 200) {
    return fail(Kind::kUnavailable,
                "GET " + url + " answered HTTP " + std::to_string(response->status));
  }
  auto parsed = parse_credentials_json(response->body, CredentialsJsonShape::kMetadataService);
  if (!parsed) return fail(Kind::kInvalid, "answer from " + url + ": " + parsed.error());
  parsed->provider = name();
  return std::move(*parsed);
}

}  // namespace bedrock::client
