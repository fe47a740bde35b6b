#include "bedrock/client/content_block.hpp"

#include <utility>

#include "bedrock/protocol/encoding.hpp"
#include "content_block_json.hpp"

namespace bedrock::client {
namespace json_read {
namespace {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

Json write_s3(const S3Location& location) {
  Json out = {{"uri", location.uri}};
  if (location.bucket_owner) out["bucketOwner"] = *location.bucket_owner;
  return Json{{"s3Location", std::move(out)}};
}

S3Location read_s3(const Json& value, const std::string& path) {
  expect_object(value, path);
  return S3Location{require_string(value, "uri", path),
                    optional_string(value, "bucketOwner", path)};
}

Json write_image(const ImageBlock& image) {
  Json source = std::visit(
      Overloaded{[](const InlineBytes& inline_bytes) {
                   return Json{{"bytes", encoding::base64_encode(inline_bytes.bytes)}};
                 },
                 [](const S3Location& location) { return write_s3(location); }},
      image.source);
  return Json{{"format", image.format}, {"source", std::move(source)}};
}

ImageBlock read_image(const Json& value, const std::string& path) {
  expect_object(value, path);
  ImageBlock image;
  image.format = require_string(value, "format", path);
  const std::string source_path = member_path(path, "source");
  const Json& source = expect_object(require(value, "source", path), source_path);
  const auto member = union_member(source, {"bytes", "s3Location"});
  if (!member) fail(ParseErrorKind::kInvalidValue, source_path, "no bytes or s3Location");
  if (*member == "bytes") {
    image.source = InlineBytes{as_blob(source["bytes"], member_path(source_path, "bytes"))};
  } else {
    image.source = read_s3(source["s3Location"], member_path(source_path, "s3Location"));
  }
  return image;
}

Json write_document(const DocumentBlock& document) {
  Json source = std::visit(
      Overloaded{[](const InlineBytes& inline_bytes) {
                   return Json{{"bytes", encoding::base64_encode(inline_bytes.bytes)}};
                 },
                 [](const InlineText& text) { return Json{{"text", text.text}}; },
                 [](const S3Location& location) { return write_s3(location); }},
      document.source);
  Json out = Json::object();
  if (document.format) out["format"] = *document.format;
  out["name"] = document.name;
  out["source"] = std::move(source);
  return out;
}

DocumentBlock read_document(const Json& value, const std::string& path) {
  expect_object(value, path);
  DocumentBlock document;
  document.format = optional_string(value, "format", path);
  document.name = require_string(value, "name", path);
  const std::string source_path = member_path(path, "source");
  const Json& source = expect_object(require(value, "source", path), source_path);
  const auto member = union_member(source, {"bytes", "text", "s3Location"});
  if (!member) fail(ParseErrorKind::kInvalidValue, source_path, "no bytes, text or s3Location");
  if (*member == "bytes") {
    document.source = InlineBytes{as_blob(source["bytes"], member_path(source_path, "bytes"))};
  } else if (*member == "text") {
    document.source = InlineText{as_string(source["text"], member_path(source_path, "text"))};
  } else {
    document.source = read_s3(source["s3Location"], member_path(source_path, "s3Location"));
  }
  return document;
}

Json write_tool_result_content(const ToolResultContent& content) {
  return std::visit(
      Overloaded{[](const TextBlock& text) { return Json{{"text", text.text}}; },
                 [](const JsonContent& json) { return Json{{"json", json.json}}; },
                 [](const ImageBlock& image) { return Json{{"image", write_image(image)}}; },
                 [](const DocumentBlock& document) {
                   return Json{{"document", write_document(document)}};
                 },
                 [](const UnknownMember& unknown) { return unknown.raw; }},
      content);
}

ToolResultContent read_tool_result_content(const Json& value, const std::string& path) {
  expect_object(value, path);
  const auto member = union_member(value, {"text", "json", "image", "document"});
  if (!member) return UnknownMember{value};
  const std::string member_at = member_path(path, *member);
  if (*member == "text") return TextBlock{as_string(value["text"], member_at)};
  if (*member == "json") return JsonContent{value["json"]};
  if (*member == "image") return read_image(value["image"], member_at);
  return read_document(value["document"], member_at);
}

std::string_view to_wire(ToolResultStatus status) {
  return status == ToolResultStatus::kSuccess ? "success" : "error";
}

Json write_tool_result(const ToolResultBlock& result) {
  Json content = Json::array();
  for (const ToolResultContent& item : result.content) {
    content.push_back(write_tool_result_content(item));
  }
  Json out = {{"toolUseId", result.tool_use_id}, {"content", std::move(content)}};
  if (result.status) out["status"] = to_wire(*result.status);
  return out;
}

ToolResultBlock read_tool_result(const Json& value, const std::string& path) {
  expect_object(value, path);
  ToolResultBlock result;
  result.tool_use_id = require_string(value, "toolUseId", path);
  const std::string content_path = member_path(path, "content");
  const Json& content = expect_array(require(value, "content", path), content_path);
  for (std::size_t i = 0; i < content.size(); ++i) {
    result.content.push_back(read_tool_result_content(content[i], index_path(content_path, i)));
  }
  if (auto status = optional_string(value, "status", path)) {
    if (*status == "success") {
      result.status = ToolResultStatus::kSuccess;
    } else if (*status == "error") {
      result.status = ToolResultStatus::kError;
    } else {
      fail(ParseErrorKind::kInvalidValue, member_path(path, "status"),
           "expected success or error, got " + *status);
    }
  }
  return result;
}

Json write_reasoning(const ReasoningBlock& reasoning) {
  return std::visit(
      Overloaded{[](const ReasoningText& text) {
                   Json inner = {{"text", text.text}};
                   if (text.signature) inner["signature"] = *text.signature;
                   return Json{{"reasoningText", std::move(inner)}};
                 },
                 [](const RedactedReasoning& redacted) {
                   return Json{{"redactedContent", encoding::base64_encode(redacted.bytes)}};
                 }},
      reasoning.content);
}

ReasoningBlock read_reasoning(const Json& value, const std::string& path) {
  expect_object(value, path);
  const auto member = union_member(value, {"reasoningText", "redactedContent"});
  if (!member) fail(ParseErrorKind::kInvalidValue, path, "no reasoningText or redactedContent");
  const std::string member_at = member_path(path, *member);
  if (*member == "redactedContent") {
    return ReasoningBlock{RedactedReasoning{as_blob(value["redactedContent"], member_at)}};
  }
  const Json& text = expect_object(value["reasoningText"], member_at);
  return ReasoningBlock{ReasoningText{require_string(text, "text", member_at),
                                      optional_string(text, "signature", member_at)}};
}

}  // namespace

Json write_cache_point(const CachePointBlock& block) {
  Json out = {{"type", block.type}};
  if (block.ttl) out["ttl"] = *block.ttl;
  return out;
}

CachePointBlock read_cache_point(const Json& value, const std::string& path) {
  expect_object(value, path);
  return CachePointBlock{require_string(value, "type", path), optional_string(value, "ttl", path)};
}

Json write_guard_content(const GuardContentBlock& block) {
  Json text = {{"text", block.text}};
  if (!block.qualifiers.empty()) text["qualifiers"] = block.qualifiers;
  return Json{{"text", std::move(text)}};
}

GuardContentBlock read_guard_content_text(const Json& value, const std::string& path) {
  expect_object(value, path);
  GuardContentBlock block;
  block.text = require_string(value, "text", path);
  if (const Json* qualifiers = find(value, "qualifiers")) {
    block.qualifiers = as_string_list(*qualifiers, member_path(path, "qualifiers"));
  }
  return block;
}

Role read_role(const Json& value, const std::string& path) {
  const std::string text = as_string(value, path);
  const std::optional<Role> role = parse_role(text);
  if (!role) fail(ParseErrorKind::kInvalidValue, path, "unknown role " + text);
  return *role;
}

ContentBlock read_content_block(const Json& value, const std::string& path) {
  expect_object(value, path);
  const auto member =
      union_member(value, {"text", "image", "document", "toolUse", "toolResult",
                           "reasoningContent", "cachePoint", "guardContent"});
  if (!member) return UnknownMember{value};
  const std::string at = member_path(path, *member);
  const Json& inner = value[std::string(*member)];
  if (*member == "text") return TextBlock{as_string(inner, at)};
  if (*member == "image") return read_image(inner, at);
  if (*member == "document") return read_document(inner, at);
  if (*member == "toolUse") {
    expect_object(inner, at);
    return ToolUseBlock{require_string(inner, "toolUseId", at), require_string(inner, "name", at),
                        require(inner, "input", at)};
  }
  if (*member == "toolResult") return read_tool_result(inner, at);
  if (*member == "reasoningContent") return read_reasoning(inner, at);
  if (*member == "cachePoint") return read_cache_point(inner, at);
  // guardContent: only its text form is typed.
  expect_object(inner, at);
  if (const Json* text = find(inner, "text")) {
    return read_guard_content_text(*text, member_path(at, "text"));
  }
  return UnknownMember{value};
}

Message read_message(const Json& value, const std::string& path) {
  expect_object(value, path);
  Message message;
  message.role = read_role(require(value, "role", path), member_path(path, "role"));
  const std::string content_path = member_path(path, "content");
  const Json& content = expect_array(require(value, "content", path), content_path);
  message.content.reserve(content.size());
  for (std::size_t i = 0; i < content.size(); ++i) {
    message.content.push_back(read_content_block(content[i], index_path(content_path, i)));
  }
  return message;
}

}  // namespace json_read

std::string_view to_string(Role role) {
  switch (role) {
    case Role::kUser: return "user";
    case Role::kAssistant: return "assistant";
    case Role::kSystem: return "system";
  }
  return "user";
}

std::optional<Role> parse_role(std::string_view text) {
  if (text == "user") return Role::kUser;
  if (text == "assistant") return Role::kAssistant;
  if (text == "system") return Role::kSystem;
  return std::nullopt;
}

Json to_json(const ContentBlock& block) {
  using namespace json_read;
  return std::visit(
      Overloaded{
          [](const TextBlock& text) { return Json{{"text", text.text}}; },
          [](const ImageBlock& image) { return Json{{"image", write_image(image)}}; },
          [](const DocumentBlock& document) {
            return Json{{"document", write_document(document)}};
          },
          [](const ToolUseBlock& tool_use) {
            return Json{{"toolUse",
                         {{"toolUseId", tool_use.tool_use_id},
                          {"name", tool_use.name},
                          {"input", tool_use.input}}}};
          },
          [](const ToolResultBlock& result) {
            return Json{{"toolResult", write_tool_result(result)}};
          },
          [](const ReasoningBlock& reasoning) {
            return Json{{"reasoningContent", write_reasoning(reasoning)}};
          },
          [](const CachePointBlock& cache_point) {
            return Json{{"cachePoint", write_cache_point(cache_point)}};
          },
          [](const GuardContentBlock& guard) {
            return Json{{"guardContent", write_guard_content(guard)}};
          },
          [](const UnknownMember& unknown) { return unknown.raw; }},
      block);
}

Json to_json(const Message& message) {
  Json content = Json::array();
  for (const ContentBlock& block : message.content) content.push_back(to_json(block));
  return Json{{"role", to_string(message.role)}, {"content", std::move(content)}};
}

Expected<ContentBlock, ParseError> parse_content_block(const Json& value,
                                                       const std::string& path) {
  return json_read::capture([&] { return json_read::read_content_block(value, path); });
}

Expected<Message, ParseError> parse_message(const Json& value, const std::string& path) {
  return json_read::capture([&] { return json_read::read_message(value, path); });
}

std::string text_of(const Message& message) {
  std::string text;
  for (const ContentBlock& block : message.content) {
    if (const auto* text_block = std::get_if<TextBlock>(&block)) text += text_block->text;
  }
  return text;
}

}  // namespace bedrock::client
