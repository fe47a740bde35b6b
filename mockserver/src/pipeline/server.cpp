#include "bedrock/mock/server.hpp"

#include <cstdio>

#include "admin/session_admin.hpp"
#include "auth/request_clock.hpp"
#include "bedrock/cassettes/cassette_source.hpp"
#include "bedrock/mock/admin_api.hpp"
#include "bedrock/mock/authenticator.hpp"
#include "bedrock/mock/region_resolver.hpp"
#include "bedrock/mock/request_validator.hpp"
#include "bedrock/mock/rule_outcome.hpp"
#include "bedrock/mock/scenarios.hpp"
#include "bedrock/mock/simulator.hpp"
#include "bedrock/protocol/error_catalog.hpp"
#include "bedrock/protocol/error_messages.hpp"
#include "bedrock/protocol/event_stream.hpp"
#include "bedrock/protocol/iso8601_time.hpp"
#include "bedrock/protocol/operation.hpp"
#include "bedrock/protocol/query_redaction.hpp"
#include "bedrock/protocol/replayer.hpp"
#include "pipeline/http_date.hpp"
#include "pipeline/pipeline_answer.hpp"
#include "pipeline/request_scope.hpp"
#include "quota/quota_stage.hpp"
#include "replay/replayed_answer.hpp"
#include "sessions/session_dispatch.hpp"

namespace bedrock::mock {
namespace {

using operations::Operation;

double elapsed_ms(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - since)
      .count();
}

bool takes_json_shape(Operation op) {
  return op == Operation::kConverse || op == Operation::kConverseStream ||
         op == Operation::kCountTokens;
}

bool is_invoke(Operation op) {
  return op == Operation::kInvokeModel || op == Operation::kInvokeModelWithResponseStream;
}

// The front end's request as the pipeline's: the fields are moved, never copied (a body may be
// 25 MB).
ExchangeRequest take_request(transport::Request& received) {
  ExchangeRequest request;
  request.method.swap(received.method);
  request.target.swap(received.target);
  request.headers.swap(received.headers);
  request.body.swap(received.body);
  request.protocol.swap(received.protocol);
  request.remote_addr.swap(received.remote_addr);
  return request;
}

}  // namespace

class Server::Impl {
 public:
  explicit Impl(ServerConfig config)
      : config_(std::move(config)),
        journal_(config_.journal_capacity),
        quota_clock_(config_.manual_quota_clock) {}

  Expected<void, ServerError> load() {
    auto catalog = ModelCatalog::load(config_.catalog_path);
    if (!catalog) return unexpected(ServerError{catalog.error().to_string()});
    simulator_.emplace(std::move(*catalog));
    account_ = simulator_->catalog().account();
    quotas_.add_back(simulator_->catalog().quotas());
    if (!config_.cassette_paths.empty()) {
      // Other tools' recordings (vcrpy, nock, HAR) load as native cassettes do: imported in
      // memory, then indexed by the protocol's replayer (bedrock/cassettes/cassette_source.hpp).
      auto sources =
          cassettes::load_replay_sources(config_.cassette_paths, config_.cassette_format);
      if (!sources) return unexpected(ServerError{sources.error().to_string()});
      auto replayer = replay::Replayer::from_cassettes(std::move(*sources));
      if (!replayer) return unexpected(ServerError{replayer.error().to_string()});
      replayer_.emplace(std::move(*replayer));
      default_cursors_ = replayer_->make_cursors();
    }
    if (config_.auth == AuthMode::kVerify) {
      if (!config_.credentials_file) {
        return unexpected(ServerError{"--auth verify needs --credentials FILE"});
      }
      auto store = CredentialStore::load(*config_.credentials_file);
      if (!store) return unexpected(ServerError{store.error().to_string()});
      credentials_.emplace(std::move(*store));
    }
    std::vector<QuotaRule> scenario_quotas;  // in load order, all before the catalog's
    for (auto& set : config_.rule_sets) {
      if (auto checked = check_rule_errors(set); !checked) {
        return unexpected(ServerError{checked.error().to_string()});
      }
      if (set.clock_offset.count() != 0) clock_offset_ = set.clock_offset;
      for (const auto& quota : set.quotas) scenario_quotas.push_back(quota);
      latency_.add(set.latency);
      rules_.add(set);
    }
    quotas_.add_front(std::move(scenario_quotas));
    // Each session counts the start-up rules afresh and has its own quota windows and clock.
    sessions_ = std::make_unique<SessionRegistry>(
        SessionDefaults{std::move(config_.rule_sets), replayer_ ? &*replayer_ : nullptr,
                        config_.mode, clock_offset_, config_.journal_capacity, config_.max_sessions,
                        simulator_->catalog().quotas(), config_.manual_quota_clock});
    session_admin_.emplace(SessionAdminContext{*sessions_, config_.scenarios_dir,
                                               config_.front_end.tls_cert_file ? "https" : "http",
                                               config_.allow_remote_admin, config_.admin_token});
    session_pipeline_.allow_remote_admin = config_.allow_remote_admin;
    session_pipeline_.admin_token = config_.admin_token;
    config_.rule_sets.clear();
    principal_ = config_.principal.empty()
                     ? "arn:aws:sts::" + account_ + ":assumed-role/BedrockTestRole/bedrock-testbed"
                     : config_.principal;
    return {};
  }

  Expected<int, ServerError> start() {
    config_.front_end.transport_error = [this](int status, const std::string& target) {
      return transport_error(status, target);
    };
    // The pipeline computes answers without waiting: delays, stalls and pacing are in the
    // response and the transport carries them out.
    config_.front_end.handler_returns_promptly = true;
    front_end_ = std::make_unique<transport::FrontEnd>(
        config_.front_end,
        [this](transport::Request& received) { return handle(take_request(received)); });
    auto port = front_end_->start();
    if (!port) return unexpected(ServerError{port.error()});
    return *port;
  }

  void stop() {
    if (front_end_) front_end_->stop();
  }

  ExchangeResponse handle(const ExchangeRequest& request) {
    // Creating and dropping sessions is never inside one, whatever session header a client
    // sends with every request.
    if (is_sessions_admin_target(request.target)) {
      return handle_sessions_admin(request, *session_admin_);
    }
    auto scoped = split_session_target(request.target, request.header(kSessionHeader));
    if (scoped && scoped->session.empty()) {
      if (is_admin_target(request.target)) return handle_admin(request, admin_);
      return answer(request, request.target, default_scope());
    }
    return dispatch_to_session(request, scoped, *sessions_, session_pipeline_);
  }

  // `routed` is the target without a session prefix; the SigV4 check still reads the target as
  // received (request.target), because the client signed the path it sent.
  ExchangeResponse answer(const ExchangeRequest& request, std::string_view routed,
                          const RequestScope& scope) {
    const auto started = std::chrono::steady_clock::now();
    const auto now =
        config_.fixed_now.value_or(std::chrono::system_clock::now()) + scope.clock_offset;
    JournalEntry entry;
    entry.time = iso8601::format_utc_millis(std::chrono::system_clock::now());
    entry.method = request.method;
    entry.target = redact_query_credentials(request.target);
    entry.protocol = request.protocol;
    entry.request_id = errors::generate_request_id();
    PipelineAnswer answer = process(request, routed, now, entry, scope);
    ExchangeResponse response = to_exchange(std::move(answer), entry, now);
    entry.status = response.status;
    entry.duration_ms = elapsed_ms(started);
    scope.journal.record(std::move(entry));
    return response;
  }

  Journal& journal() { return journal_; }
  RuleEngine& rules() { return rules_; }
  SessionRegistry& sessions() { return *sessions_; }
  void reset() {
    journal_.clear();
    rules_.reset_counters();
    default_cursors_.reset();
    quotas_.clear_usage();
    latency_.reset();
  }
  std::string url() const { return front_end_ ? front_end_->url() : std::string(); }
  int port() const { return front_end_ ? front_end_->port() : 0; }

 private:
  RequestScope default_scope() {
    return {journal_,         rules_,       replayer_ ? &*replayer_ : nullptr,
            default_cursors_, config_.mode, clock_offset_,
            quotas_,          latency_};
  }

  // A refusal of a request naming a session that cannot answer (sessions/session_dispatch.hpp).
  ExchangeResponse refuse(const ExchangeRequest& request, const SessionRefusal& refusal) {
    JournalEntry entry;
    entry.time = iso8601::format_utc_millis(std::chrono::system_clock::now());
    entry.method = request.method;
    entry.target = request.target;
    entry.protocol = request.protocol;
    entry.answered_by = "session";
    entry.detail = refusal.message;
    entry.request_id = errors::generate_request_id();
    auto response = to_exchange(PipelineAnswer::from_wire(refusal.wire), entry,
                                std::chrono::system_clock::now());
    entry.status = response.status;
    entry.error_type = refusal.error_type;
    journal_.record(std::move(entry));
    return response;
  }

  // Requests the transport refuses before the pipeline sees them. A body over the transport cap
  // gets the Coral constraint text InvokeModel's 25,000,000-byte body limit produces (reference
  // §2); the real front door's answer to larger bodies is not recorded anywhere.
  ExchangeResponse transport_error(int status, const std::string& target) {
    PipelineAnswer answer;
    JournalEntry entry;
    entry.time = iso8601::format_utc_millis(std::chrono::system_clock::now());
    entry.method = "?";
    entry.target = redact_query_credentials(target);
    entry.answered_by = "transport";
    entry.request_id = errors::generate_request_id();
    if (status == 413) {
      const errors::ConstraintViolation violation{"body",
                                                  errors::constraint_max_length(25'000'000)};
      answer = PipelineAnswer::from_error(errors::shape_validation({&violation, 1}));
    } else if (status == 400) {
      // Bytes that are not HTTP: Coral's deserialisation failure is the nearest service answer.
      answer = PipelineAnswer::from_error(
          errors::make_error(errors::ErrorCode::kSerialization, "Bad Request"));
    } else if (status >= 500) {
      answer = PipelineAnswer::from_error(
          errors::make_error(errors::ErrorCode::kInternalServer, "Internal server error"));
    } else {
      // 408 (a request that never completes) and 431 (a header block over the limit) are the
      // HTTP front door's own answers, never the service's: the status says it, with no
      // x-amzn-ErrorType (no Bedrock sample exists, reference §12).
      answer.status = status;
      answer.headers = {{"Content-Type", "application/json"}};
      answer.body = nlohmann::json{{"message", status == 408 ? "Request Timeout"
                                                             : "Request Header Fields Too Large"}}
                        .dump();
    }
    auto response = to_exchange(std::move(answer), entry, std::chrono::system_clock::now());
    entry.status = response.status;
    journal_.record(std::move(entry));
    return response;
  }

  // parse → authenticate → rules → replay → validate → simulate (STYLE: a short pipeline).
  PipelineAnswer process(const ExchangeRequest& request, std::string_view routed,
                         std::chrono::system_clock::time_point now, JournalEntry& entry,
                         const RequestScope& scope) {
    auto target = operations::parse_request_target(request.method, routed);
    if (!target) {
      // Real Bedrock answers any path it has no operation for with HTTP 200 and an
      // UnknownOperationException body (reference §3 rule 4).
      entry.answered_by = "routing";
      entry.detail = target.error().detail;
      entry.error_type = "UnknownOperationException";
      return PipelineAnswer::from_wire(errors::render_unknown_operation(entry.request_id));
    }
    const Operation op = target->operation;
    const auto& info = operations::info_of(op);
    const auto region = resolve_region(request, config_.default_region);
    entry.operation = std::string(info.name);
    entry.region = region.region;
    const bool has_model = info.identifier == operations::IdentifierKind::kModelId;
    if (has_model) entry.model_id = target->identifier;

    if (credentials_) {
      auto caller = authenticate(request, *credentials_, now);
      if (!caller) {
        entry.answered_by = "auth";
        return PipelineAnswer::from_error(caller.error());
      }
    } else if (scope.clock_offset.count() != 0) {
      if (auto skewed = check_request_clock(request, now)) {
        entry.answered_by = "auth";
        return PipelineAnswer::from_error(*skewed);
      }
    }

    std::optional<StreamFault> stream_fault;
    std::optional<WireFault> wire_fault;
    double delay_ms = 0;
    if (auto fired = scope.rules.match({entry.operation, entry.model_id, entry.region})) {
      RuleContext context{entry.operation, std::string(info.iam_action),
                          entry.model_id,  entry.region,
                          account_,        principal_};
      auto outcome = outcome_of(fired->rule.action, context);
      if (outcome) {
        entry.detail =
            "rule " + fired->rule.name + " (call " + std::to_string(fired->call_number) + ")";
        delay_ms = outcome->delay_ms;
        if (outcome->error) {
          entry.answered_by = "rule";
          auto answer = PipelineAnswer::from_error(*outcome->error);
          answer.delay_ms = delay_ms;
          return answer;
        }
        if (outcome->fault != Fault::kNone) {
          entry.answered_by = "rule";
          PipelineAnswer answer;
          answer.fault = outcome->fault;
          answer.delay_ms = delay_ms;
          return answer;
        }
        stream_fault = outcome->stream_fault;
        wire_fault = outcome->wire_fault;
      }
    }

    PipelineAnswer answer = respond(request, *target, region.region, entry, scope);
    apply_latency_model(answer, entry, scope);
    answer.delay_ms += delay_ms;
    if (stream_fault) apply_stream_fault(*stream_fault, op, answer, entry);
    if (wire_fault && answer.is_stream && !answer.error) answer.wire_fault = wire_fault;
    return answer;
  }

  PipelineAnswer respond(const ExchangeRequest& request, const operations::RequestTarget& target,
                         const std::string& region, JournalEntry& entry,
                         const RequestScope& scope) {
    const Operation op = target.operation;
    if (scope.replayer && scope.mode != Mode::kSimulate) {
      // The cassette's model_id is the operation's path identifier: a model ID, or the profile /
      // foundation model a control-plane GET names, so those replay per identifier too.
      auto result = scope.replayer->find(
          {request.method, entry.operation, target.identifier, request.body}, scope.cursors);
      if (const replay::ReplayHit* hit = result.hit()) {
        entry.answered_by = "replay";
        entry.detail = hit->source.label();
        return replayed_answer(*hit->source.interaction);
      }
      if (scope.mode == Mode::kReplay) {
        entry.answered_by = "replay-miss";
        entry.detail = result.miss()->report.message();
        entry.error_type = "ReplayMissException";
        // One write per line so concurrent misses do not interleave.
        const std::string line = "bedrock-mock: replay miss: " + entry.detail + "\n";
        std::fwrite(line.data(), 1, line.size(), stderr);
        return PipelineAnswer::from_wire(result.miss()->response);
      }
    }
    entry.answered_by = "simulate";
    if (operations::info_of(op).plane == operations::Plane::kControl) {
      return PipelineAnswer::from_simulated(simulator_->answer_control_plane(op, target, region));
    }
    // The body is parsed once, here, for validation and for the simulated answer.
    nlohmann::json parsed;
    if (takes_json_shape(op)) {
      auto shape = check_shape_parsed(op, request.body);
      if (!shape) {
        entry.answered_by = "validation";
        return PipelineAnswer::from_error(shape.error());
      }
      parsed = std::move(*shape);
    }
    auto resolved = simulator_->resolve(op, target.identifier, region, request.body);
    if (!resolved) return PipelineAnswer::from_error(resolved.error());
    if (op == Operation::kConverse || op == Operation::kConverseStream) {
      if (auto semantics = check_parsed_semantics(op, parsed); !semantics) {
        entry.answered_by = "validation";
        return PipelineAnswer::from_error(semantics.error());
      }
    } else if (is_invoke(op)) {
      if (auto body = check_invoke_body(resolved->family(), request.body); !body) {
        entry.answered_by = "validation";
        return PipelineAnswer::from_error(body.error());
      }
    }
    std::optional<QuotaSnapshot> quota;
    if (counts_against_quotas(op)) {
      const auto estimate = simulator_->estimate_tokens(op, *resolved, request.body);
      quota = scope.quotas.admit(quota_request(request, *resolved, estimate), account_);
      if (quota) {
        entry.quota = *quota;
        if (auto refused = quota->error(op)) {
          entry.answered_by = "quota";
          entry.detail = std::string(to_string(quota->verdict)) + " (" + quota->key + ")";
          return PipelineAnswer::from_error(std::move(*refused));
        }
      }
    }
    SimulationRequest simulation{request.body, request.headers, region,
                                 parsed.is_object() ? &parsed : nullptr};
    auto simulated = simulator_->answer(op, *resolved, simulation);
    if (quota && simulated.usage) {
      // Settled now: the simulated answer's usage is known before its first byte leaves.
      scope.quotas.settle(
          *quota, static_cast<uint64_t>(std::max<long long>(0, simulated.usage->input_tokens)),
          static_cast<uint64_t>(std::max<long long>(0, simulated.usage->output_tokens)));
      entry.quota = *quota;
    }
    if (!simulated.served_region.empty()) entry.detail = "served in " + simulated.served_region;
    return PipelineAnswer::from_simulated(std::move(simulated));
  }

  // Replayed and simulated answers that succeeded take the time a latency model gives them.
  void apply_latency_model(PipelineAnswer& answer, JournalEntry& entry, const RequestScope& scope) {
    const bool answered = entry.answered_by == "replay" || entry.answered_by == "simulate";
    if (!answered || answer.error || answer.status >= 300 || answer.fault != Fault::kNone) return;
    auto plan = scope.latency.plan(entry.operation, entry.model_id, entry.region,
                                   answer.is_stream ? answer.events.size() : 0);
    if (!plan) return;
    apply_latency(*plan, answer.is_stream, answer.offsets_ms, answer.delay_ms);
    entry.latency = std::move(plan->summary);
  }

  void apply_stream_fault(const StreamFault& fault, Operation op, PipelineAnswer& answer,
                          JournalEntry& entry) {
    if (!answer.is_stream || answer.error) return;  // the fault is for streams only
    if (answer.events.size() > fault.after_events) {
      answer.events.resize(fault.after_events);
      answer.offsets_ms.resize(fault.after_events);
    }
    const double last = answer.offsets_ms.empty() ? 0 : answer.offsets_ms.back();
    switch (fault.kind) {
      case RuleActionKind::kStreamException: {
        const auto kind = op == Operation::kConverseStream ? errors::StreamKind::kConverseStream
                                                           : errors::StreamKind::kResponseStream;
        auto frame = errors::render_stream_exception(*fault.error, kind);
        if (frame) {
          answer.events.push_back(std::move(*frame));
          answer.offsets_ms.push_back(last);
          entry.error_type = std::string(errors::spec_of(fault.error->code).stream_name);
        }
        break;
      }
      case RuleActionKind::kStreamReset:
        answer.stream_end = StreamEnd::kReset;
        break;
      case RuleActionKind::kStreamStall:
        answer.stream_end = StreamEnd::kStall;
        break;
      default:
        break;
    }
  }

  ExchangeResponse to_exchange(PipelineAnswer answer, JournalEntry& entry,
                               std::chrono::system_clock::time_point now) {
    if (answer.fault == Fault::kNone) {
      if (answer.error) {
        answer.error->request_id = entry.request_id;
        auto wire = errors::render_http_error(*answer.error);
        entry.error_type = std::string(errors::wire_name(answer.error->code));
        answer.status = wire.status;
        answer.headers = std::move(wire.headers);
        answer.body = std::move(wire.body);
        answer.is_stream = false;
      } else if (!find_header(answer.headers, "x-amzn-RequestId")) {
        answer.headers.emplace_back("x-amzn-RequestId", entry.request_id);
      }
      if (!find_header(answer.headers, "Date")) {
        answer.headers.emplace_back("Date", http_date(now));
      }
    }
    std::string problem;
    ExchangeResponse response = to_exchange_response(std::move(answer), problem);
    if (!problem.empty()) entry.detail += " (" + problem + ")";
    return response;
  }

  ServerConfig config_;
  Journal journal_;
  RuleEngine rules_;
  std::optional<Simulator> simulator_;
  std::optional<replay::Replayer> replayer_;
  replay::ReplayCursors default_cursors_;  // requests outside sessions
  std::optional<CredentialStore> credentials_;
  std::string account_ = "123456789012";
  std::string principal_;
  std::chrono::seconds clock_offset_{0};  // a scenario's clockOffsetSeconds
  std::unique_ptr<transport::FrontEnd> front_end_;
  QuotaClock quota_clock_;
  QuotaBook quotas_{quota_clock_};
  LatencyModels latency_;
  AdminContext admin_{journal_,
                      rules_,
                      quotas_,
                      quota_clock_,
                      latency_,
                      [this] { reset(); },
                      [this] {
                        return nlohmann::json{
                            {"mode", to_string(config_.mode)},
                            {"auth", credentials_ ? "verify" : "off"},
                            {"rules", rules_.rules().size()},
                            {"requests", journal_.total_recorded()},
                            {"sessions", sessions_->size()},
                            {"quotaClock", quota_clock_.manual() ? "manual" : "wall"}};
                      },
                      false,
                      {}};
  // Sessions (docs/mock.md "Sessions"); made in load(), once the start-up rules are known.
  std::unique_ptr<SessionRegistry> sessions_;
  std::optional<SessionAdminContext> session_admin_;
  SessionPipeline session_pipeline_{
      [this](const ExchangeRequest& request, std::string_view routed, const RequestScope& scope) {
        return answer(request, routed, scope);
      },
      [this](const ExchangeRequest& request, const SessionRefusal& refusal) {
        return refuse(request, refusal);
      },
      false,
      {}};

  friend class Server;
};

Expected<std::unique_ptr<Server>, ServerError> Server::create(ServerConfig config) {
  const bool allow_remote = config.allow_remote_admin;
  auto impl = std::make_unique<Impl>(std::move(config));
  impl->admin_.allow_remote = allow_remote;
  impl->admin_.token = impl->config_.admin_token;
  if (auto loaded = impl->load(); !loaded) return unexpected(loaded.error());
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() { impl_->stop(); }
Expected<int, ServerError> Server::start() { return impl_->start(); }
void Server::stop() { impl_->stop(); }
std::string Server::url() const { return impl_->url(); }
int Server::port() const { return impl_->port(); }
ExchangeResponse Server::handle(const ExchangeRequest& request) { return impl_->handle(request); }
Journal& Server::journal() { return impl_->journal(); }
RuleEngine& Server::rules() { return impl_->rules(); }
SessionRegistry& Server::sessions() { return impl_->sessions(); }
void Server::reset() { impl_->reset(); }

}  // namespace bedrock::mock
