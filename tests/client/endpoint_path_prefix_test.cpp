// An endpoint URL's path is a prefix of every request path, as botocore and the JS SDK v3 treat
// it: http://mock:8080/__session/ID sends /__session/ID/model/.../converse, signed as sent
// (bedrock-mock's sessions, docs/mock.md "Sessions").
#include <gtest/gtest.h>

#include <fstream>

#include "bedrock/client/bedrock_client.hpp"
#include "bedrock/client/environment.hpp"
#include "bedrock/mock/server.hpp"
#include "support/shared_data.hpp"
#include "support/temp_dir.hpp"

namespace bedrock::client {
namespace {

constexpr const char* kProfile = "us.anthropic.claude-3-5-sonnet-20241022-v2:0";

class EndpointPathPrefix : public ::testing::Test {
 protected:
  void SetUp() override {
    std::ofstream(dir_.path() / "credentials")
        << "[default]\naws_access_key_id = AKIDTEST\naws_secret_access_key = secret\n";
    mock::ServerConfig config;
    config.catalog_path = (test::source_dir() / "fixtures" / "catalog").string();
    config.auth = mock::AuthMode::kVerify;  // the prefix must be inside the signature
    config.credentials_file = (dir_.path() / "credentials").string();
    auto server = mock::Server::create(std::move(config));
    ASSERT_TRUE(server) << server.error().message;
    server_ = std::move(*server);
    ASSERT_TRUE(server_->start());
    mock::SessionSettings settings;
    settings.id = "client-test";
    ASSERT_TRUE(server_->sessions().create(settings));
  }
  ClientResult<ConverseOutcome> converse_at(const std::string& endpoint) {
    environment_.set_now(std::chrono::system_clock::now());
    ClientOptions options;
    options.environment = &environment_;
    options.config.region = "us-east-2";
    options.config.endpoint_url = endpoint;
    options.credentials = AwsCredentials{"AKIDTEST", "secret", "", std::nullopt, "explicit"};
    options.sleeper = [](std::chrono::milliseconds) {};
    auto client = BedrockClient::create(std::move(options));
    EXPECT_TRUE(client) << (client ? "" : client.error().to_string());
    ConverseRequest request;
    request.model_id = kProfile;
    request.messages.push_back({Role::kUser, {TextBlock{"Hi"}}});
    return (*client)->converse(request);
  }

  test::TempDir dir_;
  FakeEnvironment environment_;
  std::unique_ptr<mock::Server> server_;
};

TEST_F(EndpointPathPrefix, IsSentAndSignedBeforeTheOperationPath) {
  for (const std::string suffix : {"/__session/client-test", "/__session/client-test/"}) {
    auto answer = converse_at(server_->url() + suffix);
    ASSERT_TRUE(answer) << suffix << ": " << answer.error().to_string();
  }
  const auto journal = server_->sessions().find("client-test")->journal().entries();
  ASSERT_EQ(journal.size(), 2u);
  EXPECT_EQ(journal[0].target,
            "/__session/client-test/model/us.anthropic.claude-3-5-sonnet-20241022-v2%3A0/converse");
  EXPECT_EQ(journal[1].target, journal[0].target);  // a trailing '/' adds no empty segment
  EXPECT_TRUE(server_->journal().entries().empty());
}

TEST_F(EndpointPathPrefix, AnEndpointWithoutAPathSendsTheOperationPathAlone) {
  auto answer = converse_at(server_->url());
  ASSERT_TRUE(answer) << answer.error().to_string();
  ASSERT_EQ(server_->journal().entries().size(), 1u);
  EXPECT_EQ(server_->journal().entries()[0].target,
            "/model/us.anthropic.claude-3-5-sonnet-20241022-v2%3A0/converse");
}

}  // namespace
}  // namespace bedrock::client
