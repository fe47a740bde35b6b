// CountTokens: {"input":{"converse":{...}}} or {"input":{"invokeModel":{"body":"<base64>"}}}
// -> {"inputTokens":N} (reference §2, §4). The count is the same estimate Converse and
// InvokeModel put in their usage for the same content, so a client sees consistent numbers.
#include "bedrock/protocol/encoding.hpp"
#include "bedrock/protocol/error_messages.hpp"
#include "simulate/answer_renderers.hpp"

namespace bedrock::mock::render {
namespace {

using nlohmann::json;

errors::ServiceError missing_input() {
  const errors::ConstraintViolation violation{"input", errors::constraint_not_null()};
  return errors::shape_validation({&violation, 1});
}

}  // namespace

SimulatedAnswer count_tokens(const ResolvedModel& model, const SimulationRequest& request) {
  const json body = json::parse(request.body.begin(), request.body.end(), nullptr,
                                /*allow_exceptions=*/false);
  const json* input = nullptr;
  if (body.is_object()) {
    const auto it = body.find("input");
    if (it != body.end() && it->is_object()) input = &*it;
  }
  if (input == nullptr) return error_answer(missing_input());

  long long tokens = 0;
  if (const auto converse = input->find("converse"); converse != input->end()) {
    tokens = synth::estimate_tokens(converse_input_text(*converse));
  } else if (const auto invoke = input->find("invokeModel"); invoke != input->end()) {
    const auto encoded = invoke->find("body");
    if (encoded == invoke->end() || !encoded->is_string()) {
      const errors::ConstraintViolation violation{"input.invokeModel.body",
                                                  errors::constraint_not_null()};
      return error_answer(errors::shape_validation({&violation, 1}));
    }
    const auto decoded = encoding::base64_decode(encoded->get<std::string>());
    if (!decoded) {
      return error_answer(errors::malformed_input_request("body is not valid base64"));
    }
    auto plan = native_plan(model.family(), *decoded);
    if (!plan) return error_answer(plan.error());
    tokens = synth::estimate_tokens(plan->input_text);
  } else {
    return error_answer(missing_input());
  }

  SimulatedAnswer answer;
  answer.headers = {{"Content-Type", "application/json"}};
  answer.body = json{{"inputTokens", tokens}}.dump();
  return answer;
}

}  // namespace bedrock::mock::render
