#include "support/vcr_cassette.hpp"

#include <yaml-cpp/yaml.h>

#include <cctype>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string_view>

namespace bedrock::test {
namespace {

struct ReadFailure {
  std::string reason;
};

bool is_binary(const YAML::Node& node) {
  return node.Tag() == "tag:yaml.org,2002:binary" || node.Tag() == "!!binary";
}

// A scalar's bytes: !!binary is base64-decoded, anything else is its text.
std::string scalar_bytes(const YAML::Node& node) {
  if (!node.IsScalar()) return std::string();  // `- !!binary` with nothing after it
  if (is_binary(node)) {
    const auto binary = node.as<YAML::Binary>();
    return std::string(reinterpret_cast<const char*>(binary.data()), binary.size());
  }
  return node.Scalar();
}

bool equals_any(const std::string& text, std::initializer_list<const char*> options) {
  for (const char* option : options) {
    if (text == option) return true;
  }
  return false;
}

// YAML 1.2 core-schema resolution of a plain scalar (quoted scalars carry the tag "!").
nlohmann::json scalar_to_json(const YAML::Node& node) {
  if (is_binary(node)) return scalar_bytes(node);  // rare in parsed bodies; keep the bytes
  const std::string& text = node.Scalar();
  if (node.Tag() != "?") return text;
  if (equals_any(text, {"", "~", "null", "Null", "NULL"})) return nullptr;
  if (equals_any(text, {"true", "True", "TRUE"})) return true;
  if (equals_any(text, {"false", "False", "FALSE"})) return false;
  static const std::regex integer(R"([-+]?[0-9]+)");
  static const std::regex real(R"([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?)");
  if (std::regex_match(text, integer)) {
    const char* begin = text.data() + (text[0] == '+' ? 1 : 0);
    int64_t value = 0;
    const auto result = std::from_chars(begin, text.data() + text.size(), value);
    if (result.ec == std::errc()) return value;
    return std::strtod(text.c_str(), nullptr);  // out of int64 range
  }
  if (std::regex_match(text, real)) return std::strtod(text.c_str(), nullptr);
  return text;
}

nlohmann::json yaml_to_json(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      return nullptr;
    case YAML::NodeType::Scalar:
      return scalar_to_json(node);
    case YAML::NodeType::Sequence: {
      nlohmann::json array = nlohmann::json::array();
      for (const auto& item : node) array.push_back(yaml_to_json(item));
      return array;
    }
    case YAML::NodeType::Map: {
      // nlohmann::json sorts keys; pydantic-ai's serializer lost the wire order anyway.
      nlohmann::json object = nlohmann::json::object();
      for (const auto& entry : node) object[entry.first.Scalar()] = yaml_to_json(entry.second);
      return object;
    }
  }
  return nullptr;
}

VcrHeaders read_headers(const YAML::Node& node, const std::string& where) {
  VcrHeaders headers;
  if (!node || node.IsNull()) return headers;
  if (!node.IsMap()) throw ReadFailure{where + ".headers: not a mapping"};
  for (const auto& entry : node) {
    auto& values = headers[entry.first.Scalar()];
    if (entry.second.IsSequence()) {
      for (const auto& value : entry.second) values.push_back(scalar_bytes(value));
    } else if (entry.second.IsScalar()) {
      values.push_back(scalar_bytes(entry.second));
    } else if (!entry.second.IsNull()) {
      throw ReadFailure{where + ".headers." + entry.first.Scalar() + ": not a scalar or list"};
    }
  }
  return headers;
}

VcrBody read_body(const YAML::Node& parent, const std::string& where) {
  VcrBody body;
  if (const YAML::Node parsed = parent["parsed_body"]; parsed) {
    body.storage = VcrBodyStorage::kParsedJson;
    body.bytes = yaml_to_json(parsed).dump();
    return body;
  }
  YAML::Node node = parent["body"];
  if (node && node.IsMap()) node = node["string"];  // vcrpy: body: {string: ...}
  if (!node || node.IsNull()) return body;
  if (!node.IsScalar()) throw ReadFailure{where + ".body: not a scalar"};
  body.storage = is_binary(node) ? VcrBodyStorage::kBinary : VcrBodyStorage::kString;
  body.bytes = scalar_bytes(node);
  return body;
}

std::string required_scalar(const YAML::Node& parent, const char* key, const std::string& where) {
  const YAML::Node node = parent[key];
  if (!node || !node.IsScalar()) throw ReadFailure{where + ": no " + key};
  return scalar_bytes(node);
}

VcrInteraction read_interaction(const YAML::Node& node, const std::string& where) {
  VcrInteraction interaction;
  const YAML::Node request = node["request"];
  const YAML::Node response = node["response"];
  if (!request || !request.IsMap()) throw ReadFailure{where + ": no request mapping"};
  if (!response || !response.IsMap()) throw ReadFailure{where + ": no response mapping"};

  const std::string request_where = where + ".request";
  interaction.request.method = required_scalar(request, "method", request_where);
  interaction.request.uri = required_scalar(request, "uri", request_where);
  interaction.request.headers = read_headers(request["headers"], request_where);
  interaction.request.body = read_body(request, request_where);

  const std::string response_where = where + ".response";
  const YAML::Node status = response["status"];
  if (status && status.IsMap() && status["code"]) {
    interaction.response.status_code = status["code"].as<int>();
    if (status["message"]) interaction.response.status_message = status["message"].Scalar();
  } else if (status && status.IsScalar()) {
    interaction.response.status_code = status.as<int>();
  } else {
    throw ReadFailure{response_where + ": no status"};
  }
  interaction.response.headers = read_headers(response["headers"], response_where);
  interaction.response.body = read_body(response, response_where);
  return interaction;
}

// yaml-cpp 0.7 cannot parse a tagged block scalar as a block-sequence entry ("end of sequence not
// found", https://github.com/jbeder/yaml-cpp/issues/1163), and vcrpy writes every header value
// boto3 sent as bytes exactly so:  `- !!binary |` followed by base64 lines. Dropping the `|` turns
// the block into a multi-line plain scalar with the same tag: base64 contains no YAML indicator
// or space, and the base64 decoder skips the spaces that line folding leaves.
std::string work_around_tagged_block_entries(std::string_view yaml_text) {
  std::string out;
  out.reserve(yaml_text.size());
  std::size_t start = 0;
  while (start < yaml_text.size()) {
    std::size_t end = yaml_text.find('\n', start);
    if (end == std::string_view::npos) end = yaml_text.size();
    std::string_view line = yaml_text.substr(start, end - start);
    std::string_view trimmed = line;
    while (!trimmed.empty() && (trimmed.back() == ' ' || trimmed.back() == '\r')) {
      trimmed.remove_suffix(1);
    }
    const std::size_t indent = trimmed.find_first_not_of(" \t");
    if (indent != std::string_view::npos) {
      const std::string_view content = trimmed.substr(indent);
      for (std::string_view block : {"- !!binary |", "- !!binary |-", "- !!binary |+"}) {
        if (content == block) {
          line = trimmed.substr(0, indent + std::string_view("- !!binary").size());
          break;
        }
      }
    }
    out += line;
    if (end < yaml_text.size()) out.push_back('\n');
    start = end + 1;
  }
  return out;
}

}  // namespace

const std::vector<std::string>* find_header(const VcrHeaders& headers, std::string_view name) {
  const auto same = [name](const std::string& candidate) {
    if (candidate.size() != name.size()) return false;
    for (std::size_t i = 0; i < name.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(candidate[i])) !=
          std::tolower(static_cast<unsigned char>(name[i]))) {
        return false;
      }
    }
    return true;
  };
  for (const auto& [candidate, values] : headers) {
    if (same(candidate)) return &values;
  }
  return nullptr;
}

Expected<VcrCassette, VcrCassetteError> parse_vcr_cassette(std::string_view yaml_text) {
  try {
    const YAML::Node root = YAML::Load(work_around_tagged_block_entries(yaml_text));
    if (!root.IsMap()) return unexpected(VcrCassetteError{"top level is not a mapping"});
    const YAML::Node interactions = root["interactions"];
    if (!interactions || !interactions.IsSequence()) {
      return unexpected(VcrCassetteError{"no interactions list"});
    }
    VcrCassette cassette;
    if (root["version"]) cassette.version = root["version"].as<int>();
    for (std::size_t i = 0; i < interactions.size(); ++i) {
      cassette.interactions.push_back(
          read_interaction(interactions[i], "interactions[" + std::to_string(i) + "]"));
    }
    return cassette;
  } catch (const ReadFailure& failure) {
    return unexpected(VcrCassetteError{failure.reason});
  } catch (const YAML::Exception& failure) {
    return unexpected(VcrCassetteError{std::string("YAML: ") + failure.what()});
  }
}

Expected<VcrCassette, VcrCassetteError> load_vcr_cassette(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return unexpected(VcrCassetteError{"cannot open " + path.string()});
  std::ostringstream text;
  text << in.rdbuf();
  auto cassette = parse_vcr_cassette(text.str());
  if (!cassette)
    return unexpected(VcrCassetteError{path.string() + ": " + cassette.error().reason});
  return cassette;
}

}  // namespace bedrock::test
