#include "bedrock/client/bedrock_client.hpp"

#include <mutex>

#include "bedrock/protocol/encoding.hpp"
#include "bedrock/protocol/event_stream.hpp"
#include "bedrock/protocol/operation.hpp"
#include "bedrock/protocol/sigv4_signer.hpp"

namespace bedrock::client {
namespace {

using nlohmann::json;
using operations::Operation;

// "https://host:port" of an endpoint URL (the request target carries the path).
std::string base_url_of(const std::string& url) {
  const auto scheme = url.find("://");
  const auto path = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  return path == std::string::npos ? url : url.substr(0, path);
}

// The path of an endpoint URL, without trailing '/': a prefix of every request path, as botocore
// and the JS SDK v3 treat it (bedrock-mock's sessions, http://mock/__session/ID, rely on it).
std::string path_prefix_of(const std::string& url) {
  const auto scheme = url.find("://");
  const auto path = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  if (path == std::string::npos) return {};
  std::string prefix = url.substr(path, url.find_first_of("?#", path) - path);
  while (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
  return prefix;
}

// The Host header value: the authority of the base URL.
std::string authority_of(const std::string& base_url) {
  const auto scheme = base_url.find("://");
  return scheme == std::string::npos ? base_url : base_url.substr(scheme + 3);
}

std::string query_string(const std::vector<std::pair<std::string, std::string>>& parameters) {
  std::string out;
  for (const auto& [name, value] : parameters) {
    out += (out.empty() ? "?" : "&") + encoding::percent_encode(name) + "=" +
           encoding::percent_encode(value);
  }
  return out;
}

using FrameHandler = std::function<bool(const event_stream::Message&)>;

ClientError client_error(ClientErrorKind kind) {
  ClientError error;
  error.kind = kind;
  return error;
}

// A failure after the stream's first bytes: a frame our decoder refused (a CRC says the bytes
// were altered), silence until the read timeout, or the connection going away.
StreamBreak stream_break_of(const TransportError& error,
                            std::optional<event_stream::FrameErrorKind> frame_error) {
  using event_stream::FrameErrorKind;
  if (frame_error) {
    const bool checksum = *frame_error == FrameErrorKind::kPreludeChecksumMismatch ||
                          *frame_error == FrameErrorKind::kMessageChecksumMismatch;
    return checksum ? StreamBreak::kChecksumMismatch : StreamBreak::kMalformedFrame;
  }
  return error.stage == TransportStage::kTimeout ? StreamBreak::kStalled
                                                 : StreamBreak::kConnectionCut;
}

struct Exchange {
  std::optional<HttpResponse> response;
  std::optional<TransportError> transport_error;
  int attempts = 0;
};

}  // namespace

std::string_view to_string(ClientErrorKind kind) {
  switch (kind) {
    case ClientErrorKind::kConfig:
      return "configuration";
    case ClientErrorKind::kCredentials:
      return "credentials";
    case ClientErrorKind::kNetwork:
      return "network";
    case ClientErrorKind::kService:
      return "service";
    case ClientErrorKind::kProtocol:
      return "protocol";
  }
  return "unknown";
}

std::string ClientError::to_string() const {
  std::string out;
  if (!code.empty()) {
    out = code + (http_status ? " (" + std::to_string(http_status) + ")" : "") + ": " + message;
  } else if (network) {
    out = std::string(client::to_string(network->stage)) + " error: " + message;
  } else {
    out = std::string(client::to_string(kind)) + " error: " + message;
  }
  if (!request_id.empty()) out += " [request id " + request_id + "]";
  return out;
}

class BedrockClient::Impl {
 public:
  Impl(ClientOptions options, ResolvedConfig config, std::shared_ptr<CredentialsProvider> provider,
       std::optional<std::string> bearer, const Environment& environment)
      : options_(std::move(options)),
        config_(std::move(config)),
        credentials_(std::move(provider)),
        bearer_(std::move(bearer)),
        environment_(environment),
        transport_(transport_options()),
        quota_(std::make_shared<RetryQuota>()) {}

  const ResolvedConfig& config() const { return config_; }

  std::string credentials_source() {
    if (bearer_) return "bearer";
    auto credentials = credentials_->credentials();
    return credentials ? credentials->provider : "none";
  }

  ClientResult<ConverseOutcome> converse(const ConverseRequest& request) {
    return with_profile_policy(
        request.model_id, [&](const std::string& model_id) -> ClientResult<ConverseOutcome> {
          auto exchange =
              call(Operation::kConverse, model_id, to_json(request).dump(), {}, nullptr);
          if (!exchange) return unexpected(exchange.error());
          auto parsed = parse_converse_response(exchange->response->body);
          if (!parsed) return unexpected(protocol_error(parsed.error().message(), *exchange));
          return ConverseOutcome{std::move(*parsed), info_of(*exchange, model_id),
                                 exchange->response->body};
        });
  }

  ClientResult<ConverseStreamOutcome> converse_stream(const ConverseRequest& request,
                                                      const ConverseEventHandler& on_event) {
    return with_profile_policy(
        request.model_id, [&](const std::string& model_id) -> ClientResult<ConverseStreamOutcome> {
          ConverseStreamAccumulator accumulator;
          std::optional<ClientError> stream_error;
          const FrameHandler on_frame = [&](const event_stream::Message& frame) {
            auto event = parse_converse_stream_event(frame);
            if (!event) {
              stream_error = stream_event_error(event.error());
              return false;
            }
            if (auto added = accumulator.add(*event); !added) {
              stream_error = client_error(ClientErrorKind::kProtocol);
              stream_error->message = added.error().message();
              return false;
            }
            if (on_event) on_event(*event);
            return true;
          };
          auto exchange =
              call(Operation::kConverseStream, model_id, to_json(request).dump(), {}, &on_frame);
          if (stream_error) return unexpected(finish_stream_error(*stream_error, exchange));
          if (!exchange) return unexpected(exchange.error());
          auto result = accumulator.result();
          if (!result) return unexpected(protocol_error(result.error().message(), *exchange));
          return ConverseStreamOutcome{std::move(*result), info_of(*exchange, model_id)};
        });
  }

  ClientResult<InvokeOutcome> invoke_model(const std::string& model_id, std::string body,
                                           const std::string& content_type,
                                           const std::string& accept) {
    return with_profile_policy(model_id, [&](const std::string& id) -> ClientResult<InvokeOutcome> {
      auto exchange = call(Operation::kInvokeModel, id, body,
                           {{"Content-Type", content_type}, {"Accept", accept}}, nullptr);
      if (!exchange) return unexpected(exchange.error());
      InvokeOutcome outcome;
      outcome.body = exchange->response->body;
      if (const auto type = exchange->response->header("content-type"))
        outcome.content_type = *type;
      outcome.headers = exchange->response->headers;
      outcome.info = info_of(*exchange, id);
      return outcome;
    });
  }

  ClientResult<InvokeOutcome> invoke_model_stream(const std::string& model_id, std::string body,
                                                  const ChunkHandler& on_chunk,
                                                  const std::string& content_type) {
    return with_profile_policy(model_id, [&](const std::string& id) -> ClientResult<InvokeOutcome> {
      std::string collected;
      std::optional<ClientError> stream_error;
      const FrameHandler on_frame = [&](const event_stream::Message& frame) {
        auto event = parse_response_stream_event(frame);
        if (!event) {
          stream_error = stream_event_error(event.error());
          return false;
        }
        if (const auto* chunk = std::get_if<PayloadChunk>(&*event)) {
          collected += chunk->bytes;
          if (on_chunk) on_chunk(chunk->bytes);
        }
        return true;
      };
      auto exchange =
          call(Operation::kInvokeModelWithResponseStream, id, body,
               {{"Content-Type", content_type}, {"X-Amzn-Bedrock-Accept", "application/json"}},
               &on_frame);
      if (stream_error) return unexpected(finish_stream_error(*stream_error, exchange));
      if (!exchange) return unexpected(exchange.error());
      InvokeOutcome outcome;
      outcome.body = std::move(collected);
      if (const auto type = exchange->response->header("x-amzn-bedrock-content-type")) {
        outcome.content_type = *type;
      }
      outcome.headers = exchange->response->headers;
      outcome.info = info_of(*exchange, id);
      return outcome;
    });
  }

  ClientResult<CountTokensOutcome> count_tokens(const ConverseRequest& request) {
    // CountTokens takes the foundation model ID (reference §4): no profile resolution.
    json converse = to_json(request);
    json body = {{"input", {{"converse", converse}}}};
    auto exchange = call(Operation::kCountTokens, request.model_id, body.dump(), {}, nullptr);
    if (!exchange) return unexpected(exchange.error());
    json answer = json::parse(exchange->response->body, nullptr, false);
    if (!answer.is_object() || !answer.contains("inputTokens") ||
        !answer["inputTokens"].is_number_integer()) {
      return unexpected(protocol_error("CountTokens answer has no integer inputTokens", *exchange));
    }
    return CountTokensOutcome{answer["inputTokens"].get<int64_t>(),
                              info_of(*exchange, request.model_id)};
  }

  ClientResult<std::vector<FoundationModelSummary>> list_foundation_models(
      const std::vector<std::pair<std::string, std::string>>& filters) {
    auto exchange = call_control("GET", "/foundation-models" + query_string(filters));
    if (!exchange) return unexpected(exchange.error());
    auto parsed = parse_list_foundation_models(exchange->response->body);
    if (!parsed) return unexpected(protocol_error(parsed.error().message(), *exchange));
    return std::move(*parsed);
  }

  ClientResult<FoundationModelSummary> get_foundation_model(const std::string& model_id) {
    auto exchange =
        call_control("GET", operations::build_path(Operation::kGetFoundationModel, model_id, ""));
    if (!exchange) return unexpected(exchange.error());
    auto parsed = parse_get_foundation_model(exchange->response->body);
    if (!parsed) return unexpected(protocol_error(parsed.error().message(), *exchange));
    return std::move(*parsed);
  }

  ClientResult<std::vector<InferenceProfile>> list_inference_profiles(
      const std::optional<std::string>& type) {
    std::vector<InferenceProfile> all;
    std::optional<std::string> token;
    // A server that keeps returning tokens must not loop forever.
    for (int page = 0; page < 1000; ++page) {
      std::vector<std::pair<std::string, std::string>> query = {{"maxResults", "1000"}};
      if (type) query.emplace_back("typeEquals", *type);
      if (token) query.emplace_back("nextToken", *token);
      auto exchange = call_control("GET", "/inference-profiles" + query_string(query));
      if (!exchange) return unexpected(exchange.error());
      auto parsed = parse_list_inference_profiles(exchange->response->body);
      if (!parsed) return unexpected(protocol_error(parsed.error().message(), *exchange));
      for (auto& profile : parsed->summaries) all.push_back(std::move(profile));
      if (!parsed->next_token || parsed->next_token->empty()) return all;
      token = parsed->next_token;
    }
    ClientError error = client_error(ClientErrorKind::kProtocol);
    error.message = "ListInferenceProfiles returned more than 1000 pages";
    return unexpected(error);
  }

  ClientResult<InferenceProfile> get_inference_profile(const std::string& id) {
    auto exchange =
        call_control("GET", operations::build_path(Operation::kGetInferenceProfile, id, ""));
    if (!exchange) return unexpected(exchange.error());
    auto parsed = parse_get_inference_profile(exchange->response->body);
    if (!parsed) return unexpected(protocol_error(parsed.error().message(), *exchange));
    return std::move(*parsed);
  }

 private:
  TransportOptions transport_options() const {
    TransportOptions options = options_.transport;
    if (!options.ca_bundle && config_.ca_bundle) options.ca_bundle = config_.ca_bundle;
    if (options.user_agent.empty()) options.user_agent = "bedrock-testbed/0.1 bedrock-cli";
    return options;
  }

  void log(const std::string& line) const {
    if (options_.log) options_.log(line);
  }

  // The seed's fix: `always` resolves before calling, `auto` retries once with the profile
  // after the on-demand-throughput ValidationException.
  template <class Call>
  auto with_profile_policy(const std::string& model_id, Call&& call_with)
      -> decltype(call_with(model_id)) {
    const auto policy = options_.inference_profile;
    std::string note;
    std::string id = model_id;
    if (resolves_before_call(policy)) {
      if (auto resolved = resolve_profile(id); resolved && resolved->changed()) {
        id = resolved->model_id;
        note = resolved->explanation;
        log("* " + note);
      }
    }
    auto result = call_with(id);
    if (!result && result.error().service && policy == InferenceProfilePolicy::kAuto &&
        retries_with_profile(policy, *result.error().service)) {
      auto resolved = resolve_profile(id);
      if (resolved && resolved->changed()) {
        note = resolved->explanation;
        log("* " + note + "; retrying");
        auto retried = call_with(resolved->model_id);
        if (retried) retried->info.note = note;
        return retried;
      }
    }
    if (result && !note.empty()) result->info.note = note;
    return result;
  }

  // ListInferenceProfiles when allowed, else the region's geography.
  Expected<ProfileResolution, ProfileResolutionError> resolve_profile(const std::string& model_id) {
    auto listed = list_inference_profiles(std::string("SYSTEM_DEFINED"));
    if (listed) {
      auto resolution = resolve_inference_profile(model_id, config_.region,
                                                  std::span<const InferenceProfile>(*listed));
      if (resolution) return resolution;
    } else {
      log("* ListInferenceProfiles failed (" + listed.error().to_string() +
          "): deriving the profile from the region");
    }
    return resolve_inference_profile(model_id, config_.region);
  }

  ClientResult<Exchange> call(Operation op, const std::string& model_id, std::string body,
                              std::vector<std::pair<std::string, std::string>> headers,
                              const FrameHandler* on_frame) {
    HttpRequest request;
    request.method = "POST";
    request.target = operations::build_path(op, model_id, "");
    request.body = std::move(body);
    if (headers.empty()) headers.emplace_back("Content-Type", "application/json");
    request.headers = std::move(headers);
    DiagnosisContext context;
    context.model_id = model_id;
    context.region = config_.region;
    context.operation = op;
    context.endpoint_host = authority_of(base_url_of(config_.runtime_endpoint.url));
    return send(std::move(request), config_.runtime_endpoint.url, on_frame, context);
  }

  ClientResult<Exchange> call_control(const std::string& method, std::string target) {
    HttpRequest request;
    request.method = method;
    request.target = std::move(target);
    DiagnosisContext context;
    context.region = config_.region;
    context.endpoint_host = authority_of(base_url_of(config_.control_plane_endpoint.url));
    return send(std::move(request), config_.control_plane_endpoint.url, nullptr, context);
  }

  ClientResult<Exchange> send(HttpRequest request, const std::string& endpoint_url,
                              const FrameHandler* on_frame, const DiagnosisContext& context) {
    const std::string base_url = base_url_of(endpoint_url);
    request.target = path_prefix_of(endpoint_url) + request.target;
    request.set_header("Host", authority_of(base_url));
    RetryPolicy policy;
    policy.max_attempts = config_.max_attempts;
    policy.mode = std::string(client::to_string(config_.retry_mode));
    RetryLoop loop(policy, quota_, options_.random, options_.sleeper);

    Exchange exchange;
    std::optional<ClientError> credentials_error;
    bool stream_started = false;
    const auto report = loop.run([&](const AttemptContext& attempt) -> AttemptOutcome {
      HttpRequest signed_request = request;
      attempt.apply_headers(signed_request);
      if (auto signed_ok = authorize(signed_request); !signed_ok) {
        credentials_error = signed_ok.error();
        return AttemptOutcome::http_error(0, "CredentialsError");  // not retryable
      }
      log("> " + signed_request.method + " " + signed_request.target + " (attempt " +
          std::to_string(attempt.attempt) + "/" + std::to_string(attempt.max_attempts) + ")");
      log_signed_headers(signed_request);
      event_stream::EventStreamDecoder decoder;
      bool frames_ok = true;
      std::optional<event_stream::FrameErrorKind> frame_error;
      BodySink sink = [&](std::string_view bytes) {
        stream_started = true;
        auto messages = decoder.feed(bytes);
        if (!messages) {
          frames_ok = false;
          frame_error = messages.error().kind;
          return false;
        }
        for (const auto& message : *messages) {
          if (!(*on_frame)(message)) return false;
        }
        return true;
      };
      auto sent = transport_.send(signed_request, base_url, on_frame ? &sink : nullptr);
      exchange.attempts = attempt.attempt;
      if (!sent) {
        log("< " + std::string(client::to_string(sent.error().stage)) +
            " error: " + sent.error().message);
        exchange.response.reset();
        exchange.transport_error = sent.error();
        if (stream_started) {
          exchange.transport_error->stream_break =
              stream_break_of(*exchange.transport_error, frame_error);
        }
        if (frame_error) {
          exchange.transport_error->message = "the event stream is malformed (" +
                                              std::string(event_stream::to_string(*frame_error)) +
                                              ")";
        }
        return AttemptOutcome::from_transport_error(sent.error(), on_frame != nullptr);
      }
      exchange.transport_error.reset();
      exchange.response = std::move(*sent);
      const auto request_id = exchange.response->header("x-amzn-RequestId");
      log("< " + std::to_string(exchange.response->status) + " " +
          (exchange.response->header("x-amzn-ErrorType")
               ? *exchange.response->header("x-amzn-ErrorType")
               : std::string("OK")) +
          (request_id ? " request-id " + *request_id : ""));
      if (on_frame && exchange.response->status < 300) {
        if (auto finished = decoder.finish(); !finished && frames_ok) {
          exchange.transport_error = TransportError{TransportStage::kReceive, 0,
                                                    "the event stream ended inside a frame", true};
          exchange.transport_error->stream_break = StreamBreak::kEndedInsideFrame;
        }
      }
      return AttemptOutcome::from_response(*exchange.response);
    });
    if (credentials_error) return unexpected(*credentials_error);
    if (report.attempts > 1) {
      log("* " + std::to_string(report.attempts) + " attempts (" +
          std::string(client::to_string(report.stop_reason)) + ")");
    }
    if (exchange.transport_error) {
      ClientError error = client_error(ClientErrorKind::kNetwork);
      error.network = exchange.transport_error;
      error.message = exchange.transport_error->message;
      error.attempts = exchange.attempts;
      error.retryable = !stream_started;
      if (exchange.response) {
        if (const auto id = exchange.response->header("x-amzn-RequestId")) error.request_id = *id;
      }
      error.diagnosis = diagnose_network(*exchange.transport_error, context);
      return unexpected(error);
    }
    if (exchange.response->status >= 300) {
      return unexpected(service_error(*exchange.response, exchange.attempts, context));
    }
    return exchange;
  }

  Expected<void, ClientError> authorize(HttpRequest& request) {
    if (bearer_) {
      request.set_header("Authorization", "Bearer " + *bearer_);
      return {};
    }
    auto credentials = credentials_->credentials();
    if (!credentials) {
      ClientError error = client_error(ClientErrorKind::kCredentials);
      error.message = credentials.error().to_string();
      return unexpected(error);
    }
    sigv4::SigningParams params;
    params.region = config_.region;
    params.time = environment_.now();
    sigv4::sign(request, credentials->signing_credentials(), params);
    return {};
  }

  void log_signed_headers(const HttpRequest& request) const {
    if (!options_.log) return;
    for (const auto& [name, value] : request.headers) {
      if (header_name_equals(name, "authorization")) {
        // The signature and the key ID stay out of logs; the scope and signed list help.
        const auto scope = value.find("Credential=");
        const auto slash = value.find('/', scope);
        const auto signature = value.find(", Signature=");
        std::string shown =
            value.substr(0, scope == std::string::npos ? 0 : scope) + "Credential=<key>" +
            (slash == std::string::npos ? "" : value.substr(slash, signature - slash)) +
            ", Signature=<hidden>";
        if (value.rfind("Bearer ", 0) == 0) shown = "Bearer <hidden>";
        log("> " + name + ": " + shown);
      } else if (header_name_equals(name, "x-amz-security-token")) {
        log("> " + name + ": <hidden>");
      } else {
        log("> " + name + ": " + value);
      }
    }
  }

  ClientError service_error(const HttpResponse& response, int attempts,
                            const DiagnosisContext& context) const {
    ClientError error = client_error(ClientErrorKind::kService);
    error.http_status = response.status;
    error.attempts = attempts;
    auto parsed = errors::parse_http_error(response);
    if (parsed) {
      error.service = *parsed;
      error.code = std::string(errors::wire_name(parsed->code));
      error.message = parsed->message;
      error.request_id = parsed->request_id.value_or("");
      error.retryable = parsed->spec().retryable;
      error.diagnosis = diagnose(*parsed, context);
    } else {
      error.code = parsed.error().code;
      error.message = parsed.error().message;
      error.request_id = parsed.error().request_id.value_or("");
      error.diagnosis = diagnose(parsed.error(), context);
    }
    if (error.request_id.empty()) {
      if (const auto id = response.header("x-amzn-RequestId")) error.request_id = *id;
    }
    return error;
  }

  ClientError stream_event_error(const StreamEventError& failure) const {
    ClientError error = client_error(ClientErrorKind::kService);
    error.in_stream = true;
    if (const auto* service = std::get_if<errors::ServiceError>(&failure)) {
      error.service = *service;
      error.code = std::string(errors::spec_of(service->code).stream_name);
      error.message = service->message;
      error.http_status = service->http_status();
      error.diagnosis = diagnose(*service);
    } else if (const auto* unknown = std::get_if<errors::UnrecognizedError>(&failure)) {
      error.code = unknown->code;
      error.message = unknown->message;
      error.diagnosis = diagnose(*unknown);
    } else {
      error.kind = ClientErrorKind::kProtocol;
      error.message = std::get<ParseError>(failure).message();
    }
    return error;
  }

  ClientError finish_stream_error(ClientError error, const ClientResult<Exchange>& exchange) const {
    if (exchange) {
      error.attempts = exchange->attempts;
      if (const auto id = exchange->response->header("x-amzn-RequestId")) error.request_id = *id;
    } else {
      error.attempts = exchange.error().attempts;
      error.request_id = exchange.error().request_id;
    }
    return error;
  }

  static ClientError protocol_error(const std::string& message, const Exchange& exchange) {
    ClientError error = client_error(ClientErrorKind::kProtocol);
    error.message = message;
    error.attempts = exchange.attempts;
    if (const auto id = exchange.response->header("x-amzn-RequestId")) error.request_id = *id;
    return error;
  }

  static CallInfo info_of(const Exchange& exchange, const std::string& model_id) {
    CallInfo info;
    info.attempts = exchange.attempts;
    info.model_id = model_id;
    if (const auto id = exchange.response->header("x-amzn-RequestId")) info.request_id = *id;
    return info;
  }

  ClientOptions options_;
  ResolvedConfig config_;
  std::shared_ptr<CredentialsProvider> credentials_;
  std::optional<std::string> bearer_;
  const Environment& environment_;
  HttpTransport transport_;
  std::shared_ptr<RetryQuota> quota_;
};

Expected<std::unique_ptr<BedrockClient>, ClientError> BedrockClient::create(ClientOptions options) {
  static const ProcessEnvironment process_environment;
  const Environment& environment =
      options.environment != nullptr ? *options.environment : process_environment;
  auto config = resolve_config(options.config, environment);
  if (!config) {
    ClientError error = client_error(ClientErrorKind::kConfig);
    error.message = config.error().to_string();
    return unexpected(error);
  }
  std::shared_ptr<CredentialsProvider> provider = options.credentials_provider;
  std::optional<std::string> bearer;
  if (!provider) {
    if (!options.credentials) bearer = bearer_token(environment);
    CredentialsChainOptions chain;
    chain.explicit_credentials = options.credentials;
    provider = make_default_credentials_provider(environment, config->location, chain);
  }
  auto impl = std::make_unique<Impl>(std::move(options), std::move(*config), std::move(provider),
                                     std::move(bearer), environment);
  return std::unique_ptr<BedrockClient>(new BedrockClient(std::move(impl)));
}

BedrockClient::BedrockClient(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
BedrockClient::~BedrockClient() = default;

ClientResult<ConverseOutcome> BedrockClient::converse(const ConverseRequest& request) {
  return impl_->converse(request);
}
ClientResult<ConverseStreamOutcome> BedrockClient::converse_stream(
    const ConverseRequest& request, const ConverseEventHandler& on_event) {
  return impl_->converse_stream(request, on_event);
}
ClientResult<InvokeOutcome> BedrockClient::invoke_model(const std::string& model_id,
                                                        std::string body, std::string content_type,
                                                        std::string accept) {
  return impl_->invoke_model(model_id, std::move(body), content_type, accept);
}
ClientResult<InvokeOutcome> BedrockClient::invoke_model_stream(const std::string& model_id,
                                                               std::string body,
                                                               const ChunkHandler& on_chunk,
                                                               std::string content_type) {
  return impl_->invoke_model_stream(model_id, std::move(body), on_chunk, content_type);
}
ClientResult<CountTokensOutcome> BedrockClient::count_tokens(const ConverseRequest& request) {
  return impl_->count_tokens(request);
}
ClientResult<std::vector<FoundationModelSummary>> BedrockClient::list_foundation_models(
    const std::vector<std::pair<std::string, std::string>>& filters) {
  return impl_->list_foundation_models(filters);
}
ClientResult<FoundationModelSummary> BedrockClient::get_foundation_model(
    const std::string& model_id) {
  return impl_->get_foundation_model(model_id);
}
ClientResult<std::vector<InferenceProfile>> BedrockClient::list_inference_profiles(
    const std::optional<std::string>& type) {
  return impl_->list_inference_profiles(type);
}
ClientResult<InferenceProfile> BedrockClient::get_inference_profile(const std::string& id) {
  return impl_->get_inference_profile(id);
}
const ResolvedConfig& BedrockClient::config() const { return impl_->config(); }
std::string BedrockClient::credentials_source() { return impl_->credentials_source(); }

}  // namespace bedrock::client
