// Credentials written in the shared files: static keys in the credentials file or the config
// file, and the config's credential_process.
#include "bedrock/client/credentials.hpp"
#include "credentials_json.hpp"
#include "profile_settings.hpp"
#include "shell_command.hpp"

namespace bedrock::client {
namespace {

CredentialsError error(CredentialsError::Kind kind, const std::string& provider,
                       std::string message) {
  return CredentialsError{kind, provider, std::move(message), {}};
}

std::string describe_profile(const std::string& profile, aws_config::FileKind kind) {
  return kind == aws_config::FileKind::kCredentials
             ? "[" + profile + "]"
             : (profile == "default" ? "[default]" : "[profile " + profile + "]");
}

CredentialsResult keys_from_file(const std::string& provider, const std::filesystem::path& path,
                                 const std::string& profile, aws_config::FileKind kind) {
  using Kind = CredentialsError::Kind;
  if (path.empty()) return unexpected(error(Kind::kNotConfigured, provider, "no file (no HOME)"));
  auto file = aws_config::load_shared_file(path, kind);
  if (!file) return unexpected(error(Kind::kInvalid, provider, file.error().to_string()));
  if (!file->exists) {
    return unexpected(error(Kind::kNotConfigured, provider, "no file at " + path.string()));
  }
  const auto* section = file->profile(profile);
  if (section == nullptr) {
    std::string message = "no profile " + describe_profile(profile, kind) + " in " + path.string();
    for (const auto& other : file->other_sections) {
      if (other == profile) message += " (a config file names it [profile " + profile + "])";
    }
    return unexpected(error(Kind::kNotConfigured, provider, message));
  }
  const auto* key = section->find("aws_access_key_id");
  const auto* secret = section->find("aws_secret_access_key");
  if (key == nullptr || key->value.empty()) {
    return unexpected(error(Kind::kNotConfigured, provider,
                            "profile " + describe_profile(profile, kind) + " in " + path.string() +
                                " has no aws_access_key_id"));
  }
  if (secret == nullptr || secret->value.empty()) {
    return unexpected(error(Kind::kIncomplete, provider,
                            path.string() + ":" + std::to_string(key->line) +
                                ": aws_access_key_id without aws_secret_access_key"));
  }
  AwsCredentials found{key->value, secret->value, "", std::nullopt, provider};
  // aws_security_token is the older spelling botocore still reads.
  for (const char* name : {"aws_session_token", "aws_security_token"}) {
    if (const auto* token = section->find(name); token != nullptr && !token->value.empty()) {
      found.session_token = token->value;
      break;
    }
  }
  return found;
}

}  // namespace

SharedCredentialsFileProvider::SharedCredentialsFileProvider(ProfileLocation location)
    : location_(std::move(location)) {}

CredentialsResult SharedCredentialsFileProvider::credentials() {
  return keys_from_file(name(), location_.credentials_file, location_.profile,
                        aws_config::FileKind::kCredentials);
}

ConfigFileCredentialsProvider::ConfigFileCredentialsProvider(ProfileLocation location)
    : location_(std::move(location)) {}

CredentialsResult ConfigFileCredentialsProvider::credentials() {
  return keys_from_file(name(), location_.config_file, location_.profile,
                        aws_config::FileKind::kConfig);
}

ProcessCredentialsProvider::ProcessCredentialsProvider(ProfileLocation location,
                                                       ProcessOptions options)
    : location_(std::move(location)), options_(options) {}

CredentialsResult ProcessCredentialsProvider::credentials() {
  using Kind = CredentialsError::Kind;
  auto settings = ProfileSettings::load(location_);
  if (!settings) return unexpected(error(Kind::kInvalid, name(), settings.error().to_string()));
  const auto command = settings->get("credential_process");
  if (!command || command->text.empty()) {
    return unexpected(error(Kind::kNotConfigured, name(),
                            "profile [" + location_.profile + "] has no credential_process"));
  }
  const std::string where = command->source.where;
  auto run = run_shell_command(command->text, options_.timeout, options_.max_output_bytes);
  if (!run) return unexpected(error(Kind::kUnavailable, name(), where + ": " + run.error()));
  if (run->timed_out) {
    return unexpected(error(Kind::kUnavailable, name(),
                            where + ": credential_process did not finish within " +
                                std::to_string(options_.timeout.count()) + " ms (killed)"));
  }
  if (run->exit_status != 0) {
    // stderr is what the tool says about its failure (botocore shows it too); stdout may hold
    // secrets and is never shown.
    std::string detail = run->err.substr(0, 300);
    while (!detail.empty() && (detail.back() == '\n' || detail.back() == '\r')) detail.pop_back();
    const std::string status = run->signal != 0
                                   ? "was killed by signal " + std::to_string(run->signal)
                                   : "exited with status " + std::to_string(run->exit_status);
    return unexpected(
        error(Kind::kUnavailable, name(),
              where + ": credential_process " + status + (detail.empty() ? "" : ": " + detail)));
  }
  if (run->output_truncated) {
    return unexpected(error(Kind::kInvalid, name(),
                            where + ": credential_process wrote more than " +
                                std::to_string(options_.max_output_bytes) + " bytes"));
  }
  auto parsed = parse_credentials_json(run->out, CredentialsJsonShape::kCredentialProcess);
  if (!parsed) {
    return unexpected(
        error(Kind::kInvalid, name(), where + ": credential_process output: " + parsed.error()));
  }
  parsed->provider = name();
  return std::move(*parsed);
}

}  // namespace bedrock::client
