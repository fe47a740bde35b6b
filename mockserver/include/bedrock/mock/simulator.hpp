#pragma once
// Simulation of the runtime API from the catalog (ARCHITECTURE "Simulation", issue #3):
// resolve() decides, from the model ID and the request's Region alone, what the real service
// would say (the on-demand-throughput ValidationException, invalid identifiers, profiles of
// another geography, legacy models); answer() produces deterministic synthetic content with
// the real shapes (Converse, ConverseStream, InvokeModel and its stream per model family,
// CountTokens). Same request, same bytes: no clock, no randomness.
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "bedrock/mock/exchange.hpp"
#include "bedrock/mock/model_catalog.hpp"
#include "bedrock/mock/simulated_answer.hpp"
#include "bedrock/protocol/error_catalog.hpp"
#include "bedrock/protocol/expected.hpp"
#include "bedrock/protocol/operation.hpp"

namespace bedrock::mock {

struct ResolvedModel {
  const CatalogModel* model = nullptr;  // points into the Simulator's catalog
  std::string requested_id;             // the decoded model ID as the caller sent it
  std::string source_region;            // the Region the request was sent to
  bool via_profile = false;
  std::string profile_id;                 // "us.anthropic...", when via_profile
  std::vector<std::string> destinations;  // the profile's destinations from source_region
  // The Region that serves the request: source_region, or one of `destinations` picked from a
  // hash of the request body (deterministic).
  std::string served_region;

  const std::string& family() const { return model->family; }
};

// What a request asks of a model before it is answered: the input tokens (the same estimate
// as CountTokens) and the maxTokens it names, which a quota reserves.
struct TokenEstimate {
  long long input_tokens = 0;
  std::optional<long long> max_tokens;
};

// Views of the request being answered (nothing is copied per request); they must outlive the
// answer() call.
struct SimulationRequest {
  std::string_view body;
  const HeaderList& headers;  // Accept / X-Amzn-Bedrock-Accept, Content-Type, ... (any case)
  std::string_view region;
  // The body already parsed by validation (a JSON object), so the renderers do not parse it
  // again; null: they parse `body` themselves.
  const nlohmann::json* parsed_body = nullptr;
};

class Simulator {
 public:
  explicit Simulator(ModelCatalog catalog);

  const ModelCatalog& catalog() const { return catalog_; }

  // `model_id` is the decoded path label. `request_body` only picks the destination Region of
  // a cross-Region profile; it may be empty.
  Expected<ResolvedModel, errors::ServiceError> resolve(operations::Operation op,
                                                        const std::string& model_id,
                                                        const std::string& region,
                                                        std::string_view request_body = {}) const;

  // A deterministic synthetic answer for a runtime operation whose model resolved. Bodies
  // the simulator cannot read (not JSON, required members missing) answer with the real
  // ValidationException texts; operations it does not simulate answer a ValidationException
  // that says so.
  SimulatedAnswer answer(operations::Operation op, const ResolvedModel& model,
                         const SimulationRequest& request) const;

  // Converse, ConverseStream, InvokeModel and its stream; a body the model's dialect cannot
  // read counts about a token per four bytes and names no maxTokens.
  TokenEstimate estimate_tokens(operations::Operation op, const ResolvedModel& model,
                                std::string_view request_body) const;

  // The control plane from the same catalog (control_plane.hpp).
  SimulatedAnswer answer_control_plane(operations::Operation op,
                                       const operations::RequestTarget& target,
                                       const std::string& region) const;

 private:
  ModelCatalog catalog_;
};

}  // namespace bedrock::mock
