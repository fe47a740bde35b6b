// Ask a model a question, the way the seed's developer wanted to: if the base model ID needs an
// inference profile in this Region, the client retries once with the right one.
#include <iostream>

#include "bedrock/client/bedrock_client.hpp"

int main(int argc, char** argv) {
  using namespace bedrock::client;
  ClientOptions options;
  options.config.region = "us-east-2";
  if (argc > 1) options.config.endpoint_url = argv[1];  // e.g. a bedrock-mock URL
  options.inference_profile = InferenceProfilePolicy::kAuto;
  auto client = BedrockClient::create(options);
  if (!client) {
    std::cerr << client.error().to_string() << "\n";
    return 4;
  }
  ConverseRequest request;
  request.model_id = "anthropic.claude-3-5-sonnet-20241022-v2:0";
  request.messages.push_back({Role::kUser, {TextBlock{"What is 2+2?"}}});
  auto answer = (*client)->converse(request);
  if (!answer) {
    const ClientError& error = answer.error();
    std::cerr << error.to_string() << "\nhint: " << error.diagnosis.fix << "\n";
    return error.kind == ClientErrorKind::kNetwork ? 3 : 1;
  }
  if (!answer->info.note.empty()) std::cerr << answer->info.note << "\n";
  std::cout << answer->response.text() << "\n";
  return 0;
}
