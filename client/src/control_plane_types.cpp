#include "bedrock/client/control_plane_types.hpp"

#include <algorithm>
#include <utility>

#include "bedrock/protocol/model_id.hpp"
#include "json_reader.hpp"

namespace bedrock::client {
namespace {

using namespace json_read;

std::vector<std::string> optional_string_list(const Json& object, std::string_view key,
                                              const std::string& parent) {
  const Json* value = find(object, key);
  if (value == nullptr) return {};
  return as_string_list(*value, member_path(parent, key));
}

FoundationModelSummary read_model_summary(const Json& value, const std::string& path) {
  expect_object(value, path);
  FoundationModelSummary model;
  model.model_arn = require_string(value, "modelArn", path);
  model.model_id = require_string(value, "modelId", path);
  model.model_name = optional_string(value, "modelName", path);
  model.provider_name = optional_string(value, "providerName", path);
  model.input_modalities = optional_string_list(value, "inputModalities", path);
  model.output_modalities = optional_string_list(value, "outputModalities", path);
  if (const Json* streaming = find(value, "responseStreamingSupported")) {
    model.response_streaming_supported =
        as_bool(*streaming, member_path(path, "responseStreamingSupported"));
  }
  model.customizations_supported = optional_string_list(value, "customizationsSupported", path);
  model.inference_types_supported = optional_string_list(value, "inferenceTypesSupported", path);
  if (const Json* lifecycle = find(value, "modelLifecycle")) {
    const std::string at = member_path(path, "modelLifecycle");
    model.lifecycle_status = require_string(expect_object(*lifecycle, at), "status", at);
  }
  return model;
}

void add_unique(std::vector<std::string>& list, std::string value) {
  if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(std::move(value));
}

InferenceProfile read_profile(const Json& value, const std::string& path) {
  expect_object(value, path);
  InferenceProfile profile;
  profile.id = require_string(value, "inferenceProfileId", path);
  profile.name = require_string(value, "inferenceProfileName", path);
  profile.arn = require_string(value, "inferenceProfileArn", path);
  profile.status = require_string(value, "status", path);
  profile.type = require_string(value, "type", path);
  profile.description = optional_string(value, "description", path);
  const std::string models_path = member_path(path, "models");
  const Json& models = expect_array(require(value, "models", path), models_path);
  for (std::size_t i = 0; i < models.size(); ++i) {
    const std::string at = index_path(models_path, i);
    std::string arn = require_string(expect_object(models[i], at), "modelArn", at);
    // An ARN we cannot read still names a destination; it just adds no region or model ID.
    if (auto parsed = model_id::parse_model_id(arn); parsed) {
      if (!parsed->region.empty()) add_unique(profile.destination_regions, parsed->region);
      if (!parsed->base_model_id.empty()) {
        add_unique(profile.foundation_model_ids, parsed->base_model_id);
      }
    }
    profile.model_arns.push_back(std::move(arn));
  }
  return profile;
}

}  // namespace

bool FoundationModelSummary::supports_inference_type(std::string_view type) const {
  return std::find(inference_types_supported.begin(), inference_types_supported.end(), type) !=
         inference_types_supported.end();
}

bool InferenceProfile::contains_model(std::string_view foundation_model_id) const {
  return std::find(foundation_model_ids.begin(), foundation_model_ids.end(),
                   foundation_model_id) != foundation_model_ids.end();
}

Expected<std::vector<FoundationModelSummary>, ParseError> parse_list_foundation_models(
    std::string_view body) {
  return capture([&] {
    const Json json = parse_body(body);
    expect_object(json, "");
    const Json& summaries = expect_array(require(json, "modelSummaries", ""), "modelSummaries");
    std::vector<FoundationModelSummary> models;
    models.reserve(summaries.size());
    for (std::size_t i = 0; i < summaries.size(); ++i) {
      models.push_back(read_model_summary(summaries[i], index_path("modelSummaries", i)));
    }
    return models;
  });
}

Expected<FoundationModelSummary, ParseError> parse_get_foundation_model(std::string_view body) {
  return capture([&] {
    const Json json = parse_body(body);
    expect_object(json, "");
    return read_model_summary(require(json, "modelDetails", ""), "modelDetails");
  });
}

Expected<InferenceProfilePage, ParseError> parse_list_inference_profiles(std::string_view body) {
  return capture([&] {
    const Json json = parse_body(body);
    expect_object(json, "");
    InferenceProfilePage page;
    // An empty page may leave the list out.
    if (const Json* summaries = find(json, "inferenceProfileSummaries")) {
      expect_array(*summaries, "inferenceProfileSummaries");
      for (std::size_t i = 0; i < summaries->size(); ++i) {
        page.summaries.push_back(
            read_profile((*summaries)[i], index_path("inferenceProfileSummaries", i)));
      }
    }
    page.next_token = optional_string(json, "nextToken", "");
    return page;
  });
}

Expected<InferenceProfile, ParseError> parse_get_inference_profile(std::string_view body) {
  return capture([&] { return read_profile(parse_body(body), ""); });
}

}  // namespace bedrock::client
