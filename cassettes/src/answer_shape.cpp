#include "bedrock/cassettes/answer_shape.hpp"

#include <nlohmann/json.hpp>

#include "bedrock/protocol/encoding.hpp"
#include "bedrock/protocol/http_request.hpp"

namespace bedrock::cassettes {
namespace {

using Json = nlohmann::json;

constexpr int kMaxDepth = 64;  // shapes deeper than this are summarised at that depth

bool is_framing(std::string_view name) {
  for (std::string_view framing :
       {"content-length", "transfer-encoding", "connection", "keep-alive", "content-encoding"}) {
    if (header_name_equals(name, framing)) return true;
  }
  return false;
}

const char* type_name(const Json& value) {
  switch (value.type()) {
    case Json::value_t::object:
      return "object";
    case Json::value_t::array:
      return "array";
    case Json::value_t::string:
      return "string";
    case Json::value_t::boolean:
      return "boolean";
    case Json::value_t::null:
      return "null";
    default:
      return "number";
  }
}

std::string member_path(const std::string& parent, const std::string& name) {
  const bool plain = !name.empty() && name.find_first_of(".[]\" ") == std::string::npos;
  return plain ? parent + "." + name : parent + "[" + Json(name).dump() + "]";
}

void walk(const Json& value, const std::string& path, AnswerShape& shape, int depth) {
  shape.fields[path].insert(type_name(value));
  if (depth >= kMaxDepth) return;
  if (value.is_object()) {
    for (const auto& [name, item] : value.items()) {
      walk(item, member_path(path, name), shape, depth + 1);
    }
  } else if (value.is_array()) {
    const std::string element = path + "[*]";
    if (value.empty()) {
      if (!shape.fields.contains(element)) shape.empty_arrays.insert(path);
    } else {
      shape.empty_arrays.erase(path);
      for (const auto& item : value) walk(item, element, shape, depth + 1);
    }
  }
}

void walk_payload(std::string_view bytes, const std::string& prefix, AnswerShape& shape) {
  const Json value = Json::parse(bytes, nullptr, false);
  if (value.is_discarded()) {
    if (!bytes.empty()) shape.fields[prefix + "$"].insert("bytes");
    return;
  }
  walk(value, prefix + "$", shape, 0);
  // InvokeModelWithResponseStream: {"bytes": "<base64 of the model's own JSON chunk>"}.
  if (value.is_object() && value.contains("bytes") && value["bytes"].is_string()) {
    if (auto inner = encoding::base64_decode(value["bytes"].get<std::string>())) {
      const Json chunk = Json::parse(*inner, nullptr, false);
      if (!chunk.is_discarded()) walk(chunk, prefix + "$.bytes>$", shape, 1);
    }
  }
}

std::string error_type_from_body(std::string_view body) {
  const Json value = Json::parse(body, nullptr, false);
  if (!value.is_object()) return {};
  for (const char* key : {"__type", "code"}) {
    if (value.contains(key) && value[key].is_string()) {
      std::string type = value[key].get<std::string>();
      if (const auto hash = type.rfind('#'); hash != std::string::npos) type.erase(0, hash + 1);
      return type.substr(0, type.find(':'));
    }
  }
  return {};
}

void add_headers(const cassette::HeaderList& headers, AnswerShape& shape) {
  for (const auto& header : headers) {
    if (!is_framing(header.name)) shape.headers.insert(encoding::to_lower(header.name));
  }
  if (auto type = cassette::find_header(headers, "x-amzn-ErrorType")) {
    shape.error_type = std::string(type->substr(0, type->find(':')));
  }
}

std::string joined(const std::set<std::string>& types) {
  std::string out;
  for (const auto& type : types) out += (out.empty() ? "" : "|") + type;
  return out;
}

bool under(const std::string& path, const std::string& parent) {
  return path.size() > parent.size() && path.starts_with(parent) &&
         (path[parent.size()] == '.' || path[parent.size()] == '[');
}

// The array whose elements `path` is under, when that array was seen only empty in `shape`.
bool inside_empty_array(const std::string& path, const AnswerShape& shape) {
  for (const auto& array : shape.empty_arrays) {
    if (under(path, array)) return true;
  }
  return false;
}

}  // namespace

AnswerShape shape_of(const Answer& answer) {
  AnswerShape shape;
  if (const auto* response = std::get_if<cassette::Response>(&answer)) {
    shape.kind = "response";
    shape.status = response->status;
    add_headers(response->headers, shape);
    if (shape.error_type.empty() && response->status >= 400) {
      shape.error_type = error_type_from_body(response->body);
    }
    walk_payload(response->body, "", shape);
  } else if (const auto* stream = std::get_if<cassette::Stream>(&answer)) {
    shape.kind = "stream";
    shape.status = stream->status;
    add_headers(stream->headers, shape);
    for (const auto& event : stream->events) {
      const auto& message = event.message;
      std::string name;
      if (auto exception = message.string_header(":exception-type")) {
        name = "exception:" + *exception;
        if (shape.error_type.empty()) shape.error_type = *exception;
      } else {
        name = message.string_header(":event-type").value_or("(no :event-type)");
      }
      shape.events.insert(name);
      walk_payload(message.payload, name + " ", shape);
    }
  } else {
    shape.kind = "failure";
  }
  return shape;
}

std::string ShapeDifference::to_string() const {
  std::string out = aspect;
  if (!path.empty()) out += " " + path;
  if (recorded.empty()) return out + ": added" + (live.empty() ? "" : " (" + live + ")");
  if (live.empty()) return out + ": removed (was " + recorded + ")";
  return out + ": recorded " + recorded + ", now " + live;
}

std::vector<ShapeDifference> compare_shapes(const AnswerShape& recorded, const AnswerShape& live) {
  std::vector<ShapeDifference> out;
  if (recorded.kind != live.kind) {
    out.push_back({"answer", "", recorded.kind, live.kind});
    if (recorded.kind == "failure" || live.kind == "failure") return out;
  }
  if (recorded.status != live.status) {
    out.push_back({"status", "", std::to_string(recorded.status), std::to_string(live.status)});
  }
  if (recorded.error_type != live.error_type) {
    out.push_back({"error type", "", recorded.error_type.empty() ? "(none)" : recorded.error_type,
                   live.error_type.empty() ? "(none)" : live.error_type});
  }
  for (const auto& name : recorded.headers) {
    if (!live.headers.contains(name)) out.push_back({"header", name, "present", ""});
  }
  for (const auto& name : live.headers) {
    if (!recorded.headers.contains(name)) out.push_back({"header", name, "", ""});
  }
  for (const auto& name : recorded.events) {
    if (!live.events.contains(name)) out.push_back({"event", name, "present", ""});
  }
  for (const auto& name : live.events) {
    if (!recorded.events.contains(name)) out.push_back({"event", name, "", ""});
  }
  // Fields: an added or removed object is one difference, not one per member.
  std::vector<std::string> reported;
  const auto covered = [&reported](const std::string& path) {
    for (const auto& parent : reported) {
      if (under(path, parent)) return true;
    }
    return false;
  };
  auto r = recorded.fields.begin();
  auto l = live.fields.begin();
  while (r != recorded.fields.end() || l != live.fields.end()) {
    const bool take_recorded =
        l == live.fields.end() || (r != recorded.fields.end() && r->first < l->first);
    const bool take_live =
        r == recorded.fields.end() || (l != live.fields.end() && l->first < r->first);
    if (take_recorded) {
      if (!covered(r->first) && !inside_empty_array(r->first, live)) {
        out.push_back({"field", r->first, joined(r->second), ""});
        reported.push_back(r->first);
      }
      ++r;
    } else if (take_live) {
      if (!covered(l->first) && !inside_empty_array(l->first, recorded)) {
        out.push_back({"field", l->first, "", joined(l->second)});
        reported.push_back(l->first);
      }
      ++l;
    } else {
      std::set<std::string> was = r->second;
      std::set<std::string> now = l->second;
      was.erase("null");
      now.erase("null");
      if (!was.empty() && !now.empty() && was != now) {
        out.push_back({"field", r->first, joined(r->second), joined(l->second)});
      }
      ++r;
      ++l;
    }
  }
  return out;
}

}  // namespace bedrock::cassettes
