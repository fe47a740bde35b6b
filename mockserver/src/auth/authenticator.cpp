#include "bedrock/mock/authenticator.hpp"

#include "bedrock/protocol/error_messages.hpp"
#include "bedrock/protocol/sigv4_verifier.hpp"

namespace bedrock::mock {
namespace {

using errors::ErrorCode;
using errors::make_error;
using sigv4::VerificationFailureKind;

// The texts below for malformed headers, scope and date mismatches follow the AWS front
// end's wording for other Coral services; no Bedrock sample exists (reference §12).
errors::ServiceError to_service_error(const sigv4::VerificationFailure& failure,
                                      const HttpRequest& request) {
  const std::string authorization =
      request.find_header("authorization") ? *request.find_header("authorization") : "";
  switch (failure.kind) {
    case VerificationFailureKind::kMissingAuthorization:
      return errors::authorization_header_missing();
    case VerificationFailureKind::kBearerToken:
      return errors::unrecognized_client();
    case VerificationFailureKind::kMalformedAuthorization: {
      std::string text;
      if (failure.authorization_error) {
        for (const auto& name : failure.authorization_error->missing_parameters) {
          text += "Authorization header requires '" + name + "' parameter. ";
        }
        if (text.empty()) text = failure.authorization_error->detail + ". ";
      }
      return make_error(ErrorCode::kIncompleteSignature, text + "Authorization=" + authorization);
    }
    case VerificationFailureKind::kMissingDate:
    case VerificationFailureKind::kInvalidDate:
      return make_error(ErrorCode::kIncompleteSignature,
                        "Authorization header requires existence of either a 'X-Amz-Date' or a "
                        "'Date' header. Authorization=" +
                            authorization);
    case VerificationFailureKind::kWrongService:
      return make_error(ErrorCode::kInvalidSignature,
                        "Credential should be scoped to correct service: 'bedrock'. ");
    case VerificationFailureKind::kWrongRegion:
      return make_error(ErrorCode::kInvalidSignature,
                        "Credential should be scoped to a valid region. ");
    case VerificationFailureKind::kScopeDateMismatch:
      return make_error(ErrorCode::kInvalidSignature,
                        "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of "
                        "date from HTTP. " +
                            failure.detail);
    case VerificationFailureKind::kSignatureExpired:
      return errors::signature_expired(failure.clock_skew->request_time, failure.clock_skew->now);
    case VerificationFailureKind::kSignatureNotYetCurrent:
      return errors::signature_not_yet_current(failure.clock_skew->request_time,
                                               failure.clock_skew->now);
    case VerificationFailureKind::kUnknownAccessKey:
    case VerificationFailureKind::kSessionTokenMissing:
    case VerificationFailureKind::kSessionTokenMismatch:
      return errors::unrecognized_client();
    case VerificationFailureKind::kSessionTokenNotSigned:
    case VerificationFailureKind::kSignedHeaderMissing:
    case VerificationFailureKind::kSignatureMismatch:
      return errors::invalid_signature();
  }
  return errors::invalid_signature();
}

}  // namespace

Expected<AuthenticatedCaller, errors::ServiceError> authenticate(
    const HttpRequest& request, const CredentialStore& store,
    std::chrono::system_clock::time_point now) {
  if (const std::string* authorization = request.find_header("authorization")) {
    constexpr std::string_view kBearer = "Bearer ";
    if (authorization->size() > kBearer.size() &&
        std::equal(kBearer.begin(), kBearer.end(), authorization->begin(),
                   [](char a, char b) { return std::tolower(a) == std::tolower(b); })) {
      if (store.accepts_bearer(std::string_view(*authorization).substr(kBearer.size()))) {
        return AuthenticatedCaller{};
      }
      return unexpected(errors::unrecognized_client());
    }
  }
  const sigv4::CredentialLookup lookup =
      [&store](std::string_view key) -> std::optional<sigv4::KnownCredential> {
    const StoredCredential* found = store.find(key);
    if (found == nullptr) return std::nullopt;
    return sigv4::KnownCredential{found->secret_access_key, found->session_token};
  };
  sigv4::VerificationParams params;
  params.now = now;
  auto verified = sigv4::verify(request, lookup, params);
  if (!verified) return unexpected(to_service_error(verified.error(), request));
  const StoredCredential* credential = store.find(verified->authorization.access_key_id);
  // An expired session is refused whatever the signature says, as STS credentials are.
  if (credential->expires_at && now >= *credential->expires_at) {
    return unexpected(errors::expired_token());
  }
  return AuthenticatedCaller{credential->access_key_id, credential->profile,
                             verified->authorization.scope.region};
}

}  // namespace bedrock::mock
