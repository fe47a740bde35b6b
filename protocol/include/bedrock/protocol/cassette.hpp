#pragma once
// The cassette: recorded Bedrock Runtime exchanges, one JSON file, replayed byte-faithfully by the
// mock and written by the recorder. docs/cassette-format.md describes the file; this header is the
// in-memory model and the only reader/writer of that file.
//
// The model keeps raw BYTES for every body, payload and header value. How bytes are spelled in the
// file ({"json": ..}, {"json_spaced": ..}, {"text": ..}, {"base64": ..}) is chosen by the writer
// from the bytes alone, so a model round-trips exactly and replay sends exactly what was recorded.
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "bedrock/protocol/event_stream_message.hpp"
#include "bedrock/protocol/expected.hpp"

namespace bedrock::cassette {

// The only version this build reads and writes. A reader that meets another version refuses it
// (CassetteErrorKind::kUnsupportedFormat) instead of guessing.
inline constexpr std::string_view kFormat = "bedrock-testbed-cassette/1";

// Limits: a cassette larger than this is refused on load; JSON nested deeper than
// kMaxJsonDepth (bodies included) is a validation error, which keeps every recursive walk bounded.
inline constexpr std::size_t kMaxCassetteBytes = std::size_t{256} * 1024 * 1024;
inline constexpr std::size_t kMaxJsonDepth = 160;

// One HTTP header as received: name spelled as on the wire (reference §11.14: HTTP/1.1 mixes case,
// HTTP/2 is lower-case), value as raw bytes. Order and repeats are kept.
struct HeaderField {
  std::string name;
  std::string value;
  bool operator==(const HeaderField&) const = default;
};
using HeaderList = std::vector<HeaderField>;

// The first header with this name, compared case-insensitively.
std::optional<std::string_view> find_header(const HeaderList& headers, std::string_view name);

struct Request {
  std::string method;     // "POST"
  std::string path;       // raw request-target as sent: /model/amazon.nova-lite-v1%3A0/converse
  std::string operation;  // "Converse"
  std::optional<std::string> model_id;  // decoded: amazon.nova-lite-v1:0 (absent for /async-invoke)
  std::string region;                   // "us-east-1"
  HeaderList headers;                   // secrets already redacted by the recorder
  std::string body;                     // exact bytes
  bool operator==(const Request&) const = default;
};

struct Response {
  int status = 200;
  HeaderList headers;
  std::string body;  // exact bytes
  bool operator==(const Response&) const = default;
};

struct StreamEvent {
  // Milliseconds after the response headers were received; replay sleeps until this offset
  // (scaled) before sending the frame. Non-negative and non-decreasing within a stream.
  double offset_ms = 0;
  event_stream::Message message;  // headers with their wire types, payload bytes
  bool operator==(const StreamEvent&) const = default;
};

// How the recorded stream ended after its last event. A mid-stream exception is not an ending of
// its own: it is an event with :message-type "exception" (reference §5, §11.8).
enum class StreamEnd {
  kComplete,  // the response body ended normally ("complete")
  kReset,     // the connection dropped after the last event ("reset")
};

struct Stream {
  int status = 200;
  HeaderList headers;
  std::vector<StreamEvent> events;
  StreamEnd end = StreamEnd::kComplete;
  bool operator==(const Stream&) const = default;
};

// The upstream never answered: no status line arrived. Recorded by bedrock-record because these
// are the cases people most want to keep (issue #5); the mock replays them as the same failure.
enum class FailureKind {
  kDropped,  // "dropped": the connection was refused, reset or closed before any answer
  kTimeout,  // "timeout": nothing came back in time; replay never answers (the client times out)
};

struct Failure {
  FailureKind kind = FailureKind::kDropped;
  std::string message;  // what the recorder saw, e.g. "Connection refused" (informational)
  bool operator==(const Failure&) const = default;
};

struct Interaction {
  std::optional<std::string> id;  // unique within the cassette when present
  std::string recorded_at;        // ISO-8601 UTC, e.g. 2025-02-25T08:56:13.412Z
  Request request;
  std::variant<Response, Stream, Failure> answer;

  const Response* response() const { return std::get_if<Response>(&answer); }
  const Stream* stream() const { return std::get_if<Stream>(&answer); }
  const Failure* failure() const { return std::get_if<Failure>(&answer); }
  bool operator==(const Interaction&) const = default;
};

// Per-cassette matcher settings. An ignore path names a member of the JSON request body that the
// matcher leaves out: "$" followed by ".name", "[N]" or "[*]" segments, e.g.
// "$.inferenceConfig.temperature" or "$.messages[*].content[0].text".
struct MatchSettings {
  std::vector<std::string> ignore_paths;
  bool operator==(const MatchSettings&) const = default;
};

struct Cassette {
  std::optional<std::string> name;
  std::optional<std::string> description;
  MatchSettings match;
  std::vector<Interaction> interactions;
  bool operator==(const Cassette&) const = default;
};

enum class CassetteErrorKind {
  kIo,                 // cannot read, write, rename or list
  kSyntax,             // not JSON (line/column set)
  kUnsupportedFormat,  // "format" names another version
  kInvalid,            // JSON, but not a valid cassette (json_path says where)
};

struct CassetteError {
  CassetteErrorKind kind = CassetteErrorKind::kInvalid;
  std::string file;       // the path or source name given to load/parse/save
  std::string json_path;  // "$.interactions[3].response.status"; empty for kIo and kSyntax
  std::string message;    // what is wrong
  std::optional<std::size_t> line;    // 1-based, kSyntax only
  std::optional<std::size_t> column;  // 1-based, in characters (code points), kSyntax only

  // "file:3:14: message", "file: $.path: message" or "file: message".
  std::string to_string() const;
};

// How the writer spells a body or payload; a pure function of the bytes, first match wins:
//   kJson       bytes are a JSON object/array exactly as nlohmann compact dump writes it
//   kJsonSpaced the same with ", " and ": " separators (Python json.dumps, i.e. boto3 requests)
//   kText       valid UTF-8 without control characters other than TAB, LF, CR (and not DEL)
//   kBase64     anything else
enum class BodyEncoding { kJson, kJsonSpaced, kText, kBase64 };
BodyEncoding body_encoding(std::string_view bytes);

// Reading. `source_name` is what errors call the input (usually the path).
Expected<Cassette, CassetteError> parse(std::string_view text, std::string_view source_name);
Expected<Cassette, CassetteError> load(const std::filesystem::path& path);

// Every *.json file below `dir` (recursively, skipping names that start with '.'), ordered by
// path relative to `dir` (byte-wise), each with its own result. Fails only when `dir` cannot be
// listed.
struct LoadedCassette {
  std::filesystem::path path;
  Expected<Cassette, CassetteError> cassette;
};
Expected<std::vector<LoadedCassette>, CassetteError> load_all(const std::filesystem::path& dir);

// Writing. The model is validated with the same rules as parse(), so whatever is written loads.
Expected<nlohmann::ordered_json, CassetteError> to_json(const Cassette& cassette);
// The file text: deterministic member order, 2-space indent, containers that fit in 100 columns
// (and arrays of scalars, such as [name, value] header pairs) on one line, a trailing newline.
Expected<std::string, CassetteError> serialize(const Cassette& cassette);
// Atomic: temp file beside `path`, write, fsync, rename over `path`, fsync the folder. On failure
// the previous file (if any) is untouched and no temp file is left.
Expected<void, CassetteError> save(const Cassette& cassette, const std::filesystem::path& path);

// recorded_at for a point in time: YYYY-MM-DDTHH:MM:SS.mmmZ (UTC, milliseconds).
std::string format_recorded_at(std::chrono::system_clock::time_point when);

}  // namespace bedrock::cassette
