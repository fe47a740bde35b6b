// Request validation of untrusted bodies: the Converse / ConverseStream / CountTokens shapes
// and semantic rules, and the native InvokeModel body of each model family. The first byte
// picks the operation or family.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "bedrock/mock/request_validator.hpp"

using namespace bedrock;
using operations::Operation;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static constexpr Operation kShaped[] = {Operation::kConverse, Operation::kConverseStream,
                                          Operation::kCountTokens};
  static constexpr std::string_view kFamilies[] = {"amazon-nova",
                                                   "amazon-titan-embed",
                                                   "amazon-titan-text",
                                                   "anthropic-messages",
                                                   "anthropic-text-completion",
                                                   "cohere-command-r",
                                                   "deepseek",
                                                   "meta-llama",
                                                   "mistral"};
  const std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::size_t pick = data[0] % (std::size(kShaped) + std::size(kFamilies));
  if (pick < std::size(kShaped)) {
    const Operation op = kShaped[pick];
    if (auto parsed = mock::check_shape_parsed(op, body)) {
      (void)mock::check_parsed_semantics(op, *parsed);
    }
    (void)mock::check_semantics(op, body);
  } else {
    (void)mock::check_invoke_body(kFamilies[pick - std::size(kShaped)], body);
  }
  return 0;
}
