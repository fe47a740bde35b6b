#include "profile_settings.hpp"

namespace bedrock::client {
namespace {

Expected<aws_config::SharedConfigFile, ConfigError> load_or_absent(
    const std::filesystem::path& path, aws_config::FileKind kind) {
  if (path.empty()) {
    aws_config::SharedConfigFile absent;
    absent.exists = false;
    return absent;
  }
  auto file = aws_config::load_shared_file(path, kind);
  if (!file) return unexpected(config_file_error(file.error()));
  return std::move(*file);
}

}  // namespace

SettingSource setting_source(SettingSource::Kind kind, const aws_config::SharedConfigFile& file,
                             const aws_config::Setting& setting) {
  return SettingSource{kind, file.source + ":" + std::to_string(setting.line)};
}

ConfigError config_file_error(const aws_config::ConfigFileError& error) {
  return ConfigError{ConfigError::Kind::kConfigFile, error.message,
                     error.file + (error.line > 0 ? ":" + std::to_string(error.line) : "")};
}

Expected<ProfileSettings, ConfigError> ProfileSettings::load(const ProfileLocation& location) {
  ProfileSettings settings;
  settings.profile_ = location.profile;
  auto config = load_or_absent(location.config_file, aws_config::FileKind::kConfig);
  if (!config) return unexpected(std::move(config).error());
  auto credentials = load_or_absent(location.credentials_file, aws_config::FileKind::kCredentials);
  if (!credentials) return unexpected(std::move(credentials).error());
  settings.config_ = std::move(*config);
  settings.credentials_ = std::move(*credentials);
  return settings;
}

std::optional<ProfileValue> ProfileSettings::get(std::string_view key) const {
  if (const auto* section = from_credentials()) {
    if (const auto* setting = section->find(key)) {
      return ProfileValue{setting->value,
                          setting_source(SettingSource::Kind::kProfile, credentials_, *setting),
                          setting};
    }
  }
  if (const auto* section = from_config()) {
    if (const auto* setting = section->find(key)) {
      return ProfileValue{setting->value,
                          setting_source(SettingSource::Kind::kProfile, config_, *setting),
                          setting};
    }
  }
  return std::nullopt;
}

}  // namespace bedrock::client
