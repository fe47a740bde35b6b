#include "bedrock/mock/simulator.hpp"

#include <utility>

#include "bedrock/mock/control_plane.hpp"
#include "bedrock/protocol/encoding.hpp"
#include "simulate/answer_renderers.hpp"

namespace bedrock::mock {

SimulatedAnswer error_answer(const errors::ServiceError& error) {
  const errors::WireResponse wire = errors::render_http_error(error);
  SimulatedAnswer answer;
  answer.status = wire.status;
  for (const auto& [name, value] : wire.headers) {
    // The pipeline owns request IDs (one per exchange, also in the journal).
    if (encoding::to_lower(name) == "x-amzn-requestid") continue;
    answer.headers.emplace_back(name, value);
  }
  answer.body = wire.body;
  answer.error = error;
  return answer;
}

SimulatedAnswer not_simulated_answer(operations::Operation op) {
  return error_answer(errors::make_error(errors::ErrorCode::kValidation,
                                         "bedrock-mock does not simulate " +
                                             std::string(operations::name_of(op)) +
                                             "; record a cassette or add a rule for it."));
}

Simulator::Simulator(ModelCatalog catalog) : catalog_(std::move(catalog)) {}

SimulatedAnswer Simulator::answer(operations::Operation op, const ResolvedModel& model,
                                  const SimulationRequest& request) const {
  using operations::Operation;
  switch (op) {
    case Operation::kConverse:
      return render::converse(model, request);
    case Operation::kConverseStream:
      return render::converse_stream(model, request);
    case Operation::kInvokeModel:
      return render::invoke_model(model, request, /*stream=*/false);
    case Operation::kInvokeModelWithResponseStream:
      return render::invoke_model(model, request, /*stream=*/true);
    case Operation::kCountTokens:
      return render::count_tokens(model, request);
    default:
      break;
  }
  return not_simulated_answer(op);
}

TokenEstimate Simulator::estimate_tokens(operations::Operation op, const ResolvedModel& model,
                                         std::string_view request_body) const {
  using operations::Operation;
  std::optional<synth::ReplyPlan> plan;
  if (op == Operation::kConverse || op == Operation::kConverseStream) {
    const nlohmann::json body = nlohmann::json::parse(request_body, nullptr, false);
    if (body.is_object()) plan = render::converse_plan(body);
  } else if (render::has_native_dialect(model.family())) {
    if (auto native = render::native_plan(model.family(), request_body)) plan = std::move(*native);
  }
  if (!plan) return {synth::estimate_tokens(request_body), std::nullopt};
  return {synth::estimate_tokens(plan->input_text), plan->max_tokens};
}

SimulatedAnswer Simulator::answer_control_plane(operations::Operation op,
                                                const operations::RequestTarget& target,
                                                const std::string& region) const {
  return mock::answer_control_plane(catalog_, op, target, region);
}

namespace render {

std::string padded_payload(nlohmann::json payload, synth::Seed& padding_seed) {
  payload["p"] = synth::padding(padding_seed);
  return payload.dump();
}

std::string request_header(const SimulationRequest& request, std::string_view name) {
  const std::string* value = find_header(request.headers, name);
  return value == nullptr ? std::string() : *value;
}

}  // namespace render
}  // namespace bedrock::mock
