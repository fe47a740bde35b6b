// The mock's `--auth verify` stage: header and query-string (presigned) authentication,
// Bedrock API keys, against a credential store, with the request's target, headers and body
// from the input.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

#include "bedrock/mock/authenticator.hpp"
#include "bedrock/mock/credential_store.hpp"
#include "fuzz_input.hpp"

using namespace bedrock;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const mock::CredentialStore store = [] {
    auto parsed = mock::CredentialStore::parse(
        "[default]\naws_access_key_id = AKIDEXAMPLE\n"
        "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY\n"
        "[api]\nbedrock_api_key = ABSKexamplekey\n",
        "fuzz");
    if (!parsed) std::abort();
    return std::move(*parsed);
  }();
  const auto fields = fuzz::split_fields(data, size, 4);
  HttpRequest request;
  request.method = "POST";
  request.target = fields[0].empty() ? "/model/m/converse" : std::string(fields[0]);
  // Header lines "Name: value" separated by newlines.
  std::string_view lines = fields[1];
  while (!lines.empty()) {
    const auto end = lines.find('\n');
    const std::string_view line = lines.substr(0, end);
    const auto colon = line.find(':');
    if (colon != std::string_view::npos) {
      std::string_view value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
      request.headers.emplace_back(std::string(line.substr(0, colon)), std::string(value));
    }
    if (end == std::string_view::npos) break;
    lines.remove_prefix(end + 1);
  }
  request.body = std::string(fields[2]);
  (void)mock::authenticate(request, store,
                           std::chrono::system_clock::time_point(std::chrono::seconds(1440938160)));
  return 0;
}
