#include "bedrock/mock/recorded_answer.hpp"

#include <string>

#include "pipeline_answer.hpp"

namespace bedrock::mock {

ExchangeResponse exchange_from_interaction(const cassette::Interaction& interaction) {
  std::string problem;  // cannot happen for a loaded cassette (validated)
  return to_exchange_response(PipelineAnswer::from_interaction(interaction), problem);
}

}  // namespace bedrock::mock
