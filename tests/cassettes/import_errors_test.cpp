// Bad input never crashes the importers: each broken file is an ImportError naming the file, the
// field and, for YAML and JSON syntax, the line.
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "bedrock/cassettes/importers.hpp"

namespace bedrock::cassettes {
namespace {

struct BrokenCase {
  const char* name;
  SourceFormat format;
  const char* text;
  const char* location;  // the field named
  std::optional<std::size_t> line;
  const char* message_part;
};

const BrokenCase kCases[] = {
    {"yaml syntax", SourceFormat::kAuto, "interactions:\n- request: {method: POST\n  uri: [\n", "",
     3, "YAML"},
    {"vcr missing uri", SourceFormat::kAuto,
     "interactions:\n- request:\n    method: POST\n  response:\n    status: {code: 200}\n",
     "interactions[0].request.uri", 3, "missing"},
    {"vcr status not an integer", SourceFormat::kAuto,
     "interactions:\n- request: {method: POST, uri: 'https://h/model/m/converse'}\n"
     "  response:\n    status: {code: two hundred}\n",
     "interactions[0].response.status.code", 4, "not an integer"},
    {"vcr bad binary", SourceFormat::kAuto,
     "interactions:\n- request: {method: POST, uri: 'https://h/model/m/converse'}\n"
     "  response:\n    status: 200\n    body: {string: !!binary '@@@'}\n",
     "interactions[0].response.body.string", 5, "not base64"},
    {"vcr not a cassette", SourceFormat::kVcr, "just: a mapping\n", "interactions", std::nullopt,
     "missing"},
    {"json syntax", SourceFormat::kNock, "[{\"scope\": \"x\",\n \"method\": }]", "", 2,
     "syntax error"},
    {"nock odd raw headers", SourceFormat::kAuto,
     R"([{"scope":"https://h","method":"POST","path":"/model/m/converse","status":200,"rawHeaders":["A"]}])",
     "$[0].rawHeaders", std::nullopt, "odd number"},
    {"nock code output", SourceFormat::kNock, R"js(["nock('https://h').post('/x').reply(200)"])js",
     "$[0]", std::nullopt, "output_objects"},
    {"nock binary not hex", SourceFormat::kAuto,
     R"([{"method":"POST","path":"/model/m/converse","response":"zz","responseIsBinary":true}])",
     "$[0].response", std::nullopt, "not hex"},
    {"nock status", SourceFormat::kAuto,
     R"([{"method":"POST","path":"/model/m/converse","status":"200"}])", "$[0].status",
     std::nullopt, "integer"},
    {"har without entries", SourceFormat::kAuto, R"({"log":{"version":"1.2"}})", "$.log.entries",
     std::nullopt, "missing"},
    {"har url missing", SourceFormat::kAuto,
     R"({"log":{"entries":[{"request":{"method":"POST"},"response":{"status":200}}]}})",
     "$.log.entries[0].request.url", std::nullopt, "missing"},
    {"har bad base64", SourceFormat::kAuto,
     R"({"log":{"entries":[{"request":{"method":"POST","url":"https://h/model/m/converse"},)"
     R"("response":{"status":200,"content":{"size":3,"mimeType":"x","text":"@@","encoding":"base64"}}}]}})",
     "$.log.entries[0].response.content.text", std::nullopt, "not base64"},
    {"har header not an object", SourceFormat::kAuto,
     R"({"log":{"entries":[{"request":{"method":"POST","url":"https://h/model/m/converse","headers":["x"]},)"
     R"("response":{"status":200}}]}})",
     "$.log.entries[0].request.headers[0]", std::nullopt, "{name, value}"},
    {"unknown json", SourceFormat::kAuto, R"({"something": "else"})", "$", std::nullopt,
     "not a cassette"},
    {"native invalid", SourceFormat::kAuto,
     R"({"format": "bedrock-testbed-cassette/1", "interactions": [{"recorded_at": "x"}]})",
     "$.interactions[0]", std::nullopt, ""},
    {"deep json", SourceFormat::kNock, nullptr, "", std::nullopt, "nested"},
    // YAML does not check UTF-8 and JSON text must be UTF-8: a byte flipped in a parsed_body key.
    {"vcr parsed body not utf8", SourceFormat::kAuto,
     "interactions:\n- request: {method: POST, uri: 'https://h/model/m/converse'}\n"
     "  response:\n    status: {code: 200}\n    parsed_body:\n      inp\xd8t_tokens: 3\n",
     "interactions[0].response.parsed_body", 6, "UTF-8"},
    // A .har that is not JSON at all (a binary or truncated save) gets the JSON reader's message.
    {"har not json", SourceFormat::kAuto, "\x01\x02 garbage", "", 1, "syntax error"},
};

class ImportErrors : public ::testing::TestWithParam<BrokenCase> {};

TEST_P(ImportErrors, NameTheFileAndTheField) {
  const BrokenCase& broken = GetParam();
  std::string text =
      broken.text != nullptr ? broken.text : std::string(100000, '[') + std::string(100000, ']');
  ImportOptions options;
  options.format = broken.format;
  const std::string file =
      broken.format == SourceFormat::kAuto && std::string_view(broken.name).starts_with("har not")
          ? "broken.har"
          : "broken.file";
  auto imported = import_text(text, file, options);
  ASSERT_FALSE(imported) << broken.name;
  const ImportError& error = imported.error();
  EXPECT_EQ(error.file, file);
  EXPECT_TRUE(error.location.starts_with(broken.location)) << error.to_string();
  if (broken.line) {
    EXPECT_EQ(error.line, broken.line) << error.to_string();
  }
  EXPECT_NE(error.message.find(broken.message_part), std::string::npos) << error.to_string();
  EXPECT_NE(error.to_string().find(file), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Table, ImportErrors, ::testing::ValuesIn(kCases),
                         [](const auto& param_info) {
                           std::string name = param_info.param.name;
                           for (char& c : name)
                             c = std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
                           return name;
                         });

TEST(ImportErrorsDeepYaml, FlowNestingBeyondTheLimitIsAnError) {
  const std::string text = "interactions: " + std::string(50000, '[') + std::string(50000, ']');
  auto imported = import_text(text, "deep.yaml");
  ASSERT_FALSE(imported);
  EXPECT_NE(imported.error().message.find("nested"), std::string::npos);
}

}  // namespace
}  // namespace bedrock::cassettes
