// Loading the catalog: the JSON document read, validated member by member (every error names the
// file and the JSON path) and merged across the files of a catalog folder.
#include "bedrock/mock/model_catalog.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

namespace bedrock::mock {
namespace {

// ordered_json keeps the catalog's own order of Regions and geographies, so listings and
// profile routes come out in the order people wrote them.
using Json = nlohmann::ordered_json;

constexpr std::string_view kModalities[] = {"TEXT",  "IMAGE",  "EMBEDDING",
                                            "VIDEO", "SPEECH", "AUDIO"};
constexpr std::string_view kCustomizations[] = {"FINE_TUNING", "CONTINUED_PRE_TRAINING",
                                                "DISTILLATION"};
constexpr std::string_view kTopLevelMembers[] = {"format",  "description", "account",
                                                 "regions", "models",      "quotas"};
constexpr std::string_view kModelMembers[] = {"modelId",
                                              "modelName",
                                              "providerName",
                                              "family",
                                              "inputModalities",
                                              "outputModalities",
                                              "responseStreamingSupported",
                                              "customizationsSupported",
                                              "lifecycle",
                                              "inferenceTypes",
                                              "profiles",
                                              "evidence"};

template <std::size_t N>
bool one_of(std::string_view value, const std::string_view (&set)[N]) {
  return std::find(std::begin(set), std::end(set), value) != std::end(set);
}

// "us-east-1", "ap-southeast-2", "us-gov-west-1": lower-case words, then a number.
bool is_region_name(std::string_view text) {
  if (text.empty() || text.size() > 32) return false;
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t dash = text.find('-', start);
    parts.push_back(text.substr(start, dash == std::string_view::npos ? dash : dash - start));
    if (dash == std::string_view::npos) break;
    start = dash + 1;
  }
  if (parts.size() < 3) return false;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string_view part = parts[i];
    if (part.empty()) return false;
    const bool last = i + 1 == parts.size();
    for (const char c : part) {
      const bool ok =
          last ? std::isdigit(static_cast<unsigned char>(c)) != 0 : (c >= 'a' && c <= 'z');
      if (!ok) return false;
    }
  }
  return true;
}

bool is_account_id(std::string_view text) {
  return text.size() == 12 && std::all_of(text.begin(), text.end(), [](char c) {
           return std::isdigit(static_cast<unsigned char>(c)) != 0;
         });
}

bool is_family_name(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

std::string member_suffix(std::string_view key) {
  // Keys with dots or dashes still read fine unquoted in our paths ($.inferenceTypes.us-east-1).
  return "." + std::string(key);
}

bool geo_contains_region(model_id::Geo geo, std::string_view region) {
  if (geo == model_id::Geo::kGlobal) return model_id::partition_of_region(region) == "aws";
  for (const std::string_view r : model_id::regions_of_geo(geo)) {
    if (r == region) return true;
  }
  return false;
}

class DocumentParser {
 public:
  explicit DocumentParser(std::string file) : file_(std::move(file)) {}

  Expected<void, CatalogError> parse(std::string_view text, std::string& account,
                                     std::vector<std::string>& regions,
                                     std::vector<CatalogModel>& models,
                                     std::vector<QuotaRule>& quotas) {
    Json doc;
    try {
      doc = Json::parse(text.begin(), text.end());
    } catch (const nlohmann::json::parse_error& e) {
      // Contained here: errors are values at this boundary.
      return fail("$", std::string("not valid JSON: ") + e.what());
    }
    if (!doc.is_object()) return fail("$", "must be a JSON object");
    for (const auto& [key, value] : doc.items()) {
      (void)value;
      if (!one_of(key, kTopLevelMembers)) return fail("$." + key, "unknown member");
    }
    if (!doc.contains("format"))
      return fail("$.format", "missing (expected \"" + std::string(kCatalogFormat) + "\")");
    if (!doc["format"].is_string() || doc["format"].get<std::string>() != kCatalogFormat) {
      return fail("$.format", "unsupported format " + doc["format"].dump() + " (expected \"" +
                                  std::string(kCatalogFormat) + "\")");
    }
    if (doc.contains("description") && !doc["description"].is_string()) {
      return fail("$.description", "must be a string");
    }

    if (!doc.contains("account")) return fail("$.account", "missing");
    if (!doc["account"].is_string() || !is_account_id(doc["account"].get<std::string>())) {
      return fail("$.account", "must be a 12-digit account ID string");
    }
    account = doc["account"].get<std::string>();

    if (!doc.contains("regions")) return fail("$.regions", "missing");
    auto region_list = string_list(doc["regions"], "$.regions", /*allow_empty=*/false);
    if (!region_list) return unexpected(region_list.error());
    for (std::size_t i = 0; i < region_list->size(); ++i) {
      const std::string& region = (*region_list)[i];
      const std::string path = "$.regions[" + std::to_string(i) + "]";
      if (!is_region_name(region)) return fail(path, "\"" + region + "\" is not a Region name");
      if (std::find(regions.begin(), regions.end(), region) != regions.end()) {
        return fail(path, "duplicate Region \"" + region + "\"");
      }
      regions.push_back(region);
    }
    known_regions_ = regions;

    if (!doc.contains("models")) return fail("$.models", "missing");
    if (!doc["models"].is_array()) return fail("$.models", "must be an array");
    std::set<std::string> seen_ids;
    for (std::size_t i = 0; i < doc["models"].size(); ++i) {
      const std::string path = "$.models[" + std::to_string(i) + "]";
      auto model = parse_model(doc["models"][i], path);
      if (!model) return unexpected(model.error());
      if (!seen_ids.insert(model->model_id).second) {
        return fail(path + ".modelId", "duplicate model \"" + model->model_id + "\"");
      }
      models.push_back(std::move(*model));
    }
    if (doc.contains("quotas")) {
      auto parsed = parse_quota_rules(doc["quotas"], "$.quotas", file_);
      if (!parsed) return fail(parsed.error().path, parsed.error().message);
      quotas = std::move(*parsed);
    }
    return {};
  }

 private:
  Unexpected<CatalogError> fail(std::string path, std::string message) const {
    return unexpected(CatalogError{file_, std::move(path), std::move(message)});
  }

  Expected<std::vector<std::string>, CatalogError> string_list(const Json& value,
                                                               const std::string& path,
                                                               bool allow_empty) const {
    if (!value.is_array()) return fail(path, "must be an array of strings");
    if (!allow_empty && value.empty()) return fail(path, "must not be empty");
    std::vector<std::string> out;
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (!value[i].is_string()) {
        return fail(path + "[" + std::to_string(i) + "]", "must be a string");
      }
      out.push_back(value[i].get<std::string>());
    }
    return out;
  }

  Expected<std::string, CatalogError> required_string(const Json& object, std::string_view key,
                                                      const std::string& path) const {
    const std::string member_path = path + member_suffix(key);
    if (!object.contains(std::string(key))) return fail(member_path, "missing");
    if (!object[std::string(key)].is_string()) return fail(member_path, "must be a string");
    std::string value = object[std::string(key)].get<std::string>();
    if (value.empty()) return fail(member_path, "must not be empty");
    return value;
  }

  Expected<std::vector<std::string>, CatalogError> modality_list(const Json& object,
                                                                 std::string_view key,
                                                                 const std::string& path) const {
    const std::string member_path = path + member_suffix(key);
    if (!object.contains(std::string(key))) return fail(member_path, "missing");
    auto list = string_list(object[std::string(key)], member_path, /*allow_empty=*/false);
    if (!list) return list;
    for (std::size_t i = 0; i < list->size(); ++i) {
      if (!one_of((*list)[i], kModalities)) {
        return fail(member_path + "[" + std::to_string(i) + "]",
                    "unknown modality \"" + (*list)[i] +
                        "\" (TEXT, IMAGE, EMBEDDING, VIDEO, SPEECH, AUDIO)");
      }
    }
    return list;
  }

  bool known_region(std::string_view region) const {
    return std::find(known_regions_.begin(), known_regions_.end(), region) != known_regions_.end();
  }

  Expected<CatalogModel, CatalogError> parse_model(const Json& value, const std::string& path) {
    if (!value.is_object()) return fail(path, "must be an object");
    for (const auto& [key, member] : value.items()) {
      (void)member;
      if (!one_of(key, kModelMembers)) return fail(path + member_suffix(key), "unknown member");
    }
    CatalogModel model;
    auto id = required_string(value, "modelId", path);
    if (!id) return unexpected(id.error());
    if (!model_id::is_foundation_model_id(*id)) {
      return fail(path + ".modelId", "\"" + *id +
                                         "\" is not a foundation-model ID "
                                         "(provider.name[-version][:n], no geo prefix)");
    }
    model.model_id = *id;
    auto name = required_string(value, "modelName", path);
    if (!name) return unexpected(name.error());
    model.model_name = *name;
    auto provider = required_string(value, "providerName", path);
    if (!provider) return unexpected(provider.error());
    model.provider_name = *provider;
    auto family = required_string(value, "family", path);
    if (!family) return unexpected(family.error());
    if (!is_family_name(*family)) {
      return fail(path + ".family", "\"" + *family + "\" is not a family name ([a-z0-9-]+)");
    }
    model.family = *family;

    auto inputs = modality_list(value, "inputModalities", path);
    if (!inputs) return unexpected(inputs.error());
    model.input_modalities = *inputs;
    auto outputs = modality_list(value, "outputModalities", path);
    if (!outputs) return unexpected(outputs.error());
    model.output_modalities = *outputs;

    if (value.contains("responseStreamingSupported")) {
      if (!value["responseStreamingSupported"].is_boolean()) {
        return fail(path + ".responseStreamingSupported", "must be true or false");
      }
      model.response_streaming_supported = value["responseStreamingSupported"].get<bool>();
    }
    if (value.contains("customizationsSupported")) {
      const std::string cpath = path + ".customizationsSupported";
      auto list = string_list(value["customizationsSupported"], cpath, /*allow_empty=*/true);
      if (!list) return unexpected(list.error());
      for (std::size_t i = 0; i < list->size(); ++i) {
        if (!one_of((*list)[i], kCustomizations)) {
          return fail(cpath + "[" + std::to_string(i) + "]",
                      "unknown customization \"" + (*list)[i] +
                          "\" (FINE_TUNING, CONTINUED_PRE_TRAINING, DISTILLATION)");
        }
      }
      model.customizations_supported = *list;
    }
    if (value.contains("lifecycle")) {
      const Json& lifecycle = value["lifecycle"];
      if (lifecycle == "ACTIVE") {
        model.lifecycle = Lifecycle::kActive;
      } else if (lifecycle == "LEGACY") {
        model.lifecycle = Lifecycle::kLegacy;
      } else {
        return fail(path + ".lifecycle", "must be \"ACTIVE\" or \"LEGACY\"");
      }
    }
    if (value.contains("evidence")) {
      if (!value["evidence"].is_string()) return fail(path + ".evidence", "must be a string");
      model.evidence = value["evidence"].get<std::string>();
    }

    auto types = parse_inference_types(value, path);
    if (!types) return unexpected(types.error());
    model.inference_types = std::move(*types);

    if (value.contains("profiles")) {
      auto profiles = parse_profiles(value["profiles"], path + ".profiles", model);
      if (!profiles) return unexpected(profiles.error());
      model.profiles = std::move(*profiles);
    }

    // INFERENCE_PROFILE in a Region means a profile of this model starts or ends there; one
    // that no profile mentions is almost certainly a data mistake.
    for (const RegionInferenceTypes& entry : model.inference_types) {
      const bool has_profile_type =
          std::find(entry.types.begin(), entry.types.end(), InferenceType::kInferenceProfile) !=
          entry.types.end();
      if (!has_profile_type) continue;
      const bool routed =
          std::any_of(model.profiles.begin(), model.profiles.end(), [&](const SystemProfile& p) {
            const auto all = p.all_destinations();
            return p.destinations_from(entry.region) != nullptr ||
                   std::find(all.begin(), all.end(), entry.region) != all.end();
          });
      if (!routed) {
        return fail(path + ".inferenceTypes." + entry.region,
                    "INFERENCE_PROFILE is listed but no profile of this model starts or ends in " +
                        entry.region);
      }
    }
    return model;
  }

  Expected<std::vector<RegionInferenceTypes>, CatalogError> parse_inference_types(
      const Json& model, const std::string& path) const {
    const std::string tpath = path + ".inferenceTypes";
    if (!model.contains("inferenceTypes")) return fail(tpath, "missing");
    const Json& types = model["inferenceTypes"];
    if (!types.is_object()) return fail(tpath, "must be an object: Region -> inference types");
    std::vector<RegionInferenceTypes> out;
    for (const auto& [region, list] : types.items()) {
      const std::string rpath = tpath + "." + region;
      if (!known_region(region)) return fail(rpath, "Region not listed in $.regions");
      auto names = string_list(list, rpath, /*allow_empty=*/true);
      if (!names) return unexpected(names.error());
      RegionInferenceTypes entry{region, {}};
      for (std::size_t i = 0; i < names->size(); ++i) {
        const std::string ipath = rpath + "[" + std::to_string(i) + "]";
        const auto type = parse_inference_type((*names)[i]);
        if (!type) {
          return fail(ipath, "unknown inference type \"" + (*names)[i] +
                                 "\" (ON_DEMAND, PROVISIONED, INFERENCE_PROFILE)");
        }
        if (std::find(entry.types.begin(), entry.types.end(), *type) != entry.types.end()) {
          return fail(ipath, "duplicate inference type \"" + (*names)[i] + "\"");
        }
        entry.types.push_back(*type);
      }
      out.push_back(std::move(entry));
    }
    return out;
  }

  Expected<void, CatalogError> check_profile_region(const CatalogModel& model, model_id::Geo geo,
                                                    const std::string& region,
                                                    const std::string& path) const {
    if (!known_region(region))
      return fail(path, "Region \"" + region + "\" not listed in $.regions");
    if (!geo_contains_region(geo, region)) {
      return fail(path, "Region \"" + region + "\" is not in geography \"" +
                            std::string(model_id::to_string(geo)) + "\"");
    }
    if (!model.supports(region, InferenceType::kInferenceProfile)) {
      return fail(path, "model lacks INFERENCE_PROFILE in \"" + region +
                            "\" ($.inferenceTypes of this model)");
    }
    return {};
  }

  Expected<std::vector<std::string>, CatalogError> region_set(const CatalogModel& model,
                                                              model_id::Geo geo, const Json& list,
                                                              const std::string& path) const {
    auto regions = string_list(list, path, /*allow_empty=*/false);
    if (!regions) return regions;
    std::set<std::string> seen;
    for (std::size_t i = 0; i < regions->size(); ++i) {
      const std::string rpath = path + "[" + std::to_string(i) + "]";
      const std::string& region = (*regions)[i];
      if (!seen.insert(region).second) return fail(rpath, "duplicate Region \"" + region + "\"");
      auto ok = check_profile_region(model, geo, region, rpath);
      if (!ok) return unexpected(ok.error());
    }
    return regions;
  }

  Expected<std::vector<SystemProfile>, CatalogError> parse_profiles(
      const Json& value, const std::string& path, const CatalogModel& model) const {
    if (!value.is_object()) return fail(path, "must be an object: geography -> Regions");
    std::vector<SystemProfile> out;
    for (const auto& [geo_name, spec] : value.items()) {
      const std::string gpath = path + "." + geo_name;
      const auto geo = model_id::parse_geo(geo_name);
      if (!geo) {
        return fail(
            gpath, "unknown geography \"" + geo_name + "\" (us, eu, apac, jp, au, us-gov, global)");
      }
      SystemProfile profile;
      profile.geo = *geo;
      profile.profile_id = geo_name + "." + model.model_id;
      if (spec.is_array()) {
        // Short form: callable from every listed Region, routes to all of them.
        auto regions = region_set(model, *geo, spec, gpath);
        if (!regions) return unexpected(regions.error());
        for (const std::string& source : *regions) profile.routes.push_back({source, *regions});
      } else if (spec.is_object()) {
        // Long form: source Region -> destination Regions.
        if (spec.empty()) return fail(gpath, "must not be empty");
        for (const auto& [source, destinations] : spec.items()) {
          const std::string spath = gpath + "." + source;
          auto ok = check_profile_region(model, *geo, source, spath);
          if (!ok) return unexpected(ok.error());
          auto regions = region_set(model, *geo, destinations, spath);
          if (!regions) return unexpected(regions.error());
          profile.routes.push_back({source, *regions});
        }
      } else {
        return fail(gpath,
                    "must be an array of Regions or an object: source Region -> "
                    "destination Regions");
      }
      out.push_back(std::move(profile));
    }
    return out;
  }

  std::string file_;
  std::vector<std::string> known_regions_;
};

Expected<std::string, CatalogError> read_whole_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return unexpected(CatalogError{path.string(), "$", "cannot be read"});
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return unexpected(CatalogError{path.string(), "$", "read error"});
  return text.str();
}

}  // namespace

std::string CatalogError::to_string() const { return file + ": " + json_path + ": " + message; }

Expected<ModelCatalog, CatalogError> ModelCatalog::parse(std::string_view json_text,
                                                         const std::string& source) {
  ModelCatalog catalog;
  DocumentParser parser(source);
  auto parsed =
      parser.parse(json_text, catalog.account_, catalog.regions_, catalog.models_, catalog.quotas_);
  if (!parsed) return unexpected(parsed.error());
  catalog.rebuild_index();
  return catalog;
}

Expected<ModelCatalog, CatalogError> ModelCatalog::load(const std::filesystem::path& path_or_dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(path_or_dir, ec)) {
    auto text = read_whole_file(path_or_dir);
    if (!text) return unexpected(text.error());
    return parse(*text, path_or_dir.string());
  }
  const std::filesystem::path main_file = path_or_dir / std::string(kCatalogFileName);
  if (!std::filesystem::is_regular_file(main_file, ec)) {
    return unexpected(
        CatalogError{path_or_dir.string(), "$", "folder has no " + std::string(kCatalogFileName)});
  }
  std::vector<std::filesystem::path> extra;
  for (const auto& entry : std::filesystem::directory_iterator(path_or_dir, ec)) {
    if (entry.is_regular_file() && entry.path().extension() == ".json" &&
        entry.path().filename() != std::string(kCatalogFileName)) {
      extra.push_back(entry.path());
    }
  }
  if (ec) return unexpected(CatalogError{path_or_dir.string(), "$", "cannot list folder"});
  std::sort(extra.begin(), extra.end());

  auto text = read_whole_file(main_file);
  if (!text) return unexpected(text.error());
  auto catalog = parse(*text, main_file.string());
  if (!catalog) return catalog;
  for (const auto& file : extra) {
    auto more_text = read_whole_file(file);
    if (!more_text) return unexpected(more_text.error());
    auto more = parse(*more_text, file.string());
    if (!more) return more;
    auto merged = catalog->merge(std::move(*more), file.string());
    if (!merged) return unexpected(merged.error());
  }
  return catalog;
}

Expected<void, CatalogError> ModelCatalog::merge(ModelCatalog other, const std::string& source) {
  if (other.account_ != account_) {
    return unexpected(CatalogError{source, "$.account",
                                   "account " + other.account_ + " differs from " + account_});
  }
  for (const std::string& region : other.regions_) {
    if (!knows_region(region)) regions_.push_back(region);
  }
  for (std::size_t i = 0; i < other.models_.size(); ++i) {
    if (find_model(other.models_[i].model_id) != nullptr) {
      return unexpected(CatalogError{source, "$.models[" + std::to_string(i) + "].modelId",
                                     "duplicate model \"" + other.models_[i].model_id +
                                         "\" (already defined in an earlier file)"});
    }
  }
  for (CatalogModel& model : other.models_) models_.push_back(std::move(model));
  for (QuotaRule& quota : other.quotas_) quotas_.push_back(std::move(quota));
  rebuild_index();
  return {};
}

}  // namespace bedrock::mock
