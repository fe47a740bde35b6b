#pragma once
// VCR cassettes as their files hold them: vcrpy / pytest-recording (YAML, or vcrpy's JSON
// serializer) and Ruby VCR (`http_interactions`). Only the file layout; turning an interaction
// into a cassette interaction is captured_exchange.hpp's.
//
// What the reader accepts, and why (shared/realworld/README.md, "How bodies are stored"):
// - a body is `!!binary` base64 (raw bytes: event streams, and the header values boto3 sends as
//   bytes), a plain or quoted string, `body: {string: ...}` (vcrpy's response form; the string
//   may itself be !!binary), Ruby VCR's `{encoding, string}` / `{encoding, base64_string}`,
//   null/absent, or a `parsed_body:` mapping (pydantic-ai's serializer keeps JSON bodies as
//   YAML: the bytes are lost, a compact JSON dump in the mapping's order is kept);
// - `!!python/unicode` and `!!python/str` (old PyYAML dumps) are plain strings,
//   `!!python/bytes` is base64 like `!!binary`;
// - a header value is a list of scalars, or a single scalar (opentelemetry's injected
//   `Set-Cookie: test_set_cookie`); header names keep the cassette's spelling and order;
// - `status` is `{code, message}` (vcrpy, Ruby VCR) or a bare integer.
// yaml-cpp's exceptions stay inside: every failure comes back as an ImportError value with the
// line and the path of the field.
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bedrock/cassettes/import_error.hpp"
#include "bedrock/protocol/expected.hpp"

namespace bedrock::cassettes {

// Header name (as spelled in the cassette) -> values, in cassette order.
using VcrHeaders = std::vector<std::pair<std::string, std::vector<std::string>>>;

// The values of `name`, compared case-insensitively (HTTP header names); nullptr if absent.
const std::vector<std::string>* find_header(const VcrHeaders& headers, std::string_view name);

enum class VcrBodyStorage {
  kAbsent,      // no body, or null
  kString,      // plain/quoted YAML string: the text as recorded
  kBinary,      // !!binary (or base64_string): the decoded bytes, verbatim
  kParsedJson,  // pydantic-ai parsed_body: `bytes` is a compact JSON dump, not the wire bytes
};

struct VcrBody {
  VcrBodyStorage storage = VcrBodyStorage::kAbsent;
  std::string bytes;
};

struct VcrRequest {
  std::string method;
  std::string uri;
  VcrHeaders headers;
  VcrBody body;
};

struct VcrResponse {
  int status_code = 0;
  std::string status_message;  // empty when the cassette has a bare status code
  VcrHeaders headers;
  VcrBody body;
};

struct VcrInteraction {
  VcrRequest request;
  VcrResponse response;
  std::optional<std::string> recorded_at;  // Ruby VCR only: an HTTP date
  std::optional<std::size_t> line;         // 1-based line of the interaction in YAML files
};

enum class VcrDialect { kVcrpy, kRuby };

struct VcrCassette {
  VcrDialect dialect = VcrDialect::kVcrpy;
  int version = 0;
  std::vector<VcrInteraction> interactions;
};

Expected<VcrCassette, ImportError> parse_vcr_cassette(std::string_view text,
                                                      std::string_view source_name = {});
Expected<VcrCassette, ImportError> load_vcr_cassette(const std::filesystem::path& path);

}  // namespace bedrock::cassettes
