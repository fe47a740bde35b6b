#include "bedrock/recorder/recorder.hpp"

#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <set>
#include <thread>

#include "bedrock/cassettes/progress_line.hpp"
#include "bedrock/protocol/error_catalog.hpp"
#include "bedrock/protocol/near_miss.hpp"
#include "bedrock/protocol/operation.hpp"
#include "bedrock/protocol/query_redaction.hpp"
#include "bedrock/protocol/replayer.hpp"
#include "bedrock/protocol/sigv4_signer.hpp"
#include "bedrock/recorder/cassette_writer.hpp"
#include "bedrock/recorder/redact.hpp"
#include "relayed_exchange.hpp"
#include "replayed_response.hpp"
#include "upstream_call.hpp"

namespace bedrock::recorder {
namespace {

using Clock = std::chrono::steady_clock;
using cassettes::ProgressLine;

transport::Response from_wire(errors::WireResponse wire) {
  transport::Response response;
  response.status = wire.status;
  response.headers = std::move(wire.headers);
  response.body = std::move(wire.body);
  return response;
}

// A problem of the recorder's own (no credentials to sign with), shaped like an AWS error so an
// SDK shows its message; never recorded.
transport::Response local_error(int status, std::string_view type, const std::string& message) {
  transport::Response response;
  response.status = status;
  response.headers = {{"Content-Type", "application/json"},
                      {"x-amzn-ErrorType", std::string(type)},
                      {"x-amzn-RequestId", errors::generate_request_id()}};
  response.body = nlohmann::json{{"message", message}}.dump();
  return response;
}

// The front end's request as the one the recorder forwards and records: the fields are moved,
// never copied (a body may be 25 MB).
HttpRequest take_request(transport::Request& received) {
  HttpRequest request;
  request.method.swap(received.method);
  request.target.swap(received.target);
  request.headers.swap(received.headers);
  request.body.swap(received.body);
  return request;
}

}  // namespace

class Recorder::Impl {
 public:
  Impl(RecorderConfig config, UpstreamEndpoints endpoints, ModeBehaviour behaviour,
       cassette::Cassette existing)
      : config_(std::move(config)),
        endpoints_(std::move(endpoints)),
        behaviour_(behaviour),
        writer_(config_.cassette_path, existing),
        transport_(transport_options(config_)) {
    if (behaviour_.replays) {
      std::vector<replay::SourcedCassette> sources;
      sources.push_back({config_.cassette_path.string(), std::move(existing)});
      auto replayer = replay::Replayer::from_cassettes(std::move(sources));
      if (replayer) replayer_.emplace(std::move(*replayer));
      replay_error_ = replayer ? std::string() : replayer.error().to_string();
    }
  }

  ~Impl() { stop(); }

  client::TransportOptions transport_options(const RecorderConfig& config) {
    client::TransportOptions options = config.transport;
    options.abort_requested = [this] { return stopping_.load(); };
    options.verify_tls = true;  // issue #5: the upstream is always verified
    if (config.ca_file) options.ca_bundle = config.ca_file;
    return options;
  }

  Expected<int, std::string> start() {
    if (!replay_error_.empty()) return unexpected(replay_error_);
    front_end_ = std::make_unique<transport::FrontEnd>(
        config_.front_end, [this](transport::Request& request) { return handle(request); });
    auto port = front_end_->start();
    if (!port) return unexpected(port.error());
    return *port;
  }

  // Relays are cancelled first so the front end's connection threads are not left waiting on
  // them; upstream calls see stopping_ within about a second (the transport polls it).
  void stop() {
    stopping_ = true;
    cancel_in_flight();
    if (front_end_) front_end_->stop();
    cancel_in_flight();
    std::unique_lock lock(mutex_);
    idle_.wait(lock, [this] { return workers_ == 0; });
  }

  void cancel_in_flight() {
    std::lock_guard lock(mutex_);
    for (auto* exchange : in_flight_) exchange->cancel();
  }

  transport::Response handle(transport::Request& received) {
    const auto started = Clock::now();
    const HttpRequest request = take_request(received);
    auto target = operations::parse_request_target(request.method, request.target);
    if (!target) {
      // Not a Bedrock operation: nothing to match or record. Offline modes answer as Bedrock
      // does (reference §3 rule 4); recording modes let the upstream answer.
      if (!behaviour_.records) return from_wire(errors::render_unknown_operation());
      return forward(request, nullptr, started);
    }
    const auto& info = operations::info_of(target->operation);
    if (behaviour_.replays && replayer_) {
      auto result = replayer_->find({request.method, info.name, target->identifier, request.body});
      if (const replay::ReplayHit* hit = result.hit()) {
        auto response = replayed_response(*hit->source.interaction);
        progress({"replayed", std::string(info.name), target->identifier, response.status,
                  elapsed_ms(started), hit->source.label()});
        return response;
      }
      if (!behaviour_.records) {
        auto response = from_wire(result.miss()->response);
        response.headers.emplace_back("x-amzn-RequestId", errors::generate_request_id());
        progress({"replay-miss", std::string(info.name), target->identifier, response.status,
                  elapsed_ms(started),
                  "record mode " + std::string(to_string(config_.mode)) +
                      " does not record: " + result.miss()->report.message()});
        return response;
      }
    }
    return forward(request, &*target, started);
  }

  ModeBehaviour behaviour() const { return behaviour_; }
  const UpstreamEndpoints& upstream() const { return endpoints_; }
  std::size_t recorded() const {
    std::lock_guard lock(mutex_);
    return recorded_;
  }
  std::string url() const { return front_end_ ? front_end_->url() : std::string(); }
  int port() const { return front_end_ ? front_end_->port() : 0; }

 private:
  // Forwards, relays and (with a target) records one request.
  transport::Response forward(const HttpRequest& request, const operations::RequestTarget* target,
                              Clock::time_point started) {
    const auto plane = target != nullptr ? operations::info_of(target->operation).plane
                                         : operations::Plane::kRuntime;
    UpstreamCall call;
    call.base_url = endpoints_.url_for(plane);
    call.request = forwarded_request(request, authority_of(call.base_url));
    call.policy.extra_headers = config_.redact_headers;
    if (has_bearer_token(call.request)) {
      const std::string& value = *call.request.find_header("Authorization");
      call.policy.secret_values.push_back(value.substr(7));
    } else {
      if (!config_.credentials) {
        return local_error(500, "BedrockRecordCredentialsException",
                           "bedrock-record has no AWS credentials to sign with");
      }
      auto credentials = config_.credentials->credentials();
      if (!credentials) {
        return local_error(
            500, "BedrockRecordCredentialsException",
            "bedrock-record could not get AWS credentials: " + credentials.error().to_string());
      }
      sigv4::SigningParams params;
      params.region = config_.region;
      params.time = config_.now ? config_.now() : std::chrono::system_clock::now();
      sigv4::sign(call.request, credentials->signing_credentials(), params);
      call.policy.secret_values = {credentials->secret_access_key, credentials->access_key_id};
      if (!credentials->session_token.empty()) {
        call.policy.secret_values.push_back(credentials->session_token);
      }
    }

    std::optional<cassette::Request> recorded_request;
    if (target != nullptr) {
      cassette::Request recorded;
      recorded.method = request.method;
      recorded.path = redact_query_credentials(request.target);
      recorded.operation = std::string(operations::info_of(target->operation).name);
      if (!target->identifier.empty()) recorded.model_id = target->identifier;
      recorded.region = config_.region;
      recorded.headers = redact_headers(call.request.headers, call.policy);
      recorded.body = request.body;
      recorded_request = std::move(recorded);
    }

    auto exchange = std::make_shared<RelayedExchange>();
    {
      std::lock_guard lock(mutex_);
      ++workers_;
      in_flight_.insert(exchange.get());
    }
    // The upstream call runs on its own thread so the head can be answered while the body is
    // still arriving; it records before it finishes the exchange, so a caller that saw the end
    // of its answer finds the interaction in the cassette.
    ProgressLine line;
    if (target != nullptr) {
      line.operation = std::string(operations::info_of(target->operation).name);
      line.model_id = target->identifier;
    }
    std::thread([this, exchange, call = std::move(call), line = std::move(line), started,
                 recorded_request = std::move(recorded_request)]() mutable {
      UpstreamOutcome outcome = run_upstream_call(transport_, call, *exchange);
      line.status = outcome.status;
      line.ms = elapsed_ms(started);
      const auto with_summary = [&](std::string detail) {
        if (outcome.summary.empty()) return detail;
        return detail.empty() ? outcome.summary : outcome.summary + "; " + detail;
      };
      if (recorded_request && outcome.recorded) {
        cassette::Interaction interaction;
        interaction.recorded_at = cassette::format_recorded_at(std::chrono::system_clock::now());
        interaction.request = std::move(*recorded_request);
        std::visit([&interaction](auto& answer) { interaction.answer = std::move(answer); },
                   *outcome.recorded);
        auto saved = writer_.append(std::move(interaction));
        if (saved) {
          {
            std::lock_guard lock(mutex_);
            ++recorded_;
          }
          line.action = "recorded";
          line.detail = with_summary(std::to_string(writer_.size()) + " in " +
                                     config_.cassette_path.string());
        } else {
          line.action = "not-recorded";
          line.detail = with_summary(saved.error().to_string());
        }
      } else {
        line.action = "forwarded";
        line.detail = with_summary(line.operation.empty()
                                       ? call.request.method + " " +
                                             redact_query_credentials(call.request.target) +
                                             ": no Bedrock operation"
                                       : std::string());
      }
      progress(line);
      exchange->finish(outcome.end, std::move(outcome.answer));
      std::lock_guard lock(mutex_);
      in_flight_.erase(exchange.get());
      if (--workers_ == 0) idle_.notify_all();
    }).detach();

    auto head = exchange->wait_head();
    if (head && head->relay_body) {
      transport::Response response;
      response.status = head->response.status;
      response.headers = head->response.headers;
      response.is_stream = true;
      response.live = exchange;
      return response;
    }
    return exchange->wait_answer();
  }

  void progress(const ProgressLine& line) const {
    if (!config_.log) return;
    const std::string text = cassettes::format_progress_line("bedrock-record", line);
    std::fwrite(text.data(), 1, text.size(), stderr);  // one write: concurrent lines stay whole
  }

  static double elapsed_ms(Clock::time_point since) {
    return std::chrono::duration<double, std::milli>(Clock::now() - since).count();
  }

  RecorderConfig config_;
  UpstreamEndpoints endpoints_;
  ModeBehaviour behaviour_;
  CassetteWriter writer_;
  std::atomic<bool> stopping_{false};  // before transport_: its options poll it
  client::HttpTransport transport_;
  std::optional<replay::Replayer> replayer_;
  std::string replay_error_;
  std::unique_ptr<transport::FrontEnd> front_end_;
  mutable std::mutex mutex_;
  std::condition_variable idle_;
  std::set<RelayedExchange*> in_flight_;
  std::size_t workers_ = 0;
  std::size_t recorded_ = 0;
};

Expected<std::unique_ptr<Recorder>, std::string> Recorder::create(RecorderConfig config) {
  if (config.cassette_path.empty())
    return unexpected(std::string("--cassette: a path is required"));
  auto endpoints = resolve_upstream(config.region, config.upstream, config.control_plane_upstream,
                                    config.insecure_upstream);
  if (!endpoints) return unexpected(endpoints.error());
  std::error_code error;
  const bool existed = std::filesystem::exists(config.cassette_path, error);
  cassette::Cassette existing;
  if (existed) {
    auto loaded = cassette::load(config.cassette_path);
    if (!loaded) return unexpected(loaded.error().to_string());
    existing = std::move(*loaded);
  } else {
    existing.name = config.cassette_path.stem().string();
  }
  const ModeBehaviour behaviour = behaviour_of(config.mode, existed);
  auto impl = std::make_unique<Impl>(std::move(config), std::move(*endpoints), behaviour,
                                     std::move(existing));
  return std::unique_ptr<Recorder>(new Recorder(std::move(impl)));
}

Recorder::Recorder(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Recorder::~Recorder() = default;
Expected<int, std::string> Recorder::start() { return impl_->start(); }
void Recorder::stop() { impl_->stop(); }
std::string Recorder::url() const { return impl_->url(); }
int Recorder::port() const { return impl_->port(); }
transport::Response Recorder::handle(transport::Request& request) { return impl_->handle(request); }
ModeBehaviour Recorder::behaviour() const { return impl_->behaviour(); }
const UpstreamEndpoints& Recorder::upstream() const { return impl_->upstream(); }
std::size_t Recorder::recorded() const { return impl_->recorded(); }

}  // namespace bedrock::recorder
