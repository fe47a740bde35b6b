// Static, environment and shared-file credential providers, the chain, the cache, bearer keys.
#include "bedrock/client/credentials.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "client/config_fixture.hpp"

namespace bedrock::client {
namespace {

using namespace std::chrono_literals;
using ErrorKind = CredentialsError::Kind;

constexpr const char* kSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
constexpr const char* kToken = "session-token-secret-value";

void expect_no_secret(const CredentialsError& error) {
  const std::string text = error.to_string();
  EXPECT_EQ(text.find(kSecret), std::string::npos) << text;
  EXPECT_EQ(text.find(kToken), std::string::npos) << text;
}

// ---------------------------------------------------------------- static and environment

TEST(StaticCredentialsProvider, ReturnsTheGivenCredentialsNamedExplicit) {
  StaticCredentialsProvider provider({"AKID", kSecret, kToken, std::nullopt, ""});
  const auto found = provider.credentials();
  ASSERT_TRUE(found);
  EXPECT_EQ(found->access_key_id, "AKID");
  EXPECT_EQ(found->session_token, kToken);
  EXPECT_EQ(found->provider, "explicit");
  EXPECT_EQ(found->signing_credentials().secret_access_key, kSecret);
}

TEST(StaticCredentialsProvider, NothingGivenIsNotConfiguredAndHalfGivenIsIncomplete) {
  EXPECT_EQ(StaticCredentialsProvider({}).credentials().error().kind, ErrorKind::kNotConfigured);
  const auto half = StaticCredentialsProvider({"", kSecret, "", {}, ""}).credentials();
  ASSERT_FALSE(half);
  EXPECT_EQ(half.error().kind, ErrorKind::kIncomplete);
  expect_no_secret(half.error());
}

TEST(EnvironmentCredentialsProvider, ReadsKeySecretTokenAndExpiration) {
  FakeEnvironment environment;
  environment.set("AWS_ACCESS_KEY_ID", "AKIDENV")
      .set("AWS_SECRET_ACCESS_KEY", kSecret)
      .set("AWS_SESSION_TOKEN", kToken)
      .set("AWS_CREDENTIAL_EXPIRATION", "2026-01-01T00:00:00Z");
  const auto found = EnvironmentCredentialsProvider(environment).credentials();
  ASSERT_TRUE(found) << found.error().to_string();
  EXPECT_EQ(found->access_key_id, "AKIDENV");
  EXPECT_EQ(found->secret_access_key, kSecret);
  EXPECT_EQ(found->session_token, kToken);
  EXPECT_EQ(found->expiration, std::chrono::sys_days{std::chrono::year{2026} / 1 / 1});
  EXPECT_EQ(found->provider, "environment");
}

TEST(EnvironmentCredentialsProvider, NoKeyIdIsNotConfigured) {
  FakeEnvironment environment;
  environment.set("AWS_SECRET_ACCESS_KEY", kSecret);
  const auto found = EnvironmentCredentialsProvider(environment).credentials();
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().kind, ErrorKind::kNotConfigured);
  EXPECT_EQ(found.error().message, "AWS_ACCESS_KEY_ID is not set");
}

TEST(EnvironmentCredentialsProvider, KeyIdWithoutSecretIsIncomplete) {
  FakeEnvironment environment;
  environment.set("AWS_ACCESS_KEY_ID", "AKIDENV").set("AWS_SESSION_TOKEN", kToken);
  const auto found = EnvironmentCredentialsProvider(environment).credentials();
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().kind, ErrorKind::kIncomplete);
  expect_no_secret(found.error());
}

TEST(EnvironmentCredentialsProvider, BadExpirationIsInvalid) {
  FakeEnvironment environment;
  environment.set("AWS_ACCESS_KEY_ID", "AKIDENV")
      .set("AWS_SECRET_ACCESS_KEY", kSecret)
      .set("AWS_CREDENTIAL_EXPIRATION", "soon");
  const auto found = EnvironmentCredentialsProvider(environment).credentials();
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().kind, ErrorKind::kInvalid);
  expect_no_secret(found.error());
}

// ---------------------------------------------------------------- shared files

TEST(SharedCredentialsFileProvider, ReadsTheProfileSection) {
  test::FakeHome home;
  home.write_credentials(std::string("[default]\naws_access_key_id = AKIDDEFAULT\n"
                                     "aws_secret_access_key = other\n[dev]\n"
                                     "aws_access_key_id = AKIDDEV\naws_secret_access_key = ") +
                         kSecret + "\naws_session_token = " + kToken + "\n");
  home.environment.set("AWS_PROFILE", "dev");
  SharedCredentialsFileProvider provider(resolve_profile_location({}, home.environment));
  const auto found = provider.credentials();
  ASSERT_TRUE(found) << found.error().to_string();
  EXPECT_EQ(found->access_key_id, "AKIDDEV");
  EXPECT_EQ(found->secret_access_key, kSecret);
  EXPECT_EQ(found->session_token, kToken);
  EXPECT_FALSE(found->expiration);
  EXPECT_EQ(found->provider, "shared-credentials-file");
}

TEST(SharedCredentialsFileProvider, ReadsTheLegacySecurityTokenKey) {
  test::FakeHome home;
  home.write_credentials(std::string("[default]\naws_access_key_id = A\naws_secret_access_key = ") +
                         kSecret + "\naws_security_token = " + kToken + "\n");
  const auto found =
      SharedCredentialsFileProvider(resolve_profile_location({}, home.environment)).credentials();
  ASSERT_TRUE(found);
  EXPECT_EQ(found->session_token, kToken);
}

TEST(SharedCredentialsFileProvider, HonoursAwsSharedCredentialsFile) {
  test::FakeHome home;
  const auto path =
      home.write(home.home() / "ci-creds", std::string("[default]\naws_access_key_id = AKIDCI\n"
                                                       "aws_secret_access_key = ") +
                                               kSecret + "\n");
  home.environment.set("AWS_SHARED_CREDENTIALS_FILE", path.string());
  const auto found =
      SharedCredentialsFileProvider(resolve_profile_location({}, home.environment)).credentials();
  ASSERT_TRUE(found);
  EXPECT_EQ(found->access_key_id, "AKIDCI");
}

TEST(SharedCredentialsFileProvider, SaysWhatIsMissing) {
  test::FakeHome home;
  const auto location = resolve_profile_location({}, home.environment);
  auto found = SharedCredentialsFileProvider(location).credentials();
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().kind, ErrorKind::kNotConfigured);
  EXPECT_EQ(found.error().message, "no file at " + home.credentials_path().string());

  home.write_credentials("[other]\naws_access_key_id = A\n");
  found = SharedCredentialsFileProvider(location).credentials();
  EXPECT_EQ(found.error().message, "no profile [default] in " + home.credentials_path().string());

  home.write_credentials("[default]\nregion = us-east-1\n");
  found = SharedCredentialsFileProvider(location).credentials();
  EXPECT_EQ(found.error().kind, ErrorKind::kNotConfigured);
  EXPECT_NE(found.error().message.find("has no aws_access_key_id"), std::string::npos);
}

TEST(SharedCredentialsFileProvider, KeyIdWithoutSecretIsIncompleteWithFileAndLine) {
  test::FakeHome home;
  home.write_credentials("[default]\n\naws_access_key_id = AKID\n");
  const auto found =
      SharedCredentialsFileProvider(resolve_profile_location({}, home.environment)).credentials();
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().kind, ErrorKind::kIncomplete);
  EXPECT_EQ(found.error().message.rfind(home.credentials_path().string() + ":3: ", 0), 0u);
}

TEST(SharedCredentialsFileProvider, ABrokenFileIsInvalidWithFileAndLine) {
  test::FakeHome home;
  home.write_credentials("[default]\naws_secret_access_key " + std::string(kSecret) + "\n");
  const auto found =
      SharedCredentialsFileProvider(resolve_profile_location({}, home.environment)).credentials();
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().kind, ErrorKind::kInvalid);
  EXPECT_NE(found.error().message.find(home.credentials_path().string() + ":2"), std::string::npos);
  expect_no_secret(found.error());
}

TEST(ConfigFileCredentialsProvider, ReadsKeysFromTheProfileSectionOfTheConfigFile) {
  test::FakeHome home;
  home.write_config(std::string("[profile dev]\nregion = us-east-1\naws_access_key_id = AKIDCFG\n"
                                "aws_secret_access_key = ") +
                    kSecret + "\n");
  home.environment.set("AWS_PROFILE", "dev");
  const auto found =
      ConfigFileCredentialsProvider(resolve_profile_location({}, home.environment)).credentials();
  ASSERT_TRUE(found) << found.error().to_string();
  EXPECT_EQ(found->access_key_id, "AKIDCFG");
  EXPECT_EQ(found->provider, "shared-config-file");
}

TEST(ConfigFileCredentialsProvider, HintsAtTheProfilePrefixWhenItIsMissing) {
  test::FakeHome home;
  home.write_config("[dev]\naws_access_key_id = AKIDCFG\n");
  home.environment.set("AWS_PROFILE", "dev");
  const auto found =
      ConfigFileCredentialsProvider(resolve_profile_location({}, home.environment)).credentials();
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().kind, ErrorKind::kNotConfigured);
  EXPECT_NE(found.error().message.find("names it [profile dev]"), std::string::npos)
      << found.error().message;
}

// ---------------------------------------------------------------- chain

// A provider that answers what it is told and counts how often it was asked.
class ScriptedProvider final : public CredentialsProvider {
 public:
  ScriptedProvider(std::string name, CredentialsResult answer, std::atomic<int>* calls = nullptr)
      : name_(std::move(name)), answer_(std::move(answer)), calls_(calls) {}
  CredentialsResult credentials() override {
    if (calls_ != nullptr) ++*calls_;
    return answer_;
  }
  std::string name() const override { return name_; }

 private:
  std::string name_;
  CredentialsResult answer_;
  std::atomic<int>* calls_;
};

CredentialsResult lacking(std::string message) {
  return unexpected(CredentialsError{ErrorKind::kNotConfigured, "", std::move(message), {}});
}

CredentialsResult having(std::string key) {
  return AwsCredentials{std::move(key), kSecret, "", std::nullopt, ""};
}

TEST(CredentialsChain, TheFirstProviderWithCredentialsWinsAndIsNamed) {
  std::atomic<int> later_calls{0};
  std::vector<std::unique_ptr<CredentialsProvider>> providers;
  providers.push_back(std::make_unique<ScriptedProvider>("first", lacking("nothing here")));
  providers.push_back(std::make_unique<ScriptedProvider>("second", having("AKID2")));
  providers.push_back(std::make_unique<ScriptedProvider>("third", having("AKID3"), &later_calls));
  CredentialsChain chain(std::move(providers));
  const auto found = chain.credentials();
  ASSERT_TRUE(found);
  EXPECT_EQ(found->access_key_id, "AKID2");
  EXPECT_EQ(found->provider, "second");
  EXPECT_EQ(later_calls.load(), 0);
}

TEST(CredentialsChain, WhenNobodyHasCredentialsTheErrorListsWhatEachLacked) {
  std::vector<std::unique_ptr<CredentialsProvider>> providers;
  providers.push_back(std::make_unique<ScriptedProvider>("a", lacking("no A")));
  providers.push_back(std::make_unique<ScriptedProvider>("b", lacking("no B")));
  CredentialsChain chain(std::move(providers));
  const auto found = chain.credentials();
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().kind, ErrorKind::kNotConfigured);
  ASSERT_EQ(found.error().tried.size(), 2u);
  EXPECT_EQ(found.error().tried[0].provider, "a");
  EXPECT_EQ(found.error().tried[1].message, "no B");
  EXPECT_EQ(found.error().to_string(), "chain: no credentials found; tried a (no A), b (no B)");
}

TEST(CredentialsChain, AHalfConfiguredProviderStopsTheChain) {
  std::atomic<int> later_calls{0};
  std::vector<std::unique_ptr<CredentialsProvider>> providers;
  providers.push_back(std::make_unique<ScriptedProvider>("a", lacking("no A")));
  providers.push_back(std::make_unique<ScriptedProvider>(
      "b", unexpected(CredentialsError{ErrorKind::kIncomplete, "b", "half", {}})));
  providers.push_back(std::make_unique<ScriptedProvider>("c", having("AKID"), &later_calls));
  CredentialsChain chain(std::move(providers));
  const auto found = chain.credentials();
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().kind, ErrorKind::kIncomplete);
  EXPECT_EQ(found.error().provider, "b");
  ASSERT_EQ(found.error().tried.size(), 1u);
  EXPECT_EQ(later_calls.load(), 0);
}

class DefaultChain : public ::testing::Test {
 protected:
  void SetUp() override {
    // Off EC2: the IMDS provider must not try 169.254.169.254 in a unit test.
    home_.environment.set("AWS_EC2_METADATA_DISABLED", "true");
  }
  CredentialsResult resolve(CredentialsChainOptions options = {}) {
    auto provider = make_default_credentials_provider(
        home_.environment, resolve_profile_location({}, home_.environment), std::move(options));
    return provider->credentials();
  }
  test::FakeHome home_;
};

TEST_F(DefaultChain, FollowsTheSdkOrder) {
  home_.write_config(std::string("[default]\naws_access_key_id = AKIDCONFIG\n"
                                 "aws_secret_access_key = ") +
                     kSecret + "\n");
  EXPECT_EQ(resolve()->provider, "shared-config-file");

  home_.write_config(
      std::string("[default]\naws_access_key_id = AKIDCONFIG\n"
                  "aws_secret_access_key = s\ncredential_process = printf "
                  "'{\"Version\": 1, \"AccessKeyId\": \"AKIDPROC\", "
                  "\"SecretAccessKey\": \"s\"}'\n"));
  EXPECT_EQ(resolve()->provider, "credential-process");

  home_.write_credentials(std::string("[default]\naws_access_key_id = AKIDFILE\n"
                                      "aws_secret_access_key = ") +
                          kSecret + "\n");
  EXPECT_EQ(resolve()->provider, "shared-credentials-file");

  home_.environment.set("AWS_ACCESS_KEY_ID", "AKIDENV").set("AWS_SECRET_ACCESS_KEY", kSecret);
  EXPECT_EQ(resolve()->provider, "environment");

  CredentialsChainOptions options;
  options.explicit_credentials = AwsCredentials{"AKIDEXPLICIT", kSecret, "", {}, ""};
  const auto found = resolve(options);
  EXPECT_EQ(found->provider, "explicit");
  EXPECT_EQ(found->access_key_id, "AKIDEXPLICIT");
}

TEST_F(DefaultChain, ReportsWhatEveryProviderLackedWithoutSecrets) {
  home_.environment.set("AWS_SESSION_TOKEN", kToken);
  const auto found = resolve();
  ASSERT_FALSE(found);
  const auto& tried = found.error().tried;
  ASSERT_EQ(tried.size(), 7u);
  const std::vector<std::string> order = {"explicit",
                                          "environment",
                                          "shared-credentials-file",
                                          "credential-process",
                                          "shared-config-file",
                                          "container",
                                          "imds"};
  for (std::size_t i = 0; i < order.size(); ++i) {
    EXPECT_EQ(tried[i].provider, order[i]);
    EXPECT_FALSE(tried[i].message.empty());
  }
  EXPECT_EQ(tried[6].message, "AWS_EC2_METADATA_DISABLED is true");
  expect_no_secret(found.error());
}

// ---------------------------------------------------------------- cache

// Hands out credentials that expire `lifetime` after the fake clock's now, numbered by call.
class ExpiringProvider final : public CredentialsProvider {
 public:
  ExpiringProvider(const Environment& clock, std::chrono::minutes lifetime)
      : clock_(clock), lifetime_(lifetime) {}
  CredentialsResult credentials() override {
    const int call = ++calls;
    if (fail) {
      return unexpected(CredentialsError{ErrorKind::kUnavailable, "expiring", "down", {}});
    }
    return AwsCredentials{"AKID" + std::to_string(call), kSecret, "", clock_.now() + lifetime_,
                          "expiring"};
  }
  std::string name() const override { return "expiring"; }
  std::atomic<int> calls{0};
  std::atomic<bool> fail{false};

 private:
  const Environment& clock_;
  std::chrono::minutes lifetime_;
};

TEST(CachingCredentialsProvider, ReusesCredentialsUntilFiveMinutesBeforeExpiry) {
  FakeEnvironment clock;
  auto inner = std::make_unique<ExpiringProvider>(clock, 60min);
  auto* counter = inner.get();
  CachingCredentialsProvider cache(std::move(inner), clock);
  EXPECT_EQ(cache.credentials()->access_key_id, "AKID1");
  clock.advance(54min);
  EXPECT_EQ(cache.credentials()->access_key_id, "AKID1");
  EXPECT_EQ(counter->calls.load(), 1);
  clock.advance(1min + 1s);  // inside the 5-minute window
  EXPECT_EQ(cache.credentials()->access_key_id, "AKID2");
  EXPECT_EQ(counter->calls.load(), 2);
}

TEST(CachingCredentialsProvider, KeepsStillValidCredentialsWhenARefreshFails) {
  FakeEnvironment clock;
  auto inner = std::make_unique<ExpiringProvider>(clock, 60min);
  auto* provider = inner.get();
  CachingCredentialsProvider cache(std::move(inner), clock);
  ASSERT_TRUE(cache.credentials());
  provider->fail = true;
  clock.advance(57min);
  const auto during_window = cache.credentials();
  ASSERT_TRUE(during_window);
  EXPECT_EQ(during_window->access_key_id, "AKID1");
  clock.advance(4min);  // now past expiry
  const auto after_expiry = cache.credentials();
  ASSERT_FALSE(after_expiry);
  EXPECT_EQ(after_expiry.error().kind, ErrorKind::kUnavailable);
  provider->fail = false;
  EXPECT_TRUE(cache.credentials());
}

TEST(CachingCredentialsProvider, CredentialsWithoutExpiryAreFetchedOnce) {
  FakeEnvironment clock;
  std::atomic<int> calls{0};
  CachingCredentialsProvider cache(
      std::make_unique<ScriptedProvider>("static", having("AKID"), &calls), clock);
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(cache.credentials());
    clock.advance(24h);
  }
  EXPECT_EQ(calls.load(), 1);
  EXPECT_EQ(cache.name(), "static");
}

TEST(CachingCredentialsProvider, InvalidateForcesARefetch) {
  FakeEnvironment clock;
  std::atomic<int> calls{0};
  CachingCredentialsProvider cache(
      std::make_unique<ScriptedProvider>("static", having("AKID"), &calls), clock);
  ASSERT_TRUE(cache.credentials());
  cache.invalidate();
  ASSERT_TRUE(cache.credentials());
  EXPECT_EQ(calls.load(), 2);
}

TEST(CachingCredentialsProvider, ConcurrentCallersShareOneFetch) {
  FakeEnvironment clock;
  auto inner = std::make_unique<ExpiringProvider>(clock, 60min);
  auto* counter = inner.get();
  CachingCredentialsProvider cache(std::move(inner), clock);
  std::vector<std::thread> threads;
  std::atomic<int> good{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) {
        if (cache.credentials()) ++good;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(good.load(), 400);
  EXPECT_EQ(counter->calls.load(), 1);
}

// ---------------------------------------------------------------- bearer

TEST(BearerToken, ComesFromAwsBearerTokenBedrock) {
  FakeEnvironment environment;
  EXPECT_FALSE(bearer_token(environment));
  environment.set("AWS_BEARER_TOKEN_BEDROCK", "");
  EXPECT_FALSE(bearer_token(environment));
  environment.set("AWS_BEARER_TOKEN_BEDROCK", "bedrock-api-key-abc");
  EXPECT_EQ(bearer_token(environment), "bedrock-api-key-abc");
}

}  // namespace
}  // namespace bedrock::client
