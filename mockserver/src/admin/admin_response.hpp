#pragma once
// How every /__admin/ endpoint answers: pretty JSON, and errors as {"error": "..."}.
#include <string>

#include <nlohmann/json.hpp>

#include "bedrock/mock/exchange.hpp"

namespace bedrock::mock {

inline ExchangeResponse admin_json(int status, const nlohmann::json& body) {
  ExchangeResponse response;
  response.status = status;
  response.headers = {{"Content-Type", "application/json"}};
  response.body = body.dump(2) + "\n";
  return response;
}

inline ExchangeResponse admin_error(int status, const std::string& message) {
  return admin_json(status, {{"error", message}});
}

}  // namespace bedrock::mock
