#include "validation/bounded_json.hpp"

#include <new>

namespace bedrock::mock {
namespace {

// Thrown from the parser callback to stop at once; caught below, never escapes.
struct LimitReached {
  JsonFailureKind kind;
};

}  // namespace

Expected<nlohmann::json, JsonFailure> parse_bounded_json(std::string_view text,
                                                         const JsonLimits& limits) {
  std::size_t values = 0;
  const auto callback = [&](int depth, nlohmann::json::parse_event_t event,
                            nlohmann::json& /*parsed*/) {
    using Event = nlohmann::json::parse_event_t;
    if ((event == Event::object_start || event == Event::array_start) &&
        depth >= limits.max_depth) {
      throw LimitReached{JsonFailureKind::kTooDeep};
    }
    if (event == Event::value || event == Event::object_end || event == Event::array_end) {
      if (++values > limits.max_values) throw LimitReached{JsonFailureKind::kTooManyValues};
    }
    return true;
  };
  try {
    return nlohmann::json::parse(text.begin(), text.end(), callback);
  } catch (const LimitReached& limit) {
    return unexpected(JsonFailure{limit.kind, 0});
  } catch (const nlohmann::json::parse_error& error) {
    return unexpected(JsonFailure{JsonFailureKind::kSyntax, error.byte});
  } catch (const nlohmann::json::exception&) {
    return unexpected(JsonFailure{JsonFailureKind::kSyntax, 0});
  } catch (const std::bad_alloc&) {
    return unexpected(JsonFailure{JsonFailureKind::kTooManyValues, 0});
  }
}

}  // namespace bedrock::mock
