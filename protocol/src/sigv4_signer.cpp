#include "bedrock/protocol/sigv4_signer.hpp"

#include "bedrock/protocol/encoding.hpp"
#include "bedrock/protocol/sigv4_authorization.hpp"
#include "bedrock/protocol/sigv4_canonical.hpp"
#include "bedrock/protocol/sigv4_time.hpp"

namespace bedrock::sigv4 {

SigningResult sign(HttpRequest& request, const Credentials& credentials,
                   const SigningParams& params) {
  SigningResult result;
  result.amz_date = format_amz_date(params.time);
  result.scope = CredentialScope{format_scope_date(params.time), params.region, params.service};

  request.remove_header("Authorization");
  request.remove_header("X-Amz-Date");
  request.remove_header("X-Amz-Security-Token");
  // aws-c-auth's header order: token, date, content hash (see the suite's signed requests).
  const bool has_token = !credentials.session_token.empty();
  if (has_token && !params.omit_session_token) {
    request.set_header("X-Amz-Security-Token", credentials.session_token);
  }
  request.set_header("X-Amz-Date", result.amz_date);
  if (params.sign_body) {
    request.set_header("x-amz-content-sha256", encoding::sha256_hex(request.body));
  }

  const std::vector<std::string> names = headers_to_sign(request);
  result.canonical_request =
      canonical_request(canonical_request_parts(request, names, params.normalize));
  result.string_to_sign = string_to_sign(result.amz_date, result.scope, result.canonical_request);
  result.signature =
      signature(signing_key(credentials.secret_access_key, result.scope), result.string_to_sign);
  result.authorization = format_authorization(
      AuthorizationHeader{credentials.access_key_id, result.scope, names, result.signature});

  if (has_token && params.omit_session_token) {
    request.set_header("X-Amz-Security-Token", credentials.session_token);
  }
  request.set_header("Authorization", result.authorization);
  return result;
}

}  // namespace bedrock::sigv4
