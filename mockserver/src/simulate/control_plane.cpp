#include "bedrock/mock/control_plane.hpp"

#include <algorithm>
#include <charconv>

#include <nlohmann/json.hpp>

#include "bedrock/protocol/encoding.hpp"
#include "bedrock/protocol/error_messages.hpp"
#include "bedrock/protocol/model_id.hpp"

namespace bedrock::mock {
namespace {

using nlohmann::json;
using operations::Operation;
using operations::RequestTarget;

// System profiles have no creation date in the catalog; one fixed instant keeps answers
// byte-stable (the real format is ISO-8601 UTC, sometimes with nanoseconds).
constexpr std::string_view kProfileTimestamp = "2024-08-27T00:00:00Z";
constexpr std::string_view kNextTokenPrefix = "bedrock-mock/1|";

constexpr std::string_view kOutputModalities[] = {"TEXT", "IMAGE", "EMBEDDING"};
constexpr std::string_view kInferenceTypes[] = {"ON_DEMAND", "PROVISIONED"};
constexpr std::string_view kCustomizationTypes[] = {"FINE_TUNING", "CONTINUED_PRE_TRAINING",
                                                    "DISTILLATION"};
constexpr std::string_view kProfileTypes[] = {"SYSTEM_DEFINED", "APPLICATION"};

template <std::size_t N>
bool one_of(std::string_view value, const std::string_view (&set)[N]) {
  return std::find(std::begin(set), std::end(set), value) != std::end(set);
}

SimulatedAnswer json_answer(const json& body) {
  SimulatedAnswer answer;
  answer.headers = {{"Content-Type", "application/json"}};
  answer.body = body.dump();
  return answer;
}

SimulatedAnswer violation(std::string path, std::string constraint) {
  const errors::ConstraintViolation v{std::move(path), std::move(constraint)};
  return error_answer(errors::shape_validation({&v, 1}));
}

template <std::size_t N>
SimulatedAnswer enum_violation(std::string path, const std::string_view (&set)[N]) {
  return violation(std::move(path),
                   errors::constraint_enum(std::span<const std::string_view>(set)));
}

bool iequals(std::string_view a, std::string_view b) {
  return encoding::to_lower(a) == encoding::to_lower(b);
}

// ---- Foundation models -----------------------------------------------------------------------

json model_summary(const CatalogModel& model, const std::string& region) {
  json types = json::array();
  if (const auto* list = model.inference_types_in(region)) {
    for (const InferenceType type : *list) types.push_back(to_string(type));
  }
  return {{"customizationsSupported", model.customizations_supported},
          {"inferenceTypesSupported", std::move(types)},
          {"inputModalities", model.input_modalities},
          {"modelArn", model_id::foundation_model_arn(model.model_id, region)},
          {"modelId", model.model_id},
          {"modelLifecycle", {{"status", to_string(model.lifecycle)}}},
          {"modelName", model.model_name},
          {"outputModalities", model.output_modalities},
          {"providerName", model.provider_name},
          {"responseStreamingSupported", model.response_streaming_supported}};
}

bool provider_matches(const CatalogModel& model, std::string_view provider) {
  const std::string_view id_prefix =
      std::string_view(model.model_id).substr(0, model.model_id.find('.'));
  return iequals(model.provider_name, provider) || iequals(id_prefix, provider);
}

SimulatedAnswer list_foundation_models(const ModelCatalog& catalog, const RequestTarget& target,
                                       const std::string& region) {
  const auto provider = target.query_value("byProvider");
  const auto customization = target.query_value("byCustomizationType");
  const auto modality = target.query_value("byOutputModality");
  const auto inference = target.query_value("byInferenceType");
  if (provider && (provider->empty() || provider->size() > 63)) {
    return violation("byProvider", errors::constraint_pattern("[A-Za-z0-9- ]{1,63}"));
  }
  if (customization && !one_of(*customization, kCustomizationTypes)) {
    return enum_violation("byCustomizationType", kCustomizationTypes);
  }
  if (modality && !one_of(*modality, kOutputModalities)) {
    return enum_violation("byOutputModality", kOutputModalities);
  }
  if (inference && !one_of(*inference, kInferenceTypes)) {
    return enum_violation("byInferenceType", kInferenceTypes);
  }
  json summaries = json::array();
  for (const CatalogModel* model : catalog.models_in_region(region)) {
    if (provider && !provider_matches(*model, *provider)) continue;
    if (modality && !model->outputs(*modality)) continue;
    if (inference && !model->supports(region, *parse_inference_type(*inference))) continue;
    if (customization &&
        std::find(model->customizations_supported.begin(), model->customizations_supported.end(),
                  *customization) == model->customizations_supported.end()) {
      continue;
    }
    summaries.push_back(model_summary(*model, region));
  }
  return json_answer({{"modelSummaries", std::move(summaries)}});
}

SimulatedAnswer get_foundation_model(const ModelCatalog& catalog, const RequestTarget& target,
                                     const std::string& region) {
  const SimulatedAnswer not_found = error_answer(errors::make_error(
      errors::ErrorCode::kResourceNotFound, std::string(kFoundationModelNotFound)));
  const auto parsed = model_id::parse_model_id(target.identifier);
  if (!parsed) return not_found;
  if (parsed->kind == model_id::ModelIdKind::kFoundationModelArn) {
    if (parsed->region != region) return not_found;
  } else if (parsed->kind != model_id::ModelIdKind::kFoundationModel) {
    return not_found;
  }
  const CatalogModel* model = catalog.find_model(parsed->base_model_id);
  if (model == nullptr || !model->offered_in(region)) return not_found;
  return json_answer({{"modelDetails", model_summary(*model, region)}});
}

// ---- Inference profiles ----------------------------------------------------------------------

std::string_view geo_label(model_id::Geo geo) {
  switch (geo) {
    case model_id::Geo::kUs:
      return "US";
    case model_id::Geo::kEu:
      return "EU";
    case model_id::Geo::kApac:
      return "APAC";
    case model_id::Geo::kJp:
      return "JP";
    case model_id::Geo::kAu:
      return "AU";
    case model_id::Geo::kUsGov:
      return "US-GOV";
    case model_id::Geo::kGlobal:
      return "Global";
  }
  return "US";
}

std::string joined_regions(const std::vector<std::string>& regions) {
  std::string out;
  for (std::size_t i = 0; i < regions.size(); ++i) {
    if (i > 0) out += i + 1 == regions.size() ? " and " : ", ";
    out += regions[i];
  }
  return out;
}

json profile_json(const ModelCatalog& catalog, const ProfileRef& ref, const std::string& region) {
  const CatalogModel& model = *ref.model;
  const SystemProfile& profile = *ref.profile;
  const std::vector<std::string>& destinations = *profile.destinations_from(region);
  json models = json::array();
  if (profile.geo == model_id::Geo::kGlobal) {
    // Global profiles name the Region-less model ARN (reference §9) and, as recorded for a
    // profile copied from one, the caller's Region; the model allows at most 5 entries.
    models.push_back({{"modelArn", model_id::foundation_model_arn(model.model_id, "")}});
    models.push_back({{"modelArn", model_id::foundation_model_arn(model.model_id, region)}});
  } else {
    for (const std::string& destination : destinations) {
      models.push_back({{"modelArn", model_id::foundation_model_arn(model.model_id, destination)}});
    }
  }
  std::string name =
      std::string(geo_label(profile.geo)) + " " + model.provider_name + " " + model.model_name;
  if (name.size() > 64) name.resize(64);  // inferenceProfileName is 1..64
  const std::string description = profile.geo == model_id::Geo::kGlobal
                                      ? "Routes requests to " + model.provider_name + " " +
                                            model.model_name + " in commercial Regions worldwide."
                                      : "Routes requests to " + model.provider_name + " " +
                                            model.model_name + " in " +
                                            joined_regions(destinations) + ".";
  return {{"createdAt", kProfileTimestamp},
          {"description", description},
          {"inferenceProfileArn",
           model_id::inference_profile_arn(profile.profile_id, region, catalog.account())},
          {"inferenceProfileId", profile.profile_id},
          {"inferenceProfileName", name},
          {"models", std::move(models)},
          {"status", "ACTIVE"},
          {"type", "SYSTEM_DEFINED"},
          {"updatedAt", kProfileTimestamp}};
}

// Opaque to clients, but plain to us: "<prefix><region>|<type filter>|<offset>" in base64.
std::string make_next_token(const std::string& region, std::string_view type, std::size_t offset) {
  return encoding::base64_encode(std::string(kNextTokenPrefix) + region + "|" + std::string(type) +
                                 "|" + std::to_string(offset));
}

std::optional<std::size_t> read_next_token(std::string_view token, const std::string& region,
                                           std::string_view type, std::size_t total) {
  const auto decoded = encoding::base64_decode(token);
  if (!decoded) return std::nullopt;
  const std::string expected_head =
      std::string(kNextTokenPrefix) + region + "|" + std::string(type) + "|";
  if (decoded->rfind(expected_head, 0) != 0) return std::nullopt;
  const std::string_view digits = std::string_view(*decoded).substr(expected_head.size());
  std::size_t offset = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), offset);
  if (ec != std::errc() || end != digits.data() + digits.size() || digits.empty()) {
    return std::nullopt;
  }
  // A token always points at a page that exists.
  if (offset == 0 || offset >= total) return std::nullopt;
  return offset;
}

SimulatedAnswer list_inference_profiles(const ModelCatalog& catalog, const RequestTarget& target,
                                        const std::string& region) {
  std::size_t max_results = kDefaultMaxResults;
  if (const auto text = target.query_value("maxResults")) {
    long long value = 0;
    const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (ec != std::errc() || end != text->data() + text->size() || value < 1) {
      return violation("maxResults", errors::constraint_min_value(1));
    }
    if (value > 1000) return violation("maxResults", errors::constraint_max_value(1000));
    max_results = static_cast<std::size_t>(value);
  }
  // The query name is "type" (member typeEquals); accept the member name as well.
  auto type = target.query_value("type");
  if (!type) type = target.query_value("typeEquals");
  if (type && !one_of(*type, kProfileTypes)) return enum_violation("typeEquals", kProfileTypes);
  const std::string type_filter = type.value_or("");

  std::vector<ProfileRef> profiles;
  // The catalog holds only system-defined profiles; APPLICATION lists nothing.
  if (type_filter != "APPLICATION") profiles = catalog.profiles_callable_from(region);

  std::size_t offset = 0;
  if (const auto token = target.query_value("nextToken")) {
    const auto at = read_next_token(*token, region, type_filter, profiles.size());
    if (!at) {
      return error_answer(
          errors::make_error(errors::ErrorCode::kValidation, std::string(kInvalidNextToken)));
    }
    offset = *at;
  }
  const std::size_t end = std::min(profiles.size(), offset + max_results);
  json summaries = json::array();
  for (std::size_t i = offset; i < end; ++i) {
    summaries.push_back(profile_json(catalog, profiles[i], region));
  }
  json body = {{"inferenceProfileSummaries", std::move(summaries)}};
  if (end < profiles.size()) body["nextToken"] = make_next_token(region, type_filter, end);
  return json_answer(body);
}

SimulatedAnswer get_inference_profile(const ModelCatalog& catalog, const RequestTarget& target,
                                      const std::string& region) {
  const SimulatedAnswer not_found =
      error_answer(errors::make_error(errors::ErrorCode::kResourceNotFound,
                                      "Inference profile " + target.identifier + " not found."));
  const auto parsed = model_id::parse_model_id(target.identifier);
  if (!parsed) return not_found;
  if (parsed->kind == model_id::ModelIdKind::kInferenceProfileArn) {
    if (parsed->region != region || parsed->account != catalog.account()) return not_found;
  } else if (parsed->kind != model_id::ModelIdKind::kSystemProfile) {
    return not_found;
  }
  const auto profile_id = parsed->profile_id();
  const auto ref = profile_id ? catalog.find_profile(*profile_id) : std::nullopt;
  if (!ref || ref->profile->destinations_from(region) == nullptr) return not_found;
  return json_answer(profile_json(catalog, *ref, region));
}

}  // namespace

SimulatedAnswer answer_control_plane(const ModelCatalog& catalog, Operation op,
                                     const RequestTarget& target, const std::string& region) {
  switch (op) {
    case Operation::kListFoundationModels:
      return list_foundation_models(catalog, target, region);
    case Operation::kGetFoundationModel:
      return get_foundation_model(catalog, target, region);
    case Operation::kListInferenceProfiles:
      return list_inference_profiles(catalog, target, region);
    case Operation::kGetInferenceProfile:
      return get_inference_profile(catalog, target, region);
    default:
      break;
  }
  return not_simulated_answer(op);
}

}  // namespace bedrock::mock
