#include "bedrock/mock/rule_outcome.hpp"

#include <gtest/gtest.h>

namespace bedrock::mock {
namespace {

using errors::ErrorCode;

RuleContext context() {
  RuleContext c;
  c.operation = "Converse";
  c.iam_action = "bedrock:InvokeModel";
  c.model_id = "us.anthropic.claude-3-5-sonnet-20241022-v2:0";
  c.region = "us-east-1";
  c.principal = "arn:aws:sts::123456789012:assumed-role/app/session";
  return c;
}

RuleAction error_action(std::string code) {
  RuleAction action;
  action.kind = RuleActionKind::kError;
  action.error_code = std::move(code);
  return action;
}

TEST(RuleOutcome, ErrorsWithoutAMessageGetTheServiceUsualText) {
  auto outcome = outcome_of(error_action("ThrottlingException"), context());
  ASSERT_TRUE(outcome);
  ASSERT_TRUE(outcome->error);
  EXPECT_EQ(outcome->error->code, ErrorCode::kThrottling);
  EXPECT_EQ(outcome->error->message, "Too many requests, please wait before trying again.");
}

TEST(RuleOutcome, ValidationWithoutAMessageIsTheSeedOnDemandError) {
  auto outcome = outcome_of(error_action("ValidationException"), context());
  ASSERT_TRUE(outcome);
  EXPECT_NE(outcome->error->message.find("us.anthropic.claude-3-5-sonnet-20241022-v2:0 with "
                                         "on-demand throughput isn\xE2\x80\x99t supported"),
            std::string::npos);
}

TEST(RuleOutcome, MessagesExpandTemplates) {
  auto action = error_action("AccessDeniedException");
  action.message = "{operation} of {modelId} in {region} by {account}: {action} {unknown}";
  auto outcome = outcome_of(action, context());
  ASSERT_TRUE(outcome);
  EXPECT_EQ(outcome->error->message,
            "Converse of us.anthropic.claude-3-5-sonnet-20241022-v2:0 in us-east-1 by "
            "123456789012: bedrock:InvokeModel {unknown}");
}

TEST(RuleOutcome, ScpDenialNamesTheDestinationRegionFoundationModel) {
  auto action = error_action("AccessDeniedException");
  action.iam_deny = "scp";
  action.deny_region = "us-west-2";
  auto outcome = outcome_of(action, context());
  ASSERT_TRUE(outcome);
  EXPECT_EQ(outcome->error->code, ErrorCode::kCoralAccessDenied);
  EXPECT_EQ(outcome->error->message,
            "User: arn:aws:sts::123456789012:assumed-role/app/session is not authorized to "
            "perform: bedrock:InvokeModel on resource: "
            "arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-3-5-sonnet-20241022-v2:0 "
            "with an explicit deny in a service control policy");
}

TEST(RuleOutcome, VpcEndpointDenialNamesTheProfileArn) {
  auto action = error_action("AccessDeniedException");
  action.iam_deny = "vpc-endpoint-policy";
  auto outcome = outcome_of(action, context());
  ASSERT_TRUE(outcome);
  EXPECT_NE(outcome->error->message.find(
                "arn:aws:bedrock:us-east-1:123456789012:inference-profile/"
                "us.anthropic.claude-3-5-sonnet-20241022-v2:0 because no VPC endpoint policy "
                "allows the bedrock:InvokeModel action"),
            std::string::npos);
}

TEST(RuleOutcome, StreamFaultsKeepTheirEventCountAndError) {
  RuleAction action;
  action.kind = RuleActionKind::kStreamException;
  action.error_code = "modelStreamErrorException";
  action.after_events = 3;
  auto outcome = outcome_of(action, context());
  ASSERT_TRUE(outcome);
  ASSERT_TRUE(outcome->stream_fault);
  EXPECT_EQ(outcome->stream_fault->after_events, 3u);
  EXPECT_EQ(outcome->stream_fault->error->code, ErrorCode::kModelStreamError);
  EXPECT_FALSE(outcome->error);
}

TEST(RuleOutcome, ConnectionFaultsAndUnknownErrorNames) {
  RuleAction drop;
  drop.kind = RuleActionKind::kDropConnection;
  EXPECT_EQ(outcome_of(drop, context())->fault, Fault::kDropConnection);
  EXPECT_FALSE(outcome_of(error_action("NoSuchException"), context()));
  EXPECT_TRUE(error_code_by_name("ExpiredTokenException"));
  EXPECT_TRUE(error_code_by_name("throttlingException"));
}

}  // namespace
}  // namespace bedrock::mock
