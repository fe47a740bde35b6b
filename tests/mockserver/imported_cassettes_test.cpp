// bedrock-mock loading other tools' recordings directly (--cassettes with vcrpy YAML, nock JSON,
// HAR, or a folder mixing them; --cassette-format to force one): matching as for native
// cassettes, replay of the bytes the source kept, the near-miss report on a miss.
#include <gtest/gtest.h>
#include <httplib.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "bedrock/mock/server.hpp"
#include "bedrock/protocol/encoding.hpp"
#include "bedrock/protocol/event_stream.hpp"
#include "support/shared_data.hpp"
#include "support/temp_dir.hpp"

namespace bedrock::mock {
namespace {

const std::string kColours =
    R"({"messages": [{"role": "user", "content": [{"text": "Name the primary colours."}]}], "inferenceConfig": {"maxTokens": 64}})";

std::string imports(const std::string& name = {}) {
  const auto dir = test::source_dir() / "tests/golden/imports";
  return (name.empty() ? dir : dir / name).string();
}

class ImportedCassettes : public ::testing::Test {
 protected:
  void start(std::vector<std::string> paths,
             cassettes::SourceFormat format = cassettes::SourceFormat::kAuto) {
    ServerConfig config;
    config.catalog_path = (test::source_dir() / "fixtures/catalog").string();
    config.mode = Mode::kReplay;
    config.cassette_paths = std::move(paths);
    config.cassette_format = format;
    config.front_end.pacing_factor = 0;
    auto server = Server::create(std::move(config));
    ASSERT_TRUE(server) << server.error().message;
    server_ = std::move(*server);
    auto port = server_->start();
    ASSERT_TRUE(port) << port.error().message;
    client_ = std::make_unique<httplib::Client>("127.0.0.1", *port);
    client_->set_read_timeout(10, 0);
    client_->set_url_encode(false);
  }
  httplib::Result post(const std::string& target, const std::string& body) {
    return client_->Post(target, body, "application/json");
  }
  std::string last_detail() { return server_->journal().entries().back().detail; }

  std::unique_ptr<Server> server_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(ImportedCassettes, AVcrpyFileReplaysItsBodyAndHeadersAsRecorded) {
  start({imports("vcrpy_boto3.yaml")});
  // Key order and spacing differ from the recording: JSON bodies match in canonical form.
  auto reply = post(
      "/model/amazon.nova-lite-v1%3A0/converse",
      R"({"inferenceConfig":{"maxTokens":64},"messages":[{"content":[{"text":"Name the primary colours."}],"role":"user"}]})");
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 200);
  EXPECT_TRUE(reply->body.starts_with(R"({"metrics":{"latencyMs":288},"output")"));
  EXPECT_EQ(reply->get_header_value("x-amzn-RequestId"), "5d1c2a3b-0000-4000-8000-000000000001");
  EXPECT_EQ(reply->get_header_value("Date"), "Sat, 01 Mar 2025 10:15:01 GMT");
  EXPECT_EQ(server_->journal().entries().back().answered_by, "replay");
  EXPECT_NE(last_detail().find("vcrpy_boto3.yaml#vcrpy_boto3#0"), std::string::npos)
      << last_detail();
}

TEST_F(ImportedCassettes, AStreamIsSentFrameForFrameWithValidCrcs) {
  start({imports("polly.har")});
  const auto har = nlohmann::json::parse(test::read_file(imports("polly.har")));
  const auto recorded = *encoding::base64_decode(
      har["log"]["entries"][1]["response"]["content"]["text"].get<std::string>());
  auto reply = post("/model/amazon.nova-lite-v1%3A0/converse-stream", kColours);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 200);
  EXPECT_EQ(reply->get_header_value("Content-Type"), "application/vnd.amazon.eventstream");
  EXPECT_EQ(reply->body, recorded);
  event_stream::EventStreamDecoder decoder;
  auto frames = decoder.feed(reply->body);
  ASSERT_TRUE(frames);
  EXPECT_EQ(frames->size(), 6u);
  EXPECT_TRUE(decoder.finish());
}

TEST_F(ImportedCassettes, ModelIdsMatchInTheColonAndThePercentForm) {
  start({imports("vcrpy_parsed_body.yaml"), imports("polly.har")});
  // Recorded with a raw ':' (the Anthropic SDK), asked with %3A (botocore).
  auto invoke = post(
      "/model/eu.anthropic.claude-haiku-4-5-20251001-v1%3A0/invoke",
      R"({"messages":[{"role":"user","content":"Hi"}],"max_tokens":64,"anthropic_version":"bedrock-2023-05-31"})");
  ASSERT_TRUE(invoke);
  EXPECT_EQ(invoke->status, 200);
  EXPECT_EQ(invoke->get_header_value("content-length"), std::to_string(invoke->body.size()));
  // Recorded with %3A, asked with ':'.
  auto converse = post("/model/amazon.nova-lite-v1:0/converse", kColours);
  ASSERT_TRUE(converse);
  EXPECT_EQ(converse->status, 200);
  EXPECT_NE(last_detail().find("polly.har#polly#0"), std::string::npos) << last_detail();
}

TEST_F(ImportedCassettes, AMissNamesTheClosestImportedInteractionAndTheField) {
  start({imports("nock_recorder.json")});
  auto reply = post(
      "/model/amazon.nova-lite-v1%3A0/converse",
      R"({"messages": [{"role": "user", "content": [{"text": "Name the secondary colours."}]}], "inferenceConfig": {"maxTokens": 64}})");
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 404);
  EXPECT_TRUE(reply->get_header_value("x-amzn-ErrorType").starts_with("ReplayMissException:"));
  EXPECT_NE(reply->body.find("nock_recorder.json#nock_recorder#0"), std::string::npos)
      << reply->body;
  EXPECT_NE(reply->body.find("$.messages[0].content[0].text"), std::string::npos) << reply->body;
}

TEST_F(ImportedCassettes, AFolderMixingFormatsAnswersInLoadOrder) {
  start({imports()});
  // Six files recorded this ConverseStream request; they answer in path order, then the last
  // one repeats (nock's is us-west-2 and HAR's Latin-1 one was recovered: all replay).
  std::vector<std::string> answered;
  for (int i = 0; i < 6; ++i) {
    auto reply = post("/model/amazon.nova-lite-v1%3A0/converse-stream", kColours);
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status, 200);
    const std::string detail = last_detail();
    answered.push_back(detail.substr(detail.rfind('/') + 1));
  }
  EXPECT_EQ(answered,
            (std::vector<std::string>{"nock_recorder.json#nock_recorder#1", "polly.har#polly#1",
                                      "proxy.har#proxy#0", "ruby_vcr.yml#ruby_vcr#0",
                                      "vcrpy_boto3.yaml#vcrpy_boto3#1",
                                      "vcrpy_compressed.yaml#vcrpy_compressed#1"}));
}

TEST_F(ImportedCassettes, ARecordedConnectionFailureDropsTheConnection) {
  start({imports("browser.har")});
  auto reply = post("/model/amazon.nova-lite-v1%3A0/converse",
                    R"({"messages": [{"role": "user", "content": [{"text": "again"}]}]})");
  EXPECT_FALSE(reply);  // no status line at all, as recorded (net::ERR_CONNECTION_RESET)
}

TEST_F(ImportedCassettes, AForcedFormatThatDoesNotFitIsAnErrorNamingTheFile) {
  ServerConfig config;
  config.catalog_path = (test::source_dir() / "fixtures/catalog").string();
  config.cassette_paths = {imports("vcrpy_boto3.yaml")};
  config.cassette_format = cassettes::SourceFormat::kHar;
  auto server = Server::create(std::move(config));
  ASSERT_FALSE(server);
  EXPECT_NE(server.error().message.find("vcrpy_boto3.yaml"), std::string::npos)
      << server.error().message;
}

TEST_F(ImportedCassettes, ABrokenFileStopsTheStartNamingTheField) {
  test::TempDir dir;
  const auto path = dir.path() / "broken.har";
  std::ofstream(path)
      << R"({"log": {"entries": [{"request": {"method": "POST", "url": "https://bedrock-runtime.us-east-1.amazonaws.com/model/m/converse"}, "response": {"status": "200"}}]}})";
  ServerConfig config;
  config.catalog_path = (test::source_dir() / "fixtures/catalog").string();
  config.cassette_paths = {path.string()};
  auto server = Server::create(std::move(config));
  ASSERT_FALSE(server);
  EXPECT_NE(server.error().message.find(path.string() + ": $.log.entries[0].response.status"),
            std::string::npos)
      << server.error().message;
}

}  // namespace
}  // namespace bedrock::mock
