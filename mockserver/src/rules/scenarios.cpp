#include "bedrock/mock/scenarios.hpp"

#include <algorithm>

#include "bedrock/mock/rule_outcome.hpp"

namespace bedrock::mock {

Expected<std::vector<ScenarioInfo>, RuleError> list_scenarios(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    return unexpected(RuleError{dir.string(), "$", "the scenarios folder does not exist"});
  }
  std::vector<ScenarioInfo> out;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() != ".json") continue;
    auto set = load_rules_file(entry.path().string());
    if (!set) return unexpected(set.error());
    out.push_back({entry.path().stem().string(), set->description, entry.path()});
  }
  std::sort(out.begin(), out.end(),
            [](const ScenarioInfo& a, const ScenarioInfo& b) { return a.name < b.name; });
  return out;
}

Expected<RuleSet, RuleError> load_scenario(const std::filesystem::path& dir,
                                           const std::string& name) {
  const bool plain = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
  });
  const auto file = dir / (name + ".json");
  std::error_code ec;
  if (!plain || !std::filesystem::is_regular_file(file, ec)) {
    std::string known;
    if (auto all = list_scenarios(dir)) {
      for (const auto& info : *all) known += (known.empty() ? "" : ", ") + info.name;
    }
    return unexpected(
        RuleError{file.string(), "$", "no scenario named \"" + name + "\" (known: " + known + ")"});
  }
  auto set = load_rules_file(file.string());
  if (!set) return unexpected(set.error());
  set->name = name;
  if (auto checked = check_rule_errors(*set); !checked) return unexpected(checked.error());
  return set;
}

Expected<void, RuleError> check_rule_errors(const RuleSet& set) {
  for (std::size_t i = 0; i < set.rules.size(); ++i) {
    const auto& code = set.rules[i].action.error_code;
    if (code.empty()) continue;
    if (auto known = error_code_by_name(code); !known) {
      return unexpected(RuleError{set.name, "$.rules[" + std::to_string(i) + "].respond.error",
                                  known.error().message});
    }
  }
  return {};
}

}  // namespace bedrock::mock
