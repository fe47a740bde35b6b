#pragma once
// The cassette <-> JSON value mapping, shared by parse() and the writer's self-check.
// Internal to bedrock_protocol.
#include <nlohmann/json.hpp>
#include <string_view>

#include "bedrock/protocol/cassette.hpp"

namespace bedrock::cassette::detail {

// Validates and converts a parsed cassette document. Errors carry `source_name` as their file.
Expected<Cassette, CassetteError> cassette_from_json(const nlohmann::ordered_json& document,
                                                     std::string_view source_name);

}  // namespace bedrock::cassette::detail

namespace bedrock::cassette::detail {

// serialize() with the file name that errors should carry (save() passes its path).
Expected<std::string, CassetteError> serialize_for(const Cassette& cassette, std::string_view file);

}  // namespace bedrock::cassette::detail
