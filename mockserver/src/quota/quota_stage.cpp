#include "quota/quota_stage.hpp"

#include <algorithm>

#include "bedrock/protocol/sigv4_authorization.hpp"

namespace bedrock::mock {

bool counts_against_quotas(operations::Operation op) {
  using operations::Operation;
  return op == Operation::kConverse || op == Operation::kConverseStream ||
         op == Operation::kInvokeModel || op == Operation::kInvokeModelWithResponseStream;
}

QuotaRequest quota_request(const HttpRequest& request, const ResolvedModel& model,
                           const TokenEstimate& estimate) {
  QuotaRequest out;
  // Quotas are the Region's the request was sent to, also for a profile that serves it
  // elsewhere (AWS: cross-Region quotas are per source Region).
  out.region = model.source_region;
  out.kind = model.via_profile ? InferenceKind::kCrossRegion : InferenceKind::kOnDemand;
  out.model_id = model.model->model_id;
  if (const std::string* authorization = request.find_header("authorization")) {
    // Unsigned requests and API keys have no access key ID: they share the "(none)" window.
    if (auto parsed = sigv4::parse_authorization(*authorization)) {
      out.access_key = parsed->access_key_id;
    }
  }
  out.input_tokens = static_cast<uint64_t>(std::max<long long>(0, estimate.input_tokens));
  if (estimate.max_tokens && *estimate.max_tokens >= 0) {
    out.max_tokens = static_cast<uint64_t>(*estimate.max_tokens);
  }
  return out;
}

}  // namespace bedrock::mock
