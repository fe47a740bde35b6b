// The shape table itself (request_shapes.hpp): enumerations, scalars, structures and the
// operation inputs, leaves first. Patterns are in shape_patterns.cpp, lookups in shape_lookup.cpp.
#include "validation/request_shapes.hpp"

#include <array>

#include "validation/shape_patterns.hpp"

namespace bedrock::mock::shapes {
namespace {

// ---- Enumerations ----------------------------------------------------------------------------

constexpr std::string_view kRoles[] = {"user", "assistant", "system"};
constexpr std::string_view kImageFormats[] = {"png", "jpeg", "gif", "webp"};
constexpr std::string_view kDocumentFormats[] = {"pdf",  "csv",  "doc", "docx", "xls",
                                                 "xlsx", "html", "txt", "md"};
constexpr std::string_view kVideoFormats[] = {"mkv",  "mov", "mp4", "webm",    "flv",
                                              "mpeg", "mpg", "wmv", "three_gp"};
constexpr std::string_view kAudioFormats[] = {"mp3", "opus", "wav",  "aac", "flac",
                                              "mp4", "ogg",  "mkv",  "mka", "x-aac",
                                              "m4a", "mpeg", "mpga", "pcm", "webm"};
constexpr std::string_view kToolUseTypes[] = {"server_tool_use"};
constexpr std::string_view kToolResultStatuses[] = {"success", "error"};
constexpr std::string_view kQualifiers[] = {"grounding_source", "query", "guard_content"};
constexpr std::string_view kGuardrailImageFormats[] = {"png", "jpeg"};
constexpr std::string_view kCachePointTypes[] = {"default"};
constexpr std::string_view kCacheTtls[] = {"5m", "1h"};
constexpr std::string_view kGuardrailTraces[] = {"enabled", "disabled", "enabled_full"};
constexpr std::string_view kLatencies[] = {"standard", "optimized"};
constexpr std::string_view kServiceTierTypes[] = {"priority", "default", "flex", "reserved"};
constexpr std::string_view kOutputFormatTypes[] = {"json_schema"};
constexpr std::string_view kStreamProcessingModes[] = {"sync", "async"};

// ---- Scalars ---------------------------------------------------------------------------------

constexpr Shape kString{.name = "String", .kind = Kind::kString};
constexpr Shape kNonEmptyString{.name = "NonEmptyString", .kind = Kind::kString, .min = 1};
constexpr Shape kBoolean{.name = "Boolean", .kind = Kind::kBoolean};
constexpr Shape kBlob{.name = "Blob", .kind = Kind::kBlob};
constexpr Shape kDocument{.name = "Document", .kind = Kind::kDocument};
constexpr Shape kToolName{
    .name = "ToolName", .kind = Kind::kString, .min = 1, .max = 64, .pattern = &kToolNamePattern};
constexpr Shape kToolUseId{
    .name = "ToolUseId", .kind = Kind::kString, .min = 1, .max = 64, .pattern = &kToolUseIdPattern};
constexpr Shape kAccountId{
    .name = "AccountId", .kind = Kind::kString, .pattern = &kAccountIdPattern};
constexpr Shape kS3Uri{
    .name = "S3Uri", .kind = Kind::kString, .min = 1, .max = 1024, .pattern = &kS3UriPattern};
constexpr Shape kConversationRole{
    .name = "ConversationRole", .kind = Kind::kString, .enum_values = kRoles};
constexpr Shape kImageFormat{
    .name = "ImageFormat", .kind = Kind::kString, .enum_values = kImageFormats};
constexpr Shape kImageSourceBytesBlob{
    .name = "ImageSourceBytesBlob", .kind = Kind::kBlob, .min = 1};
constexpr Shape kDocumentFormat{
    .name = "DocumentFormat", .kind = Kind::kString, .enum_values = kDocumentFormats};
constexpr Shape kDocumentBlockNameString{
    .name = "DocumentBlockNameString", .kind = Kind::kString, .min = 1, .max = 200};
constexpr Shape kDocumentSourceBytesBlob{
    .name = "DocumentSourceBytesBlob", .kind = Kind::kBlob, .min = 1};
constexpr Shape kVideoFormat{
    .name = "VideoFormat", .kind = Kind::kString, .enum_values = kVideoFormats};
constexpr Shape kVideoSourceBytesBlob{
    .name = "VideoSourceBytesBlob", .kind = Kind::kBlob, .min = 1};
constexpr Shape kAudioFormat{
    .name = "AudioFormat", .kind = Kind::kString, .enum_values = kAudioFormats};
constexpr Shape kAudioSourceBytesBlob{
    .name = "AudioSourceBytesBlob", .kind = Kind::kBlob, .min = 1};
constexpr Shape kToolUseType{
    .name = "ToolUseType", .kind = Kind::kString, .enum_values = kToolUseTypes};
constexpr Shape kToolResultStatus{
    .name = "ToolResultStatus", .kind = Kind::kString, .enum_values = kToolResultStatuses};
constexpr Shape kGuardrailConverseContentQualifier{
    .name = "GuardrailConverseContentQualifier", .kind = Kind::kString, .enum_values = kQualifiers};
constexpr Shape kGuardrailConverseImageFormat{.name = "GuardrailConverseImageFormat",
                                              .kind = Kind::kString,
                                              .enum_values = kGuardrailImageFormats};
constexpr Shape kGuardrailConverseImageSourceBytesBlob{
    .name = "GuardrailConverseImageSourceBytesBlob", .kind = Kind::kBlob, .min = 1};
constexpr Shape kCachePointType{
    .name = "CachePointType", .kind = Kind::kString, .enum_values = kCachePointTypes};
constexpr Shape kCacheTtl{.name = "CacheTTL", .kind = Kind::kString, .enum_values = kCacheTtls};
constexpr Shape kToolReferenceTypeString{
    .name = "ToolReferenceTypeString", .kind = Kind::kString, .min = 1, .max = 64};
constexpr Shape kToolReferenceNameString{
    .name = "ToolReferenceNameString", .kind = Kind::kString, .min = 1, .max = 128};
constexpr Shape kToolReferenceServerNameString{
    .name = "ToolReferenceServerNameString", .kind = Kind::kString, .min = 1, .max = 128};
constexpr Shape kMaxTokensInteger{
    .name = "InferenceConfigurationMaxTokensInteger", .kind = Kind::kInteger, .min = 1};
constexpr Shape kTemperatureFloat{
    .name = "InferenceConfigurationTemperatureFloat", .kind = Kind::kFloat, .min = 0, .max = 1};
constexpr Shape kTopPFloat{
    .name = "InferenceConfigurationTopPFloat", .kind = Kind::kFloat, .min = 0, .max = 1};
constexpr Shape kGuardrailIdentifier{.name = "GuardrailIdentifier",
                                     .kind = Kind::kString,
                                     .min = 0,
                                     .max = 2048,
                                     .pattern = &kGuardrailIdentifierPattern};
constexpr Shape kGuardrailVersion{
    .name = "GuardrailVersion", .kind = Kind::kString, .pattern = &kGuardrailVersionPattern};
constexpr Shape kGuardrailTrace{
    .name = "GuardrailTrace", .kind = Kind::kString, .enum_values = kGuardrailTraces};
constexpr Shape kGuardrailStreamProcessingMode{.name = "GuardrailStreamProcessingMode",
                                               .kind = Kind::kString,
                                               .enum_values = kStreamProcessingModes};
constexpr Shape kConverseFieldPath{
    .name = "ConverseRequestAdditionalModelResponseFieldPathsListMemberString",
    .kind = Kind::kString,
    .min = 1,
    .max = 256};
constexpr Shape kConverseStreamFieldPath{
    .name = "ConverseStreamRequestAdditionalModelResponseFieldPathsListMemberString",
    .kind = Kind::kString,
    .min = 1,
    .max = 256};
constexpr Shape kRequestMetadataKeyString{.name = "RequestMetadataKeyString",
                                          .kind = Kind::kString,
                                          .min = 1,
                                          .max = 256,
                                          .pattern = &kMetadataKeyPattern};
constexpr Shape kRequestMetadataValueString{.name = "RequestMetadataValueString",
                                            .kind = Kind::kString,
                                            .min = 0,
                                            .max = 256,
                                            .pattern = &kMetadataValuePattern};
constexpr Shape kPerformanceConfigLatency{
    .name = "PerformanceConfigLatency", .kind = Kind::kString, .enum_values = kLatencies};
constexpr Shape kServiceTierType{
    .name = "ServiceTierType", .kind = Kind::kString, .enum_values = kServiceTierTypes};
constexpr Shape kOutputFormatType{
    .name = "OutputFormatType", .kind = Kind::kString, .enum_values = kOutputFormatTypes};
constexpr Shape kOutputConfigEffortString{
    .name = "OutputConfigEffortString", .kind = Kind::kString, .min = 0, .max = 16};
constexpr Shape kBody{
    .name = "Body", .kind = Kind::kBlob, .min = 0, .max = 25000000, .sensitive = true};

// Citation locations: every index is an integer >= 0.
#define BEDROCK_INDEX_SHAPE(ident, shape_name) \
  constexpr Shape ident{.name = shape_name, .kind = Kind::kInteger, .min = 0};
BEDROCK_INDEX_SHAPE(kCharDocumentIndex, "DocumentCharLocationDocumentIndexInteger")
BEDROCK_INDEX_SHAPE(kCharStart, "DocumentCharLocationStartInteger")
BEDROCK_INDEX_SHAPE(kCharEnd, "DocumentCharLocationEndInteger")
BEDROCK_INDEX_SHAPE(kPageDocumentIndex, "DocumentPageLocationDocumentIndexInteger")
BEDROCK_INDEX_SHAPE(kPageStart, "DocumentPageLocationStartInteger")
BEDROCK_INDEX_SHAPE(kPageEnd, "DocumentPageLocationEndInteger")
BEDROCK_INDEX_SHAPE(kChunkDocumentIndex, "DocumentChunkLocationDocumentIndexInteger")
BEDROCK_INDEX_SHAPE(kChunkStart, "DocumentChunkLocationStartInteger")
BEDROCK_INDEX_SHAPE(kChunkEnd, "DocumentChunkLocationEndInteger")
BEDROCK_INDEX_SHAPE(kSearchResultIndex, "SearchResultLocationSearchResultIndexInteger")
BEDROCK_INDEX_SHAPE(kSearchResultStart, "SearchResultLocationStartInteger")
BEDROCK_INDEX_SHAPE(kSearchResultEnd, "SearchResultLocationEndInteger")
#undef BEDROCK_INDEX_SHAPE

// ---- Structures, unions, lists and maps (leaves first) ---------------------------------------

constexpr Member kS3LocationMembers[] = {
    {"uri", &kS3Uri, true},
    {"bucketOwner", &kAccountId},
};
constexpr Shape kS3Location{.name = "S3Location", .members = kS3LocationMembers};

constexpr Member kErrorBlockMembers[] = {{"message", &kString}};
constexpr Shape kErrorBlock{.name = "ErrorBlock", .members = kErrorBlockMembers, .sensitive = true};

constexpr Member kImageSourceMembers[] = {
    {"bytes", &kImageSourceBytesBlob},
    {"s3Location", &kS3Location},
};
constexpr Shape kImageSource{
    .name = "ImageSource", .kind = Kind::kUnion, .members = kImageSourceMembers, .sensitive = true};
constexpr Member kImageBlockMembers[] = {
    {"format", &kImageFormat, true},
    {"source", &kImageSource, true},
    {"error", &kErrorBlock},
};
constexpr Shape kImageBlock{.name = "ImageBlock", .members = kImageBlockMembers};

constexpr Member kDocumentContentBlockMembers[] = {{"text", &kString}};
constexpr Shape kDocumentContentBlock{
    .name = "DocumentContentBlock", .kind = Kind::kUnion, .members = kDocumentContentBlockMembers};
constexpr Shape kDocumentContentBlocks{
    .name = "DocumentContentBlocks", .kind = Kind::kList, .element = &kDocumentContentBlock};
constexpr Member kDocumentSourceMembers[] = {
    {"bytes", &kDocumentSourceBytesBlob},
    {"s3Location", &kS3Location},
    {"text", &kString},
    {"content", &kDocumentContentBlocks},
};
constexpr Shape kDocumentSource{
    .name = "DocumentSource", .kind = Kind::kUnion, .members = kDocumentSourceMembers};
constexpr Member kCitationsConfigMembers[] = {{"enabled", &kBoolean, true}};
constexpr Shape kCitationsConfig{.name = "CitationsConfig", .members = kCitationsConfigMembers};
constexpr Member kDocumentBlockMembers[] = {
    {"format", &kDocumentFormat},       {"name", &kDocumentBlockNameString, true},
    {"source", &kDocumentSource, true}, {"context", &kString},
    {"citations", &kCitationsConfig},
};
constexpr Shape kDocumentBlock{.name = "DocumentBlock", .members = kDocumentBlockMembers};

constexpr Member kVideoSourceMembers[] = {
    {"bytes", &kVideoSourceBytesBlob},
    {"s3Location", &kS3Location},
};
constexpr Shape kVideoSource{
    .name = "VideoSource", .kind = Kind::kUnion, .members = kVideoSourceMembers};
constexpr Member kVideoBlockMembers[] = {
    {"format", &kVideoFormat, true},
    {"source", &kVideoSource, true},
};
constexpr Shape kVideoBlock{.name = "VideoBlock", .members = kVideoBlockMembers};

constexpr Member kAudioSourceMembers[] = {
    {"bytes", &kAudioSourceBytesBlob},
    {"s3Location", &kS3Location},
};
constexpr Shape kAudioSource{
    .name = "AudioSource", .kind = Kind::kUnion, .members = kAudioSourceMembers, .sensitive = true};
constexpr Member kAudioBlockMembers[] = {
    {"format", &kAudioFormat, true},
    {"source", &kAudioSource, true},
    {"error", &kErrorBlock},
};
constexpr Shape kAudioBlock{.name = "AudioBlock", .members = kAudioBlockMembers};

constexpr Member kToolUseBlockMembers[] = {
    {"toolUseId", &kToolUseId, true},
    {"name", &kToolName, true},
    {"input", &kDocument, true},
    {"type", &kToolUseType},
};
constexpr Shape kToolUseBlock{.name = "ToolUseBlock", .members = kToolUseBlockMembers};

constexpr Member kSearchResultContentBlockMembers[] = {{"text", &kString, true}};
constexpr Shape kSearchResultContentBlock{.name = "SearchResultContentBlock",
                                          .members = kSearchResultContentBlockMembers};
constexpr Shape kSearchResultContentBlocks{.name = "SearchResultContentBlocks",
                                           .kind = Kind::kList,
                                           .element = &kSearchResultContentBlock};
constexpr Member kSearchResultBlockMembers[] = {
    {"source", &kString, true},
    {"title", &kString, true},
    {"content", &kSearchResultContentBlocks, true},
    {"citations", &kCitationsConfig},
};
constexpr Shape kSearchResultBlock{.name = "SearchResultBlock",
                                   .members = kSearchResultBlockMembers};

constexpr Member kToolResultContentBlockMembers[] = {
    {"json", &kDocument},          {"text", &kString},      {"image", &kImageBlock},
    {"document", &kDocumentBlock}, {"video", &kVideoBlock}, {"searchResult", &kSearchResultBlock},
};
constexpr Shape kToolResultContentBlock{.name = "ToolResultContentBlock",
                                        .kind = Kind::kUnion,
                                        .members = kToolResultContentBlockMembers};
constexpr Shape kToolResultContentBlocks{
    .name = "ToolResultContentBlocks", .kind = Kind::kList, .element = &kToolResultContentBlock};
constexpr Member kToolResultBlockMembers[] = {
    {"toolUseId", &kToolUseId, true},
    {"content", &kToolResultContentBlocks, true},
    {"status", &kToolResultStatus},
    {"type", &kString},
};
constexpr Shape kToolResultBlock{.name = "ToolResultBlock", .members = kToolResultBlockMembers};

constexpr Shape kGuardrailConverseContentQualifierList{
    .name = "GuardrailConverseContentQualifierList",
    .kind = Kind::kList,
    .element = &kGuardrailConverseContentQualifier};
constexpr Member kGuardrailConverseTextBlockMembers[] = {
    {"text", &kString, true},
    {"qualifiers", &kGuardrailConverseContentQualifierList},
};
constexpr Shape kGuardrailConverseTextBlock{.name = "GuardrailConverseTextBlock",
                                            .members = kGuardrailConverseTextBlockMembers};
constexpr Member kGuardrailConverseImageSourceMembers[] = {
    {"bytes", &kGuardrailConverseImageSourceBytesBlob}};
constexpr Shape kGuardrailConverseImageSource{.name = "GuardrailConverseImageSource",
                                              .kind = Kind::kUnion,
                                              .members = kGuardrailConverseImageSourceMembers,
                                              .sensitive = true};
constexpr Member kGuardrailConverseImageBlockMembers[] = {
    {"format", &kGuardrailConverseImageFormat, true},
    {"source", &kGuardrailConverseImageSource, true},
};
constexpr Shape kGuardrailConverseImageBlock{.name = "GuardrailConverseImageBlock",
                                             .members = kGuardrailConverseImageBlockMembers,
                                             .sensitive = true};
constexpr Member kGuardrailConverseContentBlockMembers[] = {
    {"text", &kGuardrailConverseTextBlock},
    {"image", &kGuardrailConverseImageBlock},
};
constexpr Shape kGuardrailConverseContentBlock{.name = "GuardrailConverseContentBlock",
                                               .kind = Kind::kUnion,
                                               .members = kGuardrailConverseContentBlockMembers};

constexpr Member kCachePointBlockMembers[] = {
    {"type", &kCachePointType, true},
    {"ttl", &kCacheTtl},
};
constexpr Shape kCachePointBlock{.name = "CachePointBlock", .members = kCachePointBlockMembers};

constexpr Member kReasoningTextBlockMembers[] = {
    {"text", &kString, true},
    {"signature", &kString},
};
constexpr Shape kReasoningTextBlock{
    .name = "ReasoningTextBlock", .members = kReasoningTextBlockMembers, .sensitive = true};
constexpr Member kReasoningContentBlockMembers[] = {
    {"reasoningText", &kReasoningTextBlock},
    {"redactedContent", &kBlob},
};
constexpr Shape kReasoningContentBlock{.name = "ReasoningContentBlock",
                                       .kind = Kind::kUnion,
                                       .members = kReasoningContentBlockMembers,
                                       .sensitive = true};

constexpr Member kTextUnionMembers[] = {{"text", &kString}};
constexpr Shape kCitationGeneratedContent{
    .name = "CitationGeneratedContent", .kind = Kind::kUnion, .members = kTextUnionMembers};
constexpr Shape kCitationGeneratedContentList{.name = "CitationGeneratedContentList",
                                              .kind = Kind::kList,
                                              .element = &kCitationGeneratedContent};
constexpr Shape kCitationSourceContent{
    .name = "CitationSourceContent", .kind = Kind::kUnion, .members = kTextUnionMembers};
constexpr Shape kCitationSourceContentList{
    .name = "CitationSourceContentList", .kind = Kind::kList, .element = &kCitationSourceContent};
constexpr Member kWebLocationMembers[] = {{"url", &kString}, {"domain", &kString}};
constexpr Shape kWebLocation{.name = "WebLocation", .members = kWebLocationMembers};
constexpr Member kDocumentCharLocationMembers[] = {
    {"documentIndex", &kCharDocumentIndex}, {"start", &kCharStart}, {"end", &kCharEnd}};
constexpr Shape kDocumentCharLocation{.name = "DocumentCharLocation",
                                      .members = kDocumentCharLocationMembers};
constexpr Member kDocumentPageLocationMembers[] = {
    {"documentIndex", &kPageDocumentIndex}, {"start", &kPageStart}, {"end", &kPageEnd}};
constexpr Shape kDocumentPageLocation{.name = "DocumentPageLocation",
                                      .members = kDocumentPageLocationMembers};
constexpr Member kDocumentChunkLocationMembers[] = {
    {"documentIndex", &kChunkDocumentIndex}, {"start", &kChunkStart}, {"end", &kChunkEnd}};
constexpr Shape kDocumentChunkLocation{.name = "DocumentChunkLocation",
                                       .members = kDocumentChunkLocationMembers};
constexpr Member kSearchResultLocationMembers[] = {{"searchResultIndex", &kSearchResultIndex},
                                                   {"start", &kSearchResultStart},
                                                   {"end", &kSearchResultEnd}};
constexpr Shape kSearchResultLocation{.name = "SearchResultLocation",
                                      .members = kSearchResultLocationMembers};
constexpr Member kCitationLocationMembers[] = {
    {"web", &kWebLocation},
    {"documentChar", &kDocumentCharLocation},
    {"documentPage", &kDocumentPageLocation},
    {"documentChunk", &kDocumentChunkLocation},
    {"searchResultLocation", &kSearchResultLocation},
};
constexpr Shape kCitationLocation{
    .name = "CitationLocation", .kind = Kind::kUnion, .members = kCitationLocationMembers};
constexpr Member kCitationMembers[] = {
    {"title", &kString},
    {"source", &kString},
    {"sourceContent", &kCitationSourceContentList},
    {"location", &kCitationLocation},
};
constexpr Shape kCitation{.name = "Citation", .members = kCitationMembers};
constexpr Shape kCitations{.name = "Citations", .kind = Kind::kList, .element = &kCitation};
constexpr Member kCitationsContentBlockMembers[] = {
    {"content", &kCitationGeneratedContentList},
    {"citations", &kCitations},
};
constexpr Shape kCitationsContentBlock{.name = "CitationsContentBlock",
                                       .members = kCitationsContentBlockMembers};

constexpr Member kToolReferenceMembers[] = {
    {"type", &kToolReferenceTypeString},
    {"name", &kToolReferenceNameString},
    {"serverName", &kToolReferenceServerNameString},
};
constexpr Shape kToolReference{.name = "ToolReference", .members = kToolReferenceMembers};
constexpr Member kToolReferenceHolderMembers[] = {{"tool", &kToolReference, true}};
constexpr Shape kToolAdditionBlock{.name = "ToolAdditionBlock",
                                   .members = kToolReferenceHolderMembers};
constexpr Shape kToolRemovalBlock{.name = "ToolRemovalBlock",
                                  .members = kToolReferenceHolderMembers};

constexpr Member kContentBlockMembers[] = {
    {"text", &kString},
    {"image", &kImageBlock},
    {"document", &kDocumentBlock},
    {"video", &kVideoBlock},
    {"audio", &kAudioBlock},
    {"toolUse", &kToolUseBlock},
    {"toolResult", &kToolResultBlock},
    {"guardContent", &kGuardrailConverseContentBlock},
    {"cachePoint", &kCachePointBlock},
    {"reasoningContent", &kReasoningContentBlock},
    {"citationsContent", &kCitationsContentBlock},
    {"searchResult", &kSearchResultBlock},
    {"toolAddition", &kToolAdditionBlock},
    {"toolRemoval", &kToolRemovalBlock},
};
constexpr Shape kContentBlock{
    .name = "ContentBlock", .kind = Kind::kUnion, .members = kContentBlockMembers};
constexpr Shape kContentBlocks{
    .name = "ContentBlocks", .kind = Kind::kList, .element = &kContentBlock};
constexpr Member kMessageMembers[] = {
    {"role", &kConversationRole, true},
    {"content", &kContentBlocks, true},
};
constexpr Shape kMessage{.name = "Message", .members = kMessageMembers};
constexpr Shape kMessages{.name = "Messages", .kind = Kind::kList, .element = &kMessage};

constexpr Member kSystemContentBlockMembers[] = {
    {"text", &kNonEmptyString},
    {"guardContent", &kGuardrailConverseContentBlock},
    {"cachePoint", &kCachePointBlock},
};
constexpr Shape kSystemContentBlock{
    .name = "SystemContentBlock", .kind = Kind::kUnion, .members = kSystemContentBlockMembers};
constexpr Shape kSystemContentBlocks{
    .name = "SystemContentBlocks", .kind = Kind::kList, .element = &kSystemContentBlock};

constexpr Shape kStopSequencesList{.name = "InferenceConfigurationStopSequencesList",
                                   .kind = Kind::kList,
                                   .element = &kNonEmptyString,
                                   .min = 0,
                                   .max = 2500};
constexpr Member kInferenceConfigurationMembers[] = {
    {"maxTokens", &kMaxTokensInteger},
    {"temperature", &kTemperatureFloat},
    {"topP", &kTopPFloat},
    {"stopSequences", &kStopSequencesList},
};
constexpr Shape kInferenceConfiguration{.name = "InferenceConfiguration",
                                        .members = kInferenceConfigurationMembers};

constexpr Member kToolInputSchemaMembers[] = {{"json", &kDocument}};
constexpr Shape kToolInputSchema{
    .name = "ToolInputSchema", .kind = Kind::kUnion, .members = kToolInputSchemaMembers};
constexpr Member kToolSpecificationMembers[] = {
    {"name", &kToolName, true},
    {"description", &kNonEmptyString},
    {"inputSchema", &kToolInputSchema, true},
    {"strict", &kBoolean},
};
constexpr Shape kToolSpecification{.name = "ToolSpecification",
                                   .members = kToolSpecificationMembers};
constexpr Member kNamedToolMembers[] = {{"name", &kToolName, true}};
constexpr Shape kSystemTool{.name = "SystemTool", .members = kNamedToolMembers};
constexpr Member kToolMembers[] = {
    {"toolSpec", &kToolSpecification},
    {"systemTool", &kSystemTool},
    {"cachePoint", &kCachePointBlock},
};
constexpr Shape kTool{.name = "Tool", .kind = Kind::kUnion, .members = kToolMembers};
constexpr Shape kToolsList{
    .name = "ToolConfigurationToolsList", .kind = Kind::kList, .element = &kTool, .min = 1};
constexpr Shape kAutoToolChoice{.name = "AutoToolChoice"};
constexpr Shape kAnyToolChoice{.name = "AnyToolChoice"};
constexpr Shape kSpecificToolChoice{.name = "SpecificToolChoice", .members = kNamedToolMembers};
constexpr Member kToolChoiceMembers[] = {
    {"auto", &kAutoToolChoice},
    {"any", &kAnyToolChoice},
    {"tool", &kSpecificToolChoice},
};
constexpr Shape kToolChoice{
    .name = "ToolChoice", .kind = Kind::kUnion, .members = kToolChoiceMembers};
constexpr Member kToolConfigurationMembers[] = {
    {"tools", &kToolsList, true},
    {"toolChoice", &kToolChoice},
};
constexpr Shape kToolConfiguration{.name = "ToolConfiguration",
                                   .members = kToolConfigurationMembers};

constexpr Member kGuardrailConfigurationMembers[] = {
    {"guardrailIdentifier", &kGuardrailIdentifier},
    {"guardrailVersion", &kGuardrailVersion},
    {"trace", &kGuardrailTrace},
};
constexpr Shape kGuardrailConfiguration{.name = "GuardrailConfiguration",
                                        .members = kGuardrailConfigurationMembers};
constexpr Member kGuardrailStreamConfigurationMembers[] = {
    {"guardrailIdentifier", &kGuardrailIdentifier},
    {"guardrailVersion", &kGuardrailVersion},
    {"trace", &kGuardrailTrace},
    {"streamProcessingMode", &kGuardrailStreamProcessingMode},
};
constexpr Shape kGuardrailStreamConfiguration{.name = "GuardrailStreamConfiguration",
                                              .members = kGuardrailStreamConfigurationMembers};

constexpr Member kPromptVariableValuesMembers[] = {{"text", &kString}};
constexpr Shape kPromptVariableValues{
    .name = "PromptVariableValues", .kind = Kind::kUnion, .members = kPromptVariableValuesMembers};
constexpr Shape kPromptVariableMap{.name = "PromptVariableMap",
                                   .kind = Kind::kMap,
                                   .element = &kPromptVariableValues,
                                   .key = &kString,
                                   .sensitive = true};
constexpr Shape kConverseFieldPaths{.name = "ConverseRequestAdditionalModelResponseFieldPathsList",
                                    .kind = Kind::kList,
                                    .element = &kConverseFieldPath,
                                    .min = 0,
                                    .max = 10};
constexpr Shape kConverseStreamFieldPaths{
    .name = "ConverseStreamRequestAdditionalModelResponseFieldPathsList",
    .kind = Kind::kList,
    .element = &kConverseStreamFieldPath,
    .min = 0,
    .max = 10};
constexpr Shape kRequestMetadata{.name = "RequestMetadata",
                                 .kind = Kind::kMap,
                                 .element = &kRequestMetadataValueString,
                                 .key = &kRequestMetadataKeyString,
                                 .min = 1,
                                 .max = 16,
                                 .sensitive = true};
constexpr Member kPerformanceConfigurationMembers[] = {{"latency", &kPerformanceConfigLatency}};
constexpr Shape kPerformanceConfiguration{.name = "PerformanceConfiguration",
                                          .members = kPerformanceConfigurationMembers};
constexpr Member kServiceTierMembers[] = {{"type", &kServiceTierType, true}};
constexpr Shape kServiceTier{.name = "ServiceTier", .members = kServiceTierMembers};
constexpr Member kJsonSchemaDefinitionMembers[] = {
    {"schema", &kString, true},
    {"name", &kString},
    {"description", &kString},
};
constexpr Shape kJsonSchemaDefinition{.name = "JsonSchemaDefinition",
                                      .members = kJsonSchemaDefinitionMembers};
constexpr Member kOutputFormatStructureMembers[] = {{"jsonSchema", &kJsonSchemaDefinition}};
constexpr Shape kOutputFormatStructure{.name = "OutputFormatStructure",
                                       .kind = Kind::kUnion,
                                       .members = kOutputFormatStructureMembers,
                                       .sensitive = true};
constexpr Member kOutputFormatMembers[] = {
    {"type", &kOutputFormatType, true},
    {"structure", &kOutputFormatStructure, true},
};
constexpr Shape kOutputFormat{.name = "OutputFormat", .members = kOutputFormatMembers};
constexpr Member kOutputConfigMembers[] = {
    {"textFormat", &kOutputFormat},
    {"effort", &kOutputConfigEffortString},
};
constexpr Shape kOutputConfig{.name = "OutputConfig", .members = kOutputConfigMembers};

// ---- Operation inputs ------------------------------------------------------------------------

constexpr Member kConverseRequestMembers[] = {
    {"messages", &kMessages, false, true},
    {"system", &kSystemContentBlocks, false, true},
    {"inferenceConfig", &kInferenceConfiguration},
    {"toolConfig", &kToolConfiguration},
    {"guardrailConfig", &kGuardrailConfiguration},
    {"additionalModelRequestFields", &kDocument},
    {"promptVariables", &kPromptVariableMap},
    {"additionalModelResponseFieldPaths", &kConverseFieldPaths},
    {"requestMetadata", &kRequestMetadata},
    {"performanceConfig", &kPerformanceConfiguration},
    {"serviceTier", &kServiceTier},
    {"outputConfig", &kOutputConfig},
};
constexpr Shape kConverseRequest{.name = "ConverseRequest", .members = kConverseRequestMembers};

constexpr Member kConverseStreamRequestMembers[] = {
    {"messages", &kMessages, false, true},
    {"system", &kSystemContentBlocks, false, true},
    {"inferenceConfig", &kInferenceConfiguration},
    {"toolConfig", &kToolConfiguration},
    {"guardrailConfig", &kGuardrailStreamConfiguration},
    {"additionalModelRequestFields", &kDocument},
    {"promptVariables", &kPromptVariableMap},
    {"additionalModelResponseFieldPaths", &kConverseStreamFieldPaths},
    {"requestMetadata", &kRequestMetadata},
    {"performanceConfig", &kPerformanceConfiguration},
    {"serviceTier", &kServiceTier},
    {"outputConfig", &kOutputConfig},
};
constexpr Shape kConverseStreamRequest{.name = "ConverseStreamRequest",
                                       .members = kConverseStreamRequestMembers};

constexpr Member kInvokeModelTokensRequestMembers[] = {{"body", &kBody, true}};
constexpr Shape kInvokeModelTokensRequest{.name = "InvokeModelTokensRequest",
                                          .members = kInvokeModelTokensRequestMembers};
constexpr Member kConverseTokensRequestMembers[] = {
    {"messages", &kMessages, false, true},
    {"system", &kSystemContentBlocks, false, true},
    {"toolConfig", &kToolConfiguration},
    {"additionalModelRequestFields", &kDocument},
};
constexpr Shape kConverseTokensRequest{.name = "ConverseTokensRequest",
                                       .members = kConverseTokensRequestMembers};
constexpr Member kCountTokensInputMembers[] = {
    {"invokeModel", &kInvokeModelTokensRequest},
    {"converse", &kConverseTokensRequest},
};
constexpr Shape kCountTokensInput{
    .name = "CountTokensInput", .kind = Kind::kUnion, .members = kCountTokensInputMembers};
constexpr Member kCountTokensRequestMembers[] = {{"input", &kCountTokensInput, true}};
constexpr Shape kCountTokensRequest{.name = "CountTokensRequest",
                                    .members = kCountTokensRequestMembers};

constexpr const Shape* kAllShapes[] = {
    &kString,
    &kNonEmptyString,
    &kBoolean,
    &kBlob,
    &kDocument,
    &kToolName,
    &kToolUseId,
    &kAccountId,
    &kS3Uri,
    &kConversationRole,
    &kImageFormat,
    &kImageSourceBytesBlob,
    &kDocumentFormat,
    &kDocumentBlockNameString,
    &kDocumentSourceBytesBlob,
    &kVideoFormat,
    &kVideoSourceBytesBlob,
    &kAudioFormat,
    &kAudioSourceBytesBlob,
    &kToolUseType,
    &kToolResultStatus,
    &kGuardrailConverseContentQualifier,
    &kGuardrailConverseImageFormat,
    &kGuardrailConverseImageSourceBytesBlob,
    &kCachePointType,
    &kCacheTtl,
    &kToolReferenceTypeString,
    &kToolReferenceNameString,
    &kToolReferenceServerNameString,
    &kMaxTokensInteger,
    &kTemperatureFloat,
    &kTopPFloat,
    &kGuardrailIdentifier,
    &kGuardrailVersion,
    &kGuardrailTrace,
    &kGuardrailStreamProcessingMode,
    &kConverseFieldPath,
    &kConverseStreamFieldPath,
    &kRequestMetadataKeyString,
    &kRequestMetadataValueString,
    &kPerformanceConfigLatency,
    &kServiceTierType,
    &kOutputFormatType,
    &kOutputConfigEffortString,
    &kBody,
    &kCharDocumentIndex,
    &kCharStart,
    &kCharEnd,
    &kPageDocumentIndex,
    &kPageStart,
    &kPageEnd,
    &kChunkDocumentIndex,
    &kChunkStart,
    &kChunkEnd,
    &kSearchResultIndex,
    &kSearchResultStart,
    &kSearchResultEnd,
    &kS3Location,
    &kErrorBlock,
    &kImageSource,
    &kImageBlock,
    &kDocumentContentBlock,
    &kDocumentContentBlocks,
    &kDocumentSource,
    &kCitationsConfig,
    &kDocumentBlock,
    &kVideoSource,
    &kVideoBlock,
    &kAudioSource,
    &kAudioBlock,
    &kToolUseBlock,
    &kSearchResultContentBlock,
    &kSearchResultContentBlocks,
    &kSearchResultBlock,
    &kToolResultContentBlock,
    &kToolResultContentBlocks,
    &kToolResultBlock,
    &kGuardrailConverseContentQualifierList,
    &kGuardrailConverseTextBlock,
    &kGuardrailConverseImageSource,
    &kGuardrailConverseImageBlock,
    &kGuardrailConverseContentBlock,
    &kCachePointBlock,
    &kReasoningTextBlock,
    &kReasoningContentBlock,
    &kCitationGeneratedContent,
    &kCitationGeneratedContentList,
    &kCitationSourceContent,
    &kCitationSourceContentList,
    &kWebLocation,
    &kDocumentCharLocation,
    &kDocumentPageLocation,
    &kDocumentChunkLocation,
    &kSearchResultLocation,
    &kCitationLocation,
    &kCitation,
    &kCitations,
    &kCitationsContentBlock,
    &kToolReference,
    &kToolAdditionBlock,
    &kToolRemovalBlock,
    &kContentBlock,
    &kContentBlocks,
    &kMessage,
    &kMessages,
    &kSystemContentBlock,
    &kSystemContentBlocks,
    &kStopSequencesList,
    &kInferenceConfiguration,
    &kToolInputSchema,
    &kToolSpecification,
    &kSystemTool,
    &kTool,
    &kToolsList,
    &kAutoToolChoice,
    &kAnyToolChoice,
    &kSpecificToolChoice,
    &kToolChoice,
    &kToolConfiguration,
    &kGuardrailConfiguration,
    &kGuardrailStreamConfiguration,
    &kPromptVariableValues,
    &kPromptVariableMap,
    &kConverseFieldPaths,
    &kConverseStreamFieldPaths,
    &kRequestMetadata,
    &kPerformanceConfiguration,
    &kServiceTier,
    &kJsonSchemaDefinition,
    &kOutputFormatStructure,
    &kOutputFormat,
    &kOutputConfig,
    &kConverseRequest,
    &kConverseStreamRequest,
    &kInvokeModelTokensRequest,
    &kConverseTokensRequest,
    &kCountTokensInput,
    &kCountTokensRequest,
};

}  // namespace

const Shape& converse_request() { return kConverseRequest; }
const Shape& converse_stream_request() { return kConverseStreamRequest; }
const Shape& count_tokens_request() { return kCountTokensRequest; }

std::span<const Shape* const> all_shapes() { return kAllShapes; }

}  // namespace bedrock::mock::shapes
