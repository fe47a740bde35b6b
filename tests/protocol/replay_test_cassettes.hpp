#pragma once
// Builders for in-memory cassettes shared by the replay tests.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "bedrock/protocol/cassette.hpp"
#include "bedrock/protocol/cassette_index.hpp"

namespace bedrock::replay::test_cassettes {

inline constexpr const char* kNovaLite = "amazon.nova-lite-v1:0";

inline std::string converse_path(const std::string& model_id) {
  std::string path = "/model/";
  for (char c : model_id) path += c == ':' ? std::string("%3A") : std::string(1, c);
  return path + "/converse";
}

// A Converse interaction whose answer body is `answer` (so tests can tell answers apart).
inline cassette::Interaction converse(const std::string& request_body, const std::string& answer,
                                      std::optional<std::string> id = std::nullopt,
                                      const std::string& model_id = kNovaLite,
                                      const std::string& operation = "Converse") {
  cassette::Interaction interaction;
  interaction.id = std::move(id);
  interaction.recorded_at = "2025-04-14T09:12:31.207Z";
  interaction.request.method = "POST";
  interaction.request.path = converse_path(model_id);
  interaction.request.operation = operation;
  interaction.request.model_id = model_id;
  interaction.request.region = "us-east-1";
  interaction.request.headers = {{"Content-Type", "application/json"},
                                 {"X-Amz-Date", "20250414T091231Z"}};
  interaction.request.body = request_body;
  cassette::Response response;
  response.status = 200;
  response.headers = {{"Content-Type", "application/json"}};
  response.body = answer;
  interaction.answer = response;
  return interaction;
}

inline SourcedCassette sourced(std::string path, std::vector<cassette::Interaction> interactions,
                               std::vector<std::string> ignore_paths = {}) {
  SourcedCassette source;
  source.path = std::move(path);
  source.cassette.name = "test";
  source.cassette.match.ignore_paths = std::move(ignore_paths);
  source.cassette.interactions = std::move(interactions);
  return source;
}

inline std::string answer_of(const ReplayHit& hit) {
  const cassette::Response* response = hit.source.interaction->response();
  return response != nullptr ? response->body : std::string("(stream)");
}

inline ReplayQuery converse_query(std::string_view body, std::string_view model_id = kNovaLite) {
  return ReplayQuery{"POST", "Converse", model_id, body};
}

}  // namespace bedrock::replay::test_cassettes
