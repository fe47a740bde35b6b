#include "recorder/recorder_fixture.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "bedrock/protocol/event_stream_decoder.hpp"
#include "bedrock/protocol/sigv4_signer.hpp"
#include "client/local_servers.hpp"
#include "support/shared_data.hpp"

namespace bedrock::recorder::test {

std::string converse_body(const std::string& text) {
  return R"({"messages":[{"role":"user","content":[{"text":")" + text +
         R"("}]}],"inferenceConfig":{"maxTokens":64}})";
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string CallerAnswer::header(const std::string& name) const {
  for (const auto& [key, value] : headers) {
    if (header_name_equals(key, name)) return value;
  }
  return {};
}

std::vector<event_stream::Message> CallerAnswer::events() const {
  event_stream::EventStreamDecoder decoder;
  auto messages = decoder.feed(body);
  return messages ? *messages : std::vector<event_stream::Message>{};
}

RecorderFixture::RecorderFixture() {
  tls_ready_ = client::test::make_self_signed_certificate(temp_.path());
  std::ofstream credentials(temp_.path() / "upstream-credentials");
  credentials << "[recorder]\naws_access_key_id = " << kAccessKeyId
              << "\naws_secret_access_key = " << kSecretKey
              << "\naws_session_token = " << kSessionToken << "\n";
}

RecorderFixture::~RecorderFixture() {
  stop_recorder();
  if (upstream_) upstream_->stop();
}

void RecorderFixture::start_upstream(std::vector<mock::RuleSet> rules,
                                     std::vector<std::string> cassettes) {
  mock::ServerConfig config;
  config.catalog_path = (bedrock::test::source_dir() / "fixtures" / "catalog").string();
  config.front_end.tls_cert_file = (temp_.path() / "cert.pem").string();
  config.front_end.tls_key_file = (temp_.path() / "key.pem").string();
  config.auth = mock::AuthMode::kVerify;
  config.credentials_file = (temp_.path() / "upstream-credentials").string();
  config.rule_sets = std::move(rules);
  config.cassette_paths = std::move(cassettes);
  auto server = mock::Server::create(std::move(config));
  ASSERT_TRUE(server) << server.error().message;
  upstream_ = std::move(*server);
  auto port = upstream_->start();
  ASSERT_TRUE(port) << port.error().message;
}

RecorderConfig RecorderFixture::recorder_config(RecordMode mode) const {
  RecorderConfig config;
  config.cassette_path = cassette_path();
  config.mode = mode;
  config.region = "us-east-1";
  if (upstream_) config.upstream = upstream_->url();
  config.ca_file = ca_file().string();
  config.credentials = std::make_shared<client::StaticCredentialsProvider>(
      client::AwsCredentials{kAccessKeyId, kSecretKey, kSessionToken, std::nullopt, "test"});
  config.log = false;
  return config;
}

Recorder& RecorderFixture::start_recorder(RecordMode mode) {
  return start_recorder(recorder_config(mode));
}

Recorder& RecorderFixture::start_recorder(RecorderConfig config) {
  stop_recorder();
  auto recorder = Recorder::create(std::move(config));
  EXPECT_TRUE(recorder) << recorder.error();
  if (!recorder) std::abort();
  recorder_ = std::move(*recorder);
  auto port = recorder_->start();
  EXPECT_TRUE(port) << port.error();
  return *recorder_;
}

void RecorderFixture::stop_recorder() {
  if (recorder_) recorder_->stop();
  recorder_.reset();
}

CallerAnswer RecorderFixture::call(const std::string& target, const std::string& body,
                                   const std::string& region) {
  return call_at(recorder_->url(), target, body, region);
}

CallerAnswer RecorderFixture::call_at(const std::string& base_url, const std::string& target,
                                      const std::string& body, const std::string& region) {
  return send_signed(caller_, base_url, target, body, region);
}

CallerAnswer RecorderFixture::call_http2(const std::string& target, const std::string& body,
                                         const std::string& region) {
  return send_signed(http2_caller_, recorder_->url(), target, body, region);
}

CallerAnswer RecorderFixture::send_signed(client::HttpTransport& transport,
                                          const std::string& base_url, const std::string& target,
                                          const std::string& body, const std::string& region) {
  HttpRequest request;
  request.method = "POST";
  request.target = target;
  request.body = body;
  request.headers = {{"Host", base_url.substr(base_url.find("://") + 3)},
                     {"Content-Type", "application/json"},
                     {"amz-sdk-invocation-id", "3f1c2b7a-0000-4000-8000-000000000001"}};
  sigv4::SigningParams params;
  params.region = region;
  params.time = std::chrono::system_clock::now();
  sigv4::sign(request, {kCallerKeyId, kCallerSecret, ""}, params);
  CallerAnswer answer;
  const client::BodySink sink = [&answer](std::string_view bytes) {
    answer.body.append(bytes);
    return true;
  };
  auto sent = transport.send(request, base_url, &sink);
  if (!sent) {
    answer.error = sent.error();
    return answer;
  }
  answer.status = sent->status;
  answer.http_version = sent->http_version;
  answer.headers = sent->headers;
  if (!sent->body.empty()) answer.body = sent->body;
  return answer;
}

std::string secrets_in(const std::string& text) {
  for (const char* secret :
       {kSecretKey, kSessionToken, kAccessKeyId, kCallerSecret, kCallerKeyId}) {
    if (text.find(secret) != std::string::npos) return std::string("found ") + secret;
  }
  static const std::regex signature("Signature=[0-9a-f]{64}");
  if (std::regex_search(text, signature)) return "found a SigV4 signature";
  static const std::regex bearer("Bearer (?!REDACTED)");
  if (std::regex_search(text, bearer)) return "found a bearer token";
  return {};
}

}  // namespace bedrock::recorder::test
