// Step 4: a TCP connection (and for https the TLS handshake with certificate and host-name
// verification) to the endpoint, timed, without sending a request.
#include <curl/curl.h>

#include <memory>

#include "curl_error_stage.hpp"
#include "curl_global.hpp"
#include "doctor_steps.hpp"

namespace bedrock::client::doctor {
namespace {

std::string as_milliseconds(curl_off_t microseconds) {
  return std::to_string(microseconds / 1000) + " ms";
}

}  // namespace

StepResult check_tcp_tls(DoctorState& state) {
  if (!state.config || !ensure_curl_initialised()) {
    return step_with(StepId::kTcpTls, StepStatus::kSkipped, "libcurl is not available", {});
  }
  const ResolvedEndpoint& endpoint = state.config->runtime_endpoint;
  const bool tls = endpoint.url.rfind("https://", 0) == 0;
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl)
    return step_with(StepId::kTcpTls, StepStatus::kSkipped, "libcurl is not available", {});
  char error_text[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(curl.get(), CURLOPT_URL, endpoint.url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_CONNECT_ONLY, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_ERRORBUFFER, error_text);
  curl_easy_setopt(curl.get(), CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(state.options.timeout.count()));
  curl_easy_setopt(curl.get(), CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_SSL_VERIFYHOST, 2L);
  if (state.config->ca_bundle) {
    curl_easy_setopt(curl.get(), CURLOPT_CAINFO, state.config->ca_bundle->c_str());
  }
  const CURLcode code = curl_easy_perform(curl.get());

  if (code != CURLE_OK) {
    const TransportStage stage = stage_of(code);
    StepResult result =
        step_with(StepId::kTcpTls, StepStatus::kFail,
                  std::string(stage == TransportStage::kTls ? "TLS handshake" : "connection") +
                      " to " + endpoint.host +
                      " failed: " + (error_text[0] != '\0' ? error_text : curl_easy_strerror(code)),
                  diagnose_network(stage, state.context));
    result.evidence.push_back("curl: " + std::string(curl_easy_strerror(code)) +
                              (error_text[0] != '\0' ? std::string(" (") + error_text + ")" : ""));
    if (tls && stage == TransportStage::kTls && endpoint.vpc_endpoint) {
      result.evidence.push_back(
          "a vpce- name is covered by the endpoint's certificate "
          "(*.bedrock-runtime.<region>.vpce.amazonaws.com); a regional name "
          "pointed at the endpoint's IPs by hand is covered only with "
          "private DNS");
    }
    return result;
  }
  curl_off_t connect_us = 0, tls_us = 0;
  curl_easy_getinfo(curl.get(), CURLINFO_CONNECT_TIME_T, &connect_us);
  curl_easy_getinfo(curl.get(), CURLINFO_APPCONNECT_TIME_T, &tls_us);
  char* ip = nullptr;
  long port = 0;
  curl_easy_getinfo(curl.get(), CURLINFO_PRIMARY_IP, &ip);
  curl_easy_getinfo(curl.get(), CURLINFO_PRIMARY_PORT, &port);

  StepResult result;
  result.status = StepStatus::kOk;
  const std::string peer = std::string(ip ? ip : "?") + ":" + std::to_string(port);
  result.evidence.push_back("TCP connected to " + peer + " in " + as_milliseconds(connect_us));
  if (tls) {
    result.summary = "connected to " + peer + ", TLS verified for " + endpoint.host;
    result.evidence.push_back("TLS handshake done after " + as_milliseconds(tls_us) +
                              "; the certificate chains to a trusted CA and names " +
                              endpoint.host);
  } else {
    result.summary = "connected to " + peer + " (plain HTTP: no TLS to check)";
    result.evidence.push_back(
        "http:// endpoint: no TLS (fine for bedrock-mock on this machine, "
        "never for the real service)");
  }
  return result;
}

}  // namespace bedrock::client::doctor
