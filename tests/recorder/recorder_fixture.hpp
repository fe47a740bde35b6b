#pragma once
// The offline setup of every recorder integration test: bedrock-mock as the upstream, over HTTPS
// with a throwaway self-signed certificate (its own CA) and `--auth verify` against the
// recorder's credentials; the recorder in-process on a free port; a caller that signs with dummy
// keys the upstream does not know (so only the recorder's re-signing can get it through).
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bedrock/client/http_transport.hpp"
#include "bedrock/mock/server.hpp"
#include "bedrock/protocol/cassette.hpp"
#include "bedrock/protocol/event_stream_message.hpp"
#include "bedrock/recorder/recorder.hpp"
#include "support/temp_dir.hpp"

namespace bedrock::recorder::test {

// The recorder's identity; the upstream mock accepts only this one.
inline constexpr const char* kAccessKeyId = "AKIARECORDERTEST7Q2Z";
inline constexpr const char* kSecretKey = "rEc0rderS3cretKey/ThatMustNeverBeWritten+42";
inline constexpr const char* kSessionToken =
    "IQoJb3JpZ2luX2VjEXAMPLErecorderSessionToken0123456789==";
// What the caller signs with: unknown upstream.
inline constexpr const char* kCallerKeyId = "AKIACALLERDUMMY00000";
inline constexpr const char* kCallerSecret = "callerDummySecretKeyNotKnownUpstream000000";

inline constexpr const char* kNovaLite = "amazon.nova-lite-v1:0";
inline constexpr const char* kConverseTarget = "/model/amazon.nova-lite-v1%3A0/converse";
inline constexpr const char* kStreamTarget = "/model/amazon.nova-lite-v1%3A0/converse-stream";

std::string converse_body(const std::string& text);

struct CallerAnswer {
  int status = 0;
  std::string http_version;  // as the caller's transport saw it: "HTTP/1.1", "HTTP/2"
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::optional<client::TransportError> error;
  std::string header(const std::string& name) const;
  std::vector<event_stream::Message> events() const;  // decodes an event-stream body
};

class RecorderFixture {
 public:
  RecorderFixture();  // makes the certificate and the credentials file in a temp folder
  ~RecorderFixture();

  bool tls_ready() const { return tls_ready_; }
  const std::filesystem::path& dir() const { return temp_.path(); }
  std::filesystem::path cassette_path() const { return temp_.path() / "recorded.json"; }
  std::filesystem::path ca_file() const { return temp_.path() / "cert.pem"; }

  // The upstream: HTTPS, --auth verify, the bundled catalog, plus these rules/cassettes.
  void start_upstream(std::vector<mock::RuleSet> rules = {},
                      std::vector<std::string> cassettes = {});
  mock::Server& upstream() { return *upstream_; }
  std::string upstream_url() const { return upstream_->url(); }

  RecorderConfig recorder_config(RecordMode mode) const;
  Recorder& start_recorder(RecordMode mode);
  Recorder& start_recorder(RecorderConfig config);
  void stop_recorder();
  Recorder& recorder() { return *recorder_; }

  // A request to the recorder, signed with the caller's dummy keys.
  CallerAnswer call(const std::string& target, const std::string& body,
                    const std::string& region = "us-east-1");
  CallerAnswer call_at(const std::string& base_url, const std::string& target,
                       const std::string& body, const std::string& region = "us-east-1");
  // The same request over HTTP/2 with prior knowledge (as the stock JS runtime client sends).
  CallerAnswer call_http2(const std::string& target, const std::string& body,
                          const std::string& region = "us-east-1");

  std::size_t upstream_requests() { return upstream_->journal().total_recorded(); }

 private:
  bedrock::test::TempDir temp_;
  bool tls_ready_ = false;
  std::unique_ptr<mock::Server> upstream_;
  std::unique_ptr<Recorder> recorder_;
  client::HttpTransport caller_;
  client::HttpTransport http2_caller_{http2_transport()};
  static client::TransportOptions http2_transport() {
    client::TransportOptions options;
    options.http2 = true;
    return options;
  }
  CallerAnswer send_signed(client::HttpTransport& transport, const std::string& base_url,
                           const std::string& target, const std::string& body,
                           const std::string& region);
};

// Every cassette text a test wrote must pass this: no secret key, no session token, no access
// key ID, no SigV4 signature; returns what was found ("" when clean).
std::string secrets_in(const std::string& cassette_text);

std::string read_file(const std::filesystem::path& path);

}  // namespace bedrock::recorder::test
