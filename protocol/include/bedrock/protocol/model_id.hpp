#pragma once
// Model identifiers as Bedrock accepts them in {modelId} (reference §9): bare foundation-model
// IDs, geo-prefixed system inference-profile IDs, and the ARN forms; plus region -> geo prefix
// and the builders for profile IDs and ARNs.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bedrock/protocol/expected.hpp"

namespace bedrock::model_id {

inline constexpr std::size_t kMaxModelIdLength = 2048;  // InvokeModelIdentifier max (BRM)

// Cross-Region (system-defined) inference-profile prefixes with AWS backing (reference §9).
enum class Geo { kUs, kEu, kApac, kJp, kAu, kUsGov, kGlobal };
std::string_view to_string(Geo geo);          // "us", "eu", "apac", "jp", "au", "us-gov", "global"
std::optional<Geo> parse_geo(std::string_view prefix);

enum class ModelIdKind {
  kFoundationModel,        // anthropic.claude-3-5-sonnet-20241022-v2:0
  kSystemProfile,          // us.anthropic.claude-3-5-sonnet-20241022-v2:0
  kFoundationModelArn,     // arn:aws:bedrock:us-east-1::foundation-model/<id> (or region-less)
  kInferenceProfileArn,    // arn:aws:bedrock:<r>:<acct>:inference-profile/<profile id>
  kApplicationInferenceProfileArn,
  kProvisionedModelArn,
  kCustomModelArn,
  kCustomModelDeploymentArn,
  kImportedModelArn,
  kPromptArn,
  kPromptRouterArn,
  kDefaultPromptRouterArn,
  kSageMakerEndpointArn,
};
std::string_view to_string(ModelIdKind kind);

struct ParsedModelId {
  ModelIdKind kind = ModelIdKind::kFoundationModel;
  std::string text;  // the identifier as given
  // Set when the identifier names a foundation model, directly or through a system profile, a
  // foundation-model ARN, a system inference-profile ARN or a custom-model ARN.
  std::string provider;       // "anthropic"
  std::string base_model_id;  // "anthropic.claude-3-5-sonnet-20241022-v2:0" (no geo prefix)
  std::optional<Geo> geo;     // system profiles only
  // ARN fields (empty for bare IDs; region empty in arn:aws:bedrock:::foundation-model/...).
  std::string partition;    // "aws", "aws-cn", "aws-us-gov", ...
  std::string service;      // "bedrock" or "sagemaker"
  std::string region;
  std::string account;
  std::string resource_id;  // the part after "<resource type>/"
  std::optional<std::string> prompt_version;  // prompt/<id>:<version>

  bool is_arn() const { return !partition.empty(); }
  // The profile ID for system profiles (bare or as the inference-profile ARN's resource).
  std::optional<std::string> profile_id() const;
};

enum class ModelIdErrorKind {
  kEmpty,
  kTooLong,                  // more than 2048 bytes
  kBadCharacter,             // a byte no identifier form allows (space, '%', control, non-ASCII, ...)
  kMalformedModelId,         // not provider.name[-version][:n...]
  kUnknownGeoPrefix,         // three labels but the first is not a known geo
  kMalformedArn,             // wrong field count, bad region/account, empty resource ...
  kUnknownPartition,
  kUnsupportedArnService,    // not bedrock (or sagemaker endpoint)
  kUnknownArnResourceType,
  kMalformedArnResource,     // known type, resource id of the wrong shape
  kNoGeoForRegion,           // builders only: the region belongs to no documented geography
};
std::string_view to_string(ModelIdErrorKind kind);

struct ModelIdError {
  ModelIdErrorKind kind;
  std::string detail;  // human-readable, for logs and near-miss reports
  bool operator==(const ModelIdError&) const = default;
};

Expected<ParsedModelId, ModelIdError> parse_model_id(std::string_view text);

// "provider.name[-version][:n[:ctx]]" without a geo prefix: the IDs the catalog keys on.
bool is_foundation_model_id(std::string_view text);

// ---- Regions and geographies -----------------------------------------------------------------

// The partition a region belongs to: cn-* -> aws-cn, us-gov-* -> aws-us-gov, us-iso-* ->
// aws-iso, us-isob-* -> aws-iso-b, else aws.
std::string_view partition_of_region(std::string_view region);
// The system-profile prefix for a source region: us-* -> us, eu-* -> eu, the listed ap-* and
// me-central-1 -> apac, us-gov-* -> us-gov. Regions of no documented geography (ca-central-1,
// sa-east-1, ...) have none (reference §9, §12).
std::optional<Geo> geo_for_region(std::string_view region);
// Every geography whose documented region set contains the region, including the narrower jp/au
// ones and global for commercial regions (ap-northeast-1 -> apac, jp, global).
std::vector<Geo> geos_including_region(std::string_view region);
// The documented destination regions of a geography (empty for global: all commercial regions).
std::vector<std::string_view> regions_of_geo(Geo geo);

// ---- Builders --------------------------------------------------------------------------------

// "<geo>." + model ID for the region's geography; fails when the ID is not a bare foundation
// model ID or the region has no geography.
Expected<std::string, ModelIdError> profile_id_for_region(std::string_view foundation_model_id,
                                                          std::string_view region);
Expected<std::string, ModelIdError> global_profile_id(std::string_view foundation_model_id);
// arn:<partition>:bedrock:<region>::foundation-model/<id>; an empty region gives the region-less
// form arn:aws:bedrock:::foundation-model/<id> used by global profiles.
std::string foundation_model_arn(std::string_view foundation_model_id, std::string_view region);
// arn:<partition>:bedrock:<region>:<account>:inference-profile/<profile id>.
std::string inference_profile_arn(std::string_view profile_id, std::string_view region,
                                  std::string_view account);
std::string application_inference_profile_arn(std::string_view profile_id,
                                              std::string_view region, std::string_view account);

}  // namespace bedrock::model_id
