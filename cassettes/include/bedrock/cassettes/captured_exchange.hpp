#pragma once
// One HTTP exchange as another tool stored it, before it becomes a cassette interaction. Every
// importer (vcr, nock, HAR) reads its format into this and stops; the rules that turn an exchange
// into an interaction are written once, here:
//
// - routing on the raw request target (operations::parse_request_target): the operation and the
//   decoded model ID, so `:` and `%3A` name the same model; a request that is no Bedrock
//   operation (STS, a browser's page loads, a CORS preflight) is left out with a note;
// - the Region from the host name (bedrock-runtime[-fips].REGION..., VPC endpoint names), else
//   the SigV4 credential scope of the Authorization header, else the default, with a note;
// - recorded_at from the source's timestamp, else the response Date, else X-Amz-Date;
// - bodies: bytes the source kept are kept byte for byte (with their Content-Encoding when the
//   source kept them compressed). A body the source stored parsed (pydantic-ai's parsed_body,
//   nock's JSON responses) is rebuilt as compact JSON and its Content-Length follows the new
//   length. A body the source stored decoded (HAR: content.text is after Content-Encoding)
//   loses its Content-Encoding header, since the bytes no longer have that coding;
// - event-stream answers (2xx, application/vnd.amazon.eventstream) become the cassette's events,
//   decoded frame by frame (CRCs checked), so replay re-encodes the same frames. A compressed
//   stream is decompressed first. Text that tools produced by reading the bytes as Latin-1 is
//   turned back into bytes. A stream the source kept decoded, as JSON events one per line
//   ({"contentBlockDelta": {...}}) or a JSON array of them, is re-framed with Bedrock's header
//   order. A last partial frame (a client that stopped reading) ends the stream as "reset".
//   Bytes that still do not decode are kept as a plain body (exact bytes), with a warning;
// - HTTP/2 pseudo-headers (":status", ":authority") are dropped from the headers.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "bedrock/cassettes/import_error.hpp"
#include "bedrock/protocol/cassette.hpp"
#include "bedrock/protocol/expected.hpp"

namespace bedrock::cassettes {

enum class BodyForm {
  kAbsent,      // the source has no body at all
  kBytes,       // the bytes as sent (after the content coding, unless content_decoded)
  kParsedJson,  // the source kept a parsed JSON value; `bytes` is its compact writing
  kLost,        // the source dropped the bytes (a HAR entry without content.text)
};

struct CapturedBody {
  BodyForm form = BodyForm::kAbsent;
  std::string bytes;
  // The source stored the bytes with their Content-Encoding removed (HAR content.text).
  bool content_decoded = false;
};

// What bedrock-cassette's own HAR export adds (entry._bedrock), so that its files import back
// to the cassette they came from: what HAR has no field for.
struct TestbedExtras {
  std::optional<std::string> id;
  std::optional<std::string> recorded_at;
  std::optional<std::string> operation;
  std::optional<std::string> model_id;
  std::optional<std::string> region;
  std::vector<double> offsets_ms;  // one per stream event
  std::optional<cassette::StreamEnd> stream_end;
  std::optional<cassette::FailureKind> failure_kind;
};

struct CapturedExchange {
  std::string location;             // where in the source: "interactions[3]", "$.log.entries[2]"
  std::optional<std::size_t> line;  // 1-based, when the reader knows it
  std::string method;
  std::string url;        // absolute URL (https://host/path?q) or origin-form target (/path?q)
  std::string authority;  // host[:port] when the source gives it apart from the URL
  cassette::HeaderList request_headers;
  CapturedBody request_body;
  int status = 0;
  cassette::HeaderList response_headers;
  CapturedBody response_body;
  std::optional<cassette::Failure> failure;  // no answer at all (HAR status 0 with an _error)
  std::optional<std::string> started_at;     // ISO-8601 with any zone offset
  std::optional<std::string> fallback_id;    // the id to use (index-based ids otherwise)
  // How long the exchange took, when the source kept it (HAR entry.time).
  std::optional<double> duration_ms;
  std::optional<TestbedExtras> testbed;
};

struct ConversionOptions {
  std::string default_region = "us-east-1";
};

struct Conversion {
  std::optional<cassette::Interaction> interaction;  // nullopt: left out (see notes)
  std::vector<ImportNote> notes;                     // `interaction` not yet set in them
};

// The interaction for one exchange; fails only for what makes the exchange unusable (a status
// outside 100..599, an undecodable URL), never for a request that is simply not Bedrock's.
Expected<Conversion, ImportError> to_interaction(const CapturedExchange& exchange,
                                                 std::string_view file,
                                                 const ConversionOptions& options = {});

}  // namespace bedrock::cassettes
