#pragma once
// Named scenarios: rule files in a folder (the bundled fixtures/scenarios), one per
// pitfall, loaded with `--scenario NAME` and listed with `--list-scenarios`.
#include <filesystem>
#include <string>
#include <vector>

#include "bedrock/mock/rules.hpp"

namespace bedrock::mock {

struct ScenarioInfo {
  std::string name;         // file name without .json
  std::string description;  // one line
  std::filesystem::path file;
};

Expected<std::vector<ScenarioInfo>, RuleError> list_scenarios(const std::filesystem::path& dir);
Expected<RuleSet, RuleError> load_scenario(const std::filesystem::path& dir,
                                           const std::string& name);

// Every error a rule names must exist in the catalog: checked when rules are loaded, so a
// typo fails at start-up (or at POST /__admin/rules), not on the first matching request.
Expected<void, RuleError> check_rule_errors(const RuleSet& set);

}  // namespace bedrock::mock
