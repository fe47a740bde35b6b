#pragma once
// The C++ Bedrock client: configuration and credentials resolved like the AWS SDKs, SigV4 (or a
// Bedrock API key) on every attempt, standard-mode retries, typed Converse and streams, raw JSON
// InvokeModel, CountTokens, and the control-plane calls that find models and inference profiles.
// Errors are values that say whether a failure was the network, the credentials or the service
// (with the catalog error, request ID and a one-line fix).
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bedrock/client/config.hpp"
#include "bedrock/client/control_plane_types.hpp"
#include "bedrock/client/converse_stream.hpp"
#include "bedrock/client/converse_types.hpp"
#include "bedrock/client/credentials.hpp"
#include "bedrock/client/diagnosis.hpp"
#include "bedrock/client/environment.hpp"
#include "bedrock/client/http_transport.hpp"
#include "bedrock/client/inference_profile_resolver.hpp"
#include "bedrock/client/retry.hpp"
#include "bedrock/protocol/error_catalog.hpp"

namespace bedrock::client {

struct ClientOptions {
  ConfigOverrides config;                    // --region, --profile, --endpoint-url, ...
  std::optional<AwsCredentials> credentials;  // explicit keys; otherwise the default chain
  // Replaces the default chain entirely (tests, custom sources).
  std::shared_ptr<CredentialsProvider> credentials_provider;
  const Environment* environment = nullptr;  // default: the process environment
  TransportOptions transport;
  InferenceProfilePolicy inference_profile = InferenceProfilePolicy::kNever;
  std::function<void(std::string_view line)> log;  // --verbose: one line per event, no secrets
  // Tests: deterministic backoff and no real sleeping.
  RandomSource random;
  Sleeper sleeper;
};

enum class ClientErrorKind {
  kConfig,       // no region, a bad setting or file
  kCredentials,  // no credentials found, or a provider failed
  kNetwork,      // DNS, connect, TLS, timeout, dropped connection: see `network`
  kService,      // the service answered with an error (before or inside a stream)
  kProtocol,     // an answer this client cannot read
};
std::string_view to_string(ClientErrorKind kind);

struct ClientError {
  ClientErrorKind kind = ClientErrorKind::kService;
  std::string code;  // sanitised error code, e.g. ValidationException; empty if none
  std::optional<errors::ServiceError> service;  // when the code is in the catalog
  int http_status = 0;
  std::string message;
  std::string request_id;
  bool retryable = false;
  bool in_stream = false;  // an exception frame after the stream started
  std::optional<TransportError> network;
  int attempts = 0;
  Diagnosis diagnosis;  // cause category and the one-line fix
  std::string to_string() const;  // "ValidationException (400): <message> [request id ...]"
};

template <class T>
using ClientResult = Expected<T, ClientError>;

// What happened on the wire for one call.
struct CallInfo {
  int attempts = 0;
  std::string request_id;
  std::string model_id;  // the ID the final request used (a profile, after resolution)
  std::string note;      // e.g. the inference-profile resolution, in one line
};

struct ConverseOutcome {
  ConverseResponse response;
  CallInfo info;
  std::string raw_body;  // the answer as received (for --json)
};

struct ConverseStreamOutcome {
  ConverseStreamResult result;
  CallInfo info;
};

struct InvokeOutcome {
  std::string body;          // the model's native JSON (or the concatenated chunks of a stream)
  std::string content_type;  // Content-Type / X-Amzn-Bedrock-Content-Type
  std::vector<std::pair<std::string, std::string>> headers;
  CallInfo info;
};

struct CountTokensOutcome {
  int64_t input_tokens = 0;
  CallInfo info;
};

using ConverseEventHandler = std::function<void(const ConverseStreamEvent&)>;
using ChunkHandler = std::function<void(std::string_view chunk_bytes)>;

class BedrockClient {
 public:
  static Expected<std::unique_ptr<BedrockClient>, ClientError> create(ClientOptions options);
  ~BedrockClient();

  ClientResult<ConverseOutcome> converse(const ConverseRequest& request);
  // Events reach `on_event` as they arrive; the result folds them. A stream is never retried
  // once its first byte arrived.
  ClientResult<ConverseStreamOutcome> converse_stream(const ConverseRequest& request,
                                                      const ConverseEventHandler& on_event = {});
  ClientResult<InvokeOutcome> invoke_model(const std::string& model_id, std::string body,
                                           std::string content_type = "application/json",
                                           std::string accept = "application/json");
  ClientResult<InvokeOutcome> invoke_model_stream(const std::string& model_id, std::string body,
                                                  const ChunkHandler& on_chunk = {},
                                                  std::string content_type = "application/json");
  ClientResult<CountTokensOutcome> count_tokens(const ConverseRequest& request);

  // Control plane. Filters: byProvider, byOutputModality, byInferenceType, byCustomizationType.
  ClientResult<std::vector<FoundationModelSummary>> list_foundation_models(
      const std::vector<std::pair<std::string, std::string>>& filters = {});
  ClientResult<FoundationModelSummary> get_foundation_model(const std::string& model_id);
  // Every page; `type` SYSTEM_DEFINED or APPLICATION.
  ClientResult<std::vector<InferenceProfile>> list_inference_profiles(
      const std::optional<std::string>& type = std::nullopt);
  ClientResult<InferenceProfile> get_inference_profile(const std::string& id);

  const ResolvedConfig& config() const;
  // The credentials' provider name ("environment", "profile", ...), or "bearer" for an API key.
  std::string credentials_source();

  class Impl;

 private:
  explicit BedrockClient(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace bedrock::client
