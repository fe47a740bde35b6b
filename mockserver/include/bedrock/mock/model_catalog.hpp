#pragma once
// The model/region catalog the simulator answers from (fixtures/catalog/, format
// "bedrock-testbed-catalog/1", documented in docs/catalog.md): which foundation models each
// Region offers with which inference types, and the system-defined (cross-Region) inference
// profiles, per geography, with the Regions they are callable from and route to (reference §9).
//
// Availability differs per Region and changes over time, so it is data, not code.
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "bedrock/mock/quotas.hpp"
#include "bedrock/protocol/expected.hpp"
#include "bedrock/protocol/model_id.hpp"

namespace bedrock::mock {

inline constexpr std::string_view kCatalogFormat = "bedrock-testbed-catalog/1";
// The file a catalog folder must contain (other *.json files in the folder are merged in).
inline constexpr std::string_view kCatalogFileName = "catalog.json";

// inferenceTypesSupported values. The control-plane model only has ON_DEMAND and PROVISIONED,
// but real ListFoundationModels answers also say INFERENCE_PROFILE (reference §9).
enum class InferenceType { kOnDemand, kProvisioned, kInferenceProfile };
std::string_view to_string(InferenceType type);
std::optional<InferenceType> parse_inference_type(std::string_view text);

enum class Lifecycle { kActive, kLegacy };
std::string_view to_string(Lifecycle lifecycle);

// One system-defined profile "<geo>.<modelId>". Each route says: called from `source`, the
// request may be served in any of `destinations`. Destinations depend on the source Region
// (reference §9: us.anthropic.claude-3-haiku from us-west-2 routes only to us-east-1/us-west-2).
struct ProfileRoute {
  std::string source;
  std::vector<std::string> destinations;
};

struct SystemProfile {
  model_id::Geo geo = model_id::Geo::kUs;
  std::string profile_id;            // "us.anthropic.claude-3-5-sonnet-20241022-v2:0"
  std::vector<ProfileRoute> routes;  // catalog order

  // The destinations when called from `region`; nullptr when not callable from there.
  const std::vector<std::string>* destinations_from(std::string_view region) const;
  // Every Region named as a destination from any source, first-seen order.
  std::vector<std::string> all_destinations() const;
};

struct RegionInferenceTypes {
  std::string region;
  std::vector<InferenceType> types;
};

struct CatalogModel {
  std::string model_id;       // "anthropic.claude-3-5-sonnet-20241022-v2:0"
  std::string model_name;     // "Claude 3.5 Sonnet v2"
  std::string provider_name;  // "Anthropic"
  std::string family;  // body dialect for InvokeModel: "anthropic-messages", "amazon-nova", ...
  std::vector<std::string> input_modalities;
  std::vector<std::string> output_modalities;
  bool response_streaming_supported = true;
  std::vector<std::string> customizations_supported;  // FINE_TUNING, ...; usually empty
  Lifecycle lifecycle = Lifecycle::kActive;
  std::vector<RegionInferenceTypes> inference_types;  // the Regions that offer the model
  std::vector<SystemProfile> profiles;
  std::string evidence;  // free text: where the data came from

  const std::vector<InferenceType>* inference_types_in(std::string_view region) const;
  bool offered_in(std::string_view region) const { return inference_types_in(region) != nullptr; }
  bool supports(std::string_view region, InferenceType type) const;
  const SystemProfile* profile(model_id::Geo geo) const;
  bool outputs(std::string_view modality) const;
};

// A profile found by ID, with its model.
struct ProfileRef {
  const CatalogModel* model = nullptr;
  const SystemProfile* profile = nullptr;
};

// A validation or read failure, pinned to the file and the JSON path (e.g.
// "$.models[3].profiles.eu[1]").
struct CatalogError {
  std::string file;
  std::string json_path;
  std::string message;
  std::string to_string() const;  // "<file>: <json_path>: <message>"
  bool operator==(const CatalogError&) const = default;
};

class ModelCatalog {
 public:
  ModelCatalog() = default;

  // A catalog file, or a folder: its catalog.json plus every other *.json in it (name order),
  // each a complete catalog document; regions are merged, accounts must agree, a model may be
  // defined once.
  static Expected<ModelCatalog, CatalogError> load(const std::filesystem::path& path_or_dir);
  // One document from memory; `source` names it in errors.
  static Expected<ModelCatalog, CatalogError> parse(std::string_view json_text,
                                                    const std::string& source);

  const std::string& account() const { return account_; }
  const std::vector<std::string>& regions() const { return regions_; }
  bool knows_region(std::string_view region) const;
  const std::vector<CatalogModel>& models() const { return models_; }
  // The "quotas" list (docs/catalog.md "Quotas"), file order; empty: no quotas apply.
  const std::vector<QuotaRule>& quotas() const { return quotas_; }

  const CatalogModel* find_model(std::string_view model_id) const;
  std::optional<ProfileRef> find_profile(std::string_view profile_id) const;
  // Catalog order.
  std::vector<const CatalogModel*> models_in_region(std::string_view region) const;
  // Every profile callable from `region`, model order then geo order.
  std::vector<ProfileRef> profiles_callable_from(std::string_view region) const;

 private:
  Expected<void, CatalogError> merge(ModelCatalog other, const std::string& source);
  void rebuild_index();

  std::string account_;
  std::vector<std::string> regions_;
  std::vector<CatalogModel> models_;
  std::vector<QuotaRule> quotas_;
  std::unordered_map<std::string, std::size_t> model_index_;
  // profile ID -> (model index, profile index)
  std::unordered_map<std::string, std::pair<std::size_t, std::size_t>> profile_index_;
};

}  // namespace bedrock::mock
