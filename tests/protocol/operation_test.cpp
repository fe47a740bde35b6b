#include "bedrock/protocol/operation.hpp"

#include <gtest/gtest.h>

#include <cctype>
#include <random>

namespace bedrock::operations {
namespace {

using namespace std::string_literals;
using enum Operation;

std::string test_name(std::string text) {
  for (char& c : text) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return text.empty() ? "empty" : text.substr(0, 100);
}

// ---- Targets that route ----

struct RouteCase {
  std::string method;
  std::string target;
  Operation operation;
  std::string identifier;
  std::string raw_identifier;
  std::string guardrail_version = {};
  std::vector<QueryParameter> query = {};
};

class RoutedTarget : public ::testing::TestWithParam<RouteCase> {};
void PrintTo(const RouteCase& route, std::ostream* out) { *out << route.method << ' ' << route.target; }

TEST_P(RoutedTarget, ResolvesOperationIdentifierAndQuery) {
  const RouteCase& want = GetParam();
  const auto parsed = parse_request_target(want.method, want.target);
  ASSERT_TRUE(parsed.has_value()) << want.target << ": " << parsed.error().detail;
  EXPECT_EQ(parsed->operation, want.operation) << name_of(parsed->operation);
  EXPECT_EQ(parsed->identifier, want.identifier);
  EXPECT_EQ(parsed->raw_identifier, want.raw_identifier);
  EXPECT_EQ(parsed->guardrail_version, want.guardrail_version);
  EXPECT_EQ(parsed->query, want.query);
}

const std::string kAppProfileArn =
    "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123xyz";
const std::string kAppProfileArnEncoded =
    "arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Aapplication-inference-profile%2Fabc123xyz";

INSTANTIATE_TEST_SUITE_P(
    Reference, RoutedTarget,
    ::testing::Values(
        // boto3 escapes ':' (reference §3 rule 1).
        RouteCase{"POST", "/model/us.anthropic.claude-3-5-sonnet-20241022-v2%3A0/converse",
                  kConverse, "us.anthropic.claude-3-5-sonnet-20241022-v2:0",
                  "us.anthropic.claude-3-5-sonnet-20241022-v2%3A0"},
        // The Anthropic SDK leaves ':' raw (reference §3 rule 3).
        RouteCase{"POST", "/model/eu.anthropic.claude-haiku-4-5-20251001-v1:0/invoke", kInvokeModel,
                  "eu.anthropic.claude-haiku-4-5-20251001-v1:0",
                  "eu.anthropic.claude-haiku-4-5-20251001-v1:0"},
        RouteCase{"POST", "/model/" + kAppProfileArnEncoded + "/converse", kConverse,
                  kAppProfileArn, kAppProfileArnEncoded},
        RouteCase{"POST",
                  "/model/arn%3aaws%3abedrock%3aus-east-1%3a123456789012%3a"
                  "application-inference-profile%2fabc123xyz/converse-stream",
                  kConverseStream, kAppProfileArn,
                  "arn%3aaws%3abedrock%3aus-east-1%3a123456789012%3a"
                  "application-inference-profile%2fabc123xyz"},
        // Raw ':' with an escaped '/' (aws-sdk-cpp legacy encoding).
        RouteCase{"POST",
                  "/model/arn:aws:bedrock:us-east-1:123456789012:application-inference-profile%2F"
                  "abc123xyz/invoke-with-response-stream",
                  kInvokeModelWithResponseStream, kAppProfileArn,
                  "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile%2F"
                  "abc123xyz"},
        RouteCase{"POST", "/model/amazon.nova-sonic-v1%3A0/invoke-with-bidirectional-stream",
                  kInvokeModelWithBidirectionalStream, "amazon.nova-sonic-v1:0",
                  "amazon.nova-sonic-v1%3A0"},
        RouteCase{"POST", "/model/anthropic.claude-3-5-haiku-20241022-v1%3A0/count-tokens",
                  kCountTokens, "anthropic.claude-3-5-haiku-20241022-v1:0",
                  "anthropic.claude-3-5-haiku-20241022-v1%3A0"},
        RouteCase{"POST", "/model/amazon.titan-text-express-v1/invoke?x-id=InvokeModel",
                  kInvokeModel, "amazon.titan-text-express-v1", "amazon.titan-text-express-v1", "",
                  {{"x-id", "InvokeModel"}}},
        RouteCase{"POST", "/guardrail/abc123def456/version/DRAFT/apply", kApplyGuardrail,
                  "abc123def456", "abc123def456", "DRAFT"},
        RouteCase{"POST",
                  "/guardrail/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Aguardrail%2Fabc/"
                  "version/3/apply",
                  kApplyGuardrail, "arn:aws:bedrock:us-east-1:123456789012:guardrail/abc",
                  "arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Aguardrail%2Fabc", "3"},
        RouteCase{"POST", "/guardrail-checks/invoke", kInvokeGuardrailChecks, "", ""},
        RouteCase{"POST", "/async-invoke", kStartAsyncInvoke, "", ""},
        RouteCase{"GET", "/async-invoke?maxResults=10&statusEquals=Completed&nextToken=a%2Bb+c",
                  kListAsyncInvokes, "", "", "",
                  {{"maxResults", "10"}, {"statusEquals", "Completed"}, {"nextToken", "a+b c"}}},
        RouteCase{"GET", "/async-invoke?&flag&empty=&&", kListAsyncInvokes, "", "", "",
                  {{"flag", ""}, {"empty", ""}}},
        RouteCase{"GET",
                  "/async-invoke/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Aasync-invoke%2F"
                  "q1w2e3r4t5y6",
                  kGetAsyncInvoke, "arn:aws:bedrock:us-east-1:123456789012:async-invoke/q1w2e3r4t5y6",
                  "arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Aasync-invoke%2Fq1w2e3r4t5y6"},
        RouteCase{"GET", "/foundation-models?byProvider=anthropic&byInferenceType=ON_DEMAND",
                  kListFoundationModels, "", "", "",
                  {{"byProvider", "anthropic"}, {"byInferenceType", "ON_DEMAND"}}},
        RouteCase{"GET", "/foundation-models/anthropic.claude-3-sonnet-20240229-v1%3A0%3A28k",
                  kGetFoundationModel, "anthropic.claude-3-sonnet-20240229-v1:0:28k",
                  "anthropic.claude-3-sonnet-20240229-v1%3A0%3A28k"},
        RouteCase{"GET", "/inference-profiles?type=SYSTEM_DEFINED&maxResults=1000",
                  kListInferenceProfiles, "", "", "",
                  {{"type", "SYSTEM_DEFINED"}, {"maxResults", "1000"}}},
        // The control-plane call recorded in dd-trace-py bedrock_converse_inference_profile.yaml.
        RouteCase{"GET",
                  "/inference-profiles/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3A"
                  "application-inference-profile%2F1arbu5hu2sjr",
                  kGetInferenceProfile,
                  "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/"
                  "1arbu5hu2sjr",
                  "arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3A"
                  "application-inference-profile%2F1arbu5hu2sjr"},
        RouteCase{"GET", "/inference-profiles/us.anthropic.claude-3-5-sonnet-20240620-v1:0",
                  kGetInferenceProfile, "us.anthropic.claude-3-5-sonnet-20240620-v1:0",
                  "us.anthropic.claude-3-5-sonnet-20240620-v1:0"},
        RouteCase{"POST", "/inference-profiles", kCreateInferenceProfile, "", ""},
        RouteCase{"DELETE", "/inference-profiles/abc123xyz", kDeleteInferenceProfile, "abc123xyz",
                  "abc123xyz"},
        RouteCase{"POST", "http://bedrock-runtime.us-east-1.amazonaws.com/model/a.b/converse",
                  kConverse, "a.b", "a.b"},
        RouteCase{"GET", "HTTPS://bedrock.us-east-1.amazonaws.com:443/foundation-models?a=b",
                  kListFoundationModels, "", "", "", {{"a", "b"}}}),
    [](const auto& param_info) {
      return param_info.param.method + "_" + test_name(param_info.param.target) + "_" +
             std::to_string(param_info.index);
    });

TEST(RequestTarget, KeepsRawPathAndRawQueryAsReceived) {
  const auto parsed = parse_request_target("GET", "/async-invoke?nextToken=a%2Bb");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->raw_path, "/async-invoke");
  EXPECT_EQ(parsed->raw_query, "nextToken=a%2Bb");
  EXPECT_EQ(parsed->query_value("nextToken"), "a+b");
  EXPECT_EQ(parsed->query_value("missing"), std::nullopt);
}

// ---- Targets that do not route ----

struct RejectCase {
  std::string method;
  std::string target;
  TargetErrorKind kind;
};
class RejectedTarget : public ::testing::TestWithParam<RejectCase> {};
void PrintTo(const RejectCase& reject, std::ostream* out) {
  *out << reject.method << ' ' << ::testing::PrintToString(reject.target.substr(0, 80));
}

TEST_P(RejectedTarget, GivesTheExpectedTypedError) {
  const auto parsed = parse_request_target(GetParam().method, GetParam().target);
  ASSERT_FALSE(parsed.has_value()) << GetParam().target << " -> "
                                   << name_of(parsed->operation);
  EXPECT_EQ(parsed.error().kind, GetParam().kind)
      << GetParam().target << ": " << to_string(parsed.error().kind) << " "
      << parsed.error().detail;
  EXPECT_FALSE(parsed.error().detail.empty());
}

using TK = TargetErrorKind;
INSTANTIATE_TEST_SUITE_P(
    Reference, RejectedTarget,
    ::testing::Values(
        // An unescaped '/' inside an ARN: no operation (HTTP 200 UnknownOperationException, §3.4).
        RejectCase{"POST", "/model/" + std::string("arn:aws:bedrock:us-east-1:123456789012:"
                                                   "application-inference-profile/abc123xyz") +
                               "/converse",
                   TK::kUnknownOperation},
        RejectCase{"POST", "/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3A"
                           "application-inference-profile/abc123xyz/converse",
                   TK::kUnknownOperation},
        RejectCase{"GET", "/inference-profiles/arn:aws:bedrock:us-east-1:1:x/y", TK::kUnknownOperation},
        RejectCase{"POST", "/model//converse", TK::kUnknownOperation},
        RejectCase{"POST", "/model/a.b/converse/", TK::kUnknownOperation},
        RejectCase{"POST", "//model/a.b/converse", TK::kUnknownOperation},
        RejectCase{"POST", "/model/a.b", TK::kUnknownOperation},
        RejectCase{"POST", "/model/a.b/", TK::kUnknownOperation},
        RejectCase{"POST", "/model/a.b/chat", TK::kUnknownOperation},
        RejectCase{"POST", "/Model/a.b/converse", TK::kUnknownOperation},
        RejectCase{"POST", "/model/a.b/Converse", TK::kUnknownOperation},
        RejectCase{"POST", "/model/a.b/conver%73e", TK::kUnknownOperation},
        RejectCase{"POST", "/", TK::kUnknownOperation},
        RejectCase{"POST", "/?x=1", TK::kUnknownOperation},
        RejectCase{"POST", "/guardrail/abc/version//apply", TK::kUnknownOperation},
        RejectCase{"POST", "/guardrail/abc/apply", TK::kUnknownOperation},
        RejectCase{"GET", "/async-invoke/", TK::kUnknownOperation},
        RejectCase{"GET", "/foundation-models/", TK::kUnknownOperation},
        RejectCase{"GET", "/model/a.b/converse", TK::kMethodNotAllowed},
        RejectCase{"post", "/model/a.b/converse", TK::kMethodNotAllowed},
        RejectCase{"PUT", "/inference-profiles/abc", TK::kMethodNotAllowed},
        RejectCase{"DELETE", "/async-invoke", TK::kMethodNotAllowed},
        RejectCase{"POST", "/foundation-models", TK::kMethodNotAllowed},
        RejectCase{"POST", "", TK::kMalformedTarget},
        RejectCase{"POST", "*", TK::kMalformedTarget},
        RejectCase{"POST", "model/a.b/converse", TK::kMalformedTarget},
        RejectCase{"POST", "/model/a%ZZ/converse", TK::kMalformedTarget},
        RejectCase{"POST", "/model/a%3/converse", TK::kMalformedTarget},
        RejectCase{"POST", "/model/%/converse", TK::kMalformedTarget},
        RejectCase{"POST", "/guardrail/abc/version/%G1/apply", TK::kMalformedTarget},
        RejectCase{"GET", "/async-invoke?maxResults=%G1", TK::kMalformedTarget},
        RejectCase{"GET", "/async-invoke?%=1", TK::kMalformedTarget},
        RejectCase{"POST", "/model/a b/converse", TK::kMalformedTarget},
        RejectCase{"POST", "/model/a.b/converse#frag", TK::kMalformedTarget},
        RejectCase{"POST", "/model/a\r\nX-Injected: 1/converse", TK::kMalformedTarget},
        RejectCase{"POST", "/model/a\0b/converse"s, TK::kMalformedTarget},
        RejectCase{"POST", "/model/" + std::string(kMaxTargetLength, 'a') + "/converse",
                   TK::kMalformedTarget}),
    [](const auto& param_info) {
      return param_info.param.method + "_" + test_name(param_info.param.target) + "_" +
             std::to_string(param_info.index);
    });

TEST(MethodNotAllowed, NamesTheOperationsThePathBelongsTo) {
  const auto parsed = parse_request_target("PUT", "/inference-profiles/abc");
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().path_matches,
            (std::vector<Operation>{kGetInferenceProfile, kDeleteInferenceProfile}));
  const auto converse = parse_request_target("GET", "/model/a.b/converse");
  ASSERT_FALSE(converse.has_value());
  EXPECT_EQ(converse.error().path_matches, (std::vector<Operation>{kConverse}));
}

TEST(RequestTargetHostileInput, RandomTargetsNeverCrash) {
  std::mt19937 generator(424242);
  const std::string alphabet = "/model%3A2Fconverse-stream?=&:.arn+#\0\xFF \r\n"s;
  const std::vector<std::string> prefixes{"", "/model/", "/guardrail/", "/async-invoke",
                                          "/inference-profiles/"};
  for (int round = 0; round < 5000; ++round) {
    std::string target = prefixes[generator() % prefixes.size()];
    const std::size_t length = generator() % 120;
    for (std::size_t i = 0; i < length; ++i) {
      target += (generator() % 5 == 0) ? static_cast<char>(generator() % 256)
                                       : alphabet[generator() % alphabet.size()];
    }
    const auto parsed = parse_request_target(round % 2 ? "POST" : "GET", target);
    if (parsed) {
      EXPECT_FALSE(name_of(parsed->operation).empty());
    } else {
      EXPECT_FALSE(to_string(parsed.error().kind).empty());
    }
  }
}

// ---- Operation metadata ----

TEST(OperationInfo, IamActionsFollowTheServiceDocumentation) {
  EXPECT_EQ(info_of(kConverse).iam_action, "bedrock:InvokeModel");
  EXPECT_EQ(info_of(kConverseStream).iam_action, "bedrock:InvokeModelWithResponseStream");
  EXPECT_EQ(info_of(kInvokeModel).iam_action, "bedrock:InvokeModel");
  EXPECT_EQ(info_of(kInvokeModelWithResponseStream).iam_action,
            "bedrock:InvokeModelWithResponseStream");
  EXPECT_EQ(info_of(kCountTokens).iam_action, "bedrock:CountTokens");
  EXPECT_EQ(info_of(kStartAsyncInvoke).iam_action, "bedrock:InvokeModel");
  EXPECT_EQ(info_of(kApplyGuardrail).iam_action, "bedrock:ApplyGuardrail");
  EXPECT_EQ(info_of(kGetInferenceProfile).iam_action, "bedrock:GetInferenceProfile");
}

TEST(OperationInfo, OnlyTheThreeStreamingOperationsAnswerWithAnEventStream) {
  std::vector<Operation> streaming;
  for (const OperationInfo& entry : all_operations()) {
    if (entry.event_stream_response) streaming.push_back(entry.operation);
  }
  EXPECT_EQ(streaming, (std::vector<Operation>{kConverseStream, kInvokeModelWithResponseStream,
                                               kInvokeModelWithBidirectionalStream}));
}

TEST(OperationInfo, PlanesAndNamesAreConsistent) {
  int runtime = 0;
  for (const OperationInfo& entry : all_operations()) {
    EXPECT_EQ(find_operation(entry.name), entry.operation);
    EXPECT_EQ(&info_of(entry.operation), &entry);
    if (entry.plane == Plane::kRuntime) ++runtime;
  }
  EXPECT_EQ(runtime, 11);  // the 11 operations of the runtime model (reference §2)
  EXPECT_EQ(all_operations().size(), 17u);
  EXPECT_EQ(find_operation("Chat"), std::nullopt);
  EXPECT_EQ(info_of(kCreateInferenceProfile).success_status, 201);
}

// ---- Building paths ----

TEST(BuildPath, EncodesTheWholeModelIdAsOneSegmentLikeBotocore) {
  EXPECT_EQ(build_path(kConverse, "us.anthropic.claude-3-5-sonnet-20241022-v2:0"),
            "/model/us.anthropic.claude-3-5-sonnet-20241022-v2%3A0/converse");
  EXPECT_EQ(build_path(kConverse, kAppProfileArn), "/model/" + kAppProfileArnEncoded + "/converse");
  EXPECT_EQ(build_path(kApplyGuardrail, "abc", "DRAFT"), "/guardrail/abc/version/DRAFT/apply");
  EXPECT_EQ(build_path(kListAsyncInvokes), "/async-invoke");
  EXPECT_EQ(build_path(kGetInferenceProfile, "us.amazon.nova-pro-v1:0"),
            "/inference-profiles/us.amazon.nova-pro-v1%3A0");
}

TEST(BuildPath, EveryOperationRoundTripsThroughTheRouter) {
  const std::vector<std::string> identifiers{"anthropic.claude-v2", kAppProfileArn,
                                             "weird id/with%stuff"};
  for (const OperationInfo& entry : all_operations()) {
    for (const std::string& identifier : identifiers) {
      const std::string path = build_path(entry.operation, identifier, "DRAFT");
      const auto parsed = parse_request_target(entry.method, path);
      ASSERT_TRUE(parsed.has_value()) << path;
      EXPECT_EQ(parsed->operation, entry.operation) << path;
      if (entry.identifier != IdentifierKind::kNone) {
        EXPECT_EQ(parsed->identifier, identifier);
      }
    }
  }
}

}  // namespace
}  // namespace bedrock::operations
