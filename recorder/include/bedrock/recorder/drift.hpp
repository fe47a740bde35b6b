#pragma once
// bedrock-record --drift: does the service still answer the way a cassette says? Each recorded
// request is sent again to the real endpoint (or --upstream), signed with the credential chain,
// and the live answer is compared with the recorded one by shape (bedrock/cassettes/
// answer_shape.hpp): status, error type, header names, JSON field paths and types, stream event
// types. Values are never compared: ids, dates and generated text change on every call.
// Any cassette format bedrock-cassette reads works (a vcrpy file as well as a native cassette).
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bedrock/cassettes/answer_shape.hpp"
#include "bedrock/cassettes/source_format.hpp"
#include "bedrock/client/credentials.hpp"
#include "bedrock/client/http_transport.hpp"
#include "bedrock/protocol/expected.hpp"

namespace bedrock::recorder {

struct DriftConfig {
  std::vector<std::string> cassettes;  // files
  cassettes::SourceFormat format = cassettes::SourceFormat::kAuto;
  // Signing Region and default endpoint; nullopt: each interaction's recorded Region.
  std::optional<std::string> region;
  std::optional<std::string> upstream;                // default https://bedrock-runtime.REGION...
  std::optional<std::string> control_plane_upstream;  // default: upstream, else bedrock.REGION...
  bool insecure_upstream = false;                     // allow http:// (test servers)
  std::shared_ptr<client::CredentialsProvider> credentials;
  client::TransportOptions transport;
  std::function<std::chrono::system_clock::time_point()> now;  // default: system_clock
};

struct InteractionDrift {
  std::string label;      // "cassettes/x.json#haiku"
  std::string operation;  // "Converse"
  std::string model_id;
  std::string recorded;  // "200", "200 stream", "dropped"
  std::string live;      // what came back now; empty when nothing could be sent
  std::vector<cassettes::ShapeDifference> differences;
  std::string problem;  // the request could not be sent (no credentials, DNS, TLS ...)

  bool drifted() const { return !differences.empty(); }
};

struct DriftReport {
  std::vector<InteractionDrift> interactions;
  std::size_t drifted() const;
  std::size_t failed() const;  // interactions that could not be checked
};

// Fails for what stops the whole check: a cassette that does not load, a bad upstream URL.
Expected<DriftReport, std::string> check_drift(const DriftConfig& config);

// One line per interaction ("same:", "drift:", "error:") with the differences indented below,
// then a summary line.
std::string format_drift_report(const DriftReport& report);

}  // namespace bedrock::recorder
