#pragma once
// A recorded application/vnd.amazon.eventstream body as event-stream messages, in the forms
// recorders leave it: the raw bytes (checked frame by frame with the protocol's decoder), bytes
// that a tool read as Latin-1 text, or events already decoded to JSON.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bedrock/protocol/event_stream_message.hpp"
#include "bedrock/protocol/expected.hpp"

namespace bedrock::cassettes {

struct DecodedEventStream {
  std::vector<event_stream::Message> messages;
  std::size_t trailing_bytes = 0;  // a last partial frame (the reader stopped mid-frame)
};

// Every whole frame, CRCs checked; a partial last frame is counted, not an error. Fails with the
// decoder's message (which frame, what is wrong) for anything else.
Expected<DecodedEventStream, std::string> decode_event_stream_body(std::string_view bytes);

// The bytes behind text a tool produced by reading binary as ISO-8859-1 (every code point below
// U+0100); nullopt if `text` is not such text or is plain ASCII.
std::optional<std::string> latin1_bytes(std::string_view text);

// Events a tool kept decoded: one JSON object per line, or a JSON array of objects, each with one
// member `{"<event type>": <payload>}` (the AWS SDKs' and the AI SDK's shape). A member whose name
// ends in "Exception" is an exception frame. Re-framed in Bedrock's header order, payloads written
// compactly. nullopt if the text is not that.
std::optional<std::vector<event_stream::Message>> events_from_decoded_json(std::string_view text);

}  // namespace bedrock::cassettes
