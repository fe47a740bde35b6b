#include "bedrock/protocol/model_id.hpp"

#include <algorithm>
#include <array>

namespace bedrock::model_id {
namespace {

constexpr std::size_t kMaxLabel = 63;

bool is_lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool is_alnum(char c) { return is_lower_alnum(c) || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// [a-z0-9-]{1,63}: the label alphabet of the service model's foundation-model pattern.
bool is_label(std::string_view text) {
  return !text.empty() && text.size() <= kMaxLabel &&
         std::all_of(text.begin(), text.end(), [](char c) { return is_lower_alnum(c) || c == '-'; });
}

template <class Pred>
bool all_of(std::string_view text, Pred pred) {
  return std::all_of(text.begin(), text.end(), pred);
}

// [a-zA-Z0-9-:.]+ (profile and prompt-router resource IDs).
bool is_profile_resource(std::string_view text) {
  return !text.empty() &&
         all_of(text, [](char c) { return is_alnum(c) || c == '-' || c == ':' || c == '.'; });
}

bool is_twelve_lower_alnum(std::string_view text) {
  return text.size() == 12 && all_of(text, is_lower_alnum);
}

bool is_account(std::string_view text) { return text.size() == 12 && all_of(text, is_digit); }

bool is_region(std::string_view text) {
  return !text.empty() && text.size() <= 20 &&
         all_of(text, [](char c) { return is_lower_alnum(c) || c == '-'; });
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = text.find(separator, start);
    if (end == std::string_view::npos) {
      parts.push_back(text.substr(start));
      return parts;
    }
    parts.push_back(text.substr(start, end - start));
    start = end + 1;
  }
}

Unexpected<ModelIdError> fail(ModelIdErrorKind kind, std::string detail) {
  return unexpected(ModelIdError{kind, std::move(detail)});
}

constexpr std::array<std::string_view, 4> kUsRegions{"us-east-1", "us-east-2", "us-west-1",
                                                     "us-west-2"};
constexpr std::array<std::string_view, 8> kEuRegions{"eu-central-1", "eu-west-1", "eu-west-2",
                                                     "eu-west-3",    "eu-north-1", "eu-south-1",
                                                     "eu-south-2",   "eu-central-2"};
constexpr std::array<std::string_view, 13> kApacRegions{
    "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1",     "ap-south-2",
    "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5",
    "ap-southeast-7", "ap-east-2",      "me-central-1"};
constexpr std::array<std::string_view, 2> kJpRegions{"ap-northeast-1", "ap-northeast-3"};
constexpr std::array<std::string_view, 2> kAuRegions{"ap-southeast-2", "ap-southeast-4"};
constexpr std::array<std::string_view, 2> kUsGovRegions{"us-gov-east-1", "us-gov-west-1"};

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

bool is_us_gov_region(std::string_view region) { return region.starts_with("us-gov-"); }

// The foundation-model part of an ID: provider.name followed by at most two ":suffix" parts
// (":0", ":0:28k"). Returns the provider on success.
std::optional<std::string_view> foundation_provider(std::string_view text) {
  const std::vector<std::string_view> colon_parts = split(text, ':');
  if (colon_parts.size() > 3) return std::nullopt;
  for (std::size_t i = 1; i < colon_parts.size(); ++i) {
    if (!is_label(colon_parts[i])) return std::nullopt;
  }
  const std::vector<std::string_view> labels = split(colon_parts[0], '.');
  if (labels.size() != 2 || !is_label(labels[0]) || !is_label(labels[1])) return std::nullopt;
  return labels[0];
}

// A bare (non-ARN) ID: a foundation model or a geo-prefixed system profile.
Expected<ParsedModelId, ModelIdError> parse_bare(std::string_view text) {
  ParsedModelId parsed;
  parsed.text = std::string(text);
  std::string_view model = text;
  const std::string_view head = text.substr(0, text.find(':'));
  if (std::count(head.begin(), head.end(), '.') == 2) {
    const std::string_view prefix = head.substr(0, head.find('.'));
    const std::optional<Geo> geo = parse_geo(prefix);
    if (!geo) {
      return fail(ModelIdErrorKind::kUnknownGeoPrefix,
                  "unknown inference-profile prefix '" + std::string(prefix) + "'");
    }
    parsed.kind = ModelIdKind::kSystemProfile;
    parsed.geo = geo;
    model = text.substr(prefix.size() + 1);
  }
  const std::optional<std::string_view> provider = foundation_provider(model);
  if (!provider) {
    return fail(ModelIdErrorKind::kMalformedModelId,
                "not provider.name[-version][:n]: '" + std::string(text) + "'");
  }
  parsed.provider = std::string(*provider);
  parsed.base_model_id = std::string(model);
  return parsed;
}

std::optional<ModelIdKind> bedrock_resource_kind(std::string_view type) {
  static constexpr std::array<std::pair<std::string_view, ModelIdKind>, 11> kTypes{{
      {"foundation-model", ModelIdKind::kFoundationModelArn},
      {"inference-profile", ModelIdKind::kInferenceProfileArn},
      {"application-inference-profile", ModelIdKind::kApplicationInferenceProfileArn},
      {"provisioned-model", ModelIdKind::kProvisionedModelArn},
      {"custom-model", ModelIdKind::kCustomModelArn},
      {"custom-model-deployment", ModelIdKind::kCustomModelDeploymentArn},
      {"imported-model", ModelIdKind::kImportedModelArn},
      {"prompt", ModelIdKind::kPromptArn},
      {"prompt-router", ModelIdKind::kPromptRouterArn},
      {"default-prompt-router", ModelIdKind::kDefaultPromptRouterArn},
      {"endpoint", ModelIdKind::kSageMakerEndpointArn},  // only under the sagemaker service
  }};
  for (const auto& [name, kind] : kTypes) {
    if (name == type) return kind;
  }
  return std::nullopt;
}

// Checks the resource ID of a known type and fills the fields it implies.
std::optional<ModelIdError> check_resource(ParsedModelId& parsed) {
  const std::string& id = parsed.resource_id;
  auto bad = [&](std::string_view expected) {
    return ModelIdError{ModelIdErrorKind::kMalformedArnResource,
                        std::string(to_string(parsed.kind)) + " resource must be " +
                            std::string(expected) + ": '" + id + "'"};
  };
  switch (parsed.kind) {
    case ModelIdKind::kFoundationModelArn: {
      const auto provider = foundation_provider(id);
      if (!provider) return bad("a foundation-model ID");
      parsed.provider = std::string(*provider);
      parsed.base_model_id = id;
      return std::nullopt;
    }
    case ModelIdKind::kInferenceProfileArn: {
      if (!is_profile_resource(id)) return bad("[a-zA-Z0-9-:.]+");
      // System profiles are addressed with the caller's account (reference §9): fill in the model.
      if (auto profile = parse_bare(id); profile && profile->kind == ModelIdKind::kSystemProfile) {
        parsed.geo = profile->geo;
        parsed.provider = profile->provider;
        parsed.base_model_id = profile->base_model_id;
      }
      return std::nullopt;
    }
    case ModelIdKind::kApplicationInferenceProfileArn:
    case ModelIdKind::kPromptRouterArn:
    case ModelIdKind::kDefaultPromptRouterArn:
      if (!is_profile_resource(id)) return bad("[a-zA-Z0-9-:.]+");
      return std::nullopt;
    case ModelIdKind::kProvisionedModelArn:
    case ModelIdKind::kCustomModelDeploymentArn:
    case ModelIdKind::kImportedModelArn:
      if (!is_twelve_lower_alnum(id)) return bad("12 lower-case letters or digits");
      return std::nullopt;
    case ModelIdKind::kCustomModelArn: {
      // custom-model/<base foundation model>/<12 lower-case alnum>
      const std::size_t slash = id.rfind('/');
      if (slash == std::string::npos) return bad("<base model>/<12 characters>");
      const std::string_view base = std::string_view(id).substr(0, slash);
      const auto provider = foundation_provider(base);
      if (!provider || !is_twelve_lower_alnum(std::string_view(id).substr(slash + 1))) {
        return bad("<base model>/<12 characters>");
      }
      parsed.provider = std::string(*provider);
      parsed.base_model_id = std::string(base);
      return std::nullopt;
    }
    case ModelIdKind::kPromptArn: {
      const std::string_view view = id;
      const std::size_t colon = view.find(':');
      const std::string_view prompt = view.substr(0, colon);
      if (prompt.size() != 10 || !all_of(prompt, is_alnum)) return bad("<10 characters>[:version]");
      if (colon != std::string_view::npos) {
        const std::string_view version = view.substr(colon + 1);
        if (version.empty() || version.size() > 5 || !all_of(version, is_digit)) {
          return bad("<10 characters>[:version]");
        }
        parsed.prompt_version = std::string(version);
        parsed.resource_id = std::string(prompt);
      }
      return std::nullopt;
    }
    case ModelIdKind::kSageMakerEndpointArn:
      if (id.empty() || !all_of(id, [](char c) { return is_alnum(c) || c == '-'; })) {
        return bad("[a-zA-Z0-9-]+");
      }
      return std::nullopt;
    case ModelIdKind::kFoundationModel:
    case ModelIdKind::kSystemProfile:
      break;
  }
  return std::nullopt;
}

Expected<ParsedModelId, ModelIdError> parse_arn(std::string_view text) {
  // arn:partition:service:region:account:resource — the resource may itself contain ':'.
  std::array<std::string_view, 6> fields;
  std::string_view rest = text;
  for (std::size_t i = 0; i < 5; ++i) {
    const std::size_t colon = rest.find(':');
    if (colon == std::string_view::npos) {
      return fail(ModelIdErrorKind::kMalformedArn, "an ARN has six ':'-separated fields");
    }
    fields[i] = rest.substr(0, colon);
    rest = rest.substr(colon + 1);
  }
  fields[5] = rest;

  ParsedModelId parsed;
  parsed.text = std::string(text);
  parsed.partition = std::string(fields[1]);
  parsed.service = std::string(fields[2]);
  parsed.region = std::string(fields[3]);
  parsed.account = std::string(fields[4]);

  static constexpr std::array<std::string_view, 5> kPartitions{"aws", "aws-cn", "aws-us-gov",
                                                               "aws-iso", "aws-iso-b"};
  if (fields[1].empty()) return fail(ModelIdErrorKind::kMalformedArn, "empty partition");
  if (!contains(kPartitions, fields[1])) {
    return fail(ModelIdErrorKind::kUnknownPartition,
                "unknown partition '" + parsed.partition + "'");
  }
  if (fields[2] != "bedrock" && fields[2] != "sagemaker") {
    return fail(ModelIdErrorKind::kUnsupportedArnService,
                "ARN service must be bedrock (or sagemaker): '" + parsed.service + "'");
  }
  if (!fields[3].empty() && !is_region(fields[3])) {
    return fail(ModelIdErrorKind::kMalformedArn, "bad region '" + parsed.region + "'");
  }
  if (!fields[4].empty() && !is_account(fields[4])) {
    return fail(ModelIdErrorKind::kMalformedArn,
                "account must be 12 digits: '" + parsed.account + "'");
  }
  const std::size_t slash = fields[5].find('/');
  if (slash == std::string_view::npos) {
    return fail(ModelIdErrorKind::kMalformedArn, "ARN resource has no '<type>/' part");
  }
  const std::string_view type = fields[5].substr(0, slash);
  parsed.resource_id = std::string(fields[5].substr(slash + 1));
  const std::optional<ModelIdKind> kind = bedrock_resource_kind(type);
  const bool sagemaker = fields[2] == "sagemaker";
  if (!kind || sagemaker != (*kind == ModelIdKind::kSageMakerEndpointArn)) {
    return fail(ModelIdErrorKind::kUnknownArnResourceType,
                "unknown " + parsed.service + " resource type '" + std::string(type) + "'");
  }
  parsed.kind = *kind;

  if (parsed.kind == ModelIdKind::kFoundationModelArn) {
    // Foundation models belong to no account; the region may be empty (global profiles, §9).
    if (!parsed.account.empty()) {
      return fail(ModelIdErrorKind::kMalformedArn, "foundation-model ARNs have an empty account");
    }
  } else if (parsed.region.empty() || parsed.account.empty()) {
    return fail(ModelIdErrorKind::kMalformedArn,
                std::string(to_string(parsed.kind)) + " ARNs need a region and an account");
  }
  if (parsed.kind != ModelIdKind::kCustomModelArn &&
      parsed.resource_id.find('/') != std::string::npos) {
    return fail(ModelIdErrorKind::kMalformedArnResource, "unexpected '/' in the resource ID");
  }
  if (auto error = check_resource(parsed)) return unexpected(std::move(*error));
  return parsed;
}

}  // namespace

std::string_view to_string(Geo geo) {
  switch (geo) {
    case Geo::kUs: return "us";
    case Geo::kEu: return "eu";
    case Geo::kApac: return "apac";
    case Geo::kJp: return "jp";
    case Geo::kAu: return "au";
    case Geo::kUsGov: return "us-gov";
    case Geo::kGlobal: return "global";
  }
  return "";
}

std::optional<Geo> parse_geo(std::string_view prefix) {
  for (Geo geo : {Geo::kUs, Geo::kEu, Geo::kApac, Geo::kJp, Geo::kAu, Geo::kUsGov, Geo::kGlobal}) {
    if (to_string(geo) == prefix) return geo;
  }
  return std::nullopt;
}

std::string_view to_string(ModelIdKind kind) {
  switch (kind) {
    case ModelIdKind::kFoundationModel: return "foundation-model-id";
    case ModelIdKind::kSystemProfile: return "system-inference-profile-id";
    case ModelIdKind::kFoundationModelArn: return "foundation-model";
    case ModelIdKind::kInferenceProfileArn: return "inference-profile";
    case ModelIdKind::kApplicationInferenceProfileArn: return "application-inference-profile";
    case ModelIdKind::kProvisionedModelArn: return "provisioned-model";
    case ModelIdKind::kCustomModelArn: return "custom-model";
    case ModelIdKind::kCustomModelDeploymentArn: return "custom-model-deployment";
    case ModelIdKind::kImportedModelArn: return "imported-model";
    case ModelIdKind::kPromptArn: return "prompt";
    case ModelIdKind::kPromptRouterArn: return "prompt-router";
    case ModelIdKind::kDefaultPromptRouterArn: return "default-prompt-router";
    case ModelIdKind::kSageMakerEndpointArn: return "sagemaker-endpoint";
  }
  return "";
}

std::string_view to_string(ModelIdErrorKind kind) {
  switch (kind) {
    case ModelIdErrorKind::kEmpty: return "empty";
    case ModelIdErrorKind::kTooLong: return "too-long";
    case ModelIdErrorKind::kBadCharacter: return "bad-character";
    case ModelIdErrorKind::kMalformedModelId: return "malformed-model-id";
    case ModelIdErrorKind::kUnknownGeoPrefix: return "unknown-geo-prefix";
    case ModelIdErrorKind::kMalformedArn: return "malformed-arn";
    case ModelIdErrorKind::kUnknownPartition: return "unknown-partition";
    case ModelIdErrorKind::kUnsupportedArnService: return "unsupported-arn-service";
    case ModelIdErrorKind::kUnknownArnResourceType: return "unknown-arn-resource-type";
    case ModelIdErrorKind::kMalformedArnResource: return "malformed-arn-resource";
    case ModelIdErrorKind::kNoGeoForRegion: return "no-geo-for-region";
  }
  return "";
}

std::optional<std::string> ParsedModelId::profile_id() const {
  if (kind == ModelIdKind::kSystemProfile) return text;
  if (kind == ModelIdKind::kInferenceProfileArn && geo) return resource_id;
  return std::nullopt;
}

Expected<ParsedModelId, ModelIdError> parse_model_id(std::string_view text) {
  if (text.empty()) return fail(ModelIdErrorKind::kEmpty, "model identifier is empty");
  if (text.size() > kMaxModelIdLength) {
    return fail(ModelIdErrorKind::kTooLong, "model identifier is longer than 2048 bytes (" +
                                                std::to_string(text.size()) + ")");
  }
  // The union of every accepted form's alphabet; anything else (space, '%', '?', control bytes,
  // non-ASCII) cannot be a model ID.
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (!(is_alnum(c) || c == '.' || c == '-' || c == '_' || c == ':' || c == '/')) {
      return fail(ModelIdErrorKind::kBadCharacter,
                  "byte " + std::to_string(static_cast<unsigned char>(c)) + " at offset " +
                      std::to_string(i) + " is not allowed in a model identifier");
    }
  }
  if (text.starts_with("arn:")) return parse_arn(text);
  return parse_bare(text);
}

bool is_foundation_model_id(std::string_view text) {
  return text.size() <= kMaxModelIdLength && foundation_provider(text).has_value();
}

std::string_view partition_of_region(std::string_view region) {
  if (region.starts_with("cn-")) return "aws-cn";
  if (is_us_gov_region(region)) return "aws-us-gov";
  if (region.starts_with("us-isob-")) return "aws-iso-b";
  if (region.starts_with("us-iso-")) return "aws-iso";
  return "aws";
}

std::optional<Geo> geo_for_region(std::string_view region) {
  if (is_us_gov_region(region)) return Geo::kUsGov;
  if (contains(kUsRegions, region)) return Geo::kUs;
  if (contains(kEuRegions, region)) return Geo::kEu;
  if (contains(kApacRegions, region)) return Geo::kApac;
  return std::nullopt;
}

std::vector<Geo> geos_including_region(std::string_view region) {
  std::vector<Geo> geos;
  if (contains(kUsRegions, region)) geos.push_back(Geo::kUs);
  if (contains(kEuRegions, region)) geos.push_back(Geo::kEu);
  if (contains(kApacRegions, region)) geos.push_back(Geo::kApac);
  if (contains(kJpRegions, region)) geos.push_back(Geo::kJp);
  if (contains(kAuRegions, region)) geos.push_back(Geo::kAu);
  if (contains(kUsGovRegions, region)) geos.push_back(Geo::kUsGov);
  if (is_region(region) && partition_of_region(region) == "aws") geos.push_back(Geo::kGlobal);
  return geos;
}

std::vector<std::string_view> regions_of_geo(Geo geo) {
  auto as_vector = [](const auto& list) {
    return std::vector<std::string_view>(list.begin(), list.end());
  };
  switch (geo) {
    case Geo::kUs: return as_vector(kUsRegions);
    case Geo::kEu: return as_vector(kEuRegions);
    case Geo::kApac: return as_vector(kApacRegions);
    case Geo::kJp: return as_vector(kJpRegions);
    case Geo::kAu: return as_vector(kAuRegions);
    case Geo::kUsGov: return as_vector(kUsGovRegions);
    case Geo::kGlobal: return {};
  }
  return {};
}

Expected<std::string, ModelIdError> profile_id_for_region(std::string_view foundation_model_id,
                                                          std::string_view region) {
  if (!is_foundation_model_id(foundation_model_id)) {
    return fail(ModelIdErrorKind::kMalformedModelId,
                "not a foundation-model ID: '" + std::string(foundation_model_id) + "'");
  }
  const std::optional<Geo> geo = geo_for_region(region);
  if (!geo) {
    return fail(ModelIdErrorKind::kNoGeoForRegion,
                "region '" + std::string(region) + "' has no documented geography");
  }
  return std::string(to_string(*geo)) + "." + std::string(foundation_model_id);
}

Expected<std::string, ModelIdError> global_profile_id(std::string_view foundation_model_id) {
  if (!is_foundation_model_id(foundation_model_id)) {
    return fail(ModelIdErrorKind::kMalformedModelId,
                "not a foundation-model ID: '" + std::string(foundation_model_id) + "'");
  }
  return "global." + std::string(foundation_model_id);
}

std::string foundation_model_arn(std::string_view foundation_model_id, std::string_view region) {
  return "arn:" + std::string(partition_of_region(region)) + ":bedrock:" + std::string(region) +
         "::foundation-model/" + std::string(foundation_model_id);
}

std::string inference_profile_arn(std::string_view profile_id, std::string_view region,
                                  std::string_view account) {
  return "arn:" + std::string(partition_of_region(region)) + ":bedrock:" + std::string(region) +
         ":" + std::string(account) + ":inference-profile/" + std::string(profile_id);
}

std::string application_inference_profile_arn(std::string_view profile_id,
                                              std::string_view region, std::string_view account) {
  return "arn:" + std::string(partition_of_region(region)) + ":bedrock:" + std::string(region) +
         ":" + std::string(account) + ":application-inference-profile/" + std::string(profile_id);
}

}  // namespace bedrock::model_id
