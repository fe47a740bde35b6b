#include "bedrock/cassettes/lint.hpp"

#include <nlohmann/json.hpp>

#include "bedrock/protocol/encoding.hpp"
#include "bedrock/protocol/event_stream_message.hpp"
#include "bedrock/protocol/http_request.hpp"
#include "bedrock/protocol/operation.hpp"

namespace bedrock::cassettes {
namespace {

// "interactions[3]", "$.log.entries[3]", "$[3]": the index of the interaction a location names.
std::optional<std::size_t> interaction_in(const std::string& location) {
  for (const char* list : {"interactions[", "entries[", "$["}) {
    const std::size_t at = location.find(list);
    if (at == std::string::npos) continue;
    const std::size_t start = at + std::string_view(list).size();
    std::size_t value = 0;
    std::size_t i = start;
    for (; i < location.size() && location[i] >= '0' && location[i] <= '9'; ++i) {
      value = value * 10 + static_cast<std::size_t>(location[i] - '0');
    }
    if (i > start && i < location.size() && location[i] == ']') return value;
  }
  return std::nullopt;
}

bool is_hex_signature(std::string_view value) {
  return value.size() == 64 && value.find_first_not_of("0123456789abcdef") == value.npos;
}

bool looks_like_access_key(std::string_view text) {
  for (std::size_t at = 0; at + 20 <= text.size(); ++at) {
    const std::string_view key = text.substr(at, 20);
    if (!key.starts_with("AKIA") && !key.starts_with("ASIA")) continue;
    const bool shaped = key.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") == key.npos;
    const bool bounded =
        at + 20 == text.size() ||
        std::string_view("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789").find(text[at + 20]) ==
            std::string_view::npos;
    if (shaped && bounded && !key.ends_with("EXAMPLE")) return true;
  }
  return false;
}

class Checker {
 public:
  Checker(const ImportedCassette& imported, const std::string& file, std::vector<LintFinding>& out)
      : imported_(imported), file_(file), out_(out) {}

  void check(std::size_t index) {
    index_ = index;
    const cassette::Interaction& interaction = imported_.cassette.interactions[index];
    check_route(interaction.request);
    check_headers(interaction.request.headers, "request.headers");
    check_query(interaction.request.path);
    if (const auto* response = interaction.response()) {
      check_headers(response->headers, "response.headers");
      check_response(*response);
    } else if (const auto* stream = interaction.stream()) {
      check_headers(stream->headers, "stream.headers");
      check_stream(*stream);
    }
  }

 private:
  void add(Severity severity, const std::string& field, std::string message) {
    LintFinding finding;
    finding.severity = severity;
    finding.file = file_;
    const std::string& origin = imported_.origins[index_];
    finding.interaction = interaction_in(origin).value_or(index_);
    finding.interaction_id = imported_.cassette.interactions[index_].id;
    finding.field = origin + (field.empty() ? "" : "." + field);
    finding.line = imported_.origin_lines[index_];
    finding.message = std::move(message);
    out_.push_back(std::move(finding));
  }

  void check_route(const cassette::Request& request) {
    auto route = operations::parse_request_target(request.method, request.path);
    if (!route) {
      add(Severity::kError, "request.path",
          request.method + " " + request.path + " is no Bedrock operation (" +
              route.error().detail + "): no request can match it");
      return;
    }
    const std::string_view name = operations::info_of(route->operation).name;
    if (request.operation != name) {
      add(Severity::kError, "request.operation",
          "operation \"" + request.operation + "\" does not match the path (" + request.method +
              " " + request.path + " is " + std::string(name) + ")");
    }
    const std::string recorded = request.model_id.value_or("");
    if (recorded != route->identifier) {
      add(Severity::kError, "request.model_id",
          "model_id \"" + recorded + "\" is not the path's identifier \"" + route->identifier +
              "\" (decoded): requests to this path would not match it");
    }
  }

  void check_headers(const cassette::HeaderList& headers, const std::string& where) {
    for (const auto& header : headers) {
      const std::string field = where + "." + header.name;
      if (header_name_equals(header.name, "Authorization")) {
        const std::string_view value = header.value;
        if (const auto at = value.find("Signature=");
            at != value.npos && is_hex_signature(value.substr(at + 10, 64))) {
          add(Severity::kError, field, "secret: a SigV4 signature (run bedrock-cassette redact)");
        }
        if (value.starts_with("Bearer ")) {
          const std::string_view token = value.substr(7);
          if (token != kRedactedText && (token.starts_with("ABSK") || token.size() >= 64)) {
            add(Severity::kError, field, "secret: a bearer token (run bedrock-cassette redact)");
          }
        }
      } else if (header_name_equals(header.name, "X-Amz-Security-Token") &&
                 header.value != kRedactedText && header.value.size() >= 100) {
        add(Severity::kError, field, "secret: a session token (run bedrock-cassette redact)");
      }
      if (looks_like_access_key(header.value)) {
        add(Severity::kError, field, "secret: an access key ID (run bedrock-cassette redact)");
      }
    }
  }

  void check_query(const std::string& path) {
    const std::string lower = encoding::to_lower(path);
    const std::size_t at = lower.find("x-amz-signature=");
    if (at != std::string::npos && lower.compare(at + 16, 8, "redacted") != 0) {
      add(Severity::kError, "request.path", "secret: a presigned URL's X-Amz-Signature");
    }
  }

  void check_response(const cassette::Response& response) {
    if (auto length = cassette::find_header(response.headers, "Content-Length")) {
      const bool has_coding =
          cassette::find_header(response.headers, "Content-Encoding").has_value();
      if (!has_coding && *length != std::to_string(response.body.size())) {
        add(Severity::kWarning, "response.headers.Content-Length",
            "Content-Length " + std::string(*length) + " but the body has " +
                std::to_string(response.body.size()) +
                " bytes (replay sends the body's real length)");
      }
    }
    auto type = cassette::find_header(response.headers, "Content-Type");
    const std::string content_type = type ? encoding::to_lower(*type) : std::string();
    const bool coded = cassette::find_header(response.headers, "Content-Encoding").has_value();
    if (content_type.starts_with("application/json") && !coded && !response.body.empty() &&
        !nlohmann::json::accept(response.body)) {
      add(Severity::kWarning, "response.body",
          "Content-Type is JSON but the body does not parse as JSON");
    }
    if (content_type.starts_with("application/vnd.amazon.eventstream") && response.status < 300 &&
        response.status >= 200) {
      add(Severity::kWarning, "response.body",
          "an event-stream answer whose bytes do not decode as frames: replayed as raw bytes");
    }
  }

  void check_stream(const cassette::Stream& stream) {
    if (stream.status < 200 || stream.status >= 300) {
      add(Severity::kWarning, "stream.status",
          "a stream with status " + std::to_string(stream.status) +
              " (Bedrock answers errors before a stream as plain responses)");
    }
    for (std::size_t i = 0; i + 1 < stream.events.size(); ++i) {
      const auto type = stream.events[i].message.string_header(":message-type");
      if (type && *type == "exception") {
        add(Severity::kWarning, "stream.events[" + std::to_string(i + 1) + "]",
            "events after an exception frame (Bedrock sends nothing after one)");
        break;
      }
    }
  }

  static constexpr std::string_view kRedactedText = "REDACTED";
  const ImportedCassette& imported_;
  const std::string& file_;
  std::vector<LintFinding>& out_;
  std::size_t index_ = 0;
};

}  // namespace

std::string_view to_string(Severity severity) {
  switch (severity) {
    case Severity::kError:
      return "error";
    case Severity::kWarning:
      return "warning";
    case Severity::kInfo:
      return "info";
  }
  return "error";
}

std::string LintFinding::to_string() const {
  std::string out = file;
  if (line) {
    out += ":" + std::to_string(*line);
    if (column) out += ":" + std::to_string(*column);
  }
  if (interaction) {
    out += ": interaction " + std::to_string(*interaction);
    if (interaction_id) out += " \"" + *interaction_id + "\"";
  }
  if (!field.empty()) out += ": " + field;
  return out + ": " + std::string(cassettes::to_string(severity)) + ": " + message;
}

std::size_t LintReport::count(Severity severity) const {
  std::size_t n = 0;
  for (const auto& finding : findings) n += finding.severity == severity ? 1 : 0;
  return n;
}

std::vector<LintFinding> lint_imported(const ImportedCassette& imported, const std::string& file) {
  std::vector<LintFinding> findings;
  for (const ImportNote& note : imported.notes) {
    LintFinding finding;
    finding.severity = note.level == NoteLevel::kWarning ? Severity::kWarning : Severity::kInfo;
    finding.file = file;
    finding.interaction = interaction_in(note.location);
    if (note.interaction && *note.interaction < imported.cassette.interactions.size()) {
      finding.interaction_id = imported.cassette.interactions[*note.interaction].id;
    }
    finding.field = note.location;
    finding.line = note.line;
    finding.message = note.message;
    findings.push_back(std::move(finding));
  }
  Checker checker(imported, file, findings);
  for (std::size_t i = 0; i < imported.cassette.interactions.size(); ++i) checker.check(i);
  return findings;
}

LintReport lint_file(const std::filesystem::path& path, SourceFormat format) {
  LintReport report;
  report.file = path.string();
  ImportOptions options;
  options.format = format;
  auto imported = import_file(path, options);
  if (!imported) {
    const ImportError& error = imported.error();
    LintFinding finding;
    finding.file = error.file.empty() ? report.file : error.file;
    finding.interaction = interaction_in(error.location);
    finding.field = error.location;
    finding.line = error.line;
    finding.column = error.column;
    finding.message = error.message;
    report.findings.push_back(std::move(finding));
    return report;
  }
  report.format = imported->format;
  report.interactions = imported->cassette.interactions.size();
  report.findings = lint_imported(*imported, report.file);
  return report;
}

}  // namespace bedrock::cassettes
