#pragma once
// The error catalog: every error Bedrock Runtime (and the AWS auth front end in front of it)
// can answer with, and how each one looks on the wire (reference §7, §8, §10).
//
// Inside the code an error is a ServiceError value (a catalog code plus its message); the
// renderers turn it into the exact status, headers and body bytes the real service sends, or
// into an in-stream exception frame. The parse direction turns a received answer back into a
// ServiceError for the client.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "bedrock/protocol/event_stream_message.hpp"
#include "bedrock/protocol/expected.hpp"

namespace bedrock::errors {

enum class ErrorCode {
  // Bedrock's own errors (runtime service model, namespace com.amazon.bedrock).
  kValidation,
  kAccessDenied,
  kResourceNotFound,
  kModelTimeout,
  kThrottling,
  kModelNotReady,
  kModelError,
  kModelStreamError,
  kServiceQuotaExceeded,
  kConflict,
  kInternalServer,
  kServiceUnavailable,
  // The auth front end (namespace com.amazon.coral.service).
  kExpiredToken,
  kUnrecognizedClient,
  kInvalidSignature,
  kCoralAccessDenied,  // missing Authorization header, IAM / SCP / VPC-endpoint-policy denials
  kIncompleteSignature,
  kMissingAuthenticationToken,
  kSerialization,  // a body Coral cannot deserialize (wrong JSON types, malformed JSON)
};

// The part of x-amzn-ErrorType after "http://internal.amazon.com/coral/".
enum class ErrorNamespace { kBedrock, kCoralService };

// Bedrock-level errors say {"message":...}; Coral/IAM denials say {"Message":...} (reference §7).
enum class MessageKey { kLowerCase, kCapitalised };

// The two event-stream unions that can carry exceptions (reference §5): ConverseStreamOutput,
// and ResponseStream (InvokeModelWithResponseStream; the bidirectional output has the same set).
enum class StreamKind { kConverseStream, kResponseStream };

struct ErrorSpec {
  ErrorCode code;
  std::string_view wire_name;  // the shape name, e.g. "ValidationException"
  int http_status;
  ErrorNamespace error_namespace;
  MessageKey message_key;
  // As an SDK in standard retry mode sees it (reference §10): retried at all, and counted as
  // throttling. ModelNotReadyException is retried (service-model trait) but is not throttling.
  bool retryable;
  bool throttling;
  // The `retryable` trait of the runtime service model itself (only ModelNotReadyException).
  bool modeled_retryable_trait;
  bool in_runtime_model;  // an error shape of the runtime service model
  // lowerCamel member name used as :exception-type inside a stream; empty if it never appears there.
  std::string_view stream_name;
  bool in_converse_stream;
  bool in_response_stream;
};

std::span<const ErrorSpec> all_errors();
const ErrorSpec& spec_of(ErrorCode code);
std::string_view wire_name(ErrorCode code);
std::string_view namespace_name(ErrorNamespace ns);  // "com.amazon.bedrock" / "com.amazon.coral.service"
// Looks a wire name up; AccessDeniedException exists in both namespaces, so the namespace picks.
std::optional<ErrorCode> find_error(std::string_view wire_name,
                                    ErrorNamespace ns = ErrorNamespace::kBedrock);
std::optional<ErrorCode> find_stream_error(std::string_view lower_camel_name);
bool can_appear_in_stream(ErrorCode code, StreamKind kind);
// Reason phrase for the statuses the catalog uses (and 200); "Unknown" otherwise.
std::string_view reason_phrase(int http_status);

// Extra modeled members beside the message, in wire order, e.g. {"originalStatusCode", 400}.
using ExtraMembers = std::vector<std::pair<std::string, nlohmann::json>>;

struct ServiceError {
  ErrorCode code;
  std::string message;
  ExtraMembers extra;
  std::optional<std::string> request_id;

  const ErrorSpec& spec() const { return spec_of(code); }
  int http_status() const { return spec().http_status; }
  bool operator==(const ServiceError&) const = default;
};

ServiceError make_error(ErrorCode code, std::string message);

// ---- Rendering -----------------------------------------------------------------------------

struct WireResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;  // wire order, wire casing
  std::string body;

  // The first header with this name (case-insensitive), if any.
  std::optional<std::string> header(std::string_view name) const;
};

// A random UUID v4 in lower-case 8-4-4-4-12 form, as Bedrock's x-amzn-RequestId.
std::string generate_request_id();

// As the real service answers: Content-Type, x-amzn-RequestId (the error's, else a new UUID),
// x-amzn-ErrorType, in that relative order (reference §8/§7 raw dumps); a compact
// {"message":...} or {"Message":...} body with raw UTF-8 and no __type. Date, Content-Length
// and Connection belong to the HTTP layer and are not included.
WireResponse render_http_error(const ServiceError& error);

// HTTP 200 with {"Output":{"__type":"com.amazon.coral.service#UnknownOperationException"},
// "Version":"1.0"}: the real answer to a target that matches no operation (reference §3 rule 4).
WireResponse render_unknown_operation(std::optional<std::string> request_id = std::nullopt);

enum class StreamRenderErrorKind { kNotAStreamException, kNotInThisStream };
struct StreamRenderError {
  StreamRenderErrorKind kind;
  ErrorCode code;
};
// A modeled exception frame (:exception-type lowerCamel, :content-type, :message-type exception;
// payload {"message":...} with no "p" padding; reference §5, §6).
Expected<event_stream::Message, StreamRenderError> render_stream_exception(
    const ServiceError& error, StreamKind kind);

// ---- Parsing (client side) -------------------------------------------------------------------

// x-amzn-ErrorType / body code / __type -> the bare shape name: text before the first ':', then
// after the first '#' (aws-sdk-go-v2 SanitizeErrorCode, smithy-rs sanitize_error_code; §7).
std::string sanitize_error_code(std::string_view raw_code);

// An answer whose error code the catalog does not know (or that has none at all).
struct UnrecognizedError {
  int http_status = 0;
  std::string code;  // sanitised; empty when the answer named none
  std::string message;
  std::optional<std::string> request_id;
  bool operator==(const UnrecognizedError&) const = default;
};

struct ReceivedError {
  int http_status = 0;
  std::optional<std::string> error_type_header;  // x-amzn-ErrorType, raw
  std::optional<std::string> request_id;         // x-amzn-RequestId
  std::string_view body;
};
// Code: header, else body "code", else body "__type"; message: "message", else "Message";
// namespace from the header's coral URL, else from the body key for AccessDenied.
Expected<ServiceError, UnrecognizedError> parse_http_error(const ReceivedError& received);
// The same for a received WireResponse (headers looked up case-insensitively).
Expected<ServiceError, UnrecognizedError> parse_http_error(const WireResponse& response);
// An in-stream exception frame (:message-type exception, lowerCamel :exception-type).
Expected<ServiceError, UnrecognizedError> parse_stream_exception(
    const event_stream::Message& frame);

// Standard retry mode's decision for any error, known or not (reference §10).
enum class RetryClass { kNotRetryable, kTransient, kThrottling, kRetryableTrait };
RetryClass classify_for_retry(int http_status, std::string_view sanitized_code);

}  // namespace bedrock::errors
