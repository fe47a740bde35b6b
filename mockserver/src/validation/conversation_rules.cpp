#include "validation/conversation_rules.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "bedrock/protocol/error_messages.hpp"
#include "validation/coral_messages.hpp"

namespace bedrock::mock {
namespace {

using nlohmann::json;

const json* member(const json& object, std::string_view name) {
  if (!object.is_object()) return nullptr;
  const auto found = object.find(name);
  if (found == object.end() || found->is_null()) return nullptr;
  return &*found;
}

std::string_view string_member(const json& object, std::string_view name) {
  const json* value = member(object, name);
  return value != nullptr && value->is_string()
             ? std::string_view(value->get_ref<const std::string&>())
             : std::string_view();
}

// Java's Character.isWhitespace (String.isBlank): ASCII controls 9-13 and 28-31, space, and the
// Unicode space/line/paragraph separators except the no-break ones.
bool is_java_whitespace(std::uint32_t cp) {
  return (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x20) || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x2006) || (cp >= 0x2008 && cp <= 0x200A) || cp == 0x2028 ||
         cp == 0x2029 || cp == 0x205F || cp == 0x3000;
}

bool is_blank(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = 1;
    std::uint32_t cp = lead;
    if (lead >= 0xF0) {
      length = 4;
      cp = lead & 0x07U;
    } else if (lead >= 0xE0) {
      length = 3;
      cp = lead & 0x0FU;
    } else if (lead >= 0xC0) {
      length = 2;
      cp = lead & 0x1FU;
    }
    if (i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3FU);
    }
    if (!is_java_whitespace(cp)) return false;
    i += length;
  }
  return true;
}

// Step 2 of the header's order, for one message.
std::optional<errors::ServiceError> check_message(const json& message, std::size_t index,
                                                  bool& uses_tools) {
  const json* content = member(message, "content");
  if (content == nullptr || !content->is_array()) return std::nullopt;
  if (content->empty()) return errors::message_content_empty(index);
  const std::string_view role = string_member(message, "role");
  std::set<std::string> tool_use_ids;
  std::string duplicates;
  for (std::size_t j = 0; j < content->size(); ++j) {
    const json& block = (*content)[j];
    const json* text = member(block, "text");
    if (text != nullptr && text->is_string() && is_blank(text->get_ref<const std::string&>())) {
      return errors::content_text_blank(index, j);
    }
    if (member(block, "reasoningContent") != nullptr && role == "user") {
      return errors::reasoning_content_in_user_message();
    }
    if (const json* tool_result = member(block, "toolResult")) {
      uses_tools = true;
      const json* results = member(*tool_result, "content");
      if (string_member(*tool_result, "status") == "error" && results != nullptr &&
          results->is_array() && results->empty()) {
        return coral::tool_result_error_without_content(index, j);
      }
    }
    if (const json* tool_use = member(block, "toolUse")) {
      uses_tools = true;
      const std::string id(string_member(*tool_use, "toolUseId"));
      if (!tool_use_ids.insert(id).second) {
        if (!duplicates.empty()) duplicates += ", ";
        duplicates += id;
      }
    }
  }
  if (!duplicates.empty()) return coral::duplicate_tool_use_ids(index, duplicates);
  return std::nullopt;
}

std::optional<errors::ServiceError> check_roles(const json& messages) {
  std::string_view previous;
  for (const json& message : messages) {
    const std::string_view role = string_member(message, "role");
    if (role == "system") continue;
    if (previous.empty() && role != "user") return errors::conversation_must_start_with_user();
    if (!previous.empty() && role == previous) return errors::conversation_must_alternate_roles();
    previous = role;
  }
  return std::nullopt;
}

std::optional<errors::ServiceError> check_tool_schemas(const json& tool_config) {
  const json* tools = member(tool_config, "tools");
  if (tools == nullptr || !tools->is_array()) return std::nullopt;
  for (std::size_t k = 0; k < tools->size(); ++k) {
    const json* spec = member((*tools)[k], "toolSpec");
    const json* schema = spec != nullptr ? member(*spec, "inputSchema") : nullptr;
    const json* document = schema != nullptr ? member(*schema, "json") : nullptr;
    if (document != nullptr && !document->is_object()) {
      return coral::tool_input_schema_not_object(k);
    }
  }
  return std::nullopt;
}

}  // namespace

Expected<void, errors::ServiceError> check_conversation(const json& conversation) {
  const json* messages = member(conversation, "messages");
  if (messages != nullptr && !messages->is_array()) return {};
  if (messages == nullptr || messages->empty()) {
    return unexpected(errors::conversation_must_start_with_user());
  }
  bool uses_tools = false;
  for (std::size_t i = 0; i < messages->size(); ++i) {
    if (auto error = check_message((*messages)[i], i, uses_tools)) return unexpected(*error);
  }
  if (auto error = check_roles(*messages)) return unexpected(*error);
  const json* tool_config = member(conversation, "toolConfig");
  if (uses_tools && tool_config == nullptr) return unexpected(errors::tool_config_required());
  if (tool_config != nullptr) {
    if (auto error = check_tool_schemas(*tool_config)) return unexpected(*error);
  }
  return {};
}

}  // namespace bedrock::mock
