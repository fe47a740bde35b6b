// Rule and scenario files (--rules, --scenario, POST /__admin/rules): parsed as the mock parses
// them, then checked against the error catalog as a scenario is.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "bedrock/mock/rules.hpp"
#include "bedrock/mock/scenarios.hpp"

using namespace bedrock;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto rules = mock::parse_rules_text(text, "fuzz-rules.json");
  if (rules) (void)mock::check_rule_errors(*rules);
  return 0;
}
