// Container and EC2 instance-metadata credentials against local httplib fakes on port 0.
#include <gtest/gtest.h>

#include "bedrock/client/credentials.hpp"
#include "client/config_fixture.hpp"
#include "client/metadata_fake_server.hpp"

namespace bedrock::client {
namespace {

using ErrorKind = CredentialsError::Kind;

constexpr const char* kSecret = "metadata-secret-7c6b5a";
constexpr const char* kToken = "metadata-session-token-3d4e";
constexpr const char* kAuthorization = "container-auth-token-xyz";

std::string credentials_json(const std::string& key = "ASIAMETA") {
  return "{\"Code\": \"Success\", \"Type\": \"AWS-HMAC\", \"AccessKeyId\": \"" + key +
         "\", \"SecretAccessKey\": \"" + kSecret + "\", \"Token\": \"" + kToken +
         "\", \"Expiration\": \"2026-01-01T06:00:00Z\", \"RoleArn\": \"arn:aws:iam::1:role/r\"}";
}

void expect_no_secret(const CredentialsError& error) {
  const std::string text = error.to_string();
  EXPECT_EQ(text.find(kSecret), std::string::npos) << text;
  EXPECT_EQ(text.find(kToken), std::string::npos) << text;
  EXPECT_EQ(text.find(kAuthorization), std::string::npos) << text;
}

// ---------------------------------------------------------------- container

class ContainerCredentials : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.get("/v2/credentials/task-id", [this](const httplib::Request&, httplib::Response& res) {
      res.status = status_;
      res.set_content(body_, "application/json");
    });
    server_.start();
  }
  CredentialsResult fetch() {
    ContainerOptions options;
    options.relative_uri_base = server_.url();
    return ContainerCredentialsProvider(environment_, options).credentials();
  }
  test::MetadataFakeServer server_;
  FakeEnvironment environment_;
  int status_ = 200;
  std::string body_ = credentials_json();
};

TEST_F(ContainerCredentials, RelativeUriIsResolvedAgainstTheAgentAddress) {
  environment_.set("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/task-id");
  const auto found = fetch();
  ASSERT_TRUE(found) << found.error().to_string();
  EXPECT_EQ(found->access_key_id, "ASIAMETA");
  EXPECT_EQ(found->secret_access_key, kSecret);
  EXPECT_EQ(found->session_token, kToken);
  EXPECT_EQ(found->expiration,
            std::chrono::sys_days{std::chrono::year{2026} / 1 / 1} + std::chrono::hours{6});
  EXPECT_EQ(found->provider, "container");
  const auto seen = server_.seen();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].header("Authorization"), "<absent>");
}

TEST_F(ContainerCredentials, SendsTheAuthorizationTokenVariable) {
  environment_.set("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/task-id")
      .set("AWS_CONTAINER_AUTHORIZATION_TOKEN", kAuthorization);
  ASSERT_TRUE(fetch());
  EXPECT_EQ(server_.seen().at(0).header("Authorization"), kAuthorization);
}

TEST_F(ContainerCredentials, TheTokenFileWinsOverTheTokenVariable) {
  test::FakeHome home;
  const auto file = home.write(home.home() / "token", "file-token\n");
  environment_.set("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/task-id")
      .set("AWS_CONTAINER_AUTHORIZATION_TOKEN", kAuthorization)
      .set("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", file.string());
  ASSERT_TRUE(fetch());
  EXPECT_EQ(server_.seen().at(0).header("Authorization"), "file-token");
}

TEST_F(ContainerCredentials, FullUriOnALoopbackHostIsAllowed) {
  environment_.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", server_.url() + "/v2/credentials/task-id");
  const auto found = fetch();
  ASSERT_TRUE(found) << found.error().to_string();
  EXPECT_EQ(found->access_key_id, "ASIAMETA");
}

TEST_F(ContainerCredentials, FullUriOnAnyOtherHostIsRefusedWithoutARequest) {
  for (const char* uri : {"http://169.254.169.254/creds", "https://example.com/creds",
                          "http://127.0.0.1.evil.com/creds", "not a url"}) {
    environment_.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", uri);
    const auto found = fetch();
    ASSERT_FALSE(found) << uri;
    EXPECT_EQ(found.error().kind, ErrorKind::kInvalid) << uri;
  }
  EXPECT_TRUE(server_.seen().empty());
}

TEST_F(ContainerCredentials, NeitherVariableIsNotConfigured) {
  const auto found = fetch();
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().kind, ErrorKind::kNotConfigured);
}

TEST_F(ContainerCredentials, ATokenWithALineBreakIsRefused) {
  environment_.set("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/task-id")
      .set("AWS_CONTAINER_AUTHORIZATION_TOKEN", std::string(kAuthorization) + "\r\nX-Evil: 1");
  const auto found = fetch();
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().kind, ErrorKind::kInvalid);
  expect_no_secret(found.error());
  EXPECT_TRUE(server_.seen().empty());
}

TEST_F(ContainerCredentials, AnHttpErrorIsUnavailable) {
  environment_.set("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/task-id")
      .set("AWS_CONTAINER_AUTHORIZATION_TOKEN", kAuthorization);
  status_ = 403;
  body_ = "{\"message\": \"denied\"}";
  const auto found = fetch();
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().kind, ErrorKind::kUnavailable);
  EXPECT_NE(found.error().message.find("HTTP 403"), std::string::npos);
  expect_no_secret(found.error());
}

TEST_F(ContainerCredentials, AMalformedAnswerIsInvalidWithoutEchoingIt) {
  environment_.set("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/task-id");
  body_ = std::string("{\"SecretAccessKey\": \"") + kSecret + "\"}";
  const auto found = fetch();
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().kind, ErrorKind::kInvalid);
  EXPECT_NE(found.error().message.find("\"AccessKeyId\" is missing"), std::string::npos);
  expect_no_secret(found.error());
}

TEST_F(ContainerCredentials, AnUnreachableAgentIsUnavailable) {
  environment_.set("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/task-id");
  server_.stop();
  const auto found = fetch();
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().kind, ErrorKind::kUnavailable);
}

// ---------------------------------------------------------------- IMDS

class InstanceMetadata : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.put("/latest/api/token", [this](const httplib::Request&, httplib::Response& res) {
      res.status = token_status_;
      res.set_content("imds-session-token", "text/plain");
    });
    server_.get("/latest/meta-data/iam/security-credentials/",
                [this](const httplib::Request&, httplib::Response& res) {
                  res.status = role_status_;
                  res.set_content(role_, "text/plain");
                });
    server_.get("/latest/meta-data/iam/security-credentials/bedrock-role",
                [this](const httplib::Request&, httplib::Response& res) {
                  res.set_content(document_, "text/plain");
                });
    server_.start();
  }
  CredentialsResult fetch(bool endpoint_from_options = true) {
    InstanceMetadataOptions options;
    if (endpoint_from_options) options.endpoint = server_.url() + "/";
    return InstanceMetadataCredentialsProvider(environment_, options).credentials();
  }
  test::MetadataFakeServer server_;
  FakeEnvironment environment_;
  int token_status_ = 200;
  int role_status_ = 200;
  std::string role_ = "bedrock-role\n";
  std::string document_ = credentials_json("ASIAIMDS");
};

TEST_F(InstanceMetadata, TokenThenRoleThenCredentials) {
  const auto found = fetch();
  ASSERT_TRUE(found) << found.error().to_string();
  EXPECT_EQ(found->access_key_id, "ASIAIMDS");
  EXPECT_EQ(found->session_token, kToken);
  EXPECT_TRUE(found->expiration);
  EXPECT_EQ(found->provider, "imds");
  const auto seen = server_.seen();
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0].method, "PUT");
  EXPECT_EQ(seen[0].path, "/latest/api/token");
  EXPECT_EQ(seen[0].header("X-aws-ec2-metadata-token-ttl-seconds"), "21600");
  EXPECT_EQ(seen[1].path, "/latest/meta-data/iam/security-credentials/");
  EXPECT_EQ(seen[1].header("X-aws-ec2-metadata-token"), "imds-session-token");
  EXPECT_EQ(seen[2].path, "/latest/meta-data/iam/security-credentials/bedrock-role");
  EXPECT_EQ(seen[2].header("X-aws-ec2-metadata-token"), "imds-session-token");
}

TEST_F(InstanceMetadata, EndpointFromAwsEc2MetadataServiceEndpoint) {
  environment_.set("AWS_EC2_METADATA_SERVICE_ENDPOINT", server_.url());
  const auto found = fetch(/*endpoint_from_options=*/false);
  ASSERT_TRUE(found) << found.error().to_string();
  EXPECT_EQ(found->access_key_id, "ASIAIMDS");
}

TEST_F(InstanceMetadata, DisabledByAwsEc2MetadataDisabled) {
  environment_.set("AWS_EC2_METADATA_DISABLED", "True");
  const auto found = fetch();
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().kind, ErrorKind::kNotConfigured);
  EXPECT_TRUE(server_.seen().empty());
}

TEST_F(InstanceMetadata, FallsBackToV1WhenTheTokenCallIsRefused) {
  token_status_ = 403;
  const auto found = fetch();
  ASSERT_TRUE(found) << found.error().to_string();
  const auto seen = server_.seen();
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[1].header("X-aws-ec2-metadata-token"), "<absent>");
}

TEST_F(InstanceMetadata, NoRoleAttachedIsNotConfigured) {
  role_status_ = 404;
  const auto found = fetch();
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().kind, ErrorKind::kNotConfigured);
  EXPECT_EQ(found.error().message, "no IAM role is attached to this instance");
}

TEST_F(InstanceMetadata, ADocumentThatIsNotSuccessIsInvalid) {
  document_ = std::string("{\"Code\": \"AssumeRoleUnauthorizedAccess\", \"SecretAccessKey\": \"") +
              kSecret + "\"}";
  const auto found = fetch();
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().kind, ErrorKind::kInvalid);
  EXPECT_NE(found.error().message.find("AssumeRoleUnauthorizedAccess"), std::string::npos);
  expect_no_secret(found.error());
}

TEST_F(InstanceMetadata, AnUnreachableServiceIsNotConfigured) {
  server_.stop();
  const auto found = fetch();
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().kind, ErrorKind::kNotConfigured);
  EXPECT_NE(found.error().message.find("no instance metadata service at"), std::string::npos);
}

TEST_F(InstanceMetadata, ARoleNameThatIsNotAPathSegmentIsRefused) {
  role_ = "../../latest/user-data\n";
  const auto found = fetch();
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().kind, ErrorKind::kInvalid);
}

// The whole chain falls through to IMDS when nothing else is configured.
TEST_F(InstanceMetadata, IsTheLastStopOfTheDefaultChain) {
  test::FakeHome home;
  home.environment.set("AWS_EC2_METADATA_SERVICE_ENDPOINT", server_.url());
  auto provider = make_default_credentials_provider(home.environment,
                                                    resolve_profile_location({}, home.environment));
  const auto found = provider->credentials();
  ASSERT_TRUE(found) << found.error().to_string();
  EXPECT_EQ(found->provider, "imds");
}

}  // namespace
}  // namespace bedrock::client
