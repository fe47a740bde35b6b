#pragma once
// bedrock-record as a library: a reverse proxy that forwards each request to Bedrock (or a VPC
// endpoint, or a test server), re-signed with SigV4 from the standard credential chain, relays
// the answer to the caller as it arrives, and tees the exchange into a cassette with its
// secrets redacted. Record modes decide which requests are replayed from the cassette instead
// (with the protocol's replayer, as bedrock-mock: one implementation of matching).
//
// Serving is the transport's FrontEnd; upstream calls are the client's HttpTransport; signing is
// the protocol signer; the file is written by the protocol cassette module.
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bedrock/client/credentials.hpp"
#include "bedrock/client/http_transport.hpp"
#include "bedrock/protocol/expected.hpp"
#include "bedrock/recorder/record_mode.hpp"
#include "bedrock/recorder/upstream.hpp"
#include "bedrock/transport/exchange.hpp"
#include "bedrock/transport/front_end.hpp"

namespace bedrock::recorder {

struct RecorderConfig {
  std::filesystem::path cassette_path;
  RecordMode mode = RecordMode::kOnce;
  std::string region = "us-east-1";  // the signing region (also for a VPC endpoint, reference §1)
  std::optional<std::string> upstream;                // default https://bedrock-runtime.REGION...
  std::optional<std::string> control_plane_upstream;  // default: upstream, else bedrock.REGION...
  std::optional<std::string> ca_file;                 // PEM bundle replacing the system CAs
  bool insecure_upstream = false;                     // allow http:// upstreams
  std::vector<std::string> redact_headers;            // written as REDACTED
  // Signs forwarded requests. May be null when every caller brings a Bedrock API key.
  std::shared_ptr<client::CredentialsProvider> credentials;
  transport::FrontEndOptions front_end;
  client::TransportOptions transport;  // ca_bundle is set from ca_file; TLS is always verified
  std::function<std::chrono::system_clock::time_point()> now;  // default: system_clock
  bool log = true;  // one stderr progress line per interaction (--quiet: false)
};

class Recorder {
 public:
  // Checks the upstream URLs and loads the cassette when it exists (a corrupt file is an error
  // naming it, never overwritten).
  static Expected<std::unique_ptr<Recorder>, std::string> create(RecorderConfig config);
  ~Recorder();
  Recorder(const Recorder&) = delete;
  Recorder& operator=(const Recorder&) = delete;

  Expected<int, std::string> start();  // the bound port
  // Stops serving, cancels relays and waits for upstream calls in flight. Idempotent.
  void stop();
  std::string url() const;
  int port() const;

  // One request, as the front end hands it over (also usable without a socket). The request's
  // fields are moved out.
  transport::Response handle(transport::Request& request);

  ModeBehaviour behaviour() const;
  const UpstreamEndpoints& upstream() const;
  std::size_t recorded() const;  // interactions this run appended to the cassette

  class Impl;

 private:
  explicit Recorder(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace bedrock::recorder
