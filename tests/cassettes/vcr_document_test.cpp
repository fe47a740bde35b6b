// The VCR cassette reader (bedrock/cassettes/vcr_document.hpp) on hand-written YAML covering each
// body and header form found in shared/realworld/ (its README, "How bodies are stored").
#include "bedrock/cassettes/vcr_document.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "support/temp_dir.hpp"

namespace bedrock::cassettes {
namespace {

constexpr const char* kCassette = R"yaml(
interactions:
- request:
    body: '{"messages": [{"role": "user"}]}'
    headers:
      Content-Type:
      - !!binary |
        YXBwbGljYXRpb24vanNvbg==
      amz-sdk-request:
      - attempt=1
    method: POST
    uri: https://bedrock-runtime.us-east-1.amazonaws.com/model/m%3A0/converse-stream
  response:
    body:
      string: !!binary |
        AAAAEAAAAAAFwkjr
        fZjI/w==
    headers:
      content-type:
      - application/vnd.amazon.eventstream
      Set-Cookie: test_set_cookie
    status:
      code: 200
      message: OK
- request:
    body: null
    headers: {}
    method: GET
    uri: https://bedrock.us-east-1.amazonaws.com/inference-profiles/x
  response:
    body:
      string: '{"message":"nope"}'
    headers: {}
    status: 403
- request:
    headers: {}
    method: POST
    parsed_body:
      inferenceConfig: {}
    uri: https://bedrock-runtime.us-east-1.amazonaws.com/model/m/converse
  response:
    headers:
      content-type:
      - application/json
    parsed_body:
      metrics:
        latencyMs: 268
      output:
        text: 'quoted: 12'
        plain: 12
        ratio: 0.5
        flag: true
        nothing: null
        list: [1, "1", yes]
    status:
      code: 200
      message: OK
version: 1
)yaml";

TEST(VcrCassette, ReadsRequestsResponsesHeadersAndEveryBodyForm) {
  auto cassette = parse_vcr_cassette(kCassette);
  ASSERT_TRUE(cassette) << cassette.error().to_string();
  EXPECT_EQ(cassette->version, 1);
  ASSERT_EQ(cassette->interactions.size(), 3u);

  const auto& stream = cassette->interactions[0];
  EXPECT_EQ(stream.request.method, "POST");
  EXPECT_EQ(stream.request.uri,
            "https://bedrock-runtime.us-east-1.amazonaws.com/model/m%3A0/converse-stream");
  EXPECT_EQ(stream.request.body.storage, VcrBodyStorage::kString);
  EXPECT_EQ(stream.request.body.bytes, R"({"messages": [{"role": "user"}]})");
  ASSERT_NE(find_header(stream.request.headers, "content-type"), nullptr);
  EXPECT_EQ(find_header(stream.request.headers, "content-type")->at(0), "application/json");
  EXPECT_EQ(find_header(stream.request.headers, "AMZ-SDK-REQUEST")->at(0), "attempt=1");
  EXPECT_EQ(stream.response.status_code, 200);
  EXPECT_EQ(stream.response.status_message, "OK");
  EXPECT_EQ(stream.response.body.storage, VcrBodyStorage::kBinary);
  EXPECT_EQ(stream.response.body.bytes.size(), 16u);  // the empty event-stream frame
  EXPECT_EQ(stream.response.body.bytes.substr(0, 4), std::string("\0\0\0\x10", 4));
  ASSERT_NE(find_header(stream.response.headers, "set-cookie"), nullptr);
  EXPECT_EQ(*find_header(stream.response.headers, "Set-Cookie"),
            std::vector<std::string>{"test_set_cookie"});
  EXPECT_EQ(find_header(stream.response.headers, "x-amzn-requestid"), nullptr);

  const auto& control = cassette->interactions[1];
  EXPECT_EQ(control.request.body.storage, VcrBodyStorage::kAbsent);
  EXPECT_EQ(control.response.status_code, 403);
  EXPECT_EQ(control.response.status_message, "");
  EXPECT_EQ(control.response.body.bytes, R"({"message":"nope"})");

  const auto& parsed = cassette->interactions[2];
  EXPECT_EQ(parsed.request.body.storage, VcrBodyStorage::kParsedJson);
  EXPECT_EQ(parsed.request.body.bytes, R"({"inferenceConfig":{}})");
  EXPECT_EQ(parsed.response.body.storage, VcrBodyStorage::kParsedJson);
  const auto json = nlohmann::json::parse(parsed.response.body.bytes);
  EXPECT_EQ(json["metrics"]["latencyMs"], 268);
  EXPECT_EQ(json["output"]["text"], "quoted: 12");
  EXPECT_EQ(json["output"]["plain"], 12);
  EXPECT_EQ(json["output"]["ratio"], 0.5);
  EXPECT_EQ(json["output"]["flag"], true);
  EXPECT_TRUE(json["output"]["nothing"].is_null());
  EXPECT_EQ(json["output"]["list"], nlohmann::json::parse(R"([1, "1", "yes"])"));
}

TEST(VcrCassette, ReportsMalformedYamlAsAnErrorValue) {
  auto broken = parse_vcr_cassette("interactions: [\n  - {request: ");
  ASSERT_FALSE(broken);
  EXPECT_NE(broken.error().message.find("YAML"), std::string::npos);
  EXPECT_TRUE(broken.error().line.has_value());
}

TEST(VcrCassette, ReportsAMissingStatusWithItsPath) {
  auto missing = parse_vcr_cassette(
      "interactions:\n- request: {method: GET, uri: /}\n  response: {headers: {}}\n");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().location, "interactions[0].response.status");
  EXPECT_EQ(missing.error().message, "missing");
  EXPECT_EQ(missing.error().line, 3u);  // the response mapping
}

TEST(VcrCassette, LoadsFromAFileAndNamesAMissingOne) {
  test::TempDir dir;
  const auto path = dir.path() / "cassette.yaml";
  {
    std::ofstream out(path);
    out << kCassette;
  }
  auto loaded = load_vcr_cassette(path);
  ASSERT_TRUE(loaded) << loaded.error().to_string();
  EXPECT_EQ(loaded->interactions.size(), 3u);
  auto missing = load_vcr_cassette(dir.path() / "absent.yaml");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().to_string().find("absent.yaml"), std::string::npos);
}

}  // namespace
}  // namespace bedrock::cassettes
