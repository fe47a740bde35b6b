#pragma once
// The seed's fix as a pure decision (issue #4): which inference-profile ID to call a
// foundation model with from a region. Models such as anthropic.claude-3-5-sonnet-20241022-v2:0
// answer on-demand calls with a ValidationException ("... with on-demand throughput isn’t
// supported ...", reference §8) and must be called through a cross-Region profile
// (`<geo>.<model id>`, reference §9). No I/O: the caller passes what ListInferenceProfiles
// returned, if it could call it.
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "bedrock/client/control_plane_types.hpp"
#include "bedrock/protocol/error_catalog.hpp"
#include "bedrock/protocol/expected.hpp"

namespace bedrock::client {

// never: call with the ID as given. auto: on the on-demand-throughput error, retry once with
// the resolved profile. always: resolve before the first call.
enum class InferenceProfilePolicy { kNever, kAuto, kAlways };
std::string_view to_string(InferenceProfilePolicy policy);
std::optional<InferenceProfilePolicy> parse_inference_profile_policy(std::string_view text);

// Whether the policy resolves before the first call / retries after this error.
bool resolves_before_call(InferenceProfilePolicy policy);
bool retries_with_profile(InferenceProfilePolicy policy, const errors::ServiceError& error);

// The on-demand-throughput ValidationException. The real text has U+2019 in "isn’t"; the ASCII
// apostrophe some third-party mocks use is accepted too.
bool is_on_demand_not_supported(const errors::ServiceError& error);
// The model ID the message names ("Invocation of model ID <id> with on-demand ..."), if any.
std::optional<std::string> model_id_in_on_demand_message(std::string_view message);

enum class ProfileSource {
  kUnchanged,      // already a profile ID or an ARN: left alone
  kListed,         // a SYSTEM_DEFINED profile from ListInferenceProfiles
  kRegionDerived,  // <geo>. + model ID for the region's geography
};

struct ProfileResolution {
  std::string model_id;  // the ID to call with
  ProfileSource source = ProfileSource::kUnchanged;
  // One line, e.g. "anthropic.claude-3-5-sonnet-20241022-v2:0 needs an inference profile in
  // us-east-2: using us.anthropic.claude-3-5-sonnet-20241022-v2:0 (found with
  // ListInferenceProfiles)".
  std::string explanation;
  bool changed() const { return source != ProfileSource::kUnchanged; }
};

enum class ProfileResolutionErrorKind {
  kInvalidModelId,    // not a model identifier at all
  kNoGeoForRegion,    // no list given and the region belongs to no documented geography
  kNoListedProfile,   // the list has no usable profile for this model and region
};

struct ProfileResolutionError {
  ProfileResolutionErrorKind kind;
  std::string explanation;  // one line, naming the model and region
};

// `profiles`: ListInferenceProfiles in `region` (all pages), or nullopt when it was not called
// or not allowed. From the list, the chosen profile is SYSTEM_DEFINED, ACTIVE, contains the
// model, and is callable from the region (its geography includes the region, or it is a
// global. profile); the region's own geography wins over narrower ones (jp, au), which win over
// global.
Expected<ProfileResolution, ProfileResolutionError> resolve_inference_profile(
    std::string_view model_id, std::string_view region,
    std::optional<std::span<const InferenceProfile>> profiles = std::nullopt);

}  // namespace bedrock::client
