#pragma once
// Reads vcrpy YAML cassettes (the format of the third-party recordings in shared/realworld/)
// into plain structs, so tests can replay or inspect real Bedrock exchanges.
//
// What the reader accepts, and why (shared/realworld/README.md, "How bodies are stored"):
// - a body is `!!binary` base64 (raw bytes, e.g. application/vnd.amazon.eventstream, and header
//   values boto3 sent as bytes), a plain or quoted string, `body: {string: ...}` (vcrpy's
//   response form), null/absent, or a pydantic-ai `parsed_body:` mapping (its serializer stores
//   JSON bodies as YAML; the original bytes are lost, so only a compact JSON dump is kept);
// - a header value is a list of scalars, or a single scalar (opentelemetry's injected
//   `Set-Cookie: test_set_cookie`); header names keep the cassette's spelling;
// - `status` is `{code, message}` (vcrpy) or a bare integer.
// yaml-cpp's exceptions stay inside: every failure comes back as a VcrCassetteError value.
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "bedrock/protocol/expected.hpp"

namespace bedrock::test {

// Header name (as spelled in the cassette) -> values, in cassette order.
using VcrHeaders = std::map<std::string, std::vector<std::string>>;

// The values of `name`, compared case-insensitively (HTTP header names); nullptr if absent.
const std::vector<std::string>* find_header(const VcrHeaders& headers, std::string_view name);

enum class VcrBodyStorage {
  kAbsent,      // no body, or null
  kString,      // plain/quoted YAML string: the text as recorded
  kBinary,      // !!binary: the decoded bytes, verbatim
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
};

struct VcrCassette {
  int version = 0;
  std::vector<VcrInteraction> interactions;
};

struct VcrCassetteError {
  std::string reason;  // e.g. "interactions[2].response: no status"
};

Expected<VcrCassette, VcrCassetteError> parse_vcr_cassette(std::string_view yaml_text);
Expected<VcrCassette, VcrCassetteError> load_vcr_cassette(const std::filesystem::path& path);

}  // namespace bedrock::test
