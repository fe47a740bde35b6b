#include "bedrock/protocol/matcher.hpp"

#include <algorithm>
#include <array>

namespace bedrock::replay {
namespace {

using Json = nlohmann::json;

constexpr std::string_view kAbsent = "(absent)";

std::string json_quoted(std::string_view text) {
  return truncate_utf8(Json(std::string(text)).dump(-1, ' ', false, Json::error_handler_t::replace),
                       kMaxRenderedValueBytes);
}

MatcherOutcome compare_field(std::string_view field, std::string_view recorded,
                             std::string_view received) {
  MatcherOutcome outcome;
  if (recorded == received) return outcome;
  outcome.distance = 1;
  outcome.difference_count = 1;
  outcome.differences.push_back({std::string(field),
                                 recorded.empty() ? std::string(kAbsent) : json_quoted(recorded),
                                 received.empty() ? std::string(kAbsent) : json_quoted(received)});
  return outcome;
}

bool is_identifier(std::string_view name) {
  if (name.empty()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    const bool digit = c >= '0' && c <= '9';
    if (!letter && !(digit && i > 0)) return false;
  }
  return true;
}

// Leaves: scalars, empty containers and placeholders each count one.
std::size_t leaf_count(const Json& value) {
  if (!value.is_structured() || value.empty()) return 1;
  std::size_t count = 0;
  for (const Json& child : value) count += leaf_count(child);
  return count;
}

// Walks two canonical JSON values side by side (objects in member-name order, the order
// nlohmann::json keeps them in), counting leaves and differing leaves.
class JsonDiff {
 public:
  void walk(const Json* recorded, const Json* received) {
    if (recorded == nullptr || received == nullptr) {
      const std::size_t leaves = leaf_count(recorded != nullptr ? *recorded : *received);
      total_ += leaves;
      differ(recorded, received, leaves);
      return;
    }
    if (recorded->is_discarded() && received->is_discarded()) {
      total_ += 1;
      return;
    }
    if (recorded->is_object() && received->is_object()) {
      walk_objects(*recorded, *received);
      return;
    }
    if (recorded->is_array() && received->is_array()) {
      walk_arrays(*recorded, *received);
      return;
    }
    const std::size_t leaves = std::max(leaf_count(*recorded), leaf_count(*received));
    total_ += leaves;
    // nlohmann compares numbers by value across integer and float kinds; a placeholder
    // (discarded) never equals anything.
    if (recorded->is_discarded() || received->is_discarded() || *recorded != *received) {
      differ(recorded, received, leaves);
    }
  }

  MatcherOutcome outcome() && {
    MatcherOutcome result;
    result.difference_count = count_;
    result.differences = std::move(differences_);
    result.distance =
        total_ == 0 ? 0.0 : static_cast<double>(differing_leaves_) / static_cast<double>(total_);
    return result;
  }

 private:
  void walk_objects(const Json& recorded, const Json& received) {
    if (recorded.empty() && received.empty()) {
      total_ += 1;
      return;
    }
    auto a = recorded.cbegin();
    auto b = received.cbegin();
    const auto a_end = recorded.cend();
    const auto b_end = received.cend();
    while (a != a_end || b != b_end) {
      if (b == b_end || (a != a_end && a.key() < b.key())) {
        descend_member(a.key(), &a.value(), nullptr);
        ++a;
      } else if (a == a_end || b.key() < a.key()) {
        descend_member(b.key(), nullptr, &b.value());
        ++b;
      } else {
        descend_member(a.key(), &a.value(), &b.value());
        ++a;
        ++b;
      }
    }
  }

  void walk_arrays(const Json& recorded, const Json& received) {
    if (recorded.empty() && received.empty()) {
      total_ += 1;
      return;
    }
    const std::size_t size = std::max(recorded.size(), received.size());
    for (std::size_t i = 0; i < size; ++i) {
      const std::size_t mark = path_.size();
      path_ += '[';
      path_ += std::to_string(i);
      path_ += ']';
      walk(i < recorded.size() ? &recorded[i] : nullptr,
           i < received.size() ? &received[i] : nullptr);
      path_.resize(mark);
    }
  }

  void descend_member(const std::string& name, const Json* recorded, const Json* received) {
    const std::size_t mark = path_.size();
    if (is_identifier(name)) {
      path_ += '.';
      path_ += name;
    } else {
      path_ += '[';
      path_ += Json(name).dump(-1, ' ', false, Json::error_handler_t::replace);
      path_ += ']';
    }
    walk(recorded, received);
    path_.resize(mark);
  }

  void differ(const Json* recorded, const Json* received, std::size_t leaves) {
    differing_leaves_ += leaves;
    ++count_;
    if (differences_.size() < kMaxReportedDifferences) {
      differences_.push_back({path_, render_value(recorded), render_value(received)});
    }
  }

  std::string path_ = "$";
  std::size_t total_ = 0;
  std::size_t differing_leaves_ = 0;
  std::size_t count_ = 0;
  std::vector<FieldDifference> differences_;
};

// A window of `bytes` starting a little before `from`, so the report shows where they differ.
std::string byte_window(std::string_view bytes, std::size_t from) {
  constexpr std::size_t kContextBytes = 16;
  const std::size_t start = from > kContextBytes ? from - kContextBytes : 0;
  std::string window =
      Json(std::string(bytes.substr(start))).dump(-1, ' ', false, Json::error_handler_t::replace);
  window = truncate_utf8(window, kMaxRenderedValueBytes);
  return start > 0 ? "..." + window : window;
}

}  // namespace

std::string truncate_utf8(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t cut = max_bytes;
  // Step back over continuation bytes so the cut never splits a code point.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  std::string result(text.substr(0, cut));
  result += "...";
  return result;
}

std::string render_value(const nlohmann::json* value) {
  if (value == nullptr) return std::string(kAbsent);
  if (value->is_discarded()) return "(ignored)";
  return truncate_utf8(value->dump(-1, ' ', false, Json::error_handler_t::replace),
                       kMaxRenderedValueBytes);
}

MatcherOutcome match_method(const MatchSubject& recorded, const MatchSubject& received) {
  return compare_field("method", recorded.method, received.method);
}

MatcherOutcome match_operation(const MatchSubject& recorded, const MatchSubject& received) {
  return compare_field("operation", recorded.operation, received.operation);
}

MatcherOutcome match_model_id(const MatchSubject& recorded, const MatchSubject& received) {
  return compare_field("model_id", recorded.model_id, received.model_id);
}

MatcherOutcome match_body(const MatchSubject& recorded, const MatchSubject& received) {
  static const CanonicalBody kEmpty;
  const CanonicalBody& a = recorded.body != nullptr ? *recorded.body : kEmpty;
  const CanonicalBody& b = received.body != nullptr ? *received.body : kEmpty;
  if (a.is_json && b.is_json) {
    JsonDiff diff;
    diff.walk(&a.json, &b.json);
    return std::move(diff).outcome();
  }
  MatcherOutcome outcome;
  if (a.is_json != b.is_json) {
    outcome.distance = 1;
    outcome.difference_count = 1;
    const auto describe = [](const CanonicalBody& body) {
      return (body.is_json ? "(JSON) " : "(not JSON) ") +
             truncate_utf8(body.is_json ? body.text : json_quoted(body.text),
                           kMaxRenderedValueBytes);
    };
    outcome.differences.push_back({"body", describe(a), describe(b)});
    return outcome;
  }
  if (a.text == b.text) return outcome;
  const auto [end_a, end_b] =
      std::mismatch(a.text.begin(), a.text.end(), b.text.begin(), b.text.end());
  const auto common = static_cast<std::size_t>(end_a - a.text.begin());
  (void)end_b;
  outcome.distance = 1.0 - static_cast<double>(common) /
                               static_cast<double>(std::max(a.text.size(), b.text.size()));
  outcome.difference_count = 1;
  outcome.differences.push_back({"body", byte_window(a.text, common), byte_window(b.text, common)});
  return outcome;
}

std::span<const Matcher> default_matchers() {
  static constexpr std::array<Matcher, 4> kMatchers{{
      {"method", &match_method},
      {"operation", &match_operation},
      {"model_id", &match_model_id},
      {"body", &match_body},
  }};
  return kMatchers;
}

MatchResult match(const MatchSubject& recorded, const MatchSubject& received,
                  std::span<const Matcher> matchers) {
  MatchResult result;
  if (matchers.empty()) return result;
  double sum = 0;
  for (const Matcher& matcher : matchers) {
    MatcherOutcome outcome = matcher.function(recorded, received);
    outcome.matcher = matcher.name;
    sum += outcome.distance;
    if (!outcome.matched()) result.failures.push_back(std::move(outcome));
  }
  result.distance = sum / static_cast<double>(matchers.size());
  return result;
}

}  // namespace bedrock::replay
