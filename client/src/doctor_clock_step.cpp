// Step 5: the local clock against the server's Date header. SigV4 allows ±5 minutes (reference
// §3); beyond that every signed call is refused with "Signature expired" (or "not yet
// current"). The verdict is what the service would answer, read with the same table.
#include <array>
#include <cstdio>
#include <cstring>

#include "bedrock/client/http_transport.hpp"
#include "bedrock/protocol/error_messages.hpp"
#include "doctor_steps.hpp"

namespace bedrock::client::doctor {
namespace {

// RFC 9110 IMF-fixdate, the only form servers may send: "Sun, 06 Nov 1994 08:49:37 GMT".
std::optional<std::chrono::sys_seconds> parse_http_date(const std::string& text) {
  constexpr std::array<const char*, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char weekday[4] = {}, month_name[4] = {}, zone[4] = {};
  int day = 0, year = 0, hour = 0, minute = 0, second = 0;
  if (std::sscanf(text.c_str(), "%3[A-Za-z], %d %3s %d %d:%d:%d %3s", weekday, &day, month_name,
                  &year, &hour, &minute, &second, zone) != 8 ||
      std::strcmp(zone, "GMT") != 0) {
    return std::nullopt;
  }
  unsigned month = 0;
  for (unsigned i = 0; i < kMonths.size(); ++i) {
    if (std::strcmp(kMonths[i], month_name) == 0) month = i + 1;
  }
  const std::chrono::year_month_day date{std::chrono::year(year), std::chrono::month(month),
                                         std::chrono::day(static_cast<unsigned>(day))};
  if (month == 0 || !date.ok() || hour > 23 || minute > 59 || second > 60) return std::nullopt;
  return std::chrono::sys_days(date) + std::chrono::hours(hour) + std::chrono::minutes(minute) +
         std::chrono::seconds(second);
}

std::string signed_seconds(std::chrono::seconds value) {
  return (value.count() >= 0 ? "+" : "") + std::to_string(value.count()) + " s";
}

}  // namespace

StepResult check_clock(DoctorState& state) {
  if (!state.config) return step_with(StepId::kClock, StepStatus::kSkipped, "no configuration", {});
  TransportOptions options;
  options.connect_timeout = state.options.timeout;
  options.request_timeout = state.options.timeout;
  if (state.config->ca_bundle) options.ca_bundle = state.config->ca_bundle;
  HttpTransport transport(options);
  // An unsigned GET /: every front end answers it (an error is fine) with a Date header.
  HttpRequest probe;
  probe.method = "GET";
  probe.target = "/";
  std::string base_url = state.config->runtime_endpoint.url;
  if (const auto scheme = base_url.find("://"); scheme != std::string::npos) {
    if (const auto path = base_url.find('/', scheme + 3); path != std::string::npos) {
      base_url.resize(path);
    }
  }
  const auto sent_at = state.environment.now();
  auto answer = transport.send(probe, base_url);
  if (!answer) {
    StepResult result = step_with(StepId::kClock, StepStatus::kFail,
                                  "no answer to GET / from " + state.config->runtime_endpoint.host +
                                      ": " + answer.error().message,
                                  diagnose_network(answer.error().stage, state.context));
    result.evidence.push_back("GET / failed at the " +
                              std::string(to_string(answer.error().stage)) + " stage");
    return result;
  }
  const auto date = answer->header("Date");
  const auto server_time = date ? parse_http_date(*date) : std::nullopt;
  StepResult result;
  if (!server_time) {
    result.status = StepStatus::kWarn;
    result.summary = "the answer to GET / (HTTP " + std::to_string(answer->status) +
                     ") has no readable Date header: the clock was not checked";
    return result;
  }
  const auto local = std::chrono::floor<std::chrono::seconds>(sent_at);
  const auto skew = std::chrono::duration_cast<std::chrono::seconds>(*server_time - local);
  result.evidence.push_back("server Date: " + *date);
  result.evidence.push_back("local clock: " + errors::format_amz_date(local));
  result.evidence.push_back("server minus local: " + signed_seconds(skew) +
                            " (SigV4 allows 300 s either way)");
  const auto magnitude = skew < std::chrono::seconds(0) ? -skew : skew;
  if (magnitude > std::chrono::minutes(5)) {
    // The answer a signed call would get now (reference §3), classified by the table.
    const errors::ServiceError predicted =
        skew > std::chrono::seconds(0) ? errors::signature_expired(local, *server_time)
                                       : errors::signature_not_yet_current(local, *server_time);
    StepResult failed =
        step_with(StepId::kClock, StepStatus::kFail,
                  "the local clock is " + std::to_string(magnitude.count()) + " s " +
                      (skew > std::chrono::seconds(0) ? "behind" : "ahead of") +
                      " the server: signed calls will get \"" + predicted.message + "\"",
                  diagnose(predicted, state.context));
    failed.evidence = std::move(result.evidence);
    return failed;
  }
  result.status = StepStatus::kOk;
  result.summary = "clock within " + std::to_string(magnitude.count()) + " s of the server";
  if (magnitude > std::chrono::minutes(1)) {
    result.status = StepStatus::kWarn;
    result.summary = "the clock is " + std::to_string(magnitude.count()) +
                     " s off the server's: close to SigV4's 5-minute limit";
  }
  return result;
}

}  // namespace bedrock::client::doctor
