#include "bedrock/protocol/ignore_path.hpp"

#include <limits>

namespace bedrock::cassette {
namespace {

using Json = nlohmann::json;
using Kind = IgnorePathSegment::Kind;

// A value parsed JSON can never hold ("discarded" is nlohmann's parse-failure marker), so it
// never equals anything a client sent.
Json placeholder() { return Json(Json::value_t::discarded); }

void apply_from(Json& node, const std::vector<IgnorePathSegment>& segments, std::size_t at) {
  const IgnorePathSegment& segment = segments[at];
  const bool last = at + 1 == segments.size();
  switch (segment.kind) {
    case Kind::kMember: {
      if (!node.is_object()) return;
      const auto it = node.find(segment.name);
      if (it == node.end()) return;
      if (last) {
        node.erase(it);
      } else {
        apply_from(*it, segments, at + 1);
      }
      return;
    }
    case Kind::kIndex: {
      if (!node.is_array() || segment.index >= node.size()) return;
      if (last) {
        node[segment.index] = placeholder();
      } else {
        apply_from(node[segment.index], segments, at + 1);
      }
      return;
    }
    case Kind::kEvery: {
      if (!node.is_array()) return;
      for (Json& element : node) {
        if (last) {
          element = placeholder();
        } else {
          apply_from(element, segments, at + 1);
        }
      }
      return;
    }
  }
}

}  // namespace

std::optional<IgnorePath> parse_ignore_path(std::string_view text) {
  if (text.size() < 2 || text.front() != '$') return std::nullopt;
  IgnorePath path{std::string(text), {}};
  std::size_t i = 1;
  while (i < text.size()) {
    IgnorePathSegment segment;
    if (text[i] == '.') {
      const std::size_t start = ++i;
      while (i < text.size() && text[i] != '.' && text[i] != '[' && text[i] != ']') ++i;
      if (i == start) return std::nullopt;
      segment.kind = Kind::kMember;
      segment.name = std::string(text.substr(start, i - start));
    } else if (text[i] == '[') {
      ++i;
      if (i < text.size() && text[i] == '*') {
        segment.kind = Kind::kEvery;
        ++i;
      } else {
        const std::size_t start = i;
        std::size_t index = 0;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
          const auto digit = static_cast<std::size_t>(text[i] - '0');
          // An index too large for any array saturates: it names nothing either way.
          index = index > (std::numeric_limits<std::size_t>::max() - digit) / 10
                      ? std::numeric_limits<std::size_t>::max()
                      : index * 10 + digit;
          ++i;
        }
        if (i == start) return std::nullopt;
        segment.kind = Kind::kIndex;
        segment.index = index;
      }
      if (i >= text.size() || text[i] != ']') return std::nullopt;
      ++i;
    } else {
      return std::nullopt;
    }
    path.segments.push_back(std::move(segment));
  }
  return path;
}

void apply_ignore_path(nlohmann::json& value, const IgnorePath& path) {
  if (!path.segments.empty()) apply_from(value, path.segments, 0);
}

bool is_ignored_placeholder(const nlohmann::json& value) { return value.is_discarded(); }

}  // namespace bedrock::cassette
