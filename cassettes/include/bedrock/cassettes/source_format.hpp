#pragma once
// The cassette formats bedrock-cassette and bedrock-mock read. A .json file can be any of four, so
// the format is told from the content (auto), or forced by the caller.
#include <optional>
#include <string_view>

#include "bedrock/cassettes/import_error.hpp"
#include "bedrock/protocol/expected.hpp"

namespace bedrock::cassettes {

enum class SourceFormat {
  kAuto,    // detect from the content
  kNative,  // bedrock-testbed-cassette/1 (docs/cassette-format.md)
  kVcr,     // vcrpy / pytest-recording YAML (or vcrpy's JSON serializer), Ruby VCR YAML
  kNock,    // nock recorder output_objects / nock-back fixtures: a JSON array of definitions
  kHar,     // HTTP Archive 1.2: Polly.JS, browsers' and proxies' "Save as HAR"
};

std::string_view to_string(SourceFormat format);
// "auto", "native", "vcr" (also "vcrpy", "yaml"), "nock", "har" (also "polly").
std::optional<SourceFormat> parse_source_format(std::string_view name);

// The format of a file's text, from its shape: a JSON object with "format" is native, with "log"
// HAR, with "interactions" or "http_interactions" VCR; a JSON array is nock; anything that is
// not JSON is read as VCR YAML. Fails for JSON that is none of these (naming what was expected).
Expected<SourceFormat, ImportError> detect_format(std::string_view text,
                                                  std::string_view source_name);

}  // namespace bedrock::cassettes
