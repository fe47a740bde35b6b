// What a profile's credential_process prints (and the container / IMDS credential JSON): the
// client parses it from an untrusted program.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "credentials_json.hpp"

using namespace bedrock;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  (void)client::parse_credentials_json(body, client::CredentialsJsonShape::kCredentialProcess);
  (void)client::parse_credentials_json(body, client::CredentialsJsonShape::kMetadataService);
  return 0;
}
