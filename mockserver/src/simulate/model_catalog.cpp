// The loaded catalog's queries: inference types and lifecycles as text, a model's or a profile's
// routes and inference types per Region, and the catalog's lookups by ID and by Region. Loading
// and validating the JSON is catalog_loader.cpp.
#include "bedrock/mock/model_catalog.hpp"

#include <algorithm>

namespace bedrock::mock {

std::string_view to_string(InferenceType type) {
  switch (type) {
    case InferenceType::kOnDemand:
      return "ON_DEMAND";
    case InferenceType::kProvisioned:
      return "PROVISIONED";
    case InferenceType::kInferenceProfile:
      return "INFERENCE_PROFILE";
  }
  return "ON_DEMAND";
}

std::optional<InferenceType> parse_inference_type(std::string_view text) {
  if (text == "ON_DEMAND") return InferenceType::kOnDemand;
  if (text == "PROVISIONED") return InferenceType::kProvisioned;
  if (text == "INFERENCE_PROFILE") return InferenceType::kInferenceProfile;
  return std::nullopt;
}

std::string_view to_string(Lifecycle lifecycle) {
  return lifecycle == Lifecycle::kLegacy ? "LEGACY" : "ACTIVE";
}

const std::vector<std::string>* SystemProfile::destinations_from(std::string_view region) const {
  for (const ProfileRoute& route : routes) {
    if (route.source == region) return &route.destinations;
  }
  return nullptr;
}

std::vector<std::string> SystemProfile::all_destinations() const {
  std::vector<std::string> out;
  for (const ProfileRoute& route : routes) {
    for (const std::string& region : route.destinations) {
      if (std::find(out.begin(), out.end(), region) == out.end()) out.push_back(region);
    }
  }
  return out;
}

const std::vector<InferenceType>* CatalogModel::inference_types_in(std::string_view region) const {
  for (const RegionInferenceTypes& entry : inference_types) {
    if (entry.region == region) return &entry.types;
  }
  return nullptr;
}

bool CatalogModel::supports(std::string_view region, InferenceType type) const {
  const auto* types = inference_types_in(region);
  return types != nullptr && std::find(types->begin(), types->end(), type) != types->end();
}

const SystemProfile* CatalogModel::profile(model_id::Geo geo) const {
  for (const SystemProfile& p : profiles) {
    if (p.geo == geo) return &p;
  }
  return nullptr;
}

bool CatalogModel::outputs(std::string_view modality) const {
  return std::find(output_modalities.begin(), output_modalities.end(), modality) !=
         output_modalities.end();
}

void ModelCatalog::rebuild_index() {
  model_index_.clear();
  profile_index_.clear();
  for (std::size_t m = 0; m < models_.size(); ++m) {
    model_index_.emplace(models_[m].model_id, m);
    for (std::size_t p = 0; p < models_[m].profiles.size(); ++p) {
      profile_index_.emplace(models_[m].profiles[p].profile_id, std::make_pair(m, p));
    }
  }
}

bool ModelCatalog::knows_region(std::string_view region) const {
  return std::find(regions_.begin(), regions_.end(), region) != regions_.end();
}

const CatalogModel* ModelCatalog::find_model(std::string_view model_id) const {
  const auto it = model_index_.find(std::string(model_id));
  return it == model_index_.end() ? nullptr : &models_[it->second];
}

std::optional<ProfileRef> ModelCatalog::find_profile(std::string_view profile_id) const {
  const auto it = profile_index_.find(std::string(profile_id));
  if (it == profile_index_.end()) return std::nullopt;
  const CatalogModel& model = models_[it->second.first];
  return ProfileRef{&model, &model.profiles[it->second.second]};
}

std::vector<const CatalogModel*> ModelCatalog::models_in_region(std::string_view region) const {
  std::vector<const CatalogModel*> out;
  for (const CatalogModel& model : models_) {
    if (model.offered_in(region)) out.push_back(&model);
  }
  return out;
}

std::vector<ProfileRef> ModelCatalog::profiles_callable_from(std::string_view region) const {
  std::vector<ProfileRef> out;
  for (const CatalogModel& model : models_) {
    for (const SystemProfile& profile : model.profiles) {
      if (profile.destinations_from(region) != nullptr) out.push_back({&model, &profile});
    }
  }
  return out;
}

}  // namespace bedrock::mock
