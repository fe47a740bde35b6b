#pragma once
// The control-plane operations (bedrock.<region>.amazonaws.com) answered from the catalog:
// ListFoundationModels, GetFoundationModel, ListInferenceProfiles, GetInferenceProfile
// (reference §9). Consistent with Simulator::resolve: a profile listed in Region R works on
// Converse in R, a model listed with ON_DEMAND in R works by its base ID there.
#include <string>

#include "bedrock/mock/model_catalog.hpp"
#include "bedrock/mock/simulated_answer.hpp"
#include "bedrock/protocol/operation.hpp"

namespace bedrock::mock {

// Answers a control-plane request addressed to `region`. Operations it does not simulate
// (Create/DeleteInferenceProfile) and runtime operations answer a ValidationException that
// says so.
SimulatedAnswer answer_control_plane(const ModelCatalog& catalog, operations::Operation op,
                                     const operations::RequestTarget& target,
                                     const std::string& region);

// Texts chosen for errors the reference has no sample of (documented in docs/catalog.md).
inline constexpr std::string_view kFoundationModelNotFound =
    "Could not resolve the foundation model from the provided model identifier.";
inline constexpr std::string_view kInvalidNextToken = "The provided nextToken is not valid.";

// The page size when maxResults is absent (the service model gives no default).
inline constexpr int kDefaultMaxResults = 1000;

}  // namespace bedrock::mock
