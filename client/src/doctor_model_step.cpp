// Step 6: a cheap real call — Converse with maxTokens 1, then ConverseStream (authorised as
// bedrock:InvokeModelWithResponseStream, reference §8) — and the table's reading of the answer.
// doctor retries throttled or unavailable answers itself (the client's own retries are off) so
// that every answer is evidence; a call that succeeds after throttling is a warning.
#include <thread>

#include "bedrock/client/bedrock_client.hpp"
#include "doctor_steps.hpp"

namespace bedrock::client::doctor {
namespace {

ConverseRequest ping(const std::string& model_id) {
  ConverseRequest request;
  request.model_id = model_id;
  request.messages.push_back({Role::kUser, {TextBlock{"ping"}}});
  InferenceConfig config;
  config.max_tokens = 1;
  request.inference_config = config;
  return request;
}

ErrorEvidence evidence_of(const ClientError& error) {
  return ErrorEvidence{error.http_status, error.code, error.message};
}

bool worth_retrying(const ClientError& error) {
  return error.kind == ClientErrorKind::kService && error.retryable && !error.in_stream;
}

struct CallRecord {
  std::optional<ClientError> last_error;  // the final answer when it failed
  std::optional<ClientError> recovered;   // a retryable error seen before a success
  int attempts = 0;
};

class ModelProbe {
 public:
  ModelProbe(DoctorState& state, BedrockClient& client) : state_(state), client_(client) {}

  // Runs one operation with doctor's own retries, writing one evidence line per answer.
  template <class Call>
  CallRecord run(operations::Operation op, const Call& call, StepResult& result) {
    CallRecord record;
    const std::string name(operations::name_of(op));
    for (int attempt = 1; attempt <= state_.options.retries + 1; ++attempt) {
      record.attempts = attempt;
      auto outcome = call();
      if (outcome) {
        result.evidence.push_back(name + " attempt " + std::to_string(attempt) +
                                  ": ok (request id " + outcome->info.request_id + ")");
        if (record.last_error) record.recovered = std::move(record.last_error);
        record.last_error.reset();
        return record;
      }
      const ClientError& error = outcome.error();
      result.evidence.push_back(name + " attempt " + std::to_string(attempt) + ": " +
                                error.to_string() +
                                (error.in_stream ? " (inside the stream)" : ""));
      record.last_error = error;
      if (!worth_retrying(error) || attempt > state_.options.retries) break;
      std::this_thread::sleep_for(state_.options.retry_pause);
    }
    return record;
  }

  // The table's reading, with the control-plane facts that sharpen a model-ID fix.
  Diagnosis diagnose_error(const ClientError& error, operations::Operation op, StepResult& result) {
    DiagnosisContext context = state_.context;
    context.model_id = state_.options.model_id;
    context.operation = op;
    if (error.kind == ClientErrorKind::kNetwork && error.network) {
      return diagnose_network(*error.network, context);
    }
    Diagnosis first = diagnose(evidence_of(error), context);
    if (first.category != CauseCategory::kInferenceType &&
        first.category != CauseCategory::kModelIdentifier) {
      return first;
    }
    // ListInferenceProfiles names the exact profile when allowed; otherwise the fix derives it
    // from the Region's geography. ListFoundationModels tells "not offered here" apart.
    auto profiles = client_.list_inference_profiles(std::string("SYSTEM_DEFINED"));
    if (profiles) {
      profiles_ = std::move(*profiles);
      context.profiles = std::span<const InferenceProfile>(profiles_);
      result.evidence.push_back("ListInferenceProfiles in " + context.region + ": " +
                                std::to_string(profiles_.size()) + " system-defined profiles");
    } else {
      result.evidence.push_back("ListInferenceProfiles not possible (" +
                                profiles.error().to_string() +
                                "): profile IDs are derived from the Region's geography");
    }
    auto models = client_.list_foundation_models();
    if (models) {
      models_ = std::move(*models);
      context.models = std::span<const FoundationModelSummary>(models_);
      result.evidence.push_back("ListFoundationModels in " + context.region + ": " +
                                std::to_string(models_.size()) + " models");
    }
    return diagnose(evidence_of(error), context);
  }

 private:
  DoctorState& state_;
  BedrockClient& client_;
  std::vector<InferenceProfile> profiles_;
  std::vector<FoundationModelSummary> models_;
};

}  // namespace

StepResult check_model(DoctorState& state) {
  const DoctorOptions& options = state.options;
  if (!options.invoke) {
    return step_with(StepId::kModel, StepStatus::kSkipped, "skipped (--no-invoke)", {});
  }
  if (options.model_id.empty()) {
    return step_with(StepId::kModel, StepStatus::kSkipped, "skipped: give --model to try a call",
                     {});
  }
  ClientOptions client_options;
  client_options.config = options.config;
  client_options.config.max_attempts = 1;  // doctor retries itself, recording every answer
  client_options.environment = &state.environment;
  client_options.transport.connect_timeout = options.timeout;
  client_options.transport.request_timeout = options.timeout;
  client_options.transport.read_idle_timeout = options.timeout;
  auto client = BedrockClient::create(std::move(client_options));
  if (!client) {
    return step_with(StepId::kModel, StepStatus::kFail, client.error().to_string(),
                     diagnose_setup(SetupProblem::kInvalidConfiguration, client.error().to_string(),
                                    state.context));
  }
  ModelProbe probe(state, **client);
  StepResult result;
  const ConverseRequest request = ping(options.model_id);

  struct PlannedCall {
    operations::Operation op;
    bool enabled;
  };
  const PlannedCall calls[] = {{operations::Operation::kConverse, true},
                               {operations::Operation::kConverseStream, options.stream}};
  std::optional<std::pair<ClientError, operations::Operation>> recovered;
  for (const auto& [op, enabled] : calls) {
    if (!enabled) continue;
    CallRecord record = op == operations::Operation::kConverse
                            ? probe.run(
                                  op, [&] { return (*client)->converse(request); }, result)
                            : probe.run(
                                  op, [&] { return (*client)->converse_stream(request); }, result);
    if (record.last_error) {
      const ClientError& error = *record.last_error;
      result.status = StepStatus::kFail;
      result.summary = std::string(operations::name_of(op)) + " with " + options.model_id +
                       " failed: " + error.to_string();
      result.diagnosis = probe.diagnose_error(error, op, result);
      return result;
    }
    if (record.recovered && !recovered) recovered.emplace(*record.recovered, op);
  }
  result.status = StepStatus::kOk;
  result.summary = options.model_id + " answered Converse" +
                   (options.stream ? std::string(" and ConverseStream") : std::string());
  if (recovered) {
    result.status = StepStatus::kWarn;
    result.summary = options.model_id + " answered only after " + recovered->first.code + " (" +
                     std::string(operations::name_of(recovered->second)) +
                     "): retries hide it, heavier traffic will see it";
    result.diagnosis = probe.diagnose_error(recovered->first, recovered->second, result);
  }
  return result;
}

}  // namespace bedrock::client::doctor
