#include "sessions/session_target.hpp"

#include "bedrock/mock/sessions.hpp"

namespace bedrock::mock {

Expected<SessionTarget, SessionTargetError> split_session_target(std::string_view raw_target,
                                                                 const std::string* header) {
  SessionTarget out;
  if (raw_target.substr(0, kSessionPathPrefix.size()) == kSessionPathPrefix) {
    std::string_view rest = raw_target.substr(kSessionPathPrefix.size());
    const auto end = rest.find_first_of("/?");
    out.session = std::string(rest.substr(0, end));
    rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end);
    // An endpoint configured with a trailing '/' gives "//model/..." (JS SDK v3); the SDK's
    // signer drops the empty segment too, so routing does the same.
    while (rest.size() > 1 && rest[0] == '/' && rest[1] == '/') rest.remove_prefix(1);
    out.target = rest.empty() || rest.front() != '/' ? "/" + std::string(rest) : std::string(rest);
    if (!is_valid_session_id(out.session)) {
      return unexpected(SessionTargetError{
          "the request target names the session \"" + out.session +
          "\", which is not a valid session id (1 to 128 of A-Z a-z 0-9 . _ -)"});
    }
    if (header != nullptr && *header != out.session) {
      return unexpected(SessionTargetError{"the path names session \"" + out.session +
                                           "\" and the " + std::string(kSessionHeader) +
                                           " header \"" + *header + "\""});
    }
    return out;
  }
  out.target = std::string(raw_target);
  if (header != nullptr) {
    if (!is_valid_session_id(*header)) {
      return unexpected(SessionTargetError{"the " + std::string(kSessionHeader) + " header \"" +
                                           *header + "\" is not a valid session id"});
    }
    out.session = *header;
  }
  return out;
}

}  // namespace bedrock::mock
