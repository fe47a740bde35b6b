#include "upstream_call.hpp"

#include <chrono>
#include <nlohmann/json.hpp>

#include "bedrock/protocol/error_catalog.hpp"
#include "bedrock/protocol/http_request.hpp"
#include "bedrock/recorder/stream_recording.hpp"

namespace bedrock::recorder {
namespace {

using Clock = std::chrono::steady_clock;

bool is_event_stream(const client::HttpResponse& head) {
  if (head.status < 200 || head.status >= 300) return false;
  const auto type = head.header("Content-Type");
  return type && type->starts_with("application/vnd.amazon.eventstream");
}

// Failures of the network path or of the service's front door: worth replaying. DNS, TLS and
// local problems are the recorder's own configuration and are only reported.
std::optional<cassette::FailureKind> recordable_failure(client::TransportStage stage) {
  switch (stage) {
    case client::TransportStage::kConnect:
    case client::TransportStage::kSend:
    case client::TransportStage::kReceive:
      return cassette::FailureKind::kDropped;
    case client::TransportStage::kTimeout:
      return cassette::FailureKind::kTimeout;
    default:
      return std::nullopt;
  }
}

// The caller's answer when the recorder itself cannot reach the upstream: an AWS-shaped JSON
// error naming the cause (502 as a gateway would), so an SDK shows the message.
transport::Response gateway_error(const client::TransportError& error) {
  transport::Response response;
  response.status = 502;
  response.headers = {{"Content-Type", "application/json"},
                      {"x-amzn-ErrorType", "BedrockRecordUpstreamException"},
                      {"x-amzn-RequestId", errors::generate_request_id()}};
  nlohmann::json body = {{"message", "bedrock-record could not reach the upstream (" +
                                         std::string(client::to_string(error.stage)) +
                                         "): " + error.message}};
  response.body = body.dump();
  return response;
}

transport::HeaderList to_exchange_headers(const cassette::HeaderList& headers) {
  transport::HeaderList out;
  for (const auto& header : headers) out.emplace_back(header.name, header.value);
  return out;
}

}  // namespace

UpstreamOutcome run_upstream_call(client::HttpTransport& transport, const UpstreamCall& call,
                                  RelayedExchange& exchange) {
  UpstreamOutcome outcome;
  Clock::time_point head_at = Clock::now();
  bool streaming = false;
  StreamRecording recording;
  std::string body;  // 2xx bodies that are not event streams (the sink gets every 2xx body)

  const client::HeadSink on_head = [&](const client::HttpResponse& head) {
    head_at = Clock::now();
    streaming = is_event_stream(head);
    exchange.publish_head(head, streaming);
  };
  const client::BodySink on_body = [&](std::string_view bytes) {
    if (!streaming) {
      body.append(bytes);
      return !exchange.cancelled();
    }
    recording.feed(bytes,
                   std::chrono::duration<double, std::milli>(Clock::now() - head_at).count());
    return exchange.push(bytes);
  };

  auto sent = transport.send(call.request, call.base_url, &on_body, &on_head);

  if (!sent) {
    const client::TransportError& error = sent.error();
    outcome.end = transport::StreamEnd::kReset;
    if (exchange.cancelled()) {
      outcome.summary = "not recorded: the caller went away";
      return outcome;
    }
    if (streaming) {
      // The upstream dropped the stream part way: relay and record the reset.
      cassette::HeaderList headers;  // the head was published; rebuild it from the exchange
      if (auto head = exchange.wait_head()) {
        headers = redact_headers(head->response.headers, call.policy);
        auto stream = recording.finish(head->response.status, std::move(headers), false);
        outcome.status = stream.status;
        outcome.summary =
            "stream, " + std::to_string(stream.events.size()) + " events, reset: " + error.message;
        outcome.recorded = std::move(stream);
      }
      return outcome;
    }
    if (auto kind = recordable_failure(error.stage)) {
      outcome.recorded = cassette::Failure{*kind, error.message};
      outcome.answer.fault = transport::Fault::kDropConnection;
      outcome.summary =
          std::string(*kind == cassette::FailureKind::kTimeout ? "timeout" : "dropped") + ": " +
          error.message;
      return outcome;
    }
    outcome.answer = gateway_error(error);
    outcome.status = outcome.answer.status;
    outcome.summary =
        "not recorded: " + std::string(client::to_string(error.stage)) + ": " + error.message;
    return outcome;
  }

  const client::HttpResponse& response = *sent;
  cassette::HeaderList headers = redact_headers(response.headers, call.policy);
  if (streaming) {
    auto stream = recording.finish(response.status, std::move(headers), true);
    outcome.end = stream.end == cassette::StreamEnd::kReset ? transport::StreamEnd::kReset
                                                            : transport::StreamEnd::kComplete;
    outcome.status = stream.status;
    outcome.summary = "stream, " + std::to_string(stream.events.size()) + " events";
    if (recording.decode_error())
      outcome.summary += " (undecodable: " + *recording.decode_error() + ")";
    outcome.recorded = std::move(stream);
    return outcome;
  }
  cassette::Response recorded;
  recorded.status = response.status;
  recorded.headers = std::move(headers);
  recorded.body = response.status >= 200 && response.status < 300 ? std::move(body) : response.body;
  outcome.answer.status = recorded.status;
  outcome.answer.headers = to_exchange_headers(recorded.headers);
  outcome.answer.body = recorded.body;
  outcome.status = recorded.status;
  if (const auto type = response.header("x-amzn-ErrorType")) {
    outcome.summary = type->substr(0, type->find(':'));
  }
  outcome.recorded = std::move(recorded);
  return outcome;
}

}  // namespace bedrock::recorder
