#pragma once
// Results of the control-plane operations the client calls (reference §9, BCM shapes):
// ListFoundationModels, GetFoundationModel, ListInferenceProfiles, GetInferenceProfile. Unknown
// members are ignored (real answers add toolboxArn, modalities such as VIDEO, INFERENCE_PROFILE
// in inferenceTypesSupported that the model does not list).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bedrock/client/parse_error.hpp"
#include "bedrock/protocol/expected.hpp"

namespace bedrock::client {

struct FoundationModelSummary {
  std::string model_arn;
  std::string model_id;
  std::optional<std::string> model_name;
  std::optional<std::string> provider_name;
  std::vector<std::string> input_modalities;
  std::vector<std::string> output_modalities;
  std::optional<bool> response_streaming_supported;
  std::vector<std::string> customizations_supported;
  std::vector<std::string> inference_types_supported;  // ON_DEMAND, PROVISIONED, INFERENCE_PROFILE
  std::optional<std::string> lifecycle_status;          // ACTIVE | LEGACY

  bool supports_inference_type(std::string_view type) const;
  bool operator==(const FoundationModelSummary&) const = default;
};

// {"modelSummaries":[...]}
Expected<std::vector<FoundationModelSummary>, ParseError> parse_list_foundation_models(
    std::string_view body);
// {"modelDetails":{...}}
Expected<FoundationModelSummary, ParseError> parse_get_foundation_model(std::string_view body);

struct InferenceProfile {
  std::string id;      // inferenceProfileId, e.g. us.anthropic.claude-3-5-sonnet-20241022-v2:0
  std::string name;    // inferenceProfileName
  std::string arn;     // inferenceProfileArn
  std::string status;  // ACTIVE
  std::string type;    // SYSTEM_DEFINED | APPLICATION
  std::optional<std::string> description;
  std::vector<std::string> model_arns;  // models[].modelArn
  // Regions of the model ARNs, in first-seen order without repeats. A global profile's
  // region-less ARN (arn:aws:bedrock:::foundation-model/...) adds none (reference §9).
  std::vector<std::string> destination_regions;
  // Foundation-model IDs of the model ARNs, in first-seen order without repeats.
  std::vector<std::string> foundation_model_ids;

  bool is_system_defined() const { return type == "SYSTEM_DEFINED"; }
  bool contains_model(std::string_view foundation_model_id) const;
  bool operator==(const InferenceProfile&) const = default;
};

struct InferenceProfilePage {
  std::vector<InferenceProfile> summaries;  // inferenceProfileSummaries
  std::optional<std::string> next_token;
  bool operator==(const InferenceProfilePage&) const = default;
};

Expected<InferenceProfilePage, ParseError> parse_list_inference_profiles(std::string_view body);
// GetInferenceProfile answers with the profile's members at the top level.
Expected<InferenceProfile, ParseError> parse_get_inference_profile(std::string_view body);

}  // namespace bedrock::client
