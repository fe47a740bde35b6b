#include "bedrock/protocol/query_redaction.hpp"

#include <array>

#include "bedrock/protocol/http_request.hpp"

namespace bedrock {
namespace {

constexpr std::array<std::string_view, 3> kSecretParameters = {
    "X-Amz-Signature", "X-Amz-Credential", "X-Amz-Security-Token"};

bool is_secret_parameter(std::string_view name) {
  for (const auto secret : kSecretParameters) {
    if (header_name_equals(name, secret)) return true;
  }
  return false;
}

}  // namespace

std::string redact_query_credentials(std::string_view target) {
  const auto question = target.find('?');
  if (question == std::string_view::npos) return std::string(target);
  std::string out(target.substr(0, question + 1));
  std::string_view query = target.substr(question + 1);
  bool first = true;
  while (true) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    if (!first) out.push_back('&');
    first = false;
    const auto equals = pair.find('=');
    if (equals != std::string_view::npos && is_secret_parameter(pair.substr(0, equals))) {
      out.append(pair.substr(0, equals + 1)).append("REDACTED");
    } else {
      out.append(pair);
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return out;
}

}  // namespace bedrock
