#include "bedrock/recorder/drift.hpp"

#include "bedrock/cassettes/importers.hpp"
#include "bedrock/protocol/encoding.hpp"
#include "bedrock/protocol/event_stream.hpp"
#include "bedrock/protocol/operation.hpp"
#include "bedrock/protocol/sigv4_signer.hpp"
#include "bedrock/recorder/upstream.hpp"

namespace bedrock::recorder {
namespace {

std::string describe(const cassettes::Answer& answer) {
  if (const auto* response = std::get_if<cassette::Response>(&answer)) {
    return std::to_string(response->status);
  }
  if (const auto* stream = std::get_if<cassette::Stream>(&answer)) {
    return std::to_string(stream->status) + " stream";
  }
  const auto& failure = std::get<cassette::Failure>(answer);
  return failure.kind == cassette::FailureKind::kTimeout ? "timeout" : "dropped";
}

cassette::HeaderList header_list(const std::vector<std::pair<std::string, std::string>>& headers) {
  cassette::HeaderList out;
  for (const auto& [name, value] : headers) out.push_back({name, value});
  return out;
}

// The live answer in the cassette's terms: a 2xx event stream decoded into events.
cassettes::Answer answer_of(const client::HttpResponse& response) {
  cassette::HeaderList headers = header_list(response.headers);
  const auto type = response.header("Content-Type");
  const bool streamed = response.status >= 200 && response.status < 300 && type &&
                        encoding::to_lower(*type).starts_with("application/vnd.amazon.eventstream");
  if (streamed) {
    event_stream::EventStreamDecoder decoder;
    auto messages = decoder.feed(response.body);
    if (messages) {
      cassette::Stream stream;
      stream.status = response.status;
      stream.headers = std::move(headers);
      for (auto& message : *messages) stream.events.push_back({0, std::move(message)});
      if (!decoder.finish()) stream.end = cassette::StreamEnd::kReset;
      return stream;
    }
  }
  return cassette::Response{response.status, std::move(headers), response.body};
}

class DriftChecker {
 public:
  explicit DriftChecker(const DriftConfig& config)
      : config_(config), transport_(config.transport) {}

  InteractionDrift check(const cassette::Interaction& interaction, std::string label) {
    InteractionDrift drift;
    drift.label = std::move(label);
    drift.operation = interaction.request.operation;
    drift.model_id = interaction.request.model_id.value_or("");
    drift.recorded = describe(interaction.answer);

    const std::string region = config_.region.value_or(interaction.request.region);
    auto endpoints = resolve_upstream(region, config_.upstream, config_.control_plane_upstream,
                                      config_.insecure_upstream);
    if (!endpoints) {
      drift.problem = endpoints.error();
      return drift;
    }
    auto operation = operations::find_operation(interaction.request.operation);
    const auto plane =
        operation ? operations::info_of(*operation).plane : operations::Plane::kRuntime;
    const std::string& base_url = endpoints->url_for(plane);

    HttpRequest recorded;
    recorded.method = interaction.request.method;
    recorded.target = interaction.request.path;
    recorded.body = interaction.request.body;
    for (const auto& header : interaction.request.headers) {
      // A recorded Authorization is redacted: the request is signed afresh from the chain.
      if (!header_name_equals(header.name, "Authorization")) {
        recorded.headers.emplace_back(header.name, header.value);
      }
    }
    HttpRequest request = forwarded_request(recorded, authority_of(base_url));
    if (!config_.credentials) {
      drift.problem = "no AWS credentials to sign with";
      return drift;
    }
    auto credentials = config_.credentials->credentials();
    if (!credentials) {
      drift.problem = "no AWS credentials: " + credentials.error().to_string();
      return drift;
    }
    sigv4::SigningParams params;
    params.region = region;
    params.time = config_.now ? config_.now() : std::chrono::system_clock::now();
    sigv4::sign(request, credentials->signing_credentials(), params);

    auto sent = transport_.send(request, base_url);
    cassettes::Answer live;
    if (sent) {
      live = answer_of(*sent);
    } else if (sent.error().stage == client::TransportStage::kConnect ||
               sent.error().stage == client::TransportStage::kSend ||
               sent.error().stage == client::TransportStage::kReceive ||
               sent.error().stage == client::TransportStage::kTimeout) {
      // The service's front door failed us: that is an answer, and it can be compared.
      live = cassette::Failure{sent.error().stage == client::TransportStage::kTimeout
                                   ? cassette::FailureKind::kTimeout
                                   : cassette::FailureKind::kDropped,
                               sent.error().message};
    } else {
      drift.problem =
          std::string(client::to_string(sent.error().stage)) + ": " + sent.error().message;
      return drift;
    }
    drift.live = describe(live);
    drift.differences = cassettes::compare_shapes(cassettes::shape_of(interaction.answer),
                                                  cassettes::shape_of(live));
    return drift;
  }

 private:
  const DriftConfig& config_;
  client::HttpTransport transport_;
};

}  // namespace

std::size_t DriftReport::drifted() const {
  std::size_t n = 0;
  for (const auto& interaction : interactions) n += interaction.drifted() ? 1 : 0;
  return n;
}

std::size_t DriftReport::failed() const {
  std::size_t n = 0;
  for (const auto& interaction : interactions) n += interaction.problem.empty() ? 0 : 1;
  return n;
}

Expected<DriftReport, std::string> check_drift(const DriftConfig& config) {
  std::vector<std::pair<std::string, cassettes::ImportedCassette>> loaded;
  cassettes::ImportOptions options;
  options.format = config.format;
  for (const std::string& file : config.cassettes) {
    auto imported = cassettes::import_file(file, options);
    if (!imported) return unexpected(imported.error().to_string());
    loaded.emplace_back(file, std::move(*imported));
  }
  DriftReport report;
  DriftChecker checker(config);
  for (const auto& [file, imported] : loaded) {
    const auto& interactions = imported.cassette.interactions;
    for (std::size_t i = 0; i < interactions.size(); ++i) {
      std::string label = file + "#" + interactions[i].id.value_or(std::to_string(i));
      report.interactions.push_back(checker.check(interactions[i], std::move(label)));
    }
  }
  return report;
}

std::string format_drift_report(const DriftReport& report) {
  std::string out;
  for (const auto& interaction : report.interactions) {
    std::string head = interaction.label + " " + interaction.operation;
    if (!interaction.model_id.empty()) head += " " + interaction.model_id;
    if (!interaction.problem.empty()) {
      out += "error: " + head + ": not checked: " + interaction.problem + "\n";
      continue;
    }
    head += ": " + interaction.recorded + " -> " + interaction.live;
    if (!interaction.drifted()) {
      out += "same:  " + head + "\n";
      continue;
    }
    out += "drift: " + head + "\n";
    for (const auto& difference : interaction.differences) {
      out += "         " + difference.to_string() + "\n";
    }
  }
  out += "drift check: " + std::to_string(report.drifted()) + " of " +
         std::to_string(report.interactions.size()) + " interactions drifted";
  if (report.failed() != 0) out += ", " + std::to_string(report.failed()) + " not checked";
  return out + "\n";
}

}  // namespace bedrock::recorder
