#include "bedrock/cassettes/captured_exchange.hpp"

#include "bedrock/protocol/encoding.hpp"
#include "bedrock/protocol/http_request.hpp"
#include "bedrock/protocol/operation.hpp"
#include "content_coding.hpp"
#include "event_stream_body.hpp"
#include "exchange_time.hpp"
#include "request_origin.hpp"

namespace bedrock::cassettes {
namespace {

constexpr std::string_view kEventStream = "application/vnd.amazon.eventstream";

class Notes {
 public:
  Notes(const CapturedExchange& exchange, std::vector<ImportNote>& notes)
      : exchange_(exchange), notes_(notes) {}
  void info(std::string message) { add(NoteLevel::kInfo, std::move(message)); }
  void warning(std::string message) { add(NoteLevel::kWarning, std::move(message)); }

 private:
  void add(NoteLevel level, std::string message) {
    notes_.push_back({level, exchange_.location, exchange_.line, std::nullopt, std::move(message)});
  }
  const CapturedExchange& exchange_;
  std::vector<ImportNote>& notes_;
};

cassette::HeaderList without_pseudo_headers(const cassette::HeaderList& headers) {
  cassette::HeaderList out;
  out.reserve(headers.size());
  for (const auto& header : headers) {
    if (!header.name.empty() && header.name.front() == ':') continue;  // HTTP/2 (:status ...)
    out.push_back(header);
  }
  return out;
}

void remove_header(cassette::HeaderList& headers, std::string_view name) {
  std::erase_if(headers, [name](const cassette::HeaderField& header) {
    return header_name_equals(header.name, name);
  });
}

// A Content-Length the source kept describes the bytes it saw; after a rebuild it follows the
// body (the transport frames replies by their real length anyway).
void follow_content_length(cassette::HeaderList& headers, std::size_t length, Notes& notes,
                           std::string_view why) {
  for (auto& header : headers) {
    if (!header_name_equals(header.name, "Content-Length")) continue;
    const std::string now = std::to_string(length);
    if (header.value != now) {
      notes.info("Content-Length " + header.value + " -> " + now + " (" + std::string(why) + ")");
      header.value = now;
    }
  }
}

std::optional<std::string> header_value(const cassette::HeaderList& headers,
                                        std::string_view name) {
  if (auto value = cassette::find_header(headers, name)) return std::string(*value);
  return std::nullopt;
}

std::string region_of(const CapturedExchange& exchange, const SplitUrl& url,
                      const ConversionOptions& options, Notes& notes) {
  if (exchange.testbed && exchange.testbed->region) return *exchange.testbed->region;
  for (const std::string* authority : {&exchange.authority, &url.authority}) {
    if (auto region = region_of_host(*authority)) return *region;
  }
  for (const char* name : {"Host", ":authority"}) {
    if (auto host = header_value(exchange.request_headers, name)) {
      if (auto region = region_of_host(*host)) return *region;
    }
  }
  if (auto authorization = header_value(exchange.request_headers, "Authorization")) {
    if (auto region = region_of_authorization(*authorization)) return *region;
  }
  notes.info("no Region in the host name or the signature; recorded as " + options.default_region);
  return options.default_region;
}

std::string recorded_at_of(const CapturedExchange& exchange, Notes& notes) {
  if (exchange.testbed && exchange.testbed->recorded_at) return *exchange.testbed->recorded_at;
  if (exchange.started_at) {
    if (auto at = recorded_at_from_iso8601(*exchange.started_at)) return *at;
    if (auto at = recorded_at_from_http_date(*exchange.started_at)) return *at;
  }
  if (auto date = header_value(exchange.response_headers, "Date")) {
    if (auto at = recorded_at_from_http_date(*date)) return *at;
  }
  if (auto date = header_value(exchange.request_headers, "X-Amz-Date")) {
    if (auto at = recorded_at_from_amz_date(*date)) return *at;
  }
  notes.info("no timestamp (no response Date, no X-Amz-Date); recorded_at set to the epoch");
  return "1970-01-01T00:00:00Z";
}

bool is_event_stream(const cassette::HeaderList& headers) {
  auto type = cassette::find_header(headers, "Content-Type");
  return type && encoding::to_lower(*type).starts_with(kEventStream);
}

// The body bytes as they would be on the wire after decoding, for a reader that needs them
// (event streams), or nullopt with a warning when they do not decode.
std::optional<std::string> without_content_coding(const std::string& bytes, ContentCoding coding,
                                                  Notes& notes) {
  auto decoded = decode_content(bytes, coding, cassette::kMaxCassetteBytes);
  if (!decoded) {
    notes.warning("the body does not decode with its Content-Encoding (" + decoded.error() +
                  "): kept as the recorded bytes");
    return std::nullopt;
  }
  return std::move(*decoded);
}

cassette::Stream stream_of(int status, cassette::HeaderList headers,
                           std::vector<event_stream::Message> messages,
                           const std::optional<TestbedExtras>& testbed, bool reset) {
  cassette::Stream stream;
  stream.status = status;
  stream.headers = std::move(headers);
  stream.end = reset ? cassette::StreamEnd::kReset : cassette::StreamEnd::kComplete;
  double previous = 0;
  for (std::size_t i = 0; i < messages.size(); ++i) {
    cassette::StreamEvent event;
    // Other formats keep no per-frame times: every frame at offset 0, sent at once.
    if (testbed && i < testbed->offsets_ms.size() && testbed->offsets_ms[i] >= previous) {
      event.offset_ms = testbed->offsets_ms[i];
    } else {
      event.offset_ms = previous;
    }
    previous = event.offset_ms;
    event.message = std::move(messages[i]);
    stream.events.push_back(std::move(event));
  }
  if (testbed && testbed->stream_end) stream.end = *testbed->stream_end;
  return stream;
}

// An event-stream answer: the frames when the bytes decode, else the bytes as a plain body.
std::variant<cassette::Response, cassette::Stream> event_stream_answer(
    const CapturedExchange& exchange, cassette::HeaderList headers, Notes& notes) {
  const CapturedBody& body = exchange.response_body;
  std::string bytes = body.bytes;
  const auto coding = content_coding_of(header_value(headers, "Content-Encoding").value_or(""));
  if (coding != ContentCoding::kIdentity && !body.content_decoded) {
    if (coding == ContentCoding::kUnsupported) {
      notes.warning("event stream with an unsupported Content-Encoding: kept as recorded bytes");
      return cassette::Response{exchange.status, std::move(headers), std::move(bytes)};
    }
    auto decoded = without_content_coding(bytes, coding, notes);
    if (!decoded) return cassette::Response{exchange.status, std::move(headers), std::move(bytes)};
    bytes = std::move(*decoded);
    notes.info(
        "event stream decompressed (Content-Encoding dropped): frames replayed uncompressed");
  }
  remove_header(headers, "Content-Encoding");
  remove_header(headers, "Content-Length");  // a stream goes out chunked (reference §11.11)

  if (body.form == BodyForm::kLost || body.form == BodyForm::kAbsent) {
    if (body.form == BodyForm::kLost)
      notes.warning("the source kept no body: a stream of no events");
    return stream_of(exchange.status, std::move(headers), {}, exchange.testbed, false);
  }
  auto decoded = decode_event_stream_body(bytes);
  if (!decoded) {
    if (auto raw = latin1_bytes(bytes)) {
      if (auto again = decode_event_stream_body(*raw)) {
        notes.info("event-stream bytes recovered from ISO-8859-1 text");
        decoded = std::move(again);
      }
    }
  }
  if (!decoded) {
    if (auto events = events_from_decoded_json(bytes)) {
      notes.info("event stream kept decoded: " + std::to_string(events->size()) +
                 " events re-framed (header order :event-type, :content-type, :message-type; "
                 "payloads written compactly)");
      return stream_of(exchange.status, std::move(headers), std::move(*events), exchange.testbed,
                       false);
    }
    notes.warning("event-stream body does not decode (" + decoded.error() +
                  "): replayed as the recorded bytes");
    return cassette::Response{exchange.status, std::move(headers), std::move(bytes)};
  }
  if (decoded->trailing_bytes != 0) {
    notes.info(std::to_string(decoded->trailing_bytes) +
               " bytes of a last, partial frame dropped: the stream ends with a reset there");
  }
  return stream_of(exchange.status, std::move(headers), std::move(decoded->messages),
                   exchange.testbed, decoded->trailing_bytes != 0);
}

cassette::Response plain_answer(const CapturedExchange& exchange, cassette::HeaderList headers,
                                Notes& notes) {
  const CapturedBody& body = exchange.response_body;
  cassette::Response response{exchange.status, std::move(headers), body.bytes};
  const auto encoded = header_value(response.headers, "Content-Encoding");
  const auto coding = content_coding_of(encoded.value_or(""));
  if (coding != ContentCoding::kIdentity && !response.body.empty()) {
    if (body.content_decoded && !looks_coded(response.body, coding)) {
      // The source kept the decoded text: the header no longer describes these bytes.
      remove_header(response.headers, "Content-Encoding");
      notes.info("Content-Encoding " + *encoded + " dropped: the source kept the decoded body");
      follow_content_length(response.headers, response.body.size(), notes, "decoded body");
    } else if (body.form == BodyForm::kParsedJson) {
      remove_header(response.headers, "Content-Encoding");
    } else if (coding != ContentCoding::kUnsupported) {
      // Replayed as recorded, header included: a client would fail on bytes that do not decode
      // (a truncated capture, a scrubber that edited compressed bytes), so say so at import.
      auto decoded = decode_content(response.body, coding, cassette::kMaxCassetteBytes);
      if (!decoded) {
        notes.warning("response body does not decode with its Content-Encoding " + *encoded + " (" +
                      decoded.error() + "): replayed as recorded, clients will fail on it");
      }
    }
  }
  switch (body.form) {
    case BodyForm::kParsedJson:
      notes.info("response body rebuilt as compact JSON from the parsed value the source kept");
      follow_content_length(response.headers, response.body.size(), notes, "rebuilt body");
      break;
    case BodyForm::kLost:
      notes.warning("the source kept no response body: replayed with an empty body");
      follow_content_length(response.headers, 0, notes, "no body");
      break;
    default:
      break;
  }
  return response;
}

}  // namespace

Expected<Conversion, ImportError> to_interaction(const CapturedExchange& exchange,
                                                 std::string_view file,
                                                 const ConversionOptions& options) {
  Conversion conversion;
  Notes notes(exchange, conversion.notes);
  const auto fail = [&](std::string field, std::string message) {
    return unexpected(ImportError{std::string(file), exchange.location + field, exchange.line,
                                  std::nullopt, std::move(message)});
  };
  auto url = split_url(exchange.url);
  if (!url) return fail(".url", "not a URL or request target: \"" + exchange.url + "\"");
  std::string method = exchange.method;  // Ruby VCR writes "post"
  for (char& c : method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));

  auto route = operations::parse_request_target(method, url->target);
  if (!route) {
    notes.warning("left out: " + method + " " + exchange.url + " is not a Bedrock operation (" +
                  route.error().detail + ")");
    return conversion;
  }
  const auto& info = operations::info_of(route->operation);

  cassette::Interaction interaction;
  interaction.request.method = method;
  interaction.request.path = url->target;
  interaction.request.operation = exchange.testbed && exchange.testbed->operation
                                      ? *exchange.testbed->operation
                                      : std::string(info.name);
  if (exchange.testbed && exchange.testbed->model_id) {
    interaction.request.model_id = *exchange.testbed->model_id;
  } else if (!route->identifier.empty()) {
    interaction.request.model_id = route->identifier;
  }
  interaction.request.region = region_of(exchange, *url, options, notes);
  interaction.request.headers = without_pseudo_headers(exchange.request_headers);
  interaction.request.body = exchange.request_body.bytes;
  if (exchange.request_body.form == BodyForm::kParsedJson) {
    notes.info(
        "request body rebuilt as compact JSON (matching compares JSON, so it still matches)");
  }
  interaction.recorded_at = recorded_at_of(exchange, notes);
  if (exchange.testbed && exchange.testbed->id) interaction.id = exchange.testbed->id;

  if (exchange.failure) {
    interaction.answer = *exchange.failure;
  } else if (exchange.status < 100 || exchange.status > 599) {
    return fail(".response.status",
                "status " + std::to_string(exchange.status) + " is outside 100..599");
  } else {
    cassette::HeaderList headers = without_pseudo_headers(exchange.response_headers);
    const bool streamed =
        exchange.status >= 200 && exchange.status < 300 && is_event_stream(headers);
    if (streamed) {
      std::visit([&interaction](auto&& answer) { interaction.answer = std::move(answer); },
                 event_stream_answer(exchange, std::move(headers), notes));
    } else {
      interaction.answer = plain_answer(exchange, std::move(headers), notes);
    }
  }
  conversion.interaction = std::move(interaction);
  return conversion;
}

}  // namespace bedrock::cassettes
