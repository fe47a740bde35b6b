// The mock routes and (often) renders an error for every request: both sit on the hot path.
#include <benchmark/benchmark.h>

#include "bedrock/protocol/error_messages.hpp"
#include "bedrock/protocol/model_id.hpp"
#include "bedrock/protocol/operation.hpp"

namespace {

void BM_ParseRequestTargetEncodedArn(benchmark::State& state) {
  const std::string target =
      "/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Aapplication-inference-profile%2F"
      "abc123xyz/converse";
  for (auto _ : state) {
    benchmark::DoNotOptimize(bedrock::operations::parse_request_target("POST", target));
  }
}
BENCHMARK(BM_ParseRequestTargetEncodedArn);

void BM_ParseModelIdProfileArn(benchmark::State& state) {
  const std::string arn =
      "arn:aws:bedrock:us-east-2:123456789012:inference-profile/"
      "us.anthropic.claude-3-5-sonnet-20240620-v1:0";
  for (auto _ : state) benchmark::DoNotOptimize(bedrock::model_id::parse_model_id(arn));
}
BENCHMARK(BM_ParseModelIdProfileArn);

void BM_RenderOnDemandError(benchmark::State& state) {
  auto error = bedrock::errors::on_demand_throughput_not_supported(
      "anthropic.claude-3-7-sonnet-20250219-v1:0");
  error.request_id = "00000000-0000-4000-8000-000000000000";
  for (auto _ : state) benchmark::DoNotOptimize(bedrock::errors::render_http_error(error));
}
BENCHMARK(BM_RenderOnDemandError);

}  // namespace
