#pragma once
// The replay stage's answer: a recorded interaction as the pipeline's answer, replayed as
// recorded. Matching and the cassette index are the protocol's (bedrock::replay::Replayer, shared
// with bedrock-record); the mock keeps the events rather than frames so that a rule can still
// inject into the stream, and frames them at the end like any answer (pipeline_answer.hpp).
#include "bedrock/protocol/cassette.hpp"
#include "pipeline/pipeline_answer.hpp"

namespace bedrock::mock {

// Status, headers and body bytes, or the events with their recorded offsets and the way the
// stream ended, or the recorded connection failure as a fault.
PipelineAnswer replayed_answer(const cassette::Interaction& interaction);

}  // namespace bedrock::mock
