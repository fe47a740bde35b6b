#include "strict_json.hpp"

#include <set>
#include <vector>

namespace bedrock::cassette::detail {
namespace {

using Json = nlohmann::ordered_json;

bool is_identifier(std::string_view key) {
  if (key.empty()) return false;
  for (std::size_t i = 0; i < key.size(); ++i) {
    const char c = key[i];
    const bool letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
    const bool digit = c >= '0' && c <= '9';
    if (!letter && !(digit && i > 0)) return false;
  }
  return true;
}

// Thrown from inside the parser callback and caught in parse_strict_json (never escapes).
struct Rejected {
  StrictJsonError error;
};

// Follows the parser's events to know the path of the value being parsed.
class PathTracker {
 public:
  explicit PathTracker(std::size_t max_depth) : max_depth_(max_depth) {}

  bool on_event(nlohmann::detail::parse_event_t event, const Json& parsed) {
    using Event = nlohmann::detail::parse_event_t;
    switch (event) {
      case Event::object_start:
      case Event::array_start:
        if (frames_.size() >= max_depth_) {
          reject(StrictJsonError::Kind::kTooDeep, current_path(),
                 "nesting deeper than " + std::to_string(max_depth_) + " levels");
        }
        frames_.push_back(Frame{event == Event::array_start, 0, {}, {}});
        break;
      case Event::key: {
        Frame& top = frames_.back();
        top.key = parsed.get_ref<const std::string&>();
        if (!top.keys.insert(top.key).second) {
          reject(StrictJsonError::Kind::kDuplicateMember, current_path(),
                 "duplicate member \"" + top.key + "\"");
        }
        break;
      }
      case Event::object_end:
      case Event::array_end:
        frames_.pop_back();
        element_done();
        break;
      case Event::value:
        element_done();
        break;
    }
    return true;
  }

 private:
  struct Frame {
    bool is_array;
    std::size_t index;
    std::string key;
    std::set<std::string> keys;
  };

  void element_done() {
    if (!frames_.empty() && frames_.back().is_array) ++frames_.back().index;
  }

  // The path of the value the innermost open container is currently at.
  std::string current_path() const {
    std::string path = "$";
    for (const Frame& frame : frames_) {
      path = frame.is_array ? index_path(path, frame.index) : member_path(path, frame.key);
    }
    return path;
  }

  [[noreturn]] static void reject(StrictJsonError::Kind kind, std::string path,
                                  std::string message) {
    throw Rejected{StrictJsonError{kind, std::move(path), std::move(message), 0, 0}};
  }

  std::size_t max_depth_;
  std::vector<Frame> frames_;
};

// nlohmann reports the number of bytes read when it failed; people want line:column.
void locate(std::string_view text, std::size_t bytes_read, StrictJsonError& error) {
  const std::size_t end = std::min(bytes_read > 0 ? bytes_read - 1 : 0, text.size());
  std::size_t line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < end; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  error.line = line;
  error.column = count_code_points(text.substr(line_start, end - line_start)) + 1;
}

// "[json.exception.parse_error.101] parse error at line 1, column 2: syntax error ..." -> the
// part after the position, which we compute ourselves.
std::string strip_nlohmann_prefix(const std::string& what) {
  const std::size_t anchor = what.find("parse error");
  if (anchor == std::string::npos) return what;
  const std::size_t colon = what.find(": ", anchor);
  if (colon == std::string::npos) return what;
  return what.substr(colon + 2);
}

}  // namespace

Expected<Json, StrictJsonError> parse_strict_json(std::string_view text, std::size_t max_depth) {
  PathTracker tracker(max_depth);
  try {
    return Json::parse(
        text.begin(), text.end(),
        [&tracker](int /*depth*/, nlohmann::detail::parse_event_t event, Json& parsed) {
          return tracker.on_event(event, parsed);
        },
        /*allow_exceptions=*/true, /*ignore_comments=*/false);
  } catch (const Rejected& rejected) {
    return unexpected(rejected.error);
  } catch (const nlohmann::json::parse_error& e) {
    StrictJsonError error;
    error.kind = StrictJsonError::Kind::kSyntax;
    error.message = strip_nlohmann_prefix(e.what());
    locate(text, e.byte, error);
    return unexpected(std::move(error));
  } catch (const std::exception& e) {
    // Anything else nlohmann may throw (e.g. out_of_range on a huge number) is still bad input.
    StrictJsonError error;
    error.kind = StrictJsonError::Kind::kSyntax;
    error.message = e.what();
    error.line = 1;
    error.column = 1;
    return unexpected(std::move(error));
  }
}

std::string member_path(std::string_view parent, std::string_view key) {
  std::string path(parent);
  if (is_identifier(key)) {
    path += '.';
    path += key;
  } else {
    path += '[';
    path += Json(std::string(key)).dump(-1, ' ', false, Json::error_handler_t::replace);
    path += ']';
  }
  return path;
}

std::string index_path(std::string_view parent, std::size_t index) {
  return std::string(parent) + "[" + std::to_string(index) + "]";
}

std::size_t count_code_points(std::string_view text) {
  std::size_t count = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) ++count;
  }
  return count;
}

}  // namespace bedrock::cassette::detail
