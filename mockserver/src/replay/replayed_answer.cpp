#include "replay/replayed_answer.hpp"

namespace bedrock::mock {

PipelineAnswer replayed_answer(const cassette::Interaction& interaction) {
  PipelineAnswer answer;
  const auto copy_headers = [&answer](const cassette::HeaderList& headers) {
    for (const auto& header : headers) answer.headers.emplace_back(header.name, header.value);
  };
  if (const auto* response = interaction.response()) {
    answer.status = response->status;
    copy_headers(response->headers);
    answer.body = response->body;
  } else if (const auto* stream = interaction.stream()) {
    answer.status = stream->status;
    copy_headers(stream->headers);
    answer.is_stream = true;
    for (const auto& event : stream->events) {
      answer.events.push_back(event.message);
      answer.offsets_ms.push_back(event.offset_ms);
    }
    answer.stream_end =
        stream->end == cassette::StreamEnd::kReset ? StreamEnd::kReset : StreamEnd::kComplete;
  } else if (const auto* failure = interaction.failure()) {
    // A recorded connection failure fails the same way again: no answer at all.
    answer.fault =
        failure->kind == cassette::FailureKind::kTimeout ? Fault::kStall : Fault::kDropConnection;
  }
  return answer;
}

}  // namespace bedrock::mock
