#pragma once
// What a fired rule does to one request: an error before anything else, a connection
// fault, a delay, or a fault inside an otherwise normal event stream.
#include <optional>
#include <string>

#include "bedrock/mock/exchange.hpp"
#include "bedrock/mock/rules.hpp"
#include "bedrock/protocol/error_catalog.hpp"

namespace bedrock::mock {

// Facts the message templates and IAM denials are built from.
struct RuleContext {
  std::string operation;   // "Converse"
  std::string iam_action;  // "bedrock:InvokeModel"
  std::string model_id;    // as the caller sent it (decoded)
  std::string region;
  std::string account = "123456789012";
  std::string principal;  // default: an assumed role in `account`
};

struct StreamFault {
  RuleActionKind kind = RuleActionKind::kStreamException;
  uint64_t after_events = 0;
  std::optional<errors::ServiceError> error;  // kStreamException
};

struct RuleOutcome {
  std::optional<errors::ServiceError> error;
  Fault fault = Fault::kNone;
  double delay_ms = 0;
  std::optional<StreamFault> stream_fault;
  std::optional<WireFault> wire_fault;  // applied to the encoded frames
};

struct RuleOutcomeError {
  std::string message;
};

// Checks a rule's error name without a request (at load time).
Expected<errors::ErrorCode, RuleOutcomeError> error_code_by_name(const std::string& name);

Expected<RuleOutcome, RuleOutcomeError> outcome_of(const RuleAction& action,
                                                   const RuleContext& context);

// {modelId} {region} {operation} {action} {account} {principal} in a rule's message.
std::string expand_template(const std::string& text, const RuleContext& context);

// The resource ARN an IAM denial names: a system profile for geo-prefixed IDs, else the
// foundation model in `region` (reference §8, §9).
std::string denied_resource_arn(const RuleContext& context, const std::string& region);

}  // namespace bedrock::mock
