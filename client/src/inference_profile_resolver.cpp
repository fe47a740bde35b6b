#include "bedrock/client/inference_profile_resolver.hpp"

#include <algorithm>
#include <limits>
#include <utility>

#include "bedrock/protocol/model_id.hpp"

namespace bedrock::client {
namespace {

// Reference §8: the real text uses U+2019 (E2 80 99); ASCII "isn't" is tolerated.
constexpr std::string_view kOnDemandTypographic = "with on-demand throughput isn\xE2\x80\x99t supported";
constexpr std::string_view kOnDemandAscii = "with on-demand throughput isn't supported";
constexpr std::string_view kOnDemandPrefix = "Invocation of model ID ";
constexpr std::string_view kOnDemandModelEnd = " with on-demand throughput";

std::string needs_profile(std::string_view model_id, std::string_view region) {
  return std::string(model_id) + " needs an inference profile in " + std::string(region);
}

// Lower is better: the region's own geography, then the narrower ones that include it (jp, au),
// then global; nullopt when the profile cannot be called from the region.
std::optional<int> rank_of(const InferenceProfile& profile, std::string_view region) {
  auto parsed = model_id::parse_model_id(profile.id);
  if (!parsed || !parsed->geo) return std::nullopt;
  const std::vector<model_id::Geo> geos = model_id::geos_including_region(region);
  if (std::find(geos.begin(), geos.end(), *parsed->geo) == geos.end()) return std::nullopt;
  if (parsed->geo == model_id::geo_for_region(region)) return 0;
  return *parsed->geo == model_id::Geo::kGlobal ? 2 : 1;
}

bool names_model(const InferenceProfile& profile, std::string_view base_model_id) {
  if (profile.contains_model(base_model_id)) return true;
  auto parsed = model_id::parse_model_id(profile.id);
  return parsed && parsed->base_model_id == base_model_id;
}

const InferenceProfile* best_listed_profile(std::span<const InferenceProfile> profiles,
                                            std::string_view base_model_id,
                                            std::string_view region) {
  const InferenceProfile* best = nullptr;
  int best_rank = std::numeric_limits<int>::max();
  for (const InferenceProfile& profile : profiles) {
    if (!profile.is_system_defined()) continue;
    if (!profile.status.empty() && profile.status != "ACTIVE") continue;
    if (!names_model(profile, base_model_id)) continue;
    const std::optional<int> rank = rank_of(profile, region);
    if (rank && *rank < best_rank) {
      best = &profile;
      best_rank = *rank;
    }
  }
  return best;
}

}  // namespace

std::string_view to_string(InferenceProfilePolicy policy) {
  switch (policy) {
    case InferenceProfilePolicy::kNever: return "never";
    case InferenceProfilePolicy::kAuto: return "auto";
    case InferenceProfilePolicy::kAlways: return "always";
  }
  return "never";
}

std::optional<InferenceProfilePolicy> parse_inference_profile_policy(std::string_view text) {
  if (text == "never") return InferenceProfilePolicy::kNever;
  if (text == "auto") return InferenceProfilePolicy::kAuto;
  if (text == "always") return InferenceProfilePolicy::kAlways;
  return std::nullopt;
}

bool resolves_before_call(InferenceProfilePolicy policy) {
  return policy == InferenceProfilePolicy::kAlways;
}

bool retries_with_profile(InferenceProfilePolicy policy, const errors::ServiceError& error) {
  return policy == InferenceProfilePolicy::kAuto && is_on_demand_not_supported(error);
}

bool is_on_demand_not_supported(const errors::ServiceError& error) {
  if (error.code != errors::ErrorCode::kValidation) return false;
  return error.message.find(kOnDemandTypographic) != std::string::npos ||
         error.message.find(kOnDemandAscii) != std::string::npos;
}

std::optional<std::string> model_id_in_on_demand_message(std::string_view message) {
  const std::size_t start = message.find(kOnDemandPrefix);
  if (start == std::string_view::npos) return std::nullopt;
  const std::size_t id_start = start + kOnDemandPrefix.size();
  const std::size_t id_end = message.find(kOnDemandModelEnd, id_start);
  if (id_end == std::string_view::npos || id_end == id_start) return std::nullopt;
  return std::string(message.substr(id_start, id_end - id_start));
}

Expected<ProfileResolution, ProfileResolutionError> resolve_inference_profile(
    std::string_view model_id, std::string_view region,
    std::optional<std::span<const InferenceProfile>> profiles) {
  auto parsed = model_id::parse_model_id(model_id);
  if (!parsed) {
    return unexpected(ProfileResolutionError{
        ProfileResolutionErrorKind::kInvalidModelId,
        std::string(model_id) + " is not a model identifier: " + parsed.error().detail});
  }
  if (parsed->kind != model_id::ModelIdKind::kFoundationModel) {
    const std::string what = parsed->kind == model_id::ModelIdKind::kSystemProfile
                                 ? "is already an inference profile ID"
                                 : "is an ARN";
    return ProfileResolution{std::string(model_id), ProfileSource::kUnchanged,
                             std::string(model_id) + " " + what + ": used as given"};
  }

  const auto derived = model_id::profile_id_for_region(model_id, region);
  if (profiles) {
    if (const InferenceProfile* chosen = best_listed_profile(*profiles, model_id, region)) {
      return ProfileResolution{chosen->id, ProfileSource::kListed,
                               needs_profile(model_id, region) + ": using " + chosen->id +
                                   " (found with ListInferenceProfiles)"};
    }
    std::string explanation = needs_profile(model_id, region) +
                              ", but ListInferenceProfiles lists no active system-defined profile "
                              "containing it that is callable from " +
                              std::string(region);
    if (derived) explanation += " (the region's geography would give " + *derived + ")";
    return unexpected(
        ProfileResolutionError{ProfileResolutionErrorKind::kNoListedProfile, explanation});
  }
  if (!derived) {
    return unexpected(ProfileResolutionError{
        ProfileResolutionErrorKind::kNoGeoForRegion,
        needs_profile(model_id, region) + ", but " + std::string(region) +
            " belongs to no documented cross-Region geography (us, eu, apac, jp, au, us-gov): "
            "look for one with ListInferenceProfiles, e.g. global." +
            std::string(model_id)});
  }
  return ProfileResolution{*derived, ProfileSource::kRegionDerived,
                           needs_profile(model_id, region) + ": using " + *derived +
                               " (derived from the region's geography)"};
}

}  // namespace bedrock::client
