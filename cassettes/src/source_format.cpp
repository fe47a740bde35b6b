#include "bedrock/cassettes/source_format.hpp"

#include <nlohmann/json.hpp>

namespace bedrock::cassettes {

std::string_view to_string(SourceFormat format) {
  switch (format) {
    case SourceFormat::kAuto:
      return "auto";
    case SourceFormat::kNative:
      return "native";
    case SourceFormat::kVcr:
      return "vcr";
    case SourceFormat::kNock:
      return "nock";
    case SourceFormat::kHar:
      return "har";
  }
  return "auto";
}

std::optional<SourceFormat> parse_source_format(std::string_view name) {
  if (name == "auto") return SourceFormat::kAuto;
  if (name == "native" || name == "bedrock") return SourceFormat::kNative;
  if (name == "vcr" || name == "vcrpy" || name == "yaml") return SourceFormat::kVcr;
  if (name == "nock" || name == "nock-back") return SourceFormat::kNock;
  if (name == "har" || name == "polly") return SourceFormat::kHar;
  return std::nullopt;
}

Expected<SourceFormat, ImportError> detect_format(std::string_view text,
                                                  std::string_view source_name) {
  std::size_t start = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") start = 3;  // a UTF-8 byte order mark (Windows tools)
  while (start < text.size() && (text[start] == ' ' || text[start] == '\t' || text[start] == '\r' ||
                                 text[start] == '\n')) {
    ++start;
  }
  if (start == text.size() || (text[start] != '{' && text[start] != '[')) {
    // A .har or .json name says JSON: its reader then reports the syntax error with line and
    // column instead of a YAML reader's guess at binary or truncated data.
    if (source_name.ends_with(".har")) return SourceFormat::kHar;
    if (source_name.ends_with(".json")) return SourceFormat::kNative;
    return SourceFormat::kVcr;  // YAML (an empty file reads as an empty YAML document)
  }
  const auto json = nlohmann::json::parse(text.substr(start), nullptr, false);
  if (json.is_discarded()) {
    // Flow-style YAML also starts with '{'; a JSON file with a syntax error gets the native
    // reader's message, which has the line and column.
    const std::string_view extension =
        source_name.size() >= 5 ? source_name.substr(source_name.size() - 5) : source_name;
    if (extension == ".yaml" || source_name.ends_with(".yml")) return SourceFormat::kVcr;
    return SourceFormat::kNative;
  }
  if (json.is_array()) return SourceFormat::kNock;
  if (json.is_object()) {
    if (json.contains("format")) return SourceFormat::kNative;
    if (json.contains("log")) return SourceFormat::kHar;
    if (json.contains("interactions") || json.contains("http_interactions")) {
      return SourceFormat::kVcr;
    }
  }
  return unexpected(ImportError{
      std::string(source_name), "$", std::nullopt, std::nullopt,
      "not a cassette this build reads: expected a bedrock-testbed cassette (an object with "
      "\"format\"), a HAR file (\"log\"), a vcrpy cassette (\"interactions\") or a nock recording "
      "(an array of definitions)"});
}

}  // namespace bedrock::cassettes
