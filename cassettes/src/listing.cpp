#include "bedrock/cassettes/listing.hpp"

#include <algorithm>
#include <array>

namespace bedrock::cassettes {
namespace {

std::string error_type_of(const cassette::HeaderList& headers) {
  auto type = cassette::find_header(headers, "x-amzn-ErrorType");
  if (!type) return {};
  return std::string(type->substr(0, type->find(':')));
}

}  // namespace

std::vector<ListingLine> list_interactions(const cassette::Cassette& cassette) {
  std::vector<ListingLine> lines;
  for (std::size_t i = 0; i < cassette.interactions.size(); ++i) {
    const cassette::Interaction& interaction = cassette.interactions[i];
    ListingLine line;
    line.index = i;
    line.id = interaction.id.value_or("-");
    line.operation = interaction.request.operation;
    line.model_id = interaction.request.model_id.value_or("-");
    if (const auto* response = interaction.response()) {
      line.status = std::to_string(response->status);
      line.error_type = error_type_of(response->headers);
    } else if (const auto* stream = interaction.stream()) {
      line.status = std::to_string(stream->status);
      line.frames = stream->events.size();
      line.stream_end = stream->end == cassette::StreamEnd::kReset ? "reset" : "complete";
      for (const auto& event : stream->events) {
        if (auto type = event.message.string_header(":exception-type")) line.error_type = *type;
      }
    } else if (const auto* failure = interaction.failure()) {
      line.status = failure->kind == cassette::FailureKind::kTimeout ? "timeout" : "dropped";
    }
    lines.push_back(std::move(line));
  }
  return lines;
}

std::string format_listing(const std::vector<ListingLine>& lines) {
  std::vector<std::array<std::string, 6>> rows;
  rows.push_back({"#", "id", "operation", "model", "status", "stream"});
  for (const auto& line : lines) {
    std::string stream = "-";
    if (line.frames) {
      stream = std::to_string(*line.frames) + (*line.frames == 1 ? " frame" : " frames");
      if (line.stream_end == "reset") stream += ", reset";
    }
    std::string status = line.status;
    if (!line.error_type.empty()) status += " " + line.error_type;
    rows.push_back(
        {std::to_string(line.index), line.id, line.operation, line.model_id, status, stream});
  }
  std::array<std::size_t, 6> widths{};
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], row[c].size());
  }
  std::string out;
  for (const auto& row : rows) {
    std::string text;
    for (std::size_t c = 0; c < row.size(); ++c) {
      text += row[c];
      if (c + 1 < row.size()) text += std::string(widths[c] - row[c].size() + 2, ' ');
    }
    out += text + "\n";
  }
  return out;
}

}  // namespace bedrock::cassettes
