#include "validation/request_shapes.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/shared_data.hpp"
#include "validation/shape_checker.hpp"

namespace bedrock::mock {
namespace {

using nlohmann::json;
using shapes::Kind;
using shapes::Shape;

std::string test_name(std::string name) {
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

// ---- The table on its own ----------------------------------------------------------------

void collect(const Shape& shape, std::set<const Shape*>& seen) {
  if (!seen.insert(&shape).second) return;
  for (const auto& member : shape.members) collect(*member.shape, seen);
  if (shape.element != nullptr) collect(*shape.element, seen);
  if (shape.key != nullptr) collect(*shape.key, seen);
}

TEST(RequestShapeTable, ListsEveryReachableShapeOnceUnderAUniqueName) {
  std::set<const Shape*> reachable;
  collect(shapes::converse_request(), reachable);
  collect(shapes::converse_stream_request(), reachable);
  collect(shapes::count_tokens_request(), reachable);
  std::set<std::string_view> names;
  for (const Shape* shape : shapes::all_shapes()) {
    EXPECT_TRUE(names.insert(shape->name).second) << "duplicate " << shape->name;
    EXPECT_TRUE(reachable.contains(shape)) << shape->name << " is listed but unused";
  }
  for (const Shape* shape : reachable) {
    EXPECT_EQ(shapes::find_shape(shape->name), shape) << shape->name << " is not listed";
  }
}

TEST(RequestShapeTable, ConverseStreamDiffersOnlyInItsGuardrailConfig) {
  const auto& converse = shapes::converse_request();
  const auto& stream = shapes::converse_stream_request();
  ASSERT_EQ(converse.members.size(), stream.members.size());
  for (std::size_t i = 0; i < converse.members.size(); ++i) {
    EXPECT_EQ(converse.members[i].name, stream.members[i].name);
  }
  EXPECT_EQ(shapes::find_member(converse, "guardrailConfig")->shape->name,
            "GuardrailConfiguration");
  EXPECT_NE(shapes::find_member(*shapes::find_member(stream, "guardrailConfig")->shape,
                                "streamProcessingMode"),
            nullptr);
}

struct PatternCase {
  std::string shape;
  std::string value;
  bool matches;
};

class ModeledPattern : public testing::TestWithParam<PatternCase> {};

TEST_P(ModeledPattern, MatchesLikeJavaFullMatch) {
  const Shape* shape = shapes::find_shape(GetParam().shape);
  ASSERT_NE(shape, nullptr);
  ASSERT_NE(shape->pattern, nullptr);
  EXPECT_EQ(shape->pattern->matches(GetParam().value), GetParam().matches)
      << GetParam().shape << " / '" << GetParam().value << "'";
}

INSTANTIATE_TEST_SUITE_P(
    Patterns, ModeledPattern,
    testing::Values(
        PatternCase{"ToolName", "get_weather-2", true}, PatternCase{"ToolName", "", false},
        PatternCase{"ToolName", "a.b", false}, PatternCase{"ToolUseId", "tooluse_Ab.1:2-3", true},
        PatternCase{"ToolUseId", "a b", false}, PatternCase{"AccountId", "123456789012", true},
        PatternCase{"AccountId", "12345678901", false},
        PatternCase{"AccountId", "1234567890123", false},
        PatternCase{"S3Uri", "s3://my-bucket", true},
        PatternCase{"S3Uri", "s3://my.bucket-1/a/b c.png", true},
        PatternCase{"S3Uri", "s3://ab", false}, PatternCase{"S3Uri", "s3://-bucket/x", false},
        PatternCase{"S3Uri", "s3://bucket-/x", false}, PatternCase{"S3Uri", "s3://Bucket/x", false},
        PatternCase{"S3Uri", "s3://bucket/line\nbreak", false},
        PatternCase{"S3Uri", "s3://bucket/sep\xE2\x80\xA8x", false},
        PatternCase{"S3Uri", "s3://" + std::string(64, 'a'), false},
        PatternCase{"S3Uri", "S3://bucket", false},
        PatternCase{"RequestMetadataKeyString", "team name:_@$#=/+,-.", true},
        PatternCase{"RequestMetadataKeyString", "", false},
        PatternCase{"RequestMetadataKeyString", "a*b", false},
        PatternCase{"RequestMetadataValueString", "", true},
        PatternCase{"RequestMetadataValueString", "tab\there", true},
        PatternCase{"RequestMetadataValueString", "semi;colon", false},
        PatternCase{"GuardrailIdentifier", "", true},
        PatternCase{"GuardrailIdentifier", "abc123", true},
        PatternCase{"GuardrailIdentifier", "arn:aws:bedrock:us-east-1:123456789012:guardrail/abc",
                    true},
        PatternCase{"GuardrailIdentifier",
                    "arn:aws-us-gov:bedrock:us-gov-west-1:123456789012:guardrail/x1", true},
        PatternCase{"GuardrailIdentifier", "arn:aws:bedrock:us-east-1:12345678901:guardrail/abc",
                    false},
        PatternCase{"GuardrailIdentifier", "arn:aws:bedrock:us-east-1:123456789012:guardrail/",
                    false},
        PatternCase{"GuardrailIdentifier", "ABC", false}, PatternCase{"GuardrailVersion", "", true},
        PatternCase{"GuardrailVersion", "DRAFT", true},
        PatternCase{"GuardrailVersion", "12345678", true},
        PatternCase{"GuardrailVersion", "123456789", false},
        PatternCase{"GuardrailVersion", "01", false},
        PatternCase{"GuardrailVersion", "draft", false}),
    [](const testing::TestParamInfo<PatternCase>& param) {
      return test_name(param.param.shape + "_" + std::to_string(param.index));
    });

TEST(JavaFloatString, PrintsLikeFloatToString) {
  EXPECT_EQ(java_float_string(2), "2.0");
  EXPECT_EQ(java_float_string(1.5), "1.5");
  EXPECT_EQ(java_float_string(0.1), "0.1");
  EXPECT_EQ(java_float_string(-0.5), "-0.5");
  EXPECT_EQ(java_float_string(1e10), "1.0E10");
  EXPECT_EQ(java_float_string(1.25e8), "1.25E8");
  EXPECT_EQ(java_float_string(1e-5), "1.0E-5");
  EXPECT_EQ(java_float_string(0), "0.0");
  EXPECT_EQ(java_float_string(1e300), "Infinity");
}

// ---- Cross-check against botocore's service model (shared vectors) -----------------------

std::string model_kind(const json& shape) {
  const std::string type = shape.at("type");
  if (type == "structure" && shape.value("document", false)) return "document";
  if (type == "structure" && shape.value("union", false)) return "union";
  return type;
}

std::string table_kind(Kind kind) {
  switch (kind) {
    case Kind::kStructure:
      return "structure";
    case Kind::kUnion:
      return "union";
    case Kind::kList:
      return "list";
    case Kind::kMap:
      return "map";
    case Kind::kString:
      return "string";
    case Kind::kBlob:
      return "blob";
    case Kind::kInteger:
      return "integer";
    case Kind::kFloat:
      return "float";
    case Kind::kBoolean:
      return "boolean";
    case Kind::kDocument:
      return "document";
  }
  return "?";
}

class ModelCrossCheck {
 public:
  explicit ModelCrossCheck(const json& model) : shapes_(model.at("shapes")) {}

  void compare(const std::string& name) {
    if (!visited_.insert(name).second) return;
    SCOPED_TRACE("shape " + name);
    const json& model = shapes_.at(name);
    const Shape* table = shapes::find_shape(name);
    ASSERT_NE(table, nullptr) << "the table has no shape " << name;
    EXPECT_EQ(table_kind(table->kind), model_kind(model));
    EXPECT_EQ(table->sensitive, model.value("sensitive", false));
    expect_bound(table->min, model, "min");
    expect_bound(table->max, model, "max");
    EXPECT_EQ(table->pattern != nullptr ? std::string(table->pattern->text) : "",
              model.value("pattern", ""));
    std::vector<std::string> enum_values(table->enum_values.begin(), table->enum_values.end());
    EXPECT_EQ(enum_values, model.value("enum", std::vector<std::string>{}));
    if (model.contains("member")) {
      ASSERT_NE(table->element, nullptr);
      EXPECT_EQ(table->element->name, model["member"]["shape"].get<std::string>());
      compare(model["member"]["shape"]);
    }
    if (model.contains("value")) {
      ASSERT_NE(table->element, nullptr);
      ASSERT_NE(table->key, nullptr);
      EXPECT_EQ(table->element->name, model["value"]["shape"].get<std::string>());
      EXPECT_EQ(table->key->name, model["key"]["shape"].get<std::string>());
      compare(model["value"]["shape"]);
      compare(model["key"]["shape"]);
    }
    if (model_kind(model) == "document") return;
    compare_members(*table, model);
  }

 private:
  void expect_bound(const std::optional<long long>& bound, const json& model, const char* key) {
    if (model.contains(key)) {
      ASSERT_TRUE(bound.has_value()) << key;
      EXPECT_EQ(*bound, model[key].get<long long>()) << key;
    } else {
      EXPECT_FALSE(bound.has_value()) << key;
    }
  }

  void compare_members(const Shape& table, const json& model) {
    const std::vector<std::string> required = model.value("required", std::vector<std::string>{});
    std::vector<std::string> model_names;
    const json members = model.value("members", json::object());
    for (const auto& [member_name, member] : members.items()) {
      if (member.contains("location")) continue;  // modelId: a path label, not a body member
      model_names.push_back(member_name);
      const auto* table_member = shapes::find_member(table, member_name);
      ASSERT_NE(table_member, nullptr) << "member " << member_name << " is missing";
      EXPECT_EQ(table_member->shape->name, member.at("shape").get<std::string>()) << member_name;
      const bool is_required =
          std::find(required.begin(), required.end(), member_name) != required.end();
      EXPECT_EQ(table_member->required, is_required) << member_name;
      compare(member.at("shape"));
    }
    std::vector<std::string> table_names;
    for (const auto& member : table.members) table_names.emplace_back(member.name);
    std::sort(model_names.begin(), model_names.end());
    std::sort(table_names.begin(), table_names.end());
    EXPECT_EQ(table_names, model_names) << "the table has members the model does not";
  }

  const json& shapes_;
  std::set<std::string> visited_;
};

TEST(RequestShapeTable, MatchesTheBotocoreRuntimeModel) {
  REQUIRE_SHARED(model_path, "vectors/botocore-models/bedrock-runtime/2023-09-30/service-2.json");
  const json model = json::parse(test::read_file(model_path));
  ModelCrossCheck check(model);
  for (const char* root : {"ConverseRequest", "ConverseStreamRequest", "CountTokensRequest"}) {
    check.compare(root);
  }
}

}  // namespace
}  // namespace bedrock::mock
