// The AWS shared config / credentials file parser (client credential chain) and the mock's
// credential store, which reads the same format.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "bedrock/mock/credential_store.hpp"
#include "bedrock/protocol/aws_config_file.hpp"

using namespace bedrock;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  (void)aws_config::parse_ini(text, "fuzz-config");
  (void)aws_config::parse_shared_file(text, "fuzz-config", aws_config::FileKind::kConfig);
  (void)aws_config::parse_shared_file(text, "fuzz-credentials", aws_config::FileKind::kCredentials);
  (void)mock::CredentialStore::parse(text, "fuzz-credentials");
  return 0;
}
