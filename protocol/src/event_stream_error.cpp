#include "bedrock/protocol/event_stream_error.hpp"

namespace bedrock::event_stream {

std::string_view to_string(FrameErrorKind kind) {
  switch (kind) {
    case FrameErrorKind::kFrameTooShort:
      return "FrameTooShort";
    case FrameErrorKind::kPreludeChecksumMismatch:
      return "PreludeChecksumMismatch";
    case FrameErrorKind::kTotalLengthTooSmall:
      return "TotalLengthTooSmall";
    case FrameErrorKind::kTotalLengthTooLarge:
      return "TotalLengthTooLarge";
    case FrameErrorKind::kFrameLengthMismatch:
      return "FrameLengthMismatch";
    case FrameErrorKind::kHeadersLengthInvalid:
      return "HeadersLengthInvalid";
    case FrameErrorKind::kHeadersTooLarge:
      return "HeadersTooLarge";
    case FrameErrorKind::kPayloadTooLarge:
      return "PayloadTooLarge";
    case FrameErrorKind::kHeaderNameEmptyOrTooLong:
      return "HeaderNameEmptyOrTooLong";
    case FrameErrorKind::kInvalidUtf8HeaderName:
      return "InvalidUtf8HeaderName";
    case FrameErrorKind::kInvalidHeaderType:
      return "InvalidHeaderType";
    case FrameErrorKind::kHeaderRunsPastBlock:
      return "HeaderRunsPastBlock";
    case FrameErrorKind::kHeaderValueTooLong:
      return "HeaderValueTooLong";
    case FrameErrorKind::kInvalidUtf8HeaderValue:
      return "InvalidUtf8HeaderValue";
    case FrameErrorKind::kMessageChecksumMismatch:
      return "MessageChecksumMismatch";
    case FrameErrorKind::kTruncatedFrame:
      return "TruncatedFrame";
  }
  return "Unknown";
}

std::string FrameError::message() const {
  std::string text(to_string(kind));
  if (!detail.empty()) {
    text += ": ";
    text += detail;
  }
  return text;
}

}  // namespace bedrock::event_stream
