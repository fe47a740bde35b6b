#pragma once
// Checks a parsed request body against a shape of the table the way Coral does (reference §8):
//   1. deserialisation: the first value of the wrong JSON type (or a union with not exactly one
//      member) fails the whole request with Coral's one-line text and no path;
//   2. validation: every required / length / range / pattern / enum violation, reported as
//      "N validation errors detected: Value at '<path>' ...; ..." with Coral paths
//      ("messages.2.member.content.1.member.toolUse.name": list indexes are 1-based).
// Unknown members of structures are ignored, as Coral's deserialiser skips them (botocore
// refuses them client-side; other SDKs never send them). JSON null is an absent member.
// Members are visited in model order, so the text does not depend on the body's key order
// (Coral's own order is not documented).
#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

#include "bedrock/protocol/error_catalog.hpp"
#include "bedrock/protocol/expected.hpp"
#include "validation/request_shapes.hpp"

namespace bedrock::mock {

// Coral lists every violation; the mock stops after this many so a hostile body with a million
// bad items costs nothing (the count in the text is then the number listed).
inline constexpr std::size_t kMaxReportedViolations = 10;

Expected<void, errors::ServiceError> check_against_shape(const nlohmann::json& body,
                                                         const shapes::Shape& root);

// Java's Float.toString(), which Coral uses to print a float value ("2.0", "1.5", "1.0E10").
std::string java_float_string(double value);

}  // namespace bedrock::mock
