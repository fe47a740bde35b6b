#pragma once
// The selected profile as seen through both shared files. botocore's Session.full_config merges
// the credentials file's section for a profile over the config file's, so `region` written in
// ~/.aws/credentials counts, and credentials-file keys win.
#include <optional>
#include <string>
#include <string_view>

#include "bedrock/client/config.hpp"
#include "bedrock/protocol/aws_config_file.hpp"

namespace bedrock::client {

struct ProfileValue {
  std::string text;
  SettingSource source;                // kProfile with file:line
  const aws_config::Setting* setting;  // valid while the ProfileSettings lives
};

class ProfileSettings {
 public:
  static Expected<ProfileSettings, ConfigError> load(const ProfileLocation& location);

  const std::string& profile() const { return profile_; }
  bool exists() const { return from_config() != nullptr || from_credentials() != nullptr; }
  std::optional<ProfileValue> get(std::string_view key) const;
  const aws_config::IniSection* from_config() const { return config_.profile(profile_); }
  const aws_config::IniSection* from_credentials() const { return credentials_.profile(profile_); }
  const aws_config::SharedConfigFile& config_file() const { return config_; }
  const aws_config::SharedConfigFile& credentials_file() const { return credentials_; }

 private:
  std::string profile_;
  aws_config::SharedConfigFile config_;
  aws_config::SharedConfigFile credentials_;
};

SettingSource setting_source(SettingSource::Kind kind, const aws_config::SharedConfigFile& file,
                             const aws_config::Setting& setting);
ConfigError config_file_error(const aws_config::ConfigFileError& error);

}  // namespace bedrock::client
