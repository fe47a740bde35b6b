#include "rules/wire_fault.hpp"

#include <algorithm>

namespace bedrock::mock {
namespace {

// Event-stream frame layout (reference §5, protocol/event_stream): total length (4), headers
// length (4), prelude CRC (4), headers, payload, message CRC (4).
constexpr std::size_t kPreludeCrcAt = 8;
constexpr std::size_t kCrcBytes = 4;

void damage_crc(std::string& frame, CrcPart part) {
  if (frame.size() < kPreludeCrcAt + kCrcBytes) return;
  const std::size_t at = part == CrcPart::kPrelude ? kPreludeCrcAt : frame.size() - kCrcBytes;
  // One flipped bit, as a broken middlebox leaves it: the frame's length still reads right, so
  // the decoder reaches the CRC check instead of failing earlier.
  frame[at + kCrcBytes - 1] = static_cast<char>(frame[at + kCrcBytes - 1] ^ 0x01);
}

void cut_after_bytes(std::vector<PacedFrame>& frames, uint64_t limit) {
  uint64_t seen = 0;
  for (std::size_t i = 0; i < frames.size(); ++i) {
    const uint64_t size = frames[i].bytes.size();
    if (seen + size >= limit) {
      frames[i].bytes.resize(static_cast<std::size_t>(limit - seen));
      frames.resize(frames[i].bytes.empty() ? i : i + 1);
      return;
    }
    seen += size;
  }
}

void split_into_pieces(std::vector<PacedFrame>& frames, std::size_t piece) {
  std::vector<PacedFrame> pieces;
  for (auto& frame : frames) {
    for (std::size_t at = 0; at < frame.bytes.size(); at += piece) {
      pieces.push_back({frame.bytes.substr(at, piece), frame.offset_ms});
    }
  }
  frames = std::move(pieces);
}

}  // namespace

void apply_wire_fault(const WireFault& fault, ExchangeResponse& response) {
  if (!response.is_stream || response.live) return;
  auto& frames = response.frames;
  if (fault.corrupt_frame > 0 && fault.corrupt_frame <= frames.size()) {
    damage_crc(frames[static_cast<std::size_t>(fault.corrupt_frame - 1)].bytes, fault.corrupt_part);
  }
  const bool cut = fault.cut_after_frames || fault.cut_after_bytes;
  if (fault.cut_after_frames && *fault.cut_after_frames < frames.size()) {
    frames.resize(static_cast<std::size_t>(*fault.cut_after_frames));
  }
  if (fault.cut_after_bytes) cut_after_bytes(frames, *fault.cut_after_bytes);
  if (fault.end) {
    response.stream_end = *fault.end;
  } else if (cut) {
    response.stream_end = StreamEnd::kClose;  // a proxy that gives up closes the connection
  }
  if (fault.chunk_bytes > 0) {
    split_into_pieces(frames, static_cast<std::size_t>(fault.chunk_bytes));
    response.keep_frame_boundaries = true;
  }
  response.drip_bytes_per_second = fault.drip_bytes_per_second;
}

}  // namespace bedrock::mock
