#pragma once
// How cassette JSON is laid out as text. One deterministic layout, so that load-then-save is
// byte-stable and diffs show only what changed. Internal to bedrock_protocol.
#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace bedrock::cassette::detail {

inline constexpr std::size_t kLineWidth = 100;

// One line with ", " and ": " separators (the layout of Python's json.dumps defaults); scalars
// are spelled exactly as nlohmann's dump spells them. nullopt when longer than `max_columns`
// code points (checked as it goes, so huge values are not written out to find that out).
std::optional<std::string> write_one_line(const nlohmann::ordered_json& value,
                                          std::size_t max_columns = std::string::npos);

// 2-space indent; an object or array is written on one line when that line, indent and key and
// trailing comma included, fits in kLineWidth columns, else one member per line. An array of
// scalars is always one line. Ends with '\n'.
std::string write_pretty(const nlohmann::ordered_json& value);

}  // namespace bedrock::cassette::detail
