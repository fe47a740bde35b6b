#include "bedrock/protocol/aws_config_file.hpp"

#include <fstream>
#include <optional>
#include <utility>

#include "bedrock/protocol/encoding.hpp"

namespace bedrock::aws_config {
namespace {

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\f\v");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\f\v");
  return text.substr(first, last - first + 1);
}

bool is_comment(std::string_view stripped) {
  return !stripped.empty() && (stripped.front() == '#' || stripped.front() == ';');
}

std::size_t indent_of(std::string_view line) {
  std::size_t indent = 0;
  while (indent < line.size() && (line[indent] == ' ' || line[indent] == '\t')) ++indent;
  return indent;
}

Unexpected<ConfigFileError> fail(ConfigFileError::Kind kind, const std::string& source, int line,
                                 std::string message) {
  return unexpected(ConfigFileError{kind, source, line, std::move(message)});
}

// One `key = value` line and the lines that continue it, kept raw until the whole file is read
// (a later duplicate replaces it; a value is only known to be a sub-section at the end).
struct PendingSetting {
  std::size_t section = 0;
  std::string key;
  int line = 0;
  std::size_t indent = 0;
  std::string first;
  std::vector<std::pair<std::string, int>> continuation;
};

Expected<Setting, ConfigFileError> finish(const PendingSetting& pending,
                                          const std::string& source) {
  Setting setting;
  setting.line = pending.line;
  if (pending.first.empty() && !pending.continuation.empty()) {
    for (const auto& [text, line] : pending.continuation) {
      const std::string_view line_text = text;
      const auto eq = line_text.find('=');
      const auto key =
          eq == std::string_view::npos ? std::string_view{} : trim(line_text.substr(0, eq));
      if (key.empty()) {
        return fail(ConfigFileError::Kind::kBadSubSetting, source, line,
                    "a line inside `" + pending.key + " =` must be `name = value`");
      }
      setting.sub_settings[encoding::to_lower(key)] =
          Setting{std::string(trim(line_text.substr(eq + 1))), line, {}};
    }
    return setting;
  }
  setting.value = pending.first;
  for (const auto& [text, line] : pending.continuation) setting.value += "\n" + text;
  return setting;
}

// botocore splits `profile NAME` with shlex, so `[profile "my profile"]` names `my profile` and a
// header that does not split into exactly two words is not a profile at all.
std::optional<std::vector<std::string>> split_words(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  char quote = 0;
  for (const char c : text) {
    if (quote != 0) {
      if (c == quote) {
        quote = 0;
      } else {
        word += c;
      }
    } else if (c == '"' || c == '\'') {
      quote = c;
      in_word = true;
    } else if (c == ' ' || c == '\t') {
      if (in_word) words.push_back(std::exchange(word, {}));
      in_word = false;
    } else {
      word += c;
      in_word = true;
    }
  }
  if (quote != 0) return std::nullopt;
  if (in_word) words.push_back(word);
  return words;
}

void merge_into(std::map<std::string, IniSection, std::less<>>& into, const std::string& name,
                const IniSection& section) {
  auto [it, inserted] = into.try_emplace(name, section);
  if (inserted) {
    it->second.name = name;
    return;
  }
  for (const auto& [key, setting] : section.settings) it->second.settings[key] = setting;
}

}  // namespace

std::string ConfigFileError::to_string() const {
  return file + (line > 0 ? ":" + std::to_string(line) : "") + ": " + message;
}

const Setting* IniSection::find(std::string_view key) const {
  const auto it = settings.find(key);
  return it == settings.end() ? nullptr : &it->second;
}

const IniSection* IniDocument::find(std::string_view name) const {
  for (const auto& section : sections) {
    if (section.name == name) return &section;
  }
  return nullptr;
}

Expected<IniDocument, ConfigFileError> parse_ini(std::string_view text, std::string source) {
  if (text.size() > kMaxConfigFileBytes) {
    return fail(ConfigFileError::Kind::kTooLarge, source, 0,
                "larger than " + std::to_string(kMaxConfigFileBytes) + " bytes");
  }
  IniDocument document;
  document.source = source;
  std::vector<PendingSetting> pending;
  // Indexes into document.sections / pending; kNone when there is no current one.
  constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  std::size_t current_section = kNone;
  std::size_t current_setting = kNone;
  int number = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++number;
    const std::string_view stripped = trim(line);
    // Blank and comment lines do not end a value: RawConfigParser keeps reading its continuation.
    if (stripped.empty() || is_comment(stripped)) continue;
    const std::size_t indent = indent_of(line);
    if (current_setting != kNone && indent > 0 && indent > pending[current_setting].indent) {
      pending[current_setting].continuation.emplace_back(std::string(stripped), number);
      continue;
    }
    current_setting = kNone;
    if (stripped.front() == '[') {
      const auto close = stripped.rfind(']');
      if (close == std::string_view::npos) {
        return fail(ConfigFileError::Kind::kBadSectionHeader, source, number,
                    "section header without a closing ]");
      }
      const auto after = trim(stripped.substr(close + 1));
      if (!after.empty() && !is_comment(after)) {
        return fail(ConfigFileError::Kind::kBadSectionHeader, source, number,
                    "unexpected text after the section header's ]");
      }
      const std::string name(trim(stripped.substr(1, close - 1)));
      if (name.empty()) {
        return fail(ConfigFileError::Kind::kBadSectionHeader, source, number, "empty section name");
      }
      current_section = kNone;
      for (std::size_t i = 0; i < document.sections.size(); ++i) {
        if (document.sections[i].name == name) current_section = i;
      }
      if (current_section == kNone) {
        document.sections.push_back(IniSection{name, number, {}});
        current_section = document.sections.size() - 1;
      }
      continue;
    }
    const auto delimiter = stripped.find_first_of("=:");
    if (delimiter == std::string_view::npos) {
      return fail(ConfigFileError::Kind::kExpectedKeyValue, source, number,
                  "expected `key = value`, a [section] header or a comment");
    }
    const auto key = trim(stripped.substr(0, delimiter));
    if (key.empty()) {
      return fail(ConfigFileError::Kind::kExpectedKeyValue, source, number,
                  "a `= value` line without a key");
    }
    if (current_section == kNone) {
      return fail(ConfigFileError::Kind::kMissingSectionHeader, source, number,
                  "a setting before the first [section] header");
    }
    pending.push_back(PendingSetting{current_section,
                                     encoding::to_lower(key),
                                     number,
                                     indent,
                                     std::string(trim(stripped.substr(delimiter + 1))),
                                     {}});
    current_setting = pending.size() - 1;
  }
  for (const auto& setting : pending) {
    auto finished = finish(setting, source);
    if (!finished) return unexpected(std::move(finished).error());
    document.sections[setting.section].settings[setting.key] = std::move(*finished);
  }
  return document;
}

const IniSection* SharedConfigFile::profile(std::string_view name) const {
  const auto it = profiles.find(name);
  return it == profiles.end() ? nullptr : &it->second;
}

const IniSection* SharedConfigFile::services_section(std::string_view name) const {
  const auto it = services.find(name);
  return it == services.end() ? nullptr : &it->second;
}

Expected<SharedConfigFile, ConfigFileError> parse_shared_file(std::string_view text,
                                                              std::string source, FileKind kind) {
  auto document = parse_ini(text, source);
  if (!document) return unexpected(std::move(document).error());
  SharedConfigFile file;
  file.source = std::move(source);
  for (const auto& section : document->sections) {
    if (kind == FileKind::kCredentials) {
      merge_into(file.profiles, section.name, section);
      continue;
    }
    if (section.name == "default") {
      merge_into(file.profiles, section.name, section);
      continue;
    }
    const auto words = split_words(section.name);
    if (words && words->size() == 2 && (*words)[0] == "profile") {
      merge_into(file.profiles, (*words)[1], section);
    } else if (words && words->size() == 2 && (*words)[0] == "services") {
      merge_into(file.services, (*words)[1], section);
    } else {
      file.other_sections.push_back(section.name);
    }
  }
  return file;
}

Expected<SharedConfigFile, ConfigFileError> load_shared_file(const std::filesystem::path& path,
                                                             FileKind kind) {
  std::error_code error;
  const auto status = std::filesystem::status(path, error);
  if (!std::filesystem::exists(status)) {
    SharedConfigFile missing;
    missing.source = path.string();
    missing.exists = false;
    return missing;
  }
  if (std::filesystem::is_directory(status)) {
    return fail(ConfigFileError::Kind::kUnreadable, path.string(), 0, "is a directory");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(ConfigFileError::Kind::kUnreadable, path.string(), 0, "cannot be read");
  std::string text(kMaxConfigFileBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (in.bad()) return fail(ConfigFileError::Kind::kUnreadable, path.string(), 0, "read failed");
  return parse_shared_file(text, path.string(), kind);
}

}  // namespace bedrock::aws_config
