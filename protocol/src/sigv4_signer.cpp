#include "bedrock/protocol/sigv4_signer.hpp"

#include <algorithm>
#include <string_view>
#include <vector>

#include "bedrock/protocol/encoding.hpp"
#include "bedrock/protocol/sigv4_canonical.hpp"
#include "bedrock/protocol/sigv4_time.hpp"
#include "sigv4_signed_names.hpp"

namespace bedrock::sigv4 {
namespace {

// What canonical_request(canonical_request_parts(request, names, normalize)) returns, written
// in one pass into `out`.
void append_canonical_request(std::string& out, const HttpRequest& request,
                              const std::vector<std::string_view>& names, bool normalize) {
  out += request.method;
  out.push_back('\n');
  append_canonical_uri(out, request.target, normalize);
  out.push_back('\n');
  append_canonical_query_string(out, request.target);
  out.push_back('\n');
  for (const std::string_view name : names) {
    out += name;
    out.push_back(':');
    append_canonical_header(out, request, name);  // present: the names come from the request
    out.push_back('\n');
  }
  out.push_back('\n');
  detail::append_joined(out, names);
  out.push_back('\n');
  if (const std::string* declared = request.find_header("x-amz-content-sha256")) {
    out += *declared;
  } else {
    out += encoding::as_text(encoding::to_hex(encoding::sha256_digest(request.body)));
  }
}

}  // namespace

SigningResult sign(HttpRequest& request, const Credentials& credentials,
                   const SigningParams& params) {
  return sign(request, credentials, params, SigningKeyCache::for_this_thread());
}

SigningResult sign(HttpRequest& request, const Credentials& credentials,
                   const SigningParams& params, SigningKeyCache& keys) {
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

  // headers_to_sign(), as views into a per-thread buffer instead of a string per name.
  detail::SignedNames& names = detail::SignedNames::for_this_thread();
  names.collect(request);

  result.canonical_request.reserve(512 + request.target.size());
  append_canonical_request(result.canonical_request, request, names.views(), params.normalize);
  result.string_to_sign.reserve(160);
  append_string_to_sign(result.string_to_sign, result.amz_date, result.scope,
                        result.canonical_request);
  result.signature = encoding::as_text(
      keys.signature(credentials.secret_access_key, result.scope, result.string_to_sign));

  // format_authorization() of {access key, scope, names, signature}, without building the names.
  std::string& authorization = result.authorization;
  authorization.reserve(160 + credentials.access_key_id.size() + names.joined_size());
  authorization += kAlgorithm;
  authorization += " Credential=";
  authorization += credentials.access_key_id;
  authorization.push_back('/');
  result.scope.append_to(authorization);
  authorization += ", SignedHeaders=";
  detail::append_joined(authorization, names.views());
  authorization += ", Signature=";
  authorization += result.signature;

  if (has_token && params.omit_session_token) {
    request.set_header("X-Amz-Security-Token", credentials.session_token);
  }
  request.set_header("Authorization", result.authorization);
  return result;
}

}  // namespace bedrock::sigv4
