#pragma once
// Converse messages and their content blocks (reference §4), the part shared by requests,
// responses and the stream accumulator. Blobs hold raw bytes here and are base64 only on the
// wire. A union member this client does not model (video, citationsContent, searchResult, a
// member added later) is kept verbatim as UnknownMember, so answers never fail on new blocks
// and re-serialising a message gives back what was received.
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "bedrock/client/parse_error.hpp"
#include "bedrock/protocol/expected.hpp"

namespace bedrock::client {

using Json = nlohmann::json;

// `system` is a recent enum addition for messages (reference §4).
enum class Role { kUser, kAssistant, kSystem };
std::string_view to_string(Role role);
std::optional<Role> parse_role(std::string_view text);

// A union object whose member this client does not model, as received.
struct UnknownMember {
  Json raw;
  bool operator==(const UnknownMember&) const = default;
};

struct S3Location {
  std::string uri;                          // s3://bucket/key
  std::optional<std::string> bucket_owner;  // 12-digit account ID
  bool operator==(const S3Location&) const = default;
};

struct InlineBytes {
  std::string bytes;  // raw; base64 on the wire
  bool operator==(const InlineBytes&) const = default;
};

struct InlineText {
  std::string text;
  bool operator==(const InlineText&) const = default;
};

struct TextBlock {
  std::string text;
  bool operator==(const TextBlock&) const = default;
};

struct ImageBlock {
  std::string format;  // png | jpeg | gif | webp
  std::variant<InlineBytes, S3Location> source;
  bool operator==(const ImageBlock&) const = default;
};

struct DocumentBlock {
  std::optional<std::string> format;  // pdf | csv | doc | docx | xls | xlsx | html | txt | md
  std::string name;
  std::variant<InlineBytes, InlineText, S3Location> source;
  bool operator==(const DocumentBlock&) const = default;
};

struct ToolUseBlock {
  std::string tool_use_id;
  std::string name;
  Json input = Json::object();
  bool operator==(const ToolUseBlock&) const = default;
};

struct JsonContent {
  Json json;
  bool operator==(const JsonContent&) const = default;
};

using ToolResultContent = std::variant<TextBlock, JsonContent, ImageBlock, DocumentBlock,
                                       UnknownMember>;

enum class ToolResultStatus { kSuccess, kError };

struct ToolResultBlock {
  std::string tool_use_id;
  std::vector<ToolResultContent> content;
  std::optional<ToolResultStatus> status;
  bool operator==(const ToolResultBlock&) const = default;
};

struct ReasoningText {
  std::string text;
  std::optional<std::string> signature;
  bool operator==(const ReasoningText&) const = default;
};

struct RedactedReasoning {
  std::string bytes;  // opaque; base64 on the wire
  bool operator==(const RedactedReasoning&) const = default;
};

struct ReasoningBlock {
  std::variant<ReasoningText, RedactedReasoning> content;
  bool operator==(const ReasoningBlock&) const = default;
};

struct CachePointBlock {
  std::string type = "default";
  std::optional<std::string> ttl;  // 5m | 1h
  bool operator==(const CachePointBlock&) const = default;
};

// guardContent's text form; its image form is kept as an UnknownMember block.
struct GuardContentBlock {
  std::string text;
  std::vector<std::string> qualifiers;  // grounding_source | query | guard_content
  bool operator==(const GuardContentBlock&) const = default;
};

using ContentBlock = std::variant<TextBlock, ImageBlock, DocumentBlock, ToolUseBlock,
                                  ToolResultBlock, ReasoningBlock, CachePointBlock,
                                  GuardContentBlock, UnknownMember>;

struct Message {
  Role role = Role::kUser;
  std::vector<ContentBlock> content;
  bool operator==(const Message&) const = default;
};

// Wire form of one block / message (restJson1: member names as in the shapes, blobs base64).
Json to_json(const ContentBlock& block);
Json to_json(const Message& message);

// `path` prefixes error paths, e.g. "output.message".
Expected<ContentBlock, ParseError> parse_content_block(const Json& value,
                                                       const std::string& path = "");
Expected<Message, ParseError> parse_message(const Json& value, const std::string& path = "");

// The text blocks of a message, concatenated.
std::string text_of(const Message& message);

}  // namespace bedrock::client
