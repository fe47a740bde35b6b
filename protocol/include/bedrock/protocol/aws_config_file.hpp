#pragma once
// The AWS shared config (~/.aws/config) and credentials (~/.aws/credentials) files, read the way
// botocore reads them (configloader.raw_config_parse over Python's RawConfigParser, then
// build_profile_map):
//   - `[section]` headers; `key = value` or `key: value` lines (the first `=` or `:` splits);
//     keys are case-insensitive (lower-cased), section names are not;
//   - whole-line comments start with `#` or `;` (no inline comments: `a = b # c` keeps `b # c`);
//   - a line indented deeper than its key's line continues that key's value; a key whose own value
//     is empty and that has continuation lines is a sub-section, e.g.
//         [services local]
//         bedrock_runtime =
//           endpoint_url = http://localhost:8080
//   - the config file names profiles `[default]` or `[profile NAME]` and endpoint groups
//     `[services NAME]`; the credentials file names profiles `[NAME]`.
// Deliberately more lenient than RawConfigParser's strict mode, like the other AWS SDKs: a repeated
// section is merged and a repeated key keeps its last value (`[default]` and `[profile default]`
// merge too). Section names are trimmed.
#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "bedrock/protocol/expected.hpp"

namespace bedrock::aws_config {

inline constexpr std::size_t kMaxConfigFileBytes = 1024 * 1024;

struct ConfigFileError {
  enum class Kind {
    kUnreadable,            // exists but cannot be read
    kTooLarge,              // more than kMaxConfigFileBytes
    kMissingSectionHeader,  // a key before any [section]
    kBadSectionHeader,      // `[name` without `]`, `[]`, text after `]`
    kExpectedKeyValue,      // a line that is neither a header, a comment nor `key = value`
    kBadSubSetting,         // a sub-section line without `=`
  };
  Kind kind = Kind::kExpectedKeyValue;
  std::string file;
  int line = 0;  // 1-based; 0: the whole file
  std::string message;
  std::string to_string() const;  // "file:line: message"
};

struct Setting {
  std::string value;  // continuation lines joined with '\n'; empty for a sub-section
  int line = 0;       // the key's line
  // `key =` followed by indented `name = value` lines (one level, as botocore's _parse_nested).
  std::map<std::string, Setting, std::less<>> sub_settings;
  bool is_sub_section() const { return !sub_settings.empty(); }
};

struct IniSection {
  std::string name;                                      // the trimmed text between [ and ]
  int line = 0;                                          // where the section first appears
  std::map<std::string, Setting, std::less<>> settings;  // by lower-cased key
  const Setting* find(std::string_view key) const;
};

// Sections in order of first appearance.
struct IniDocument {
  std::string source;
  std::vector<IniSection> sections;
  const IniSection* find(std::string_view name) const;
};

Expected<IniDocument, ConfigFileError> parse_ini(std::string_view text, std::string source);

enum class FileKind { kConfig, kCredentials };

struct SharedConfigFile {
  std::string source;
  bool exists = true;  // false: the file was absent (not an error: botocore ignores it)
  std::map<std::string, IniSection, std::less<>> profiles;  // by profile name
  std::map<std::string, IniSection, std::less<>> services;  // [services NAME] by NAME
  // Config-file sections that are neither profiles nor services (e.g. `[myprofile]` written
  // without the `profile ` prefix, or `[sso-session x]`): kept so callers can explain a miss.
  std::vector<std::string> other_sections;
  const IniSection* profile(std::string_view name) const;
  const IniSection* services_section(std::string_view name) const;
};

Expected<SharedConfigFile, ConfigFileError> parse_shared_file(std::string_view text,
                                                              std::string source, FileKind kind);
// A missing file yields an empty SharedConfigFile with exists == false.
Expected<SharedConfigFile, ConfigFileError> load_shared_file(const std::filesystem::path& path,
                                                             FileKind kind);

}  // namespace bedrock::aws_config
