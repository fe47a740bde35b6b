#pragma once
// The three worked Bedrock SigV4 examples of reference §3 (full text in
// shared/vectors/bedrock-sigv4-derived/bedrock-sigv4-examples.txt), written out here so the
// project's own tests cover them without shared/. Inputs: the SigV4 test-suite credentials,
// us-east-1, service bedrock, 2015-08-30T12:36:00Z.
#include <chrono>
#include <string>

#include "bedrock/protocol/http_request.hpp"
#include "bedrock/protocol/sigv4_signer.hpp"

namespace bedrock::sigv4::examples {

inline constexpr const char* kAccessKeyId = "AKIDEXAMPLE";
inline constexpr const char* kSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
inline constexpr const char* kSessionToken =
    "AQoDYXdzEPT//////////"
    "wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeo"
    "IYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/"
    "kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5"
    "VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+"
    "scqKmlzm8FDrypNC9Y"
    "jc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";
inline constexpr const char* kHost = "bedrock-runtime.us-east-1.amazonaws.com";
inline constexpr const char* kBody =
    R"({"messages":[{"role":"user","content":[{"text":"Hello"}]}]})";
inline constexpr const char* kClaudeTarget =
    "/model/us.anthropic.claude-3-5-sonnet-20241022-v2%3A0/converse";
inline constexpr const char* kArnTarget =
    "/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Aapplication-inference-profile%2F"
    "abc123xyz/converse";
inline constexpr const char* kStreamTarget =
    "/model/us.anthropic.claude-3-5-sonnet-20241022-v2%3A0/converse-stream";

inline std::chrono::sys_seconds example_time() {
  using namespace std::chrono;
  return sys_days{year{2015} / 8 / 30} + hours{12} + minutes{36};
}

inline HttpRequest unsigned_converse(std::string target) {
  return HttpRequest{
      "POST", std::move(target), {{"Content-Type", "application/json"}, {"Host", kHost}}, kBody};
}

inline Credentials credentials(bool with_token = false) {
  return Credentials{kAccessKeyId, kSecret, with_token ? kSessionToken : ""};
}

inline SigningParams signing_params() {
  SigningParams params;
  params.region = "us-east-1";
  params.time = example_time();
  return params;
}

}  // namespace bedrock::sigv4::examples
