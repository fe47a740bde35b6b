#include "bedrock/protocol/error_catalog.hpp"

#include <gtest/gtest.h>

#include <set>

#include "bedrock/protocol/error_messages.hpp"
#include "support/shared_data.hpp"

namespace bedrock::errors {
namespace {

// ---- The catalog's own table (reference §7, §10), independent of shared/ ----

struct ExpectedEntry {
  ErrorCode code;
  std::string_view wire_name;
  int status;
  ErrorNamespace ns;
  bool retryable;
  bool throttling;
};

class CatalogEntry : public ::testing::TestWithParam<ExpectedEntry> {};
void PrintTo(const ExpectedEntry& entry, std::ostream* out) { *out << entry.wire_name; }

TEST_P(CatalogEntry, HasTheReferenceStatusNamespaceAndRetryClass) {
  const ExpectedEntry& want = GetParam();
  const ErrorSpec& spec = spec_of(want.code);
  EXPECT_EQ(spec.wire_name, want.wire_name);
  EXPECT_EQ(spec.http_status, want.status);
  EXPECT_EQ(spec.error_namespace, want.ns);
  EXPECT_EQ(spec.retryable, want.retryable);
  EXPECT_EQ(spec.throttling, want.throttling);
}

constexpr auto kB = ErrorNamespace::kBedrock;
constexpr auto kC = ErrorNamespace::kCoralService;

INSTANTIATE_TEST_SUITE_P(
    Reference, CatalogEntry,
    ::testing::Values(
        ExpectedEntry{ErrorCode::kValidation, "ValidationException", 400, kB, false, false},
        ExpectedEntry{ErrorCode::kAccessDenied, "AccessDeniedException", 403, kB, false, false},
        ExpectedEntry{ErrorCode::kResourceNotFound, "ResourceNotFoundException", 404, kB, false,
                      false},
        ExpectedEntry{ErrorCode::kModelTimeout, "ModelTimeoutException", 408, kB, false, false},
        ExpectedEntry{ErrorCode::kThrottling, "ThrottlingException", 429, kB, true, true},
        ExpectedEntry{ErrorCode::kModelNotReady, "ModelNotReadyException", 429, kB, true, false},
        ExpectedEntry{ErrorCode::kModelError, "ModelErrorException", 424, kB, false, false},
        ExpectedEntry{ErrorCode::kModelStreamError, "ModelStreamErrorException", 424, kB, false,
                      false},
        ExpectedEntry{ErrorCode::kServiceQuotaExceeded, "ServiceQuotaExceededException", 400, kB,
                      false, false},
        ExpectedEntry{ErrorCode::kConflict, "ConflictException", 400, kB, false, false},
        ExpectedEntry{ErrorCode::kInternalServer, "InternalServerException", 500, kB, true, false},
        ExpectedEntry{ErrorCode::kServiceUnavailable, "ServiceUnavailableException", 503, kB, true,
                      false},
        ExpectedEntry{ErrorCode::kExpiredToken, "ExpiredTokenException", 403, kC, false, false},
        ExpectedEntry{ErrorCode::kUnrecognizedClient, "UnrecognizedClientException", 403, kC,
                      false, false},
        ExpectedEntry{ErrorCode::kInvalidSignature, "InvalidSignatureException", 403, kC, false,
                      false},
        ExpectedEntry{ErrorCode::kCoralAccessDenied, "AccessDeniedException", 403, kC, false,
                      false},
        ExpectedEntry{ErrorCode::kIncompleteSignature, "IncompleteSignatureException", 403, kC,
                      false, false},
        ExpectedEntry{ErrorCode::kMissingAuthenticationToken,
                      "MissingAuthenticationTokenException", 403, kC, false, false},
        ExpectedEntry{ErrorCode::kSerialization, "SerializationException", 400, kC, false,
                      false}),
    [](const auto& param_info) {
      std::string name(param_info.param.wire_name);
      if (param_info.param.ns == ErrorNamespace::kCoralService) name = "Coral" + name;
      return name;
    });

TEST(ErrorCatalog, ListsEveryCodeExactlyOnce) {
  std::set<ErrorCode> seen;
  for (const ErrorSpec& spec : all_errors()) EXPECT_TRUE(seen.insert(spec.code).second);
  EXPECT_EQ(seen.size(), 19u);
}

TEST(ErrorCatalog, OnlyModelNotReadyCarriesTheModeledRetryableTrait) {
  for (const ErrorSpec& spec : all_errors()) {
    EXPECT_EQ(spec.modeled_retryable_trait, spec.code == ErrorCode::kModelNotReady)
        << spec.wire_name;
  }
}

TEST(ErrorCatalog, CoralAccessDeniedAndSerializationUseCapitalMessageKeyOthersLowerCase) {
  for (const ErrorSpec& spec : all_errors()) {
    EXPECT_EQ(spec.message_key == MessageKey::kCapitalised,
              spec.code == ErrorCode::kCoralAccessDenied || spec.code == ErrorCode::kSerialization)
        << spec.wire_name;
  }
}

TEST(ErrorCatalog, FindsAccessDeniedPerNamespace) {
  EXPECT_EQ(find_error("AccessDeniedException"), ErrorCode::kAccessDenied);
  EXPECT_EQ(find_error("AccessDeniedException", ErrorNamespace::kCoralService),
            ErrorCode::kCoralAccessDenied);
  // A name that lives in one namespace only is found whichever namespace is asked.
  EXPECT_EQ(find_error("ExpiredTokenException"), ErrorCode::kExpiredToken);
  EXPECT_EQ(find_error("NoSuchException"), std::nullopt);
  EXPECT_EQ(find_error(""), std::nullopt);
}

TEST(ErrorCatalog, StreamMembershipFollowsTheTwoEventUnions) {
  // ConverseStreamOutput has five exceptions; ResponseStream adds modelTimeoutException (§5).
  std::set<std::string_view> converse;
  std::set<std::string_view> response;
  for (const ErrorSpec& spec : all_errors()) {
    if (can_appear_in_stream(spec.code, StreamKind::kConverseStream)) {
      converse.insert(spec.stream_name);
    }
    if (can_appear_in_stream(spec.code, StreamKind::kResponseStream)) {
      response.insert(spec.stream_name);
    }
  }
  EXPECT_EQ(converse, (std::set<std::string_view>{"internalServerException",
                                                  "modelStreamErrorException",
                                                  "validationException", "throttlingException",
                                                  "serviceUnavailableException"}));
  EXPECT_EQ(response, (std::set<std::string_view>{
                          "internalServerException", "modelStreamErrorException",
                          "validationException", "throttlingException",
                          "serviceUnavailableException", "modelTimeoutException"}));
  EXPECT_EQ(find_stream_error("modelTimeoutException"), ErrorCode::kModelTimeout);
  EXPECT_EQ(find_stream_error("ValidationException"), std::nullopt);  // case matters
  EXPECT_EQ(find_stream_error(""), std::nullopt);
}

// ---- Cross-check against the botocore runtime model in shared/ ----

TEST(ErrorCatalogVsServiceModel, EveryModelErrorShapeIsInTheCatalogWithItsStatusAndTrait) {
  REQUIRE_SHARED(model_dir, "vectors/botocore-models/bedrock-runtime/2023-09-30");
  const auto model = nlohmann::json::parse(test::read_file(model_dir / "service-2.json"));
  std::set<ErrorCode> modeled;
  for (const auto& [name, shape] : model.at("shapes").items()) {
    if (!shape.value("exception", false)) continue;
    const auto code = find_error(name, ErrorNamespace::kBedrock);
    ASSERT_TRUE(code.has_value()) << name << " is missing from the catalog";
    const ErrorSpec& spec = spec_of(*code);
    EXPECT_EQ(spec.http_status, shape.at("error").at("httpStatusCode").get<int>()) << name;
    EXPECT_EQ(spec.modeled_retryable_trait, shape.contains("retryable")) << name;
    if (shape.contains("retryable")) {
      EXPECT_EQ(spec.throttling, shape.at("retryable").value("throttling", false)) << name;
    }
    EXPECT_TRUE(spec.in_runtime_model) << name;
    modeled.insert(*code);
  }
  for (const ErrorSpec& spec : all_errors()) {
    EXPECT_EQ(spec.in_runtime_model, modeled.count(spec.code) == 1) << spec.wire_name;
  }
}

TEST(ErrorCatalogVsServiceModel, StreamExceptionNamesMatchTheEventUnionMembers) {
  REQUIRE_SHARED(model_dir, "vectors/botocore-models/bedrock-runtime/2023-09-30");
  const auto model = nlohmann::json::parse(test::read_file(model_dir / "service-2.json"));
  const auto check_union = [&](const char* union_name, StreamKind kind) {
    std::set<ErrorCode> in_union;
    for (const auto& [member, ref] : model.at("shapes").at(union_name).at("members").items()) {
      const auto& target = model.at("shapes").at(ref.at("shape").get<std::string>());
      if (!target.value("exception", false)) continue;
      const auto code = find_stream_error(member);
      ASSERT_TRUE(code.has_value()) << union_name << "." << member;
      EXPECT_EQ(wire_name(*code), ref.at("shape").get<std::string>());
      in_union.insert(*code);
    }
    for (const ErrorSpec& spec : all_errors()) {
      EXPECT_EQ(can_appear_in_stream(spec.code, kind), in_union.count(spec.code) == 1)
          << union_name << " " << spec.wire_name;
    }
  };
  check_union("ConverseStreamOutput", StreamKind::kConverseStream);
  check_union("ResponseStream", StreamKind::kResponseStream);
  check_union("InvokeModelWithBidirectionalStreamOutput", StreamKind::kResponseStream);
}

// ---- Rendering ----

TEST(RenderHttpError, PutsHeadersInRealOrderAndUsesTheGivenRequestId) {
  ServiceError error = invalid_model_identifier();
  error.request_id = "a1b2c3d4-0000-4000-8000-000000000001";
  const WireResponse response = render_http_error(error);
  EXPECT_EQ(response.status, 400);
  ASSERT_EQ(response.headers.size(), 3u);
  EXPECT_EQ(response.headers[0], (std::pair<std::string, std::string>{"Content-Type",
                                                                       "application/json"}));
  EXPECT_EQ(response.headers[1].first, "x-amzn-RequestId");
  EXPECT_EQ(response.headers[1].second, "a1b2c3d4-0000-4000-8000-000000000001");
  EXPECT_EQ(response.headers[2],
            (std::pair<std::string, std::string>{
                "x-amzn-ErrorType",
                "ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/"}));
  EXPECT_EQ(response.body, R"({"message":"The provided model identifier is invalid."})");
}

TEST(RenderHttpError, GeneratesAUuidV4RequestIdWhenNoneIsGiven) {
  const WireResponse first = render_http_error(too_many_requests());
  const WireResponse second = render_http_error(too_many_requests());
  const std::string id = first.header("X-AMZN-REQUESTID").value_or("");
  ASSERT_EQ(id.size(), 36u);
  for (std::size_t i : {8u, 13u, 18u, 23u}) EXPECT_EQ(id[i], '-');
  EXPECT_EQ(id[14], '4');
  EXPECT_NE(std::string("89ab").find(id[19]), std::string::npos);
  EXPECT_NE(id, second.header("x-amzn-RequestId").value_or(""));
}

TEST(RenderHttpError, KeepsNonAsciiAsRawUtf8AndEscapesOnlyWhatJsonRequires) {
  const WireResponse response =
      render_http_error(make_error(ErrorCode::kValidation, "caf\xC3\xA9 \"quoted\" \\ /\n"));
  EXPECT_EQ(response.body, "{\"message\":\"caf\xC3\xA9 \\\"quoted\\\" \\\\ /\\n\"}");
  EXPECT_EQ(response.body.find("__type"), std::string::npos);
}

TEST(RenderHttpError, ReplacesInvalidUtf8InsteadOfFailing) {
  const WireResponse response = render_http_error(make_error(ErrorCode::kValidation, "bad\xFF"));
  EXPECT_EQ(response.body, "{\"message\":\"bad\xEF\xBF\xBD\"}");
}

TEST(RenderHttpError, AppendsExtraMembersAfterTheMessage) {
  const WireResponse response =
      render_http_error(model_error("boom", 400, std::string("arn:aws:sagemaker:x")));
  EXPECT_EQ(response.status, 424);
  EXPECT_EQ(response.body,
            R"({"message":"boom","originalStatusCode":400,"resourceName":"arn:aws:sagemaker:x"})");
}

TEST(RenderUnknownOperation, IsHttp200WithTheCoralOutputEnvelopeAndNoErrorType) {
  const WireResponse response = render_unknown_operation("req-1");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body,
            R"({"Output":{"__type":"com.amazon.coral.service#UnknownOperationException"},"Version":"1.0"})");
  EXPECT_EQ(response.header("x-amzn-RequestId"), "req-1");
  EXPECT_EQ(response.header("x-amzn-ErrorType"), std::nullopt);
}

TEST(RenderStreamException, UsesLowerCamelTypeAndBedrockHeaderOrder) {
  const auto frame =
      render_stream_exception(model_stream_invalid_tool_use_sequence(), StreamKind::kConverseStream);
  ASSERT_TRUE(frame.has_value());
  ASSERT_EQ(frame->headers.size(), 3u);
  EXPECT_EQ(frame->headers[0].name, ":exception-type");
  EXPECT_EQ(frame->string_header(":exception-type"), "modelStreamErrorException");
  EXPECT_EQ(frame->headers[1].name, ":content-type");
  EXPECT_EQ(frame->headers[2].name, ":message-type");
  EXPECT_EQ(frame->string_header(":message-type"), "exception");
  // Byte for byte the payload of prism-php-bedrock stream-handle-exceptions-1.sse (reference §5).
  EXPECT_EQ(frame->payload,
            R"({"message":"Model produced invalid sequence as part of ToolUse. Please refer to the model tool use troubleshooting guide."})");
}

TEST(RenderStreamException, RefusesCodesThatNeverAppearInAStream) {
  const auto frame = render_stream_exception(authorization_header_missing(),
                                             StreamKind::kResponseStream);
  ASSERT_FALSE(frame.has_value());
  EXPECT_EQ(frame.error().kind, StreamRenderErrorKind::kNotAStreamException);
  EXPECT_EQ(frame.error().code, ErrorCode::kCoralAccessDenied);
}

TEST(RenderStreamException, RefusesModelTimeoutInsideConverseStream) {
  const auto in_converse = render_stream_exception(make_error(ErrorCode::kModelTimeout, "slow"),
                                                   StreamKind::kConverseStream);
  ASSERT_FALSE(in_converse.has_value());
  EXPECT_EQ(in_converse.error().kind, StreamRenderErrorKind::kNotInThisStream);
  const auto in_response = render_stream_exception(make_error(ErrorCode::kModelTimeout, "slow"),
                                                   StreamKind::kResponseStream);
  ASSERT_TRUE(in_response.has_value());
  EXPECT_EQ(in_response->string_header(":exception-type"), "modelTimeoutException");
}

// ---- Parsing ----

TEST(SanitizeErrorCode, KeepsTextBeforeColonThenAfterHash) {
  EXPECT_EQ(sanitize_error_code(
                "ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/"),
            "ValidationException");
  EXPECT_EQ(sanitize_error_code("com.amazon.coral.service#UnknownOperationException"),
            "UnknownOperationException");
  EXPECT_EQ(sanitize_error_code("AccessDeniedException:http://internal.amazon.com/coral/"
                                "com.amazon.coral.service/#AccessDeniedException"),
            "AccessDeniedException");
  EXPECT_EQ(sanitize_error_code("ThrottlingException"), "ThrottlingException");
  EXPECT_EQ(sanitize_error_code(""), "");
  EXPECT_EQ(sanitize_error_code("#"), "");
  EXPECT_EQ(sanitize_error_code(":::"), "");
}

struct RoundTripCase {
  std::string name;
  ServiceError error;
};

class ParseRoundTrip : public ::testing::TestWithParam<RoundTripCase> {};
void PrintTo(const RoundTripCase& round_trip, std::ostream* out) { *out << round_trip.name; }

TEST_P(ParseRoundTrip, RenderedErrorParsesBackToTheSameValue) {
  ServiceError error = GetParam().error;
  error.request_id = "11111111-2222-4333-8444-555555555555";
  const auto parsed = parse_http_error(render_http_error(error));
  ASSERT_TRUE(parsed.has_value()) << parsed.error().code;
  EXPECT_EQ(*parsed, error);
}

INSTANTIATE_TEST_SUITE_P(
    Builders, ParseRoundTrip,
    ::testing::Values(
        RoundTripCase{"OnDemand", on_demand_throughput_not_supported("anthropic.claude-v2")},
        RoundTripCase{"InvalidModel", invalid_model_identifier()},
        RoundTripCase{"ModelAccess", model_access_denied()},
        RoundTripCase{"AuthHeaderMissing", authorization_header_missing()},
        RoundTripCase{"Legacy", legacy_model()},
        RoundTripCase{"Throttled", too_many_tokens()},
        RoundTripCase{"Unavailable", service_unavailable()},
        RoundTripCase{"Internal", internal_server_error()},
        RoundTripCase{"Expired", expired_token()},
        RoundTripCase{"Unrecognized", unrecognized_client()},
        RoundTripCase{"Signature", invalid_signature_with_details("POST\n/x", "AWS4\nabc")},
        RoundTripCase{"ModelError", model_error("m", 503, std::string("r"))},
        RoundTripCase{"ModelNotReady", make_error(ErrorCode::kModelNotReady, "warming")},
        RoundTripCase{"Quota", make_error(ErrorCode::kServiceQuotaExceeded, "q")},
        RoundTripCase{"Conflict", make_error(ErrorCode::kConflict, "c")},
        RoundTripCase{"Incomplete", make_error(ErrorCode::kIncompleteSignature, "i")},
        RoundTripCase{"MissingToken", make_error(ErrorCode::kMissingAuthenticationToken, "t")}),
    [](const auto& param_info) { return param_info.param.name; });

TEST(ParseHttpError, FallsBackToBodyCodeThenTypeWhenTheHeaderIsAbsent) {
  const auto from_code = parse_http_error(
      ReceivedError{429, std::nullopt, std::nullopt, R"({"code":"ThrottlingException","message":"x"})"});
  ASSERT_TRUE(from_code.has_value());
  EXPECT_EQ(from_code->code, ErrorCode::kThrottling);
  // The hand-written pydantic-ai shape (reference §8 "suspect"): still understood.
  const auto from_type = parse_http_error(ReceivedError{
      429, std::nullopt, std::nullopt, R"({"__type":"ThrottlingException","message":"Rate exceeded"})"});
  ASSERT_TRUE(from_type.has_value());
  EXPECT_EQ(from_type->code, ErrorCode::kThrottling);
  EXPECT_EQ(from_type->message, "Rate exceeded");
  EXPECT_TRUE(from_type->extra.empty());
}

TEST(ParseHttpError, PrefersTheHeaderOverTheBody) {
  const auto parsed = parse_http_error(ReceivedError{
      400, "ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/",
      std::nullopt, R"({"__type":"ThrottlingException","message":"m"})"});
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->code, ErrorCode::kValidation);
}

TEST(ParseHttpError, TellsCoralAccessDeniedApartByHeaderOrCapitalKey) {
  const auto by_header = parse_http_error(ReceivedError{
      403, "AccessDeniedException:http://internal.amazon.com/coral/com.amazon.coral.service/",
      std::nullopt, R"({"Message":"Authorization header is missing"})"});
  ASSERT_TRUE(by_header.has_value());
  EXPECT_EQ(by_header->code, ErrorCode::kCoralAccessDenied);
  EXPECT_EQ(by_header->message, "Authorization header is missing");
  const auto by_key = parse_http_error(ReceivedError{
      403, std::nullopt, std::nullopt, R"({"__type":"AccessDeniedException","Message":"x"})"});
  ASSERT_TRUE(by_key.has_value());
  EXPECT_EQ(by_key->code, ErrorCode::kCoralAccessDenied);
  const auto bedrock = parse_http_error(ReceivedError{
      403, "AccessDeniedException:http://internal.amazon.com/coral/com.amazon.bedrock/",
      std::nullopt, R"({"message":"You don't have access"})"});
  ASSERT_TRUE(bedrock.has_value());
  EXPECT_EQ(bedrock->code, ErrorCode::kAccessDenied);
}

TEST(ParseHttpError, ReportsUnknownCodesAndBodiesWithoutACode) {
  const auto unknown = parse_http_error(ReceivedError{
      400, "InternalFailure:http://internal.amazon.com/coral/com.amazon.coral.service/", "rid",
      R"({"Message":"Something new"})"});
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(unknown.error(), (UnrecognizedError{400, "InternalFailure", "Something new", "rid"}));
  const auto serialization = parse_http_error(ReceivedError{
      400, "SerializationException:http://internal.amazon.com/coral/com.amazon.coral.service/",
      "rid", R"({"Message":"Unexpected value type in payload"})"});
  ASSERT_TRUE(serialization.has_value());
  EXPECT_EQ(serialization->code, ErrorCode::kSerialization);
  EXPECT_EQ(serialization->message, "Unexpected value type in payload");
  const auto html = parse_http_error(
      ReceivedError{502, std::nullopt, std::nullopt, "<html>Bad Gateway</html>"});
  ASSERT_FALSE(html.has_value());
  EXPECT_EQ(html.error().http_status, 502);
  EXPECT_EQ(html.error().code, "");
  const auto not_object =
      parse_http_error(ReceivedError{400, std::nullopt, std::nullopt, "[1,2,{\"message\":3}]"});
  ASSERT_FALSE(not_object.has_value());
}

TEST(ParseStreamException, ReadsTheLowerCamelTypeAndMessage) {
  const auto frame = event_stream::make_exception(
      "throttlingException", R"({"message":"Too many requests, please wait before trying again."})");
  const auto parsed = parse_stream_exception(frame);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->code, ErrorCode::kThrottling);
  EXPECT_EQ(parsed->message, "Too many requests, please wait before trying again.");
}

TEST(ParseStreamException, RoundTripsEveryStreamableCode) {
  for (const ErrorSpec& spec : all_errors()) {
    if (spec.stream_name.empty()) continue;
    const ServiceError error = make_error(spec.code, "text");
    const auto frame = render_stream_exception(error, StreamKind::kResponseStream);
    ASSERT_TRUE(frame.has_value());
    const auto parsed = parse_stream_exception(*frame);
    ASSERT_TRUE(parsed.has_value()) << spec.wire_name;
    EXPECT_EQ(*parsed, error);
  }
}

TEST(ParseStreamException, RejectsUnknownTypesAndNonExceptionFrames) {
  EXPECT_FALSE(parse_stream_exception(event_stream::make_exception("weirdException", "{}")));
  EXPECT_FALSE(parse_stream_exception(event_stream::make_event("validationException", "{}")));
  EXPECT_FALSE(parse_stream_exception(event_stream::Message{}));
}

TEST(ClassifyForRetry, FollowsStandardModeForBedrockCodes) {
  EXPECT_EQ(classify_for_retry(429, "ThrottlingException"), RetryClass::kThrottling);
  EXPECT_EQ(classify_for_retry(429, "ModelNotReadyException"), RetryClass::kRetryableTrait);
  EXPECT_EQ(classify_for_retry(500, "InternalServerException"), RetryClass::kTransient);
  EXPECT_EQ(classify_for_retry(503, "ServiceUnavailableException"), RetryClass::kTransient);
  EXPECT_EQ(classify_for_retry(502, ""), RetryClass::kTransient);
  EXPECT_EQ(classify_for_retry(408, "ModelTimeoutException"), RetryClass::kNotRetryable);
  EXPECT_EQ(classify_for_retry(400, "ServiceQuotaExceededException"), RetryClass::kNotRetryable);
  EXPECT_EQ(classify_for_retry(424, "ModelErrorException"), RetryClass::kNotRetryable);
  EXPECT_EQ(classify_for_retry(400, "RequestTimeout"), RetryClass::kTransient);
}

TEST(ClassifyForRetry, AgreesWithTheCatalogFlags) {
  for (const ErrorSpec& spec : all_errors()) {
    const RetryClass retry = classify_for_retry(spec.http_status, spec.wire_name);
    EXPECT_EQ(retry != RetryClass::kNotRetryable, spec.retryable) << spec.wire_name;
    EXPECT_EQ(retry == RetryClass::kThrottling, spec.throttling) << spec.wire_name;
  }
}

TEST(ReasonPhrase, CoversEveryCatalogStatus) {
  for (const ErrorSpec& spec : all_errors()) {
    EXPECT_NE(reason_phrase(spec.http_status), "Unknown") << spec.http_status;
  }
  EXPECT_EQ(reason_phrase(424), "Failed Dependency");
  EXPECT_EQ(reason_phrase(999), "Unknown");
}

}  // namespace
}  // namespace bedrock::errors
