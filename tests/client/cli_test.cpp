// bedrock-cli's commands in-process against an in-process bedrock-mock: output, hints and the
// documented exit codes.
#include "cli_commands.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <sstream>

#include "bedrock/mock/server.hpp"
#include "support/shared_data.hpp"
#include "support/temp_dir.hpp"

namespace bedrock::cli {
namespace {

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    mock::ServerConfig config;
    config.catalog_path = (test::source_dir() / "fixtures" / "catalog").string();
    config.front_end.pacing_factor = 0;
    auto server = mock::Server::create(std::move(config));
    ASSERT_TRUE(server) << server.error().message;
    server_ = std::move(*server);
    ASSERT_TRUE(server_->start());
    // The CLI reads the real environment: point it at throwaway keys and an empty HOME.
    setenv("AWS_ACCESS_KEY_ID", "AKIDTEST", 1);
    setenv("AWS_SECRET_ACCESS_KEY", "secret", 1);
    setenv("HOME", home_.path().c_str(), 1);
    setenv("AWS_MAX_ATTEMPTS", "1", 1);
  }

  int run_cli(std::vector<std::string> args) {
    out_.str("");
    err_.str("");
    args.push_back("--endpoint-url");
    args.push_back(server_->url());
    return run(args, out_, err_);
  }

  test::TempDir home_;
  std::unique_ptr<mock::Server> server_;
  std::ostringstream out_;
  std::ostringstream err_;
};

TEST_F(CliTest, SeedErrorPrintsTypeMessageRequestIdAndTheProfileHint) {
  const int code = run_cli({"converse", "--model", "anthropic.claude-3-5-sonnet-20241022-v2:0",
                            "--region", "us-east-2", "What is 2+2?"});
  EXPECT_EQ(code, kExitServiceError);
  const std::string err = err_.str();
  EXPECT_NE(err.find("ValidationException (400): Invocation of model ID"), std::string::npos)
      << err;
  EXPECT_NE(err.find("[request id " + server_->journal().entries().back().request_id + "]"),
            std::string::npos)
      << err;
  EXPECT_NE(err.find("hint: "), std::string::npos) << err;
  EXPECT_NE(err.find("us.anthropic.claude-3-5-sonnet-20241022-v2:0"), std::string::npos) << err;
  EXPECT_TRUE(out_.str().empty());
}

TEST_F(CliTest, InferenceProfileAutoPrintsTheAnswerAndWhatItDid) {
  const int code = run_cli({"converse", "--model", "anthropic.claude-3-5-sonnet-20241022-v2:0",
                            "--region", "us-east-2", "--inference-profile", "auto", "2+2?"});
  EXPECT_EQ(code, kExitOk) << err_.str();
  EXPECT_FALSE(out_.str().empty());
  EXPECT_NE(err_.str().find("note: anthropic.claude-3-5-sonnet-20241022-v2:0 needs an inference "
                            "profile in us-east-2"),
            std::string::npos)
      << err_.str();
}

TEST_F(CliTest, JsonPrintsTheWholeResponse) {
  ASSERT_EQ(run_cli({"converse", "-m", "us.amazon.nova-micro-v1:0", "--region", "us-east-1",
                     "--json", "hi"}),
            kExitOk);
  auto body = nlohmann::json::parse(out_.str());
  EXPECT_EQ(body["output"]["message"]["role"], "assistant");
}

TEST_F(CliTest, StreamPrintsTheTextAsItArrives) {
  ASSERT_EQ(run_cli({"stream", "-m", "us.amazon.nova-micro-v1:0", "--region", "us-east-1", "hi"}),
            kExitOk)
      << err_.str();
  EXPECT_GT(out_.str().size(), 10u);
}

TEST_F(CliTest, CountTokensInvokeModelsAndProfiles) {
  ASSERT_EQ(run_cli({"count-tokens", "-m", "anthropic.claude-3-5-sonnet-20241022-v2:0", "--region",
                     "us-east-2", "How many tokens?"}),
            kExitOk)
      << err_.str();
  EXPECT_GT(std::stoi(out_.str()), 0);
  ASSERT_EQ(run_cli({"invoke", "-m", "us.amazon.nova-micro-v1:0", "--region", "us-east-1", "--body",
                     R"({"messages":[{"role":"user","content":[{"text":"hi"}]}]})"}),
            kExitOk)
      << err_.str();
  EXPECT_NE(out_.str().find("\"output\""), std::string::npos) << out_.str();
  ASSERT_EQ(run_cli({"models", "--region", "us-east-2", "--provider", "Amazon"}), kExitOk);
  EXPECT_NE(out_.str().find("amazon.nova-micro-v1:0"), std::string::npos) << out_.str();
  ASSERT_EQ(run_cli({"profiles", "--region", "us-east-2"}), kExitOk);
  EXPECT_NE(out_.str().find("us.anthropic.claude-3-5-sonnet-20241022-v2:0  ACTIVE"),
            std::string::npos);
}

TEST_F(CliTest, VerboseShowsTheRequestWithoutSecrets) {
  ASSERT_EQ(run_cli({"converse", "-m", "us.amazon.nova-micro-v1:0", "--region", "us-east-1",
                     "--verbose", "hi"}),
            kExitOk);
  const std::string err = err_.str();
  EXPECT_NE(err.find("> POST /model/us.amazon.nova-micro-v1%3A0/converse"), std::string::npos);
  EXPECT_NE(err.find("SignedHeaders="), std::string::npos);
  EXPECT_NE(err.find("< 200"), std::string::npos);
  EXPECT_EQ(err.find("AKIDTEST"), std::string::npos) << err;
  EXPECT_EQ(err.find("secret"), std::string::npos) << err;
}

TEST_F(CliTest, Http2FlagCarriesEveryCommandOverHttp2) {
  ASSERT_EQ(run_cli({"converse", "-m", "us.amazon.nova-micro-v1:0", "--region", "us-east-1",
                     "--http2", "hi"}),
            kExitOk)
      << err_.str();
  ASSERT_EQ(run_cli({"stream", "-m", "us.amazon.nova-micro-v1:0", "--region", "us-east-1",
                     "--http2", "hi"}),
            kExitOk)
      << err_.str();
  EXPECT_FALSE(out_.str().empty());
  ASSERT_EQ(run_cli({"models", "--region", "us-east-2", "--http2"}), kExitOk) << err_.str();
  ASSERT_EQ(run_cli({"converse", "-m", "us.amazon.nova-micro-v1:0", "--region", "us-east-1", "hi"}),
            kExitOk);
  std::vector<std::string> protocols;
  for (const auto& entry : server_->journal().entries()) protocols.push_back(entry.protocol);
  EXPECT_EQ(protocols, (std::vector<std::string>{"HTTP/2", "HTTP/2", "HTTP/2", "HTTP/1.1"}));
}

TEST_F(CliTest, ExitCodesSeparateUsageNetworkAndConfiguration) {
  EXPECT_EQ(run({"bogus"}, out_, err_), kExitUsage);
  EXPECT_EQ(run({"converse", "hi"}, out_, err_), kExitUsage);  // --model missing
  EXPECT_EQ(run({"converse", "-m", "x", "--region", "us-east-1", "--endpoint-url",
                 "http://127.0.0.1:1", "hi"},
                out_, err_),
            kExitNetwork);
  unsetenv("AWS_REGION");
  unsetenv("AWS_DEFAULT_REGION");
  EXPECT_EQ(run({"converse", "-m", "x", "--endpoint-url", server_->url(), "hi"}, out_, err_),
            kExitConfiguration);
  std::ostringstream help;
  EXPECT_EQ(run({"--help"}, help, err_), kExitOk);
  EXPECT_NE(help.str().find("Exit status"), std::string::npos);
}

TEST_F(CliTest, DoctorRefusesADnsAnswerThatIsNotAnAddressNamingTheFlag) {
  std::ostringstream err;
  EXPECT_EQ(run({"doctor", "--region", "us-east-1", "--dns-answer", "10.0.0.5,notanip"}, out_, err),
            kExitUsage);
  EXPECT_NE(err.str().find("--dns-answer"), std::string::npos) << err.str();
  EXPECT_NE(err.str().find("notanip"), std::string::npos) << err.str();
}

}  // namespace
}  // namespace bedrock::cli

namespace bedrock::cli {
namespace {

TEST(ClientDocs, ShowTheCompiledExampleVerbatim) {
  const std::string doc = test::read_file(test::source_dir() / "docs" / "client.md");
  const std::string example =
      test::read_file(test::source_dir() / "client" / "examples" / "converse_example.cpp");
  ASSERT_FALSE(example.empty());
  EXPECT_NE(doc.find(example), std::string::npos)
      << "docs/client.md must show client/examples/converse_example.cpp as it is";
}

}  // namespace
}  // namespace bedrock::cli
