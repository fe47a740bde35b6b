// nock recordings: nock.recorder.rec({output_objects: true}) output and nock-back fixtures, a JSON
// array of definitions {scope, method, path, body, status, response, rawHeaders, reqheaders,
// responseIsBinary}. How nock stored each body (nock's recorder, getBodyFromChunks):
// - a response with a Content-Encoding: an array of hex strings, one per chunk, the bytes as
//   received (still compressed);
// - bytes that are not UTF-8: a hex string, with responseIsBinary: true (event streams, mostly);
// - UTF-8 that parses as JSON: the parsed value (the bytes are lost; nock replays
//   JSON.stringify of it, i.e. compact JSON in the same member order, which is what we rebuild);
// - other UTF-8: the string.
// Request bodies are stored the same way (parsed JSON when they parse). Response headers are
// rawHeaders (a flat [name, value, ...] list in wire order and spelling; newer nock may write an
// object), or `headers` (older nock: an object with lower-case names).
#include "bedrock/cassettes/importers.hpp"
#include "json_input.hpp"

namespace bedrock::cassettes {
namespace {

std::string header_text(const Json& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

void add_header_values(cassette::HeaderList& out, const std::string& name, const Json& value) {
  if (value.is_array()) {
    for (const auto& item : value) out.push_back({name, header_text(item)});
  } else if (!value.is_null()) {
    out.push_back({name, header_text(value)});
  }
}

cassette::HeaderList header_object(const Json& object, const std::string& location) {
  if (!object.is_object()) throw FieldError{location, "expected an object of headers"};
  cassette::HeaderList out;
  for (const auto& [name, value] : object.items()) add_header_values(out, name, value);
  return out;
}

cassette::HeaderList response_headers(const Json& definition, const std::string& location) {
  if (const Json* raw = optional_member(definition, "rawHeaders")) {
    const std::string where = location + ".rawHeaders";
    if (raw->is_object()) return header_object(*raw, where);
    if (!raw->is_array()) throw FieldError{where, "expected an array or an object"};
    cassette::HeaderList out;
    if (!raw->empty() && (*raw)[0].is_array()) {  // [[name, value], ...]
      for (std::size_t i = 0; i < raw->size(); ++i) {
        const Json& pair = (*raw)[i];
        if (!pair.is_array() || pair.size() != 2 || !pair[0].is_string()) {
          throw FieldError{where + "[" + std::to_string(i) + "]", "expected [name, value]"};
        }
        add_header_values(out, pair[0].get<std::string>(), pair[1]);
      }
      return out;
    }
    if (raw->size() % 2 != 0) throw FieldError{where, "odd number of entries (name, value pairs)"};
    for (std::size_t i = 0; i < raw->size(); i += 2) {
      if (!(*raw)[i].is_string()) {
        throw FieldError{where + "[" + std::to_string(i) + "]", "a header name is not a string"};
      }
      out.push_back({(*raw)[i].get<std::string>(), header_text((*raw)[i + 1])});
    }
    return out;
  }
  if (const Json* headers = optional_member(definition, "headers")) {
    return header_object(*headers, location + ".headers");
  }
  return {};
}

bool has_content_encoding(const cassette::HeaderList& headers) {
  auto value = cassette::find_header(headers, "Content-Encoding");
  return value && !value->empty() && *value != "identity";
}

CapturedBody body_of(const Json* value, bool binary, bool encoded, const std::string& where) {
  if (value == nullptr) return {BodyForm::kAbsent, {}, false};
  if (value->is_string()) {
    const std::string text = value->get<std::string>();
    if (binary) {
      auto bytes = hex_decode(text);
      if (!bytes) throw FieldError{where, "responseIsBinary is set but the body is not hex"};
      return {BodyForm::kBytes, std::move(*bytes), false};
    }
    return {text.empty() ? BodyForm::kAbsent : BodyForm::kBytes, text, false};
  }
  if (encoded && value->is_array() &&
      std::all_of(value->begin(), value->end(), [](const Json& chunk) {
        return chunk.is_string() && hex_decode(chunk.get<std::string>()).has_value();
      })) {
    std::string bytes;
    for (const auto& chunk : *value) bytes += *hex_decode(chunk.get<std::string>());
    return {BodyForm::kBytes, std::move(bytes), false};
  }
  return {BodyForm::kParsedJson, value->dump(), false};
}

}  // namespace

Expected<CapturedFile, ImportError> read_nock_file(std::string_view text, std::string_view source) {
  auto root = parse_json_input(text, source);
  if (!root) return unexpected(std::move(root).error());
  if (!root->is_array()) {
    return unexpected(ImportError{std::string(source), "$", std::nullopt, std::nullopt,
                                  "not a nock recording: expected an array of definitions "
                                  "(record with output_objects: true)"});
  }
  CapturedFile file;
  try {
    for (std::size_t i = 0; i < root->size(); ++i) {
      const Json& definition = (*root)[i];
      const std::string location = "$[" + std::to_string(i) + "]";
      if (!definition.is_object()) {
        throw FieldError{location, definition.is_string()
                                       ? "a string, not a definition object (nock's code "
                                         "output: record with output_objects: true)"
                                       : "not a definition object"};
      }
      CapturedExchange exchange;
      exchange.location = location;
      const std::string scope = optional_string(definition, "scope", location).value_or("");
      exchange.method = required_string(definition, "method", location);
      const std::string path = required_string(definition, "path", location);
      exchange.url = scope.empty() ? path : scope + path;
      if (const Json* reqheaders = optional_member(definition, "reqheaders")) {
        exchange.request_headers = header_object(*reqheaders, location + ".reqheaders");
      }
      exchange.request_body =
          body_of(optional_member(definition, "body"), false, false, location + ".body");
      const Json* status = optional_member(definition, "status");
      if (status != nullptr && !status->is_number_integer()) {
        throw FieldError{location + ".status", "expected an integer"};
      }
      exchange.status = status != nullptr ? status->get<int>() : 200;  // nock's default
      exchange.response_headers = response_headers(definition, location);
      const Json* binary = optional_member(definition, "responseIsBinary");
      exchange.response_body =
          body_of(optional_member(definition, "response"),
                  binary != nullptr && binary->is_boolean() && binary->get<bool>(),
                  has_content_encoding(exchange.response_headers), location + ".response");
      file.exchanges.push_back(std::move(exchange));
    }
  } catch (const FieldError& error) {
    return unexpected(ImportError{std::string(source), error.location, std::nullopt, std::nullopt,
                                  error.message});
  }
  return file;
}

}  // namespace bedrock::cassettes
