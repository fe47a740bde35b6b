// SigV4 sign and verify throughput over a realistic Converse request (boto3-like headers, a
// ~1 KiB body). items/s in the report = signatures (or verifications) per second.
#include <benchmark/benchmark.h>

#include <chrono>
#include <string>

#include "bedrock/protocol/sigv4_signer.hpp"
#include "bedrock/protocol/sigv4_verifier.hpp"

namespace {

using namespace std::chrono;
using bedrock::HttpRequest;
namespace sigv4 = bedrock::sigv4;

const sigv4::Credentials kCredentials{
    "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
    "FwoGZXIvYXdzEXAMPLESESSIONTOKENxxxxxxxxxxxxxxxxxxxxxxxxxxxx"};

sys_seconds request_time() { return sys_days{year{2025} / 1 / 30} + hours{20} + minutes{38}; }

std::string converse_body() {
  std::string body = R"({"messages":[{"role":"user","content":[{"text":")" + std::string(900, 'x') +
                     R"("}]}],"system":[{"text":"You are a helpful assistant."}],)"
                     R"("inferenceConfig":{"maxTokens":512,"temperature":0.5,"topP":0.9}})";
  return body;
}

HttpRequest unsigned_converse() {
  return HttpRequest{
      "POST",
      "/model/us.anthropic.claude-3-5-sonnet-20241022-v2%3A0/converse",
      {{"Host", "bedrock-runtime.us-east-1.amazonaws.com"},
       {"Accept-Encoding", "identity"},
       {"Content-Type", "application/json"},
       {"User-Agent", "Boto3/1.40.0 md/Botocore#1.40.0 ua/2.1 os/linux lang/python#3.12.3"},
       {"amz-sdk-invocation-id", "8e2b0a57-1f6d-4f1a-9b3c-2f7d4a1c0e11"},
       {"amz-sdk-request", "attempt=1; max=4"},
       {"Content-Length", "1024"}},
      converse_body()};
}

sigv4::SigningParams signing_params() {
  sigv4::SigningParams params;
  params.region = "us-east-1";
  params.time = request_time();
  return params;
}

// bench/node/smithy_bench.mjs signs this same request with @smithy/signature-v4: run.sh checks
// that both print the same signature before it prints ratios.
void BM_SigV4Sign(benchmark::State& state) {
  const HttpRequest original = unsigned_converse();
  for (auto _ : state) {
    HttpRequest request = original;
    auto result = sigv4::sign(request, kCredentials, signing_params());
    benchmark::DoNotOptimize(result);
  }
  HttpRequest request = original;
  state.SetLabel("signature=" + sigv4::sign(request, kCredentials, signing_params()).signature);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SigV4Sign);

void BM_SigV4Verify(benchmark::State& state) {
  HttpRequest request = unsigned_converse();
  sigv4::sign(request, kCredentials, signing_params());
  const sigv4::CredentialLookup lookup = [](std::string_view) {
    return std::optional<sigv4::KnownCredential>(
        sigv4::KnownCredential{kCredentials.secret_access_key, kCredentials.session_token});
  };
  sigv4::VerificationParams params;
  params.now = request_time() + seconds{30};
  params.region = "us-east-1";
  for (auto _ : state) {
    auto result = sigv4::verify(request, lookup, params);
    if (!result) state.SkipWithError("verification failed");
    benchmark::DoNotOptimize(result);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SigV4Verify);

}  // namespace
