// credential_process: small shell scripts written into a temporary folder.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "bedrock/client/credentials.hpp"
#include "client/config_fixture.hpp"

namespace bedrock::client {
namespace {

using namespace std::chrono_literals;
using ErrorKind = CredentialsError::Kind;

constexpr const char* kSecret = "process-secret-9f8e7d";
constexpr const char* kToken = "process-session-token-1a2b";

class ProcessCredentials : public ::testing::Test {
 protected:
  // Writes an executable script and a config whose default profile runs it.
  void use_script(const std::string& body, const std::string& arguments = "") {
    const auto script = home_.write(home_.home() / "bin" / "creds tool.sh", "#!/bin/sh\n" + body);
    ::chmod(script.c_str(), 0700);
    home_.write_config("[default]\ncredential_process = \"" + script.string() + "\"" + arguments +
                       "\n");
  }
  CredentialsResult run(ProcessOptions options = {}) {
    return ProcessCredentialsProvider(resolve_profile_location({}, home_.environment), options)
        .credentials();
  }
  void expect_no_secret(const CredentialsError& error) {
    EXPECT_EQ(error.to_string().find(kSecret), std::string::npos) << error.to_string();
    EXPECT_EQ(error.to_string().find(kToken), std::string::npos) << error.to_string();
  }
  test::FakeHome home_;
};

TEST_F(ProcessCredentials, ParsesTheVersion1Document) {
  use_script(std::string("cat <<'JSON'\n{\"Version\": 1, \"AccessKeyId\": \"ASIAPROC\", "
                         "\"SecretAccessKey\": \"") +
             kSecret + "\", \"SessionToken\": \"" + kToken +
             "\", \"Expiration\": \"2026-01-01T00:00:00Z\"}\nJSON\n");
  const auto found = run();
  ASSERT_TRUE(found) << found.error().to_string();
  EXPECT_EQ(found->access_key_id, "ASIAPROC");
  EXPECT_EQ(found->secret_access_key, kSecret);
  EXPECT_EQ(found->session_token, kToken);
  EXPECT_EQ(found->expiration, std::chrono::sys_days{std::chrono::year{2026} / 1 / 1});
  EXPECT_EQ(found->provider, "credential-process");
}

TEST_F(ProcessCredentials, RunsThroughTheShellWithArguments) {
  use_script(
      "printf '{\"Version\":1,\"AccessKeyId\":\"%s\",\"SecretAccessKey\":\"s\"}' \"$1-$2\"\n",
      " first 'second word'");
  const auto found = run();
  ASSERT_TRUE(found) << found.error().to_string();
  EXPECT_EQ(found->access_key_id, "first-second word");
  EXPECT_FALSE(found->expiration);
  EXPECT_TRUE(found->session_token.empty());
}

TEST_F(ProcessCredentials, NoCredentialProcessIsNotConfigured) {
  home_.write_config("[default]\nregion = us-east-1\n");
  const auto found = run();
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().kind, ErrorKind::kNotConfigured);
  EXPECT_EQ(found.error().message, "profile [default] has no credential_process");
}

TEST_F(ProcessCredentials, ANonZeroExitIsUnavailableAndShowsStderrNotStdout) {
  use_script(std::string("echo '{\"SecretAccessKey\": \"") + kSecret +
             "\"}'\necho 'token expired, run login' >&2\nexit 3\n");
  const auto found = run();
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().kind, ErrorKind::kUnavailable);
  EXPECT_NE(found.error().message.find("exited with status 3: token expired, run login"),
            std::string::npos)
      << found.error().message;
  EXPECT_NE(found.error().message.find(home_.config_path().string() + ":2"), std::string::npos);
  expect_no_secret(found.error());
}

TEST_F(ProcessCredentials, AWrongVersionIsInvalidWithoutEchoingTheOutput) {
  use_script(std::string("echo '{\"Version\": 2, \"AccessKeyId\": \"A\", \"SecretAccessKey\": \"") +
             kSecret + "\"}'\n");
  const auto found = run();
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().kind, ErrorKind::kInvalid);
  EXPECT_NE(found.error().message.find("\"Version\" must be 1"), std::string::npos);
  expect_no_secret(found.error());
}

struct BadOutput {
  std::string name;
  std::string json;
  std::string complaint;
};

void PrintTo(const BadOutput& test_case, std::ostream* out) { *out << test_case.name; }

class ProcessOutputErrors : public ::testing::TestWithParam<BadOutput> {};

TEST_P(ProcessOutputErrors, AreInvalidAndNameTheProblem) {
  test::FakeHome home;
  const auto output = home.write(home.home() / "out.json", GetParam().json);
  home.write_config("[default]\ncredential_process = cat '" + output.string() + "'\n");
  const auto found =
      ProcessCredentialsProvider(resolve_profile_location({}, home.environment)).credentials();
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().kind, ErrorKind::kInvalid);
  EXPECT_NE(found.error().message.find(GetParam().complaint), std::string::npos)
      << found.error().message;
  EXPECT_EQ(found.error().message.find(kSecret), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(
    Table, ProcessOutputErrors,
    ::testing::Values(
        BadOutput{"NotJson", std::string("AccessKeyId=") + kSecret, "not a JSON object"},
        BadOutput{"NoVersion", "{\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"x\"}",
                  "\"Version\" is missing"},
        BadOutput{"NoKeyId", std::string("{\"Version\":1,\"SecretAccessKey\":\"") + kSecret + "\"}",
                  "\"AccessKeyId\" is missing"},
        BadOutput{"NoSecret", "{\"Version\":1,\"AccessKeyId\":\"A\"}",
                  "\"SecretAccessKey\" is missing"},
        BadOutput{"SecretNotAString", "{\"Version\":1,\"AccessKeyId\":\"A\",\"SecretAccessKey\":7}",
                  "\"SecretAccessKey\" is not a string"},
        BadOutput{"BadExpiration",
                  std::string("{\"Version\":1,\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"") +
                      kSecret + "\",\"Expiration\":\"" + kSecret + "\"}",
                  "\"Expiration\" is not an ISO-8601 time"}),
    [](const auto& param_info) { return param_info.param.name; });

TEST_F(ProcessCredentials, AHangingCommandIsKilledAfterTheTimeout) {
  use_script("sleep 30 &\nsleep 30\n");
  ProcessOptions options;
  options.timeout = 200ms;
  const auto found = run(options);
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().kind, ErrorKind::kUnavailable);
  EXPECT_NE(found.error().message.find("did not finish within 200 ms"), std::string::npos)
      << found.error().message;
}

TEST_F(ProcessCredentials, OutputBeyondTheLimitIsInvalid) {
  use_script("head -c 5000 /dev/zero | tr '\\0' 'x'\n");
  ProcessOptions options;
  options.max_output_bytes = 1024;
  const auto found = run(options);
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().kind, ErrorKind::kInvalid);
  EXPECT_NE(found.error().message.find("more than 1024 bytes"), std::string::npos);
}

TEST_F(ProcessCredentials, AMissingCommandIsUnavailable) {
  home_.write_config("[default]\ncredential_process = /nonexistent/bedrock-creds-tool\n");
  const auto found = run();
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().kind, ErrorKind::kUnavailable);
  EXPECT_NE(found.error().message.find("exited with status 127"), std::string::npos)
      << found.error().message;
}

}  // namespace
}  // namespace bedrock::client
