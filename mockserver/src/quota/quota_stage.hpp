#pragma once
// The pipeline's quota stage: which requests count against a quota, and a resolved request as
// the QuotaBook sees it (Region, on-demand or cross-Region, base model, access key, tokens).
#include "bedrock/mock/quotas.hpp"
#include "bedrock/mock/simulator.hpp"
#include "bedrock/protocol/http_request.hpp"
#include "bedrock/protocol/operation.hpp"

namespace bedrock::mock {

// Converse, ConverseStream, InvokeModel and InvokeModelWithResponseStream: the operations the
// runtime quotas are shared by (AWS: "shared across every inference API").
bool counts_against_quotas(operations::Operation op);

QuotaRequest quota_request(const HttpRequest& request, const ResolvedModel& model,
                           const TokenEstimate& estimate);

}  // namespace bedrock::mock
