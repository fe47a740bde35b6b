#include "bedrock/protocol/error_catalog.hpp"

#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <random>

#include "bedrock/protocol/encoding.hpp"

namespace bedrock::errors {
namespace {

constexpr ErrorNamespace kBedrock = ErrorNamespace::kBedrock;
constexpr ErrorNamespace kCoral = ErrorNamespace::kCoralService;
constexpr MessageKey kLower = MessageKey::kLowerCase;
constexpr MessageKey kUpper = MessageKey::kCapitalised;

// Statuses and retry traits from the runtime service model (reference §7); retry classes from
// botocore's standard mode (reference §10). Stream membership from ConverseStreamOutput and
// ResponseStream (reference §5).
// clang-format off
constexpr std::array<ErrorSpec, 19> kCatalog{{
  // code                              wire name                              status ns      key     retry  thrtl  trait  model  stream name                     conv   resp
  {ErrorCode::kValidation,             "ValidationException",                 400, kBedrock, kLower, false, false, false, true,  "validationException",          true,  true},
  {ErrorCode::kAccessDenied,           "AccessDeniedException",               403, kBedrock, kLower, false, false, false, true,  "",                             false, false},
  {ErrorCode::kResourceNotFound,       "ResourceNotFoundException",           404, kBedrock, kLower, false, false, false, true,  "",                             false, false},
  {ErrorCode::kModelTimeout,           "ModelTimeoutException",               408, kBedrock, kLower, false, false, false, true,  "modelTimeoutException",        false, true},
  {ErrorCode::kThrottling,             "ThrottlingException",                 429, kBedrock, kLower, true,  true,  false, true,  "throttlingException",          true,  true},
  {ErrorCode::kModelNotReady,          "ModelNotReadyException",              429, kBedrock, kLower, true,  false, true,  true,  "",                             false, false},
  {ErrorCode::kModelError,             "ModelErrorException",                 424, kBedrock, kLower, false, false, false, true,  "",                             false, false},
  {ErrorCode::kModelStreamError,       "ModelStreamErrorException",           424, kBedrock, kLower, false, false, false, true,  "modelStreamErrorException",    true,  true},
  {ErrorCode::kServiceQuotaExceeded,   "ServiceQuotaExceededException",       400, kBedrock, kLower, false, false, false, true,  "",                             false, false},
  {ErrorCode::kConflict,               "ConflictException",                   400, kBedrock, kLower, false, false, false, true,  "",                             false, false},
  {ErrorCode::kInternalServer,         "InternalServerException",             500, kBedrock, kLower, true,  false, false, true,  "internalServerException",      true,  true},
  {ErrorCode::kServiceUnavailable,     "ServiceUnavailableException",         503, kBedrock, kLower, true,  false, false, true,  "serviceUnavailableException",  true,  true},
  {ErrorCode::kExpiredToken,           "ExpiredTokenException",               403, kCoral,   kLower, false, false, false, false, "",                             false, false},
  {ErrorCode::kUnrecognizedClient,     "UnrecognizedClientException",         403, kCoral,   kLower, false, false, false, false, "",                             false, false},
  {ErrorCode::kInvalidSignature,       "InvalidSignatureException",           403, kCoral,   kLower, false, false, false, false, "",                             false, false},
  {ErrorCode::kCoralAccessDenied,      "AccessDeniedException",               403, kCoral,   kUpper, false, false, false, false, "",                             false, false},
  // No Bedrock sample of these two (reference §7); status and key follow the other coral errors.
  {ErrorCode::kIncompleteSignature,    "IncompleteSignatureException",        403, kCoral,   kLower, false, false, false, false, "",                             false, false},
  {ErrorCode::kMissingAuthenticationToken, "MissingAuthenticationTokenException", 403, kCoral, kLower, false, false, false, false, "",                           false, false},
  // Recorded: {"Message":"Unexpected value type in payload"} (realworld prism-php-bedrock).
  {ErrorCode::kSerialization,          "SerializationException",              400, kCoral,   kUpper, false, false, false, false, "",                             false, false},
}};
// clang-format on

constexpr std::string_view kCoralPrefix = "http://internal.amazon.com/coral/";

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && encoding::to_lower(a) == encoding::to_lower(b);
}

std::string_view message_key_text(MessageKey key) {
  return key == MessageKey::kCapitalised ? "Message" : "message";
}

// Compact JSON, raw UTF-8; invalid UTF-8 is replaced rather than thrown on (bad input never
// crashes).
std::string dump_compact(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string error_body(const ServiceError& error, MessageKey key) {
  std::string body = "{\"";
  body += message_key_text(key);
  body += "\":";
  body += dump_compact(error.message);
  for (const auto& [name, value] : error.extra) {
    body += ',';
    body += dump_compact(name);
    body += ':';
    body += dump_compact(value);
  }
  body += '}';
  return body;
}

ExtraMembers extras_from_body(const nlohmann::json& body) {
  ExtraMembers extra;
  if (!body.is_object()) return extra;
  for (const auto& [name, value] : body.items()) {
    if (name == "message" || name == "Message" || name == "__type" || name == "code") continue;
    extra.emplace_back(name, value);
  }
  return extra;
}

std::string message_from_body(const nlohmann::json& body) {
  if (!body.is_object()) return {};
  for (const char* key : {"message", "Message"}) {
    auto it = body.find(key);
    if (it != body.end() && it->is_string()) return it->get<std::string>();
  }
  return {};
}

std::string string_member(const nlohmann::json& body, const char* key) {
  if (!body.is_object()) return {};
  auto it = body.find(key);
  return (it != body.end() && it->is_string()) ? it->get<std::string>() : std::string();
}

}  // namespace

std::span<const ErrorSpec> all_errors() { return kCatalog; }

const ErrorSpec& spec_of(ErrorCode code) {
  for (const auto& entry : kCatalog) {
    if (entry.code == code) return entry;
  }
  return kCatalog[0];  // unreachable for a valid enum value
}

std::string_view wire_name(ErrorCode code) { return spec_of(code).wire_name; }

std::string_view namespace_name(ErrorNamespace ns) {
  return ns == ErrorNamespace::kBedrock ? "com.amazon.bedrock" : "com.amazon.coral.service";
}

std::optional<ErrorCode> find_error(std::string_view name, ErrorNamespace ns) {
  std::optional<ErrorCode> other_namespace;
  for (const auto& entry : kCatalog) {
    if (entry.wire_name != name) continue;
    if (entry.error_namespace == ns) return entry.code;
    other_namespace = entry.code;
  }
  return other_namespace;
}

std::optional<ErrorCode> find_stream_error(std::string_view lower_camel_name) {
  if (lower_camel_name.empty()) return std::nullopt;
  for (const auto& entry : kCatalog) {
    if (entry.stream_name == lower_camel_name) return entry.code;
  }
  return std::nullopt;
}

bool can_appear_in_stream(ErrorCode code, StreamKind kind) {
  const ErrorSpec& entry = spec_of(code);
  return kind == StreamKind::kConverseStream ? entry.in_converse_stream : entry.in_response_stream;
}

std::string_view reason_phrase(int http_status) {
  switch (http_status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 408: return "Request Timeout";
    case 424: return "Failed Dependency";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "Unknown";
  }
}

ServiceError make_error(ErrorCode code, std::string message) {
  return ServiceError{code, std::move(message), {}, std::nullopt};
}

std::optional<std::string> WireResponse::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (equals_ignoring_case(key, name)) return value;
  }
  return std::nullopt;
}

std::string generate_request_id() {
  std::array<unsigned char, 16> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    std::random_device device;
    for (auto& byte : bytes) byte = static_cast<unsigned char>(device() & 0xFFu);
  }
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0Fu) | 0x40u);  // version 4
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3Fu) | 0x80u);  // RFC 4122 variant
  const std::string hex =
      encoding::to_hex(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
  return hex.substr(0, 8) + '-' + hex.substr(8, 4) + '-' + hex.substr(12, 4) + '-' +
         hex.substr(16, 4) + '-' + hex.substr(20);
}

WireResponse render_http_error(const ServiceError& error) {
  const ErrorSpec& entry = error.spec();
  WireResponse response;
  response.status = entry.http_status;
  response.headers.emplace_back("Content-Type", "application/json");
  response.headers.emplace_back("x-amzn-RequestId",
                                error.request_id ? *error.request_id : generate_request_id());
  std::string error_type(entry.wire_name);
  error_type += ':';
  error_type += kCoralPrefix;
  error_type += namespace_name(entry.error_namespace);
  error_type += '/';
  response.headers.emplace_back("x-amzn-ErrorType", std::move(error_type));
  response.body = error_body(error, entry.message_key);
  return response;
}

WireResponse render_unknown_operation(std::optional<std::string> request_id) {
  WireResponse response;
  response.status = 200;
  response.headers.emplace_back("Content-Type", "application/json");
  response.headers.emplace_back("x-amzn-RequestId",
                                request_id ? std::move(*request_id) : generate_request_id());
  response.body =
      R"({"Output":{"__type":"com.amazon.coral.service#UnknownOperationException"},"Version":"1.0"})";
  return response;
}

Expected<event_stream::Message, StreamRenderError> render_stream_exception(
    const ServiceError& error, StreamKind kind) {
  const ErrorSpec& entry = error.spec();
  if (entry.stream_name.empty()) {
    return unexpected(StreamRenderError{StreamRenderErrorKind::kNotAStreamException, error.code});
  }
  if (!can_appear_in_stream(error.code, kind)) {
    return unexpected(StreamRenderError{StreamRenderErrorKind::kNotInThisStream, error.code});
  }
  // Exception payloads always use lower-case "message" and carry no "p" padding (reference §5).
  return event_stream::make_exception(entry.stream_name, error_body(error, MessageKey::kLowerCase));
}

std::string sanitize_error_code(std::string_view raw_code) {
  std::string_view code = raw_code;
  if (auto colon = code.find(':'); colon != std::string_view::npos) code = code.substr(0, colon);
  if (auto hash = code.find('#'); hash != std::string_view::npos) code = code.substr(hash + 1);
  // Trim the whitespace a hand-written header may carry.
  while (!code.empty() && (code.front() == ' ' || code.front() == '\t')) code.remove_prefix(1);
  while (!code.empty() && (code.back() == ' ' || code.back() == '\t')) code.remove_suffix(1);
  return std::string(code);
}

Expected<ServiceError, UnrecognizedError> parse_http_error(const ReceivedError& received) {
  const nlohmann::json body = nlohmann::json::parse(received.body, nullptr, false);
  std::string raw_code;
  if (received.error_type_header && !received.error_type_header->empty()) {
    raw_code = *received.error_type_header;
  } else if (auto code = string_member(body, "code"); !code.empty()) {
    raw_code = code;
  } else {
    raw_code = string_member(body, "__type");
  }
  const std::string code = sanitize_error_code(raw_code);
  std::string message = message_from_body(body);

  ErrorNamespace ns = ErrorNamespace::kBedrock;
  if (raw_code.find("com.amazon.coral.service") != std::string::npos) {
    ns = ErrorNamespace::kCoralService;
  } else if (code == "AccessDeniedException" && body.is_object() && !body.contains("message") &&
             body.contains("Message")) {
    // Without a header, the capital key is what tells a front-end denial apart (reference §7).
    ns = ErrorNamespace::kCoralService;
  }

  const std::optional<ErrorCode> known = code.empty() ? std::nullopt : find_error(code, ns);
  if (!known) {
    return unexpected(
        UnrecognizedError{received.http_status, code, std::move(message), received.request_id});
  }
  ServiceError error{*known, std::move(message), extras_from_body(body), received.request_id};
  return error;
}

Expected<ServiceError, UnrecognizedError> parse_http_error(const WireResponse& response) {
  return parse_http_error(ReceivedError{response.status, response.header("x-amzn-ErrorType"),
                                        response.header("x-amzn-RequestId"), response.body});
}

Expected<ServiceError, UnrecognizedError> parse_stream_exception(
    const event_stream::Message& frame) {
  const std::string name = frame.string_header(":exception-type").value_or("");
  const nlohmann::json body = nlohmann::json::parse(frame.payload, nullptr, false);
  std::string message = message_from_body(body);
  const std::optional<ErrorCode> known = find_stream_error(name);
  if (!known || frame.string_header(":message-type").value_or("") != "exception") {
    return unexpected(UnrecognizedError{200, name, std::move(message), std::nullopt});
  }
  ServiceError error{*known, std::move(message), extras_from_body(body), std::nullopt};
  return error;
}

RetryClass classify_for_retry(int http_status, std::string_view sanitized_code) {
  // botocore retries/standard.py: throttling codes, then the modeled retryable trait, then
  // transient codes and statuses.
  static constexpr std::array<std::string_view, 14> kThrottlingCodes{
      "Throttling",          "ThrottlingException",
      "ThrottledException",  "RequestThrottledException",
      "TooManyRequestsException", "ProvisionedThroughputExceededException",
      "TransactionInProgressException", "RequestLimitExceeded",
      "BandwidthLimitExceeded", "LimitExceededException",
      "RequestThrottled",    "SlowDown",
      "PriorRequestNotComplete", "EC2ThrottledException"};
  static constexpr std::array<std::string_view, 3> kTransientCodes{
      "RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete"};
  if (std::find(kThrottlingCodes.begin(), kThrottlingCodes.end(), sanitized_code) !=
      kThrottlingCodes.end()) {
    return RetryClass::kThrottling;
  }
  if (auto code = find_error(sanitized_code); code && spec_of(*code).modeled_retryable_trait) {
    return RetryClass::kRetryableTrait;
  }
  if (std::find(kTransientCodes.begin(), kTransientCodes.end(), sanitized_code) !=
          kTransientCodes.end() ||
      http_status == 500 || http_status == 502 || http_status == 503 || http_status == 504) {
    return RetryClass::kTransient;
  }
  return RetryClass::kNotRetryable;
}

}  // namespace bedrock::errors
