// The cassette model: round trips, the body encoding rule, typed event headers, the writer's
// layout and its refusal to write what the reader would reject.
#include "bedrock/protocol/cassette.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "bedrock/protocol/encoding.hpp"
#include "protocol/cassette_sample.hpp"

namespace bedrock::cassette {
namespace {

Cassette reparse(const Cassette& cassette) {
  auto text = serialize(cassette);
  EXPECT_TRUE(text) << text.error().to_string();
  auto parsed = parse(*text, "round-trip");
  EXPECT_TRUE(parsed) << parsed.error().to_string();
  return *parsed;
}

TEST(CassetteRoundTrip, ModelSurvivesSerializeAndParse) {
  const Cassette original = test::sample_cassette();
  EXPECT_EQ(reparse(original), original);
}

TEST(CassetteRoundTrip, SerializationIsByteStable) {
  const auto first = serialize(test::sample_cassette());
  ASSERT_TRUE(first);
  const auto parsed = parse(*first, "first");
  ASSERT_TRUE(parsed);
  const auto second = serialize(*parsed);
  ASSERT_TRUE(second);
  EXPECT_EQ(*second, *first);
}

TEST(CassetteRoundTrip, EmptyCassetteHasOnlyFormatAndInteractions) {
  const auto text = serialize(Cassette{});
  ASSERT_TRUE(text);
  EXPECT_EQ(*text, "{\"format\": \"bedrock-testbed-cassette/1\", \"interactions\": []}\n");
  EXPECT_EQ(reparse(Cassette{}), Cassette{});
}

// ---- body and payload bytes -------------------------------------------------------------------

struct BodyCase {
  std::string name;
  std::string bytes;
  BodyEncoding encoding;
};

void PrintTo(const BodyCase& body_case, std::ostream* out) { *out << body_case.name; }

class BodyBytes : public ::testing::TestWithParam<BodyCase> {};

INSTANTIATE_TEST_SUITE_P(
    Encodings, BodyBytes,
    ::testing::Values(
        BodyCase{"CompactJson", R"({"b":1,"a":[true,null,"x"]})", BodyEncoding::kJson},
        BodyCase{"CompactJsonRawUtf8", "{\"message\":\"isn\xE2\x80\x99t\"}", BodyEncoding::kJson},
        BodyCase{"CompactJsonFloat", R"({"score":1.0,"t":0.5,"n":-0.0})", BodyEncoding::kJson},
        BodyCase{"CompactJsonArray", R"([1,2,3])", BodyEncoding::kJson},
        BodyCase{"EmptyJsonObject", "{}", BodyEncoding::kJson},
        BodyCase{"Boto3SpacedJson", R"({"messages": [{"role": "user"}], "x": {}})",
                 BodyEncoding::kJsonSpaced},
        BodyCase{"PrettyJson", "{\n  \"a\": 1\n}", BodyEncoding::kText},
        BodyCase{"JsonWithTrailingNewline", "{\"a\":1}\n", BodyEncoding::kText},
        BodyCase{"JsonWithEscapedUnicode", R"({"a":"\u00e9"})", BodyEncoding::kText},
        BodyCase{"JsonWithEscapedSlash", R"({"a":"\/"})", BodyEncoding::kText},
        BodyCase{"JsonExponent", R"({"a":1e5})", BodyEncoding::kText},
        BodyCase{"JsonDuplicateKeys", R"({"a":1,"a":2})", BodyEncoding::kText},
        BodyCase{"JsonHugeInteger", R"({"a":123456789012345678901234})", BodyEncoding::kText},
        BodyCase{"JsonScalarIsText", "123", BodyEncoding::kText},
        BodyCase{"NestedTooDeep", std::string(200, '[') + std::string(200, ']'),
                 BodyEncoding::kText},
        BodyCase{"PlainText", "Too many requests, please wait before trying again.",
                 BodyEncoding::kText},
        BodyCase{"TextWithTabsAndNewlines", "a\tb\r\nc\n", BodyEncoding::kText},
        BodyCase{"Empty", "", BodyEncoding::kText},
        BodyCase{"Binary", std::string("\x89PNG\r\n\x1a\n\x00\xff", 10), BodyEncoding::kBase64},
        BodyCase{"Utf8WithNul", std::string("a\0b", 3), BodyEncoding::kBase64},
        BodyCase{"Utf8WithEscapeChar", "\x1b[0m", BodyEncoding::kBase64},
        BodyCase{"Latin1", "caf\xE9", BodyEncoding::kBase64},
        BodyCase{"OverlongUtf8", "\xC0\x80", BodyEncoding::kBase64},
        BodyCase{"Utf16Surrogate", "\xED\xA0\x80", BodyEncoding::kBase64},
        BodyCase{"BeyondUnicode", "\xF4\x90\x80\x80", BodyEncoding::kBase64},
        BodyCase{"TruncatedSequence", "ok\xE2\x80", BodyEncoding::kBase64},
        BodyCase{"EventStreamFrame",
                 encoding::base64_decode("AAAAkQAAAFIMIeERCzpldmVudC10eXBlBwAMbWVzc2FnZVN0YXJ0")
                     .value_or(""),
                 BodyEncoding::kBase64}),
    [](const auto& body_case) { return body_case.param.name; });

TEST_P(BodyBytes, WriterChoosesTheExpectedEncoding) {
  EXPECT_EQ(body_encoding(GetParam().bytes), GetParam().encoding);
}

TEST_P(BodyBytes, RequestResponseAndPayloadBytesArePreserved) {
  Cassette cassette = test::sample_cassette();
  cassette.interactions[0].request.body = GetParam().bytes;
  std::get<Response>(cassette.interactions[0].answer).body = GetParam().bytes;
  std::get<Stream>(cassette.interactions[1].answer).events[1].message.payload = GetParam().bytes;

  const Cassette back = reparse(cassette);
  EXPECT_EQ(back.interactions[0].request.body, GetParam().bytes);
  EXPECT_EQ(back.interactions[0].response()->body, GetParam().bytes);
  EXPECT_EQ(back.interactions[1].stream()->events[1].message.payload, GetParam().bytes);
}

TEST(CassetteBody, JsonBodyIsStoredAsAReadableJsonValue) {
  Cassette cassette;
  Interaction interaction = test::sample_converse_interaction();
  interaction.answer = Response{200, {}, R"({"b":1,"a":2})"};
  cassette.interactions.push_back(interaction);
  const auto document = to_json(cassette);
  ASSERT_TRUE(document);
  const auto& body = (*document)["interactions"][0]["response"]["body"];
  EXPECT_EQ(body.dump(), R"({"json":{"b":1,"a":2}})");  // key order kept
}

// ---- typed event-stream headers and HTTP header values ----------------------------------------

TEST(CassetteEventHeaders, EveryHeaderTypeSurvivesWithItsType) {
  const Cassette original = test::sample_cassette();
  const auto& typed = original.interactions[1].stream()->events[2].message;
  const Cassette reparsed = reparse(original);
  const auto& back = reparsed.interactions[1].stream()->events[2].message;
  ASSERT_EQ(back.headers.size(), typed.headers.size());
  for (std::size_t i = 0; i < typed.headers.size(); ++i) {
    EXPECT_EQ(back.headers[i].name, typed.headers[i].name);
    EXPECT_EQ(event_stream::header_type(back.headers[i].value),
              event_stream::header_type(typed.headers[i].value))
        << typed.headers[i].name;
    EXPECT_EQ(back.headers[i].value, typed.headers[i].value) << typed.headers[i].name;
  }
}

TEST(CassetteEventHeaders, CommonStringHeadersAreWrittenAsPlainStrings) {
  const auto document = to_json(test::sample_cassette());
  ASSERT_TRUE(document);
  const auto& headers = (*document)["interactions"][1]["stream"]["events"][0]["headers"];
  EXPECT_EQ(headers.dump(), R"({":event-type":"messageStart",":content-type":"application/json",)"
                            R"(":message-type":"event"})");
}

TEST(CassetteEventHeaders, NonStringTypesAreTaggedWithTheirType) {
  const auto document = to_json(test::sample_cassette());
  ASSERT_TRUE(document);
  const auto& headers = (*document)["interactions"][1]["stream"]["events"][2]["headers"];
  EXPECT_EQ(headers["flag-true"].dump(), R"({"bool":true})");
  EXPECT_EQ(headers["int8"].dump(), R"({"int8":-128})");
  EXPECT_EQ(headers["int64"].dump(), R"({"int64":9223372036854775807})");
  EXPECT_EQ(headers["bytes"].dump(), R"({"bytes":"AP8Q"})");
  EXPECT_EQ(headers["latin1-string"].dump(), R"({"string_base64":"Y2Fm6Q=="})");
  EXPECT_EQ(headers["timestamp"].dump(), R"({"timestamp":-1})");
  EXPECT_EQ(headers["uuid"].dump(), R"({"uuid":"0f8fad5b-d9cb-469f-a165-70867728950e"})");
}

TEST(CassetteHttpHeaders, OrderRepeatsAndCaseAreKept) {
  const Cassette back = reparse(test::sample_cassette());
  const auto& headers = back.interactions[0].response()->headers;
  ASSERT_EQ(headers.size(), 4u);
  EXPECT_EQ(headers[1].name, "x-amzn-RequestId");
  EXPECT_EQ(headers[2], (HeaderField{"Set-Cookie", "a=1"}));
  EXPECT_EQ(headers[3], (HeaderField{"Set-Cookie", "b=2"}));
}

TEST(CassetteHttpHeaders, ValueThatIsNotUtf8IsStoredAsBase64AndSurvives) {
  Cassette cassette = test::sample_cassette();
  cassette.interactions[0].request.headers.push_back({"X-Latin1", "caf\xE9"});
  const auto document = to_json(cassette);
  ASSERT_TRUE(document);
  EXPECT_EQ((*document)["interactions"][0]["request"]["headers"].back().dump(),
            R"(["X-Latin1",{"base64":"Y2Fm6Q=="}])");
  EXPECT_EQ(reparse(cassette), cassette);
}

TEST(CassetteHttpHeaders, FindHeaderIgnoresCase) {
  const HeaderList headers = {{"x-amzn-RequestId", "id-1"}, {"Content-Type", "application/json"}};
  EXPECT_EQ(find_header(headers, "X-AMZN-REQUESTID"), "id-1");
  EXPECT_EQ(find_header(headers, "content-type"), "application/json");
  EXPECT_FALSE(find_header(headers, "Date"));
}

// ---- stream pacing ----------------------------------------------------------------------------

TEST(CassetteStream, WholeMillisecondOffsetsAreWrittenAsIntegers) {
  const auto document = to_json(test::sample_cassette());
  ASSERT_TRUE(document);
  const auto& events = (*document)["interactions"][1]["stream"]["events"];
  EXPECT_TRUE(events[0]["offset_ms"].is_number_integer());
  EXPECT_EQ(events[1]["offset_ms"].dump(), "12.5");
  EXPECT_EQ(events[3]["offset_ms"].dump(), "1190.125");
}

TEST(CassetteStream, FractionalOffsetsSurviveExactly) {
  Cassette cassette = test::sample_cassette();
  auto& events = std::get<Stream>(cassette.interactions[1].answer).events;
  events[0].offset_ms = 0.1;
  events[1].offset_ms = 1.0 / 3.0;
  events[2].offset_ms = 123456.789;
  events[3].offset_ms = 1e9;
  const Cassette back = reparse(cassette);
  const auto& got = back.interactions[1].stream()->events;
  for (std::size_t i = 0; i < events.size(); ++i) EXPECT_EQ(got[i].offset_ms, events[i].offset_ms);
}

TEST(CassetteStream, EndIsKept) {
  EXPECT_EQ(reparse(test::sample_cassette()).interactions[1].stream()->end, StreamEnd::kReset);
  Cassette cassette = test::sample_cassette();
  std::get<Stream>(cassette.interactions[1].answer).end = StreamEnd::kComplete;
  EXPECT_EQ(reparse(cassette).interactions[1].stream()->end, StreamEnd::kComplete);
}

TEST(CassetteInteraction, AccessorsTellResponseFromStream) {
  const Cassette cassette = test::sample_cassette();
  EXPECT_NE(cassette.interactions[0].response(), nullptr);
  EXPECT_EQ(cassette.interactions[0].stream(), nullptr);
  EXPECT_EQ(cassette.interactions[1].response(), nullptr);
  EXPECT_NE(cassette.interactions[1].stream(), nullptr);
}

// ---- the writer refuses what the reader would reject ------------------------------------------

struct UnwritableCase {
  std::string name;
  void (*spoil)(Cassette&);
  std::string json_path;
  std::string message;
};

void PrintTo(const UnwritableCase& unwritable, std::ostream* out) { *out << unwritable.name; }

class UnwritableModel : public ::testing::TestWithParam<UnwritableCase> {};

INSTANTIATE_TEST_SUITE_P(
    Rejected, UnwritableModel,
    ::testing::Values(
        UnwritableCase{
            "StatusOutOfRange",
            [](Cassette& c) { std::get<Response>(c.interactions[0].answer).status = 42; },
            "$.interactions[0].response.status", "status 42 is outside 100..599"},
        UnwritableCase{
            "DecreasingOffsets",
            [](Cassette& c) { std::get<Stream>(c.interactions[1].answer).events[3].offset_ms = 1; },
            "$.interactions[1].stream.events[3].offset_ms", "is less than the previous"},
        UnwritableCase{"NanOffset",
                       [](Cassette& c) {
                         std::get<Stream>(c.interactions[1].answer).events[0].offset_ms =
                             std::numeric_limits<double>::quiet_NaN();
                       },
                       "$.interactions[1].stream.events[0].offset_ms", "non-negative"},
        UnwritableCase{"DuplicateEventHeader",
                       [](Cassette& c) {
                         auto& message =
                             std::get<Stream>(c.interactions[1].answer).events[0].message;
                         message.headers.push_back({":event-type", std::string("again")});
                       },
                       R"($.interactions[1].stream.events[0].headers[":event-type"])",
                       "duplicate event-stream header name"},
        UnwritableCase{"MethodNotAToken",
                       [](Cassette& c) { c.interactions[0].request.method = "GE T"; },
                       "$.interactions[0].request.method", "not an HTTP method token"},
        UnwritableCase{"NameNotUtf8", [](Cassette& c) { c.name = "caf\xE9"; }, "$.name",
                       "not valid UTF-8"},
        UnwritableCase{"DuplicateId",
                       [](Cassette& c) { c.interactions[1].id = c.interactions[0].id; },
                       "$.interactions[1].id", "duplicate interaction id"},
        UnwritableCase{"BadRecordedAt",
                       [](Cassette& c) { c.interactions[0].recorded_at = "yesterday"; },
                       "$.interactions[0].recorded_at", "not an ISO-8601 UTC time"}),
    [](const auto& unwritable) { return unwritable.param.name; });

TEST_P(UnwritableModel, SerializeReturnsAnErrorWithThePath) {
  Cassette cassette = test::sample_cassette();
  GetParam().spoil(cassette);
  const auto text = serialize(cassette);
  ASSERT_FALSE(text);
  EXPECT_EQ(text.error().kind, CassetteErrorKind::kInvalid);
  EXPECT_EQ(text.error().json_path, GetParam().json_path);
  EXPECT_NE(text.error().message.find(GetParam().message), std::string::npos)
      << text.error().message;
}

// ---- small helpers ----------------------------------------------------------------------------

TEST(CassetteRecordedAt, FormatsUtcWithMilliseconds) {
  using namespace std::chrono;
  const system_clock::time_point when{milliseconds(1740473773412)};
  EXPECT_EQ(format_recorded_at(when), "2025-02-25T08:56:13.412Z");
  EXPECT_EQ(format_recorded_at(system_clock::time_point{milliseconds(-1)}),
            "1969-12-31T23:59:59.999Z");
}

TEST(CassetteError, ToStringNamesFilePositionAndPath) {
  CassetteError syntax{CassetteErrorKind::kSyntax, "a.json", "", "unexpected ','", 3, 14};
  EXPECT_EQ(syntax.to_string(), "a.json:3:14: unexpected ','");
  CassetteError invalid{CassetteErrorKind::kInvalid,
                        "a.json",
                        "$.interactions[0]",
                        "bad",
                        std::nullopt,
                        std::nullopt};
  EXPECT_EQ(invalid.to_string(), "a.json: $.interactions[0]: bad");
  CassetteError io{CassetteErrorKind::kIo, "a.json", "", "cannot open", std::nullopt, std::nullopt};
  EXPECT_EQ(io.to_string(), "a.json: cannot open");
}

}  // namespace
}  // namespace bedrock::cassette
