// Simulator::resolve: what the real service answers for a model ID in a Region, before any
// content (reference §8, §9; issue #3 "Simulation from the catalog").
#include "bedrock/mock/simulator.hpp"
#include "bedrock/protocol/error_messages.hpp"
#include "bedrock/protocol/model_id.hpp"
#include "simulate/synthetic_reply.hpp"

namespace bedrock::mock {
namespace {

using errors::ErrorCode;
using errors::ServiceError;
using operations::Operation;

// A model offered in the Region with neither ON_DEMAND nor INFERENCE_PROFILE (provisioned
// only, e.g. context-window variants). Widely reported text; not in the reference's samples.
ServiceError no_on_demand_at_all() {
  return errors::make_error(ErrorCode::kValidation,
                            "The provided model doesn't support on-demand throughput.");
}

// Converse on a model without text output (embeddings, images). Unverified wording.
ServiceError not_a_chat_model() {
  return errors::make_error(ErrorCode::kValidation,
                            "This action doesn't support the model that you provided. Try again "
                            "with a supported text or chat model.");
}

// Seen from the real service (aws-samples/amazon-bedrock-client-for-mac#112, 53-byte body).
ServiceError streaming_unsupported() {
  return errors::make_error(ErrorCode::kValidation, "The model is unsupported for streaming.");
}

bool invokes_model(Operation op) {
  return op == Operation::kConverse || op == Operation::kConverseStream ||
         op == Operation::kInvokeModel || op == Operation::kInvokeModelWithResponseStream ||
         op == Operation::kInvokeModelWithBidirectionalStream;
}

bool streams(Operation op) {
  return op == Operation::kConverseStream || op == Operation::kInvokeModelWithResponseStream ||
         op == Operation::kInvokeModelWithBidirectionalStream;
}

}  // namespace

Expected<ResolvedModel, ServiceError> Simulator::resolve(Operation op, const std::string& model_id,
                                                         const std::string& region,
                                                         std::string_view request_body) const {
  const auto parsed = model_id::parse_model_id(model_id);
  if (!parsed || !catalog_.knows_region(region)) {
    return unexpected(errors::invalid_model_identifier());
  }
  ResolvedModel resolved;
  resolved.requested_id = model_id;
  resolved.source_region = region;
  resolved.served_region = region;
  const bool arn_elsewhere =
      parsed->is_arn() &&
      (parsed->region != region || parsed->partition != model_id::partition_of_region(region));

  switch (parsed->kind) {
    case model_id::ModelIdKind::kFoundationModelArn:
    case model_id::ModelIdKind::kFoundationModel: {
      // A foundation-model ARN names one Region (the Region-less form belongs to global
      // profiles' model lists, not to callers).
      if (arn_elsewhere) return unexpected(errors::invalid_model_identifier());
      const CatalogModel* model = catalog_.find_model(parsed->base_model_id);
      if (model == nullptr || !model->offered_in(region)) {
        return unexpected(errors::invalid_model_identifier());
      }
      if (model->lifecycle == Lifecycle::kLegacy) return unexpected(errors::legacy_model());
      resolved.model = model;
      // CountTokens takes the base ID even where invocation needs a profile (reference §4).
      if (invokes_model(op) && !model->supports(region, InferenceType::kOnDemand)) {
        if (model->supports(region, InferenceType::kInferenceProfile)) {
          return unexpected(errors::on_demand_throughput_not_supported(model_id));
        }
        return unexpected(no_on_demand_at_all());
      }
      break;
    }
    case model_id::ModelIdKind::kInferenceProfileArn:
    case model_id::ModelIdKind::kSystemProfile: {
      // System profiles are addressed with the caller's Region and account (reference §9).
      if (arn_elsewhere || (parsed->is_arn() && parsed->account != catalog_.account())) {
        return unexpected(errors::invalid_model_identifier());
      }
      const auto profile_id = parsed->profile_id();
      const auto ref = profile_id ? catalog_.find_profile(*profile_id) : std::nullopt;
      const std::vector<std::string>* destinations =
          ref ? ref->profile->destinations_from(region) : nullptr;
      // A profile of another geography is simply not there in this Region.
      if (destinations == nullptr) return unexpected(errors::invalid_model_identifier());
      if (ref->model->lifecycle == Lifecycle::kLegacy) return unexpected(errors::legacy_model());
      resolved.model = ref->model;
      resolved.via_profile = true;
      resolved.profile_id = *profile_id;
      resolved.destinations = *destinations;
      synth::Seed route(request_body, "route");
      resolved.served_region = (*destinations)[route.between(0, destinations->size() - 1)];
      break;
    }
    default:
      // Application profiles, provisioned and custom models, prompts, routers: the catalog
      // holds none, so they do not exist in this account.
      return unexpected(errors::invalid_model_identifier());
  }

  if ((op == Operation::kConverse || op == Operation::kConverseStream) &&
      !resolved.model->outputs("TEXT")) {
    return unexpected(not_a_chat_model());
  }
  if (streams(op) && !resolved.model->response_streaming_supported) {
    return unexpected(streaming_unsupported());
  }
  return resolved;
}

}  // namespace bedrock::mock
