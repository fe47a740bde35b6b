// Every way a cassette file can be wrong is reported with the file, the JSON path (or line and
// column for a syntax error) and what is wrong. Each case edits one spot of a valid template.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "bedrock/protocol/cassette.hpp"

namespace bedrock::cassette {
namespace {

constexpr std::string_view kTemplate = R"({
  "format": "bedrock-testbed-cassette/1",
  "match": {"ignore_paths": ["$.inferenceConfig.temperature"]},
  "interactions": [
    {
      "id": "first",
      "recorded_at": "2025-01-01T00:00:00Z",
      "request": {
        "method": "POST",
        "path": "/model/amazon.nova-lite-v1%3A0/converse",
        "operation": "Converse",
        "model_id": "amazon.nova-lite-v1:0",
        "region": "us-east-1",
        "headers": [["Content-Type", "application/json"]],
        "body": {"json": {"messages": []}}
      },
      "response": {"status": 200, "headers": [], "body": {"text": "ok"}}
    },
    {
      "id": "second",
      "recorded_at": "2025-01-01T00:00:01.250Z",
      "request": {
        "method": "POST",
        "path": "/model/amazon.nova-lite-v1%3A0/converse-stream",
        "operation": "ConverseStream",
        "region": "us-east-1",
        "headers": [],
        "body": {"base64": "e30="}
      },
      "stream": {
        "status": 200,
        "headers": [["Content-Type", "application/vnd.amazon.eventstream"]],
        "events": [
          {"offset_ms": 0, "headers": {":event-type": "messageStart"}, "payload": {"text": "{}"}},
          {"offset_ms": 10.5, "headers": {"x-flag": {"bool": true}}, "payload": {"text": ""}}
        ],
        "end": "complete"
      }
    }
  ]
}
)";

struct InvalidCase {
  std::string name;
  std::vector<std::pair<std::string, std::string>> edits;  // each `from` occurs once in kTemplate
  CassetteErrorKind kind;
  std::string json_path;  // "" for syntax errors
  std::string message;    // a part of the expected message
  std::optional<std::size_t> line = std::nullopt;
  std::optional<std::size_t> column = std::nullopt;
};

void PrintTo(const InvalidCase& invalid, std::ostream* out) { *out << invalid.name; }

std::string apply(const InvalidCase& invalid) {
  std::string text(kTemplate);
  for (const auto& [from, to] : invalid.edits) {
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << "edit not found: " << from;
    EXPECT_EQ(text.find(from, at + 1), std::string::npos) << "edit not unique: " << from;
    if (at != std::string::npos) text.replace(at, from.size(), to);
  }
  return text;
}

constexpr auto kInvalid = CassetteErrorKind::kInvalid;

std::string repeat(std::string_view piece, std::size_t times) {
  std::string text;
  for (std::size_t i = 0; i < times; ++i) text += piece;
  return text;
}
const std::string kResponse =
    R"("response": {"status": 200, "headers": [], "body": {"text": "ok"}})";
const std::string kFirstEvent = R"({"offset_ms": 0, "headers": {":event-type": "messageStart"})";
const std::string kSecondOffset = R"("offset_ms": 10.5)";

class InvalidCassette : public ::testing::TestWithParam<InvalidCase> {};

INSTANTIATE_TEST_SUITE_P(
    Table, InvalidCassette,
    ::testing::Values(
        // Syntax: position is line:column, column counted in characters.
        InvalidCase{"SyntaxErrorGivesLineAndColumn",
                    {{R"("headers": [], "body": {"text": "ok"})",
                      R"("headers": [,], "body": {"text": "ok"})"}},
                    CassetteErrorKind::kSyntax,
                    "",
                    "syntax error",
                    17,
                    47},
        InvalidCase{
            "SyntaxColumnCountsCharactersNotBytes",
            {{R"("region": "us-east-1",
        "headers": [["Content-Type")",
              "\"region\": \"caf\xC3\xA9\" \"x\",\n        \"headers\": [[\"Content-Type\""}},
            CassetteErrorKind::kSyntax,
            "",
            "syntax error",
            13,
            28},  // end of "x"; 29 in bytes
        InvalidCase{"TruncatedFile",
                    {{"\n  ]\n}\n", ""}},
                    CassetteErrorKind::kSyntax,
                    "",
                    "unexpected end of input",
                    39,
                    6},
        InvalidCase{"DuplicateMember",
                    {{R"({"status": 200,)", R"({"status": 200, "status": 201,)"}},
                    kInvalid,
                    "$.interactions[0].response.status",
                    R"(duplicate member "status")"},
        // Version and shape of the document.
        InvalidCase{"UnsupportedFormat",
                    {{"bedrock-testbed-cassette/1", "bedrock-testbed-cassette/2"}},
                    CassetteErrorKind::kUnsupportedFormat,
                    "$.format",
                    R"(unsupported format "bedrock-testbed-cassette/2")"},
        InvalidCase{"MissingFormat",
                    {{R"("format": "bedrock-testbed-cassette/1",)", ""}},
                    kInvalid,
                    "$",
                    R"(missing required member "format")"},
        InvalidCase{"UnknownTopLevelMember",
                    {{R"("match":)", R"("matcher":)"}},
                    kInvalid,
                    "$.matcher",
                    R"(unknown member "matcher")"},
        InvalidCase{"UnknownMemberIsATypo",
                    {{R"({"status": 200,)", R"({"stauts": 200,)"}},
                    kInvalid,
                    "$.interactions[0].response.stauts",
                    R"(unknown member "stauts" (expected one of: status, headers, body))"},
        InvalidCase{
            "InteractionsNotAnArray",
            {{R"("interactions": [)", R"("interactions": {"x": [)"}, {"\n  ]\n}\n", "\n  ]}\n}\n"}},
            kInvalid,
            "$.interactions",
            "expected an array, got object"},
        // Interactions.
        InvalidCase{"MissingRecordedAt",
                    {{R"("recorded_at": "2025-01-01T00:00:00Z",)", ""}},
                    kInvalid,
                    "$.interactions[0]",
                    R"(missing required member "recorded_at")"},
        InvalidCase{"RecordedAtNotIso8601",
                    {{"2025-01-01T00:00:00Z", "2025-13-01T00:00:00Z"}},
                    kInvalid,
                    "$.interactions[0].recorded_at",
                    "not an ISO-8601 UTC time"},
        InvalidCase{"RecordedAtNotUtc",
                    {{"2025-01-01T00:00:00Z", "2025-01-01T00:00:00+01:00"}},
                    kInvalid,
                    "$.interactions[0].recorded_at",
                    "not an ISO-8601 UTC time"},
        InvalidCase{"DuplicateInteractionId",
                    {{R"("id": "second")", R"("id": "first")"}},
                    kInvalid,
                    "$.interactions[1].id",
                    R"(duplicate interaction id "first")"},
        InvalidCase{"BothResponseAndStream",
                    {{kResponse, kResponse + R"(, "stream": {})"}},
                    kInvalid,
                    "$.interactions[0]",
                    R"(has both "response" and "stream")"},
        InvalidCase{"NeitherResponseNorStream",
                    {{",\n      " + kResponse, ""}},
                    kInvalid,
                    "$.interactions[0]",
                    R"(missing "response", "stream" or "failure")"},
        // Requests.
        InvalidCase{"MethodNotAToken",
                    {{R"("method": "POST",
        "path": "/model/amazon.nova-lite-v1%3A0/converse",)",
                      R"("method": "PO ST",
        "path": "/model/amazon.nova-lite-v1%3A0/converse",)"}},
                    kInvalid,
                    "$.interactions[0].request.method",
                    "not an HTTP method token"},
        InvalidCase{"PathNotARawTarget",
                    {{R"("/model/amazon.nova-lite-v1%3A0/converse")", R"("model/x y")"}},
                    kInvalid,
                    "$.interactions[0].request.path",
                    "not a raw request-target"},
        InvalidCase{"OperationWrongType",
                    {{R"("operation": "Converse")", R"("operation": 7)"}},
                    kInvalid,
                    "$.interactions[0].request.operation",
                    "expected a string, got number"},
        InvalidCase{"EmptyModelId",
                    {{R"("model_id": "amazon.nova-lite-v1:0")", R"("model_id": "")"}},
                    kInvalid,
                    "$.interactions[0].request.model_id",
                    "must not be empty"},
        InvalidCase{"MissingRegion",
                    {{R"("region": "us-east-1",
        "headers": [["Content-Type", "application/json"]],)",
                      R"("headers": [["Content-Type", "application/json"]],)"}},
                    kInvalid,
                    "$.interactions[0].request",
                    R"(missing required member "region")"},
        InvalidCase{"HeaderNotAPair",
                    {{R"([["Content-Type", "application/json"]])", R"([["Content-Type"]])"}},
                    kInvalid,
                    "$.interactions[0].request.headers[0]",
                    "expected a [name, value] pair"},
        InvalidCase{"HeaderNameWithSpace",
                    {{R"([["Content-Type", "application/json"]])", R"([["Content Type", "x"]])"}},
                    kInvalid,
                    "$.interactions[0].request.headers[0][0]",
                    "not an HTTP header name"},
        InvalidCase{"HeaderValueWithLineBreak",
                    {{R"([["Content-Type", "application/json"]])",
                      R"([["Content-Type", "a\r\nInjected: yes"]])"}},
                    kInvalid,
                    "$.interactions[0].request.headers[0][1]",
                    "must not contain CR, LF"},
        InvalidCase{"HeaderValueWrongType",
                    {{R"([["Content-Type", "application/json"]])", R"([["Content-Type", 1]])"}},
                    kInvalid,
                    "$.interactions[0].request.headers[0][1]",
                    R"(expected a string or {"base64": ...}, got number)"},
        // Bodies.
        InvalidCase{"BadBase64Body",
                    {{R"("e30=")", R"("e30*")"}},
                    kInvalid,
                    "$.interactions[1].request.body.base64",
                    "invalid base64"},
        InvalidCase{"BodyWithTwoForms",
                    {{R"({"text": "ok"})", R"({"text": "ok", "base64": ""})"}},
                    kInvalid,
                    "$.interactions[0].response.body",
                    "got 2 members"},
        InvalidCase{"BodyWithUnknownForm",
                    {{R"({"text": "ok"})", R"({"yaml": "ok"})"}},
                    kInvalid,
                    "$.interactions[0].response.body.yaml",
                    R"(unknown body form "yaml")"},
        InvalidCase{"BodyNotAnObject",
                    {{R"("body": {"text": "ok"})", R"("body": "ok")"}},
                    kInvalid,
                    "$.interactions[0].response.body",
                    "expected an object"},
        InvalidCase{"NestingTooDeep",
                    {{R"({"json": {"messages": []}})",
                      R"({"json": )" + std::string(200, '[') + std::string(200, ']') + "}"}},
                    kInvalid,
                    "$.interactions[0].request.body.json" + repeat("[0]", 155),
                    "nesting deeper than 160 levels"},
        // Responses and streams.
        InvalidCase{"StatusWrongType",
                    {{R"({"status": 200,)", R"({"status": "200",)"}},
                    kInvalid,
                    "$.interactions[0].response.status",
                    "expected an integer, got string"},
        InvalidCase{"StatusTooHigh",
                    {{R"({"status": 200,)", R"({"status": 700,)"}},
                    kInvalid,
                    "$.interactions[0].response.status",
                    "status 700 is outside 100..599"},
        InvalidCase{"StatusTooLow",
                    {{R"({"status": 200,)", R"({"status": 99,)"}},
                    kInvalid,
                    "$.interactions[0].response.status",
                    "status 99 is outside 100..599"},
        InvalidCase{"StatusNotWhole",
                    {{R"({"status": 200,)", R"({"status": 200.0,)"}},
                    kInvalid,
                    "$.interactions[0].response.status",
                    "expected an integer, got number"},
        InvalidCase{"OffsetsMustNotDecrease",
                    {{R"("offset_ms": 0, "headers": {":event-type")",
                      R"("offset_ms": 20, "headers": {":event-type")"}},
                    kInvalid,
                    "$.interactions[1].stream.events[1].offset_ms",
                    "offset_ms 10.5 is less than the previous event's 20"},
        InvalidCase{"NegativeOffset",
                    {{R"("offset_ms": 0, "headers": {":event-type")",
                      R"("offset_ms": -1, "headers": {":event-type")"}},
                    kInvalid,
                    "$.interactions[1].stream.events[0].offset_ms",
                    "non-negative"},
        InvalidCase{"OffsetWrongType",
                    {{kSecondOffset, R"("offset_ms": "10")"}},
                    kInvalid,
                    "$.interactions[1].stream.events[1].offset_ms",
                    "expected a number"},
        InvalidCase{"UnknownStreamEnd",
                    {{R"("end": "complete")", R"("end": "finished")"}},
                    kInvalid,
                    "$.interactions[1].stream.end",
                    R"(unknown stream end "finished")"},
        InvalidCase{"EventWithoutPayload",
                    {{R"(, "payload": {"text": ""}})", "}"}},
                    kInvalid,
                    "$.interactions[1].stream.events[1]",
                    R"(missing required member "payload")"},
        // Event-stream headers.
        InvalidCase{"EventHeaderUnknownType",
                    {{R"({"bool": true})", R"({"int33": 1})"}},
                    kInvalid,
                    R"($.interactions[1].stream.events[1].headers["x-flag"].int33)",
                    R"(unknown member "int33")"},
        InvalidCase{"EventHeaderIntOutOfRange",
                    {{R"({"bool": true})", R"({"int8": 300})"}},
                    kInvalid,
                    R"($.interactions[1].stream.events[1].headers["x-flag"].int8)",
                    "int8 300 is outside -128..127"},
        InvalidCase{"EventHeaderBoolWrongType",
                    {{R"({"bool": true})", R"({"bool": "true"})"}},
                    kInvalid,
                    R"($.interactions[1].stream.events[1].headers["x-flag"].bool)",
                    "expected a boolean, got string"},
        InvalidCase{"EventHeaderTwoTypes",
                    {{R"({"bool": true})", R"({"bool": true, "int8": 1})"}},
                    kInvalid,
                    R"($.interactions[1].stream.events[1].headers["x-flag"])",
                    "exactly one member"},
        InvalidCase{"EventHeaderBadUuid",
                    {{R"({"bool": true})", R"({"uuid": "0f8fad5b-d9cb"})"}},
                    kInvalid,
                    R"($.interactions[1].stream.events[1].headers["x-flag"].uuid)",
                    "not a UUID"},
        InvalidCase{"EventHeaderBadBase64",
                    {{R"({"bool": true})", R"({"bytes": "%%"})"}},
                    kInvalid,
                    R"($.interactions[1].stream.events[1].headers["x-flag"].bytes)",
                    "invalid base64"},
        InvalidCase{"EventHeaderValueWrongType",
                    {{R"({"bool": true})", "12"}},
                    kInvalid,
                    R"($.interactions[1].stream.events[1].headers["x-flag"])",
                    "expected an object, got number"},
        InvalidCase{"EventHeadersNotAnObject",
                    {{R"("headers": {"x-flag": {"bool": true}})", R"("headers": [])"}},
                    kInvalid,
                    "$.interactions[1].stream.events[1].headers",
                    "expected an object of event-stream headers"},
        // Match settings.
        InvalidCase{"IgnorePathWithoutDollar",
                    {{R"("$.inferenceConfig.temperature")", R"("inferenceConfig.temperature")"}},
                    kInvalid,
                    "$.match.ignore_paths[0]",
                    "not an ignore path"},
        InvalidCase{"IgnorePathBadIndex",
                    {{R"("$.inferenceConfig.temperature")", R"("$.messages[x]")"}},
                    kInvalid,
                    "$.match.ignore_paths[0]",
                    "not an ignore path"}),
    [](const auto& invalid_case) { return invalid_case.param.name; });

TEST_P(InvalidCassette, IsRejectedWithFilePathAndMessage) {
  const InvalidCase& invalid = GetParam();
  const auto parsed = parse(apply(invalid), "bad.json");
  ASSERT_FALSE(parsed) << "accepted";
  const CassetteError& error = parsed.error();
  EXPECT_EQ(error.kind, invalid.kind) << error.to_string();
  EXPECT_EQ(error.file, "bad.json");
  EXPECT_EQ(error.json_path, invalid.json_path) << error.to_string();
  EXPECT_NE(error.message.find(invalid.message), std::string::npos) << error.to_string();
  EXPECT_EQ(error.line, invalid.line) << error.to_string();
  if (invalid.column) {
    EXPECT_EQ(error.column, invalid.column) << error.to_string();
  }
}

TEST(InvalidCassetteTemplate, IsItselfValid) {
  const auto parsed = parse(kTemplate, "template.json");
  ASSERT_TRUE(parsed) << parsed.error().to_string();
  EXPECT_EQ(parsed->interactions.size(), 2u);
}

TEST(InvalidCassetteSyntax, MessageHasNoNlohmannPrefixAndToStringHasThePosition) {
  const auto parsed = parse("{\n  \"format\": tru\n}", "x.json");
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().message.find("[json.exception"), std::string::npos);
  EXPECT_EQ(parsed.error().to_string().rfind("x.json:2:", 0), 0u) << parsed.error().to_string();
}

TEST(InvalidCassetteSyntax, EmptyInputIsASyntaxError) {
  const auto parsed = parse("", "empty.json");
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().kind, CassetteErrorKind::kSyntax);
  EXPECT_EQ(parsed.error().line, 1u);
}

TEST(InvalidCassetteDocument, TopLevelArrayIsRejected) {
  const auto parsed = parse("[]", "array.json");
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().json_path, "$");
  EXPECT_EQ(parsed.error().message, "expected a cassette object, got array");
}

}  // namespace
}  // namespace bedrock::cassette

namespace bedrock::cassette {
namespace {

// Bad input never crashes: every truncation and many single-byte corruptions of a valid cassette
// give either a cassette or a located error.
TEST(InvalidCassetteRobustness, TruncatedOrCorruptedInputGivesAnErrorNotACrash) {
  const std::string valid(kTemplate);
  std::size_t rejected = 0;
  for (std::size_t cut = 0; cut < valid.size(); cut += 3) {
    const auto parsed = parse(std::string_view(valid).substr(0, cut), "cut.json");
    ASSERT_FALSE(parsed) << cut;
    EXPECT_FALSE(parsed.error().message.empty());
    ++rejected;
  }
  for (std::size_t at = 0; at < valid.size(); at += 5) {
    for (char replacement : {'\0', '"', '{', ']', '\xFF', '9', 'x'}) {
      std::string corrupted = valid;
      corrupted[at] = replacement;
      const auto parsed = parse(corrupted, "corrupt.json");
      if (!parsed) {
        EXPECT_FALSE(parsed.error().to_string().empty());
      }
    }
  }
  EXPECT_GT(rejected, 0u);
}

}  // namespace
}  // namespace bedrock::cassette
