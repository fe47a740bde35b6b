// A consumer built with nothing but pkg-config against an installed bedrock-testbed:
//   c++ main.cpp $(pkg-config --cflags --libs bedrock-mock-testing bedrock-client)
// It starts the mock in-process, gives itself a session and calls it with the C++ client.
#include <chrono>
#include <iostream>

#include "bedrock/client/bedrock_client.hpp"
#include "bedrock/client/environment.hpp"
#include "bedrock/mock/testing.hpp"

int main() {
  using namespace bedrock;
  auto mock = mock::testing::ScopedMock::start();
  if (!mock) {
    std::cerr << "mock: " << mock.error() << "\n";
    return 1;
  }
  mock::SessionSettings settings;
  settings.id = "pkg-config";
  auto session = mock->session(settings);
  if (!session) {
    std::cerr << "session: " << session.error() << "\n";
    return 1;
  }
  const client::FakeEnvironment environment;
  client::ClientOptions options;
  options.environment = &environment;
  options.config.region = "us-east-2";
  options.config.endpoint_url = session->url();
  options.credentials = client::AwsCredentials{"AKIDEXAMPLE", "secret", "", std::nullopt, "test"};
  auto bedrock_client = client::BedrockClient::create(options);
  if (!bedrock_client) {
    std::cerr << bedrock_client.error().to_string() << "\n";
    return 1;
  }
  client::ConverseRequest request;
  request.model_id = "anthropic.claude-3-5-sonnet-20241022-v2:0";
  request.messages.push_back({client::Role::kUser, {client::TextBlock{"Hi"}}});
  auto answer = (*bedrock_client)->converse(request);
  const auto journal = session->requests("Converse");
  // The seed error, seen by the client and recorded in this session's journal only.
  const bool ok = !answer && answer.error().code == "ValidationException" && journal.size() == 1 &&
                  journal[0].status == 400 && mock->requests().empty();
  std::cout << "pkg-config consumer: " << (ok ? "ok" : "FAILED") << " ("
            << (answer ? std::string("answered") : answer.error().code) << ", session journal "
            << journal.size() << ")\n";
  return ok ? 0 : 1;
}
