#include "bedrock/protocol/near_miss.hpp"

#include <nlohmann/json.hpp>

namespace bedrock::replay {
namespace {

// Long enough for any model ID in practice (ARNs included), short enough for one log line.
constexpr std::size_t kMaxModelIdBytes = 256;
constexpr std::size_t kMaxPathBytes = 160;

void append_request(std::string& text, const MissReport& report) {
  text += report.method;
  text += ' ';
  text += report.operation;
  if (!report.model_id.empty()) {
    text += ' ';
    text += truncate_utf8(report.model_id, kMaxModelIdBytes);
  }
}

void append_differences(std::string& text, const MatchResult& difference) {
  std::size_t total = 0;
  std::size_t shown = 0;
  for (const MatcherOutcome& outcome : difference.failures) {
    total += outcome.difference_count;
    for (const FieldDifference& field : outcome.differences) {
      if (shown == kMaxMessageDifferences) break;
      text += shown == 0 ? "; differs at " : "; ";
      text += truncate_utf8(field.path, kMaxPathBytes);
      text += ": recorded ";
      text += field.recorded;
      text += " vs received ";
      text += field.received;
      ++shown;
    }
  }
  if (total > shown) {
    text += " (" + std::to_string(total) + " differences in all)";
  }
}

}  // namespace

std::string MissReport::message() const {
  std::string text = "No recorded interaction matches ";
  append_request(text, *this);
  text += '.';
  if (!closest) {
    text += " No recorded interactions are loaded.";
  } else {
    text += " Closest: ";
    text += truncate_utf8(*closest, kMaxPathBytes);
    append_differences(text, difference);
  }
  // One line whatever the request held (a decoded model ID can carry any byte).
  for (char& c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = '?';
  }
  return truncate_utf8(text, kMaxMissMessageBytes - 3);
}

MissReport make_miss_report(const ReplayQuery& query, const std::optional<NearMiss>& closest) {
  MissReport report;
  report.method = std::string(query.method);
  report.operation = std::string(query.operation);
  report.model_id = std::string(query.model_id);
  if (closest) {
    report.closest = closest->source.label();
    report.difference = closest->result;
  }
  return report;
}

errors::WireResponse render_replay_miss(const MissReport& report) {
  errors::WireResponse response;
  response.status = kReplayMissStatus;
  response.headers.emplace_back("x-amzn-ErrorType", std::string(kReplayMissErrorType));
  response.headers.emplace_back("Content-Type", "application/json");
  nlohmann::ordered_json body;
  body["message"] = report.message();
  response.body = body.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  return response;
}

}  // namespace bedrock::replay
