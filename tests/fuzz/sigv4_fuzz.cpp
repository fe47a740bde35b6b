// SigV4 on the verifying side: the Authorization header parser, and the verifier over a
// request whose Authorization, target, X-Amz-Date, host and body come from the input
// (fields split at NUL bytes). A known key makes the verifier walk to the signature compare.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

#include "bedrock/protocol/sigv4_authorization.hpp"
#include "bedrock/protocol/sigv4_verifier.hpp"
#include "fuzz_input.hpp"

using namespace bedrock;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto fields = fuzz::split_fields(data, size, 6);
  (void)sigv4::parse_authorization(fields[0]);
  HttpRequest request;
  request.method = fields[4].empty() ? "POST" : std::string(fields[4].substr(0, 16));
  request.target = fields[1].empty() ? "/model/m/converse" : std::string(fields[1]);
  request.headers = {{"Authorization", std::string(fields[0])},
                     {"X-Amz-Date", std::string(fields[2])},
                     {"host", std::string(fields[3])},
                     {"X-Amz-Security-Token", std::string(fields[3].substr(0, 8))}};
  request.body = std::string(fields[5]);
  const sigv4::CredentialLookup lookup = [](std::string_view key) {
    return std::optional<sigv4::KnownCredential>(
        sigv4::KnownCredential{"secret/" + std::string(key), std::nullopt});
  };
  sigv4::VerificationParams params;
  params.now = std::chrono::system_clock::time_point(std::chrono::seconds(1440938160));
  (void)sigv4::verify(request, lookup, params);
  (void)sigv4::credential_scope_of(request);
  return 0;
}
