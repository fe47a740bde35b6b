#pragma once
// The wire shapes of simulated runtime answers, one renderer per operation (and per model
// family for InvokeModel). Each turns a synth::Reply into the bytes the real service sends.
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "bedrock/mock/simulated_answer.hpp"
#include "bedrock/mock/simulator.hpp"
#include "bedrock/protocol/error_catalog.hpp"
#include "bedrock/protocol/expected.hpp"
#include "simulate/synthetic_reply.hpp"

namespace bedrock::mock::render {

// ---- Converse / ConverseStream (converse_answer.cpp) -----------------------------------------

// The text a Converse request gives the model: system, messages and tool definitions.
std::string converse_input_text(const nlohmann::json& request);
synth::ReplyPlan converse_plan(const nlohmann::json& request);
SimulatedAnswer converse(const ResolvedModel& model, const SimulationRequest& request);
SimulatedAnswer converse_stream(const ResolvedModel& model, const SimulationRequest& request);

// ---- InvokeModel / InvokeModelWithResponseStream (native_answer.cpp) -------------------------

// Whether InvokeModel bodies of this family can be simulated.
bool has_native_dialect(std::string_view family);
// Reads a model-native body; a body the family's schema rejects gives the real "Malformed input
// request: ..." ValidationException.
Expected<synth::ReplyPlan, errors::ServiceError> native_plan(std::string_view family,
                                                             std::string_view body);
SimulatedAnswer invoke_model(const ResolvedModel& model, const SimulationRequest& request,
                             bool stream);

// ---- CountTokens (count_tokens_answer.cpp) ---------------------------------------------------

SimulatedAnswer count_tokens(const ResolvedModel& model, const SimulationRequest& request);

// ---- Shared pieces (simulator.cpp) -----------------------------------------------------------

// Event payload with the "p" padding member; nlohmann::json's sorted keys put it in place
// alphabetically, as the real service does (reference §5).
std::string padded_payload(nlohmann::json payload, synth::Seed& padding_seed);
// The value of a request header, or empty.
std::string request_header(const SimulationRequest& request, std::string_view name);

}  // namespace bedrock::mock::render
