#include "bedrock/cassettes/vcr_document.hpp"

#include <yaml-cpp/yaml.h>

#include <cctype>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "bedrock/protocol/encoding.hpp"
#include "bedrock/protocol/http_request.hpp"
#include "json_input.hpp"

namespace bedrock::cassettes {
namespace {

struct ReadFailure {
  std::string location;
  std::string message;
  YAML::Mark mark = YAML::Mark::null_mark();
};

bool has_tag(const YAML::Node& node, std::string_view name) {
  const std::string& tag = node.Tag();
  return tag == "tag:yaml.org,2002:" + std::string(name) || tag == "!!" + std::string(name);
}

bool is_binary(const YAML::Node& node) {
  return has_tag(node, "binary") || has_tag(node, "python/bytes");
}

// A scalar's bytes: !!binary is base64-decoded, anything else is its text.
std::string scalar_bytes(const YAML::Node& node, const std::string& where) {
  if (!node.IsScalar()) return std::string();  // `- !!binary` with nothing after it
  if (is_binary(node)) {
    auto decoded = encoding::base64_decode(node.Scalar());
    if (!decoded) throw ReadFailure{where, "!!binary value is not base64", node.Mark()};
    return std::move(*decoded);
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
nlohmann::ordered_json scalar_to_json(const YAML::Node& node, const std::string& where) {
  if (is_binary(node)) return scalar_bytes(node, where);  // rare in parsed bodies; keep the bytes
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

// pydantic-ai's serializer dumped the parsed JSON with PyYAML, whose mappings keep the order
// they were dumped in: kept as is (ordered), so the rebuilt bytes follow the file.
nlohmann::ordered_json yaml_to_json(const YAML::Node& node, const std::string& where,
                                    std::size_t depth = 0) {
  if (depth > 160) throw ReadFailure{where, "parsed_body nested more than 160 levels", node.Mark()};
  switch (node.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      return nullptr;
    case YAML::NodeType::Scalar:
      return scalar_to_json(node, where);
    case YAML::NodeType::Sequence: {
      nlohmann::ordered_json array = nlohmann::ordered_json::array();
      for (const auto& item : node) array.push_back(yaml_to_json(item, where, depth + 1));
      return array;
    }
    case YAML::NodeType::Map: {
      nlohmann::ordered_json object = nlohmann::ordered_json::object();
      for (const auto& entry : node) {
        object[entry.first.Scalar()] = yaml_to_json(entry.second, where, depth + 1);
      }
      return object;
    }
  }
  return nullptr;
}

VcrHeaders read_headers(const YAML::Node& node, const std::string& where) {
  VcrHeaders headers;
  if (!node || node.IsNull()) return headers;
  if (!node.IsMap()) throw ReadFailure{where + ".headers", "not a mapping", node.Mark()};
  for (const auto& entry : node) {
    const std::string name = entry.first.Scalar();
    const std::string field = where + ".headers." + name;
    std::vector<std::string> values;
    if (entry.second.IsSequence()) {
      for (const auto& value : entry.second) {
        if (!value.IsScalar() && !value.IsNull()) {
          throw ReadFailure{field, "a header value is not a scalar", value.Mark()};
        }
        values.push_back(scalar_bytes(value, field));
      }
    } else if (entry.second.IsScalar()) {
      values.push_back(scalar_bytes(entry.second, field));
    } else if (!entry.second.IsNull()) {
      throw ReadFailure{field, "not a scalar or list", entry.second.Mark()};
    }
    headers.emplace_back(name, std::move(values));
  }
  return headers;
}

VcrBody read_body(const YAML::Node& parent, const std::string& where) {
  VcrBody body;
  if (const YAML::Node parsed = parent["parsed_body"]; parsed) {
    body.storage = VcrBodyStorage::kParsedJson;
    try {
      body.bytes = yaml_to_json(parsed, where + ".parsed_body")
                       .dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::strict);
    } catch (const nlohmann::json::type_error& error) {
      // YAML scalars are not checked for UTF-8 (and !!binary is raw bytes): JSON text must be.
      throw ReadFailure{where + ".parsed_body",
                        std::string("not valid UTF-8 JSON text (") + error.what() + ")",
                        parsed.Mark()};
    }
    return body;
  }
  YAML::Node node = parent["body"];
  std::string field = where + ".body";
  if (node && node.IsMap()) {
    if (const YAML::Node base64 = node["base64_string"]; base64 && base64.IsScalar()) {
      auto decoded = encoding::base64_decode(base64.Scalar());  // Ruby VCR's binary bodies
      if (!decoded) throw ReadFailure{field + ".base64_string", "not base64", base64.Mark()};
      body.storage = VcrBodyStorage::kBinary;
      body.bytes = std::move(*decoded);
      return body;
    }
    node = node["string"];  // vcrpy and Ruby VCR: body: {string: ...}
    field += ".string";
  }
  if (!node || node.IsNull()) return body;
  if (!node.IsScalar()) throw ReadFailure{field, "not a string", node.Mark()};
  body.storage = is_binary(node) ? VcrBodyStorage::kBinary : VcrBodyStorage::kString;
  body.bytes = scalar_bytes(node, field);
  return body;
}

std::string required_scalar(const YAML::Node& parent, const char* key, const std::string& where) {
  const YAML::Node node = parent[key];
  if (!node || !node.IsScalar()) {
    throw ReadFailure{where + "." + key, node ? "not a string" : "missing", parent.Mark()};
  }
  return scalar_bytes(node, where + "." + key);
}

int status_code(const YAML::Node& node, const std::string& where) {
  try {
    return node.as<int>();
  } catch (const YAML::Exception&) {
    throw ReadFailure{where, "not an integer: \"" + node.Scalar() + "\"", node.Mark()};
  }
}

VcrInteraction read_interaction(const YAML::Node& node, const std::string& where) {
  VcrInteraction interaction;
  if (!node.IsMap()) throw ReadFailure{where, "not a mapping", node.Mark()};
  if (const auto mark = node.Mark(); !mark.is_null()) {
    interaction.line = static_cast<std::size_t>(mark.line) + 1;
  }
  const YAML::Node request = node["request"];
  const YAML::Node response = node["response"];
  if (!request || !request.IsMap()) throw ReadFailure{where + ".request", "missing", node.Mark()};
  if (!response || !response.IsMap()) {
    throw ReadFailure{where + ".response", "missing", node.Mark()};
  }
  if (const YAML::Node at = node["recorded_at"]; at && at.IsScalar()) {
    interaction.recorded_at = at.Scalar();
  }

  const std::string request_where = where + ".request";
  interaction.request.method = required_scalar(request, "method", request_where);
  interaction.request.uri = required_scalar(request, "uri", request_where);
  interaction.request.headers = read_headers(request["headers"], request_where);
  interaction.request.body = read_body(request, request_where);

  const std::string response_where = where + ".response";
  const YAML::Node status = response["status"];
  if (status && status.IsMap() && status["code"]) {
    interaction.response.status_code = status_code(status["code"], response_where + ".status.code");
    if (status["message"] && status["message"].IsScalar()) {
      interaction.response.status_message = status["message"].Scalar();
    }
  } else if (status && status.IsScalar()) {
    interaction.response.status_code = status_code(status, response_where + ".status");
  } else {
    throw ReadFailure{response_where + ".status", "missing", response.Mark()};
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

// vcrpy's JSON serializer writes the same tree as JSON. nlohmann reads it (surrogate pairs from
// Python's ensure_ascii included, which a YAML reader would not join); the YAML reader above then
// walks it as it walks a YAML file. Scalars become strings: fields are converted where read.
YAML::Node json_to_yaml(const Json& value) {
  switch (value.type()) {
    case Json::value_t::object: {
      YAML::Node node(YAML::NodeType::Map);
      for (const auto& [key, item] : value.items()) node[key] = json_to_yaml(item);
      return node;
    }
    case Json::value_t::array: {
      YAML::Node node(YAML::NodeType::Sequence);
      for (const auto& item : value) node.push_back(json_to_yaml(item));
      return node;
    }
    case Json::value_t::null:
      return YAML::Node(YAML::NodeType::Null);
    case Json::value_t::string:
      return YAML::Node(value.get<std::string>());
    default:
      return YAML::Node(value.dump());
  }
}

ImportError failure_at(std::string_view source, const std::string& location, std::string message,
                       const YAML::Mark& mark) {
  ImportError error{std::string(source), location, std::nullopt, std::nullopt, std::move(message)};
  if (!mark.is_null()) {
    error.line = static_cast<std::size_t>(mark.line) + 1;
    error.column = static_cast<std::size_t>(mark.column) + 1;
  }
  return error;
}

// yaml-cpp parses nested collections recursively, with no depth limit of its own: a hostile file
// could exhaust the stack. Nesting is bounded before parsing: flow brackets outside quotes, block
// sequence entries opened on one line ("- - -"), and indentation.
constexpr std::size_t kMaxYamlNesting = 200;
constexpr std::size_t kMaxYamlIndent = 2000;

std::optional<ImportError> nesting_problem(std::string_view text, std::string_view source) {
  std::size_t depth = 0;
  std::size_t line = 1;
  char quote = 0;
  bool line_start = true;
  std::size_t indent = 0;
  std::size_t dashes = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      ++line;
      line_start = true;
      indent = 0;
      dashes = 0;
      if (quote == '\'') continue;  // single-quoted scalars may span lines
      continue;
    }
    if (line_start) {
      if (c == ' ') {
        if (++indent > kMaxYamlIndent) break;
        continue;
      }
      if (c == '-' && i + 1 < text.size() && text[i + 1] == ' ') {
        if (++dashes > kMaxYamlNesting) break;
        ++i;
        continue;
      }
      line_start = false;
    }
    if (quote != 0) {
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '#') {
      const std::size_t end = text.find('\n', i);
      if (end == std::string_view::npos) break;
      i = end - 1;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxYamlNesting) break;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  if (depth > kMaxYamlNesting || indent > kMaxYamlIndent || dashes > kMaxYamlNesting) {
    return ImportError{std::string(source), "", line, std::nullopt,
                       "YAML nested more than " + std::to_string(kMaxYamlNesting) +
                           " levels (or indented more than " + std::to_string(kMaxYamlIndent) +
                           " columns)"};
  }
  return std::nullopt;
}

Expected<YAML::Node, ImportError> load_tree(std::string_view text, std::string_view source) {
  std::size_t start = text.find_first_not_of(" \t\r\n");
  if (start != std::string_view::npos && text[start] == '{') {
    if (auto json = parse_json_input(text, source)) return json_to_yaml(*json);
  }
  if (auto problem = nesting_problem(text, source)) return unexpected(std::move(*problem));
  try {
    return YAML::Load(work_around_tagged_block_entries(text));
  } catch (const YAML::Exception& failure) {
    return unexpected(failure_at(source, "", "YAML: " + failure.msg, failure.mark));
  }
}

}  // namespace

const std::vector<std::string>* find_header(const VcrHeaders& headers, std::string_view name) {
  for (const auto& [candidate, values] : headers) {
    if (header_name_equals(candidate, name)) return &values;
  }
  return nullptr;
}

Expected<VcrCassette, ImportError> parse_vcr_cassette(std::string_view text,
                                                      std::string_view source_name) {
  auto root = load_tree(text, source_name);
  if (!root) return unexpected(std::move(root).error());
  try {
    if (!root->IsMap()) {
      return unexpected(failure_at(
          source_name, "", "not a VCR cassette: the top level is not a mapping", root->Mark()));
    }
    VcrCassette cassette;
    std::string list = "interactions";
    YAML::Node interactions = (*root)["interactions"];
    if (!interactions) {
      interactions = (*root)["http_interactions"];
      list = "http_interactions";
      cassette.dialect = VcrDialect::kRuby;
    }
    if (!interactions || !interactions.IsSequence()) {
      return unexpected(failure_at(source_name, "interactions",
                                   interactions ? "not a list" : "missing (not a VCR cassette)",
                                   root->Mark()));
    }
    if (const YAML::Node version = (*root)["version"]; version && version.IsScalar()) {
      cassette.version = std::atoi(version.Scalar().c_str());
    }
    for (std::size_t i = 0; i < interactions.size(); ++i) {
      cassette.interactions.push_back(
          read_interaction(interactions[i], list + "[" + std::to_string(i) + "]"));
    }
    return cassette;
  } catch (const ReadFailure& failure) {
    return unexpected(failure_at(source_name, failure.location, failure.message, failure.mark));
  } catch (const YAML::Exception& failure) {
    return unexpected(failure_at(source_name, "", "YAML: " + failure.msg, failure.mark));
  }
}

Expected<VcrCassette, ImportError> load_vcr_cassette(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return unexpected(ImportError{path.string(), "", std::nullopt, std::nullopt, "cannot open"});
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parse_vcr_cassette(text.str(), path.string());
}

}  // namespace bedrock::cassettes
