#pragma once
// bedrock-cassette ls: one line per interaction, so a cassette of any format can be read at a
// glance: index, id, operation, model, status, and for streams how many frames and how it ends.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "bedrock/protocol/cassette.hpp"

namespace bedrock::cassettes {

struct ListingLine {
  std::size_t index = 0;
  std::string id;                     // "-" when the interaction has none
  std::string operation;              // "Converse"
  std::string model_id;               // "-" when the operation names none
  std::string status;                 // "200", "dropped", "timeout"
  std::optional<std::size_t> frames;  // streams only
  std::string stream_end;             // "complete" / "reset" for streams
  std::string error_type;             // from x-amzn-ErrorType or an exception frame; may be empty
};

std::vector<ListingLine> list_interactions(const cassette::Cassette& cassette);

// Aligned columns with a header line:
//   #  id      operation       model                  status  stream
//   0  haiku   Converse        amazon.nova-lite-v1:0  200     -
//   1  hello   ConverseStream  amazon.nova-lite-v1:0  200     5 frames
std::string format_listing(const std::vector<ListingLine>& lines);

}  // namespace bedrock::cassettes
