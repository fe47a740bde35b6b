#include "cli_commands.hpp"

#include <CLI/CLI.hpp>

#include <fstream>
#include <iostream>
#include <sstream>

#include "bedrock/client/bedrock_client.hpp"
#include "doctor_command.hpp"

namespace bedrock::cli {
namespace {

using client::BedrockClient;
using client::ClientError;
using client::ClientErrorKind;
using nlohmann::json;

struct CommonFlags {
  std::string region;
  std::string profile;
  std::string endpoint_url;
  std::string control_endpoint_url;
  std::string inference_profile = "never";
  double timeout_seconds = 0;
  bool verbose = false;
  bool json_output = false;
  bool http2 = false;
};

struct ConverseFlags {
  std::string model;
  std::string prompt;
  std::string system;
  int max_tokens = 0;
  double temperature = -1;
};

int exit_code_for(const ClientError& error) {
  switch (error.kind) {
    case ClientErrorKind::kService:
      return kExitServiceError;
    case ClientErrorKind::kNetwork:
      return kExitNetwork;
    case ClientErrorKind::kConfig:
    case ClientErrorKind::kCredentials:
      return kExitConfiguration;
    case ClientErrorKind::kProtocol:
      return kExitProtocol;
  }
  return kExitServiceError;
}

int report(const ClientError& error, std::ostream& err) {
  err << "error: " << error.to_string() << "\n";
  if (error.attempts > 1) err << "attempts: " << error.attempts << "\n";
  if (!error.diagnosis.fix.empty()) {
    err << "hint: " << error.diagnosis.fix << " [" << client::to_string(error.diagnosis.category)
        << "]\n";
  }
  return exit_code_for(error);
}

client::ConverseRequest converse_request(const ConverseFlags& flags) {
  client::ConverseRequest request;
  request.model_id = flags.model;
  request.messages.push_back({client::Role::kUser, {client::TextBlock{flags.prompt}}});
  if (!flags.system.empty()) request.system.push_back(client::TextBlock{flags.system});
  if (flags.max_tokens > 0 || flags.temperature >= 0) {
    client::InferenceConfig config;
    if (flags.max_tokens > 0) config.max_tokens = flags.max_tokens;
    if (flags.temperature >= 0) config.temperature = flags.temperature;
    request.inference_config = config;
  }
  return request;
}

std::string read_body(const std::string& body, const std::string& file) {
  if (file.empty()) return body;
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void add_common(CLI::App& command, CommonFlags& flags) {
  command.add_option("--region", flags.region, "AWS Region (else AWS_REGION, the profile...)");
  command.add_option("--profile", flags.profile, "Profile in the shared config files");
  command.add_option("--endpoint-url", flags.endpoint_url,
                     "Runtime endpoint, e.g. http://127.0.0.1:8080 for bedrock-mock");
  command.add_option("--control-endpoint-url", flags.control_endpoint_url,
                     "Control-plane endpoint (default: --endpoint-url when given)");
  command.add_option("--timeout", flags.timeout_seconds, "Whole-request timeout in seconds");
  command.add_flag("--verbose,-v", flags.verbose,
                   "Show the request line, signed headers (secrets hidden), status, request ID, "
                   "attempts");
  command.add_flag("--json", flags.json_output, "Print the whole response as JSON");
  command.add_flag("--http2", flags.http2,
                   "Speak HTTP/2: ALPN h2 on https://, prior knowledge on http:// (as the JS SDK "
                   "does); default HTTP/1.1");
}

void add_converse(CLI::App& command, ConverseFlags& flags, CommonFlags& common) {
  command.add_option("--model,-m", flags.model, "Model ID, profile ID or ARN")->required();
  command.add_option("prompt", flags.prompt, "What to ask")->required();
  command.add_option("--system", flags.system, "System prompt");
  command.add_option("--max-tokens", flags.max_tokens, "inferenceConfig.maxTokens")
      ->check(CLI::PositiveNumber);
  command.add_option("--temperature", flags.temperature, "inferenceConfig.temperature (0..1)")
      ->check(CLI::Range(0.0, 1.0));
  command
      .add_option("--inference-profile", common.inference_profile,
                  "never: use the model ID as given; auto: on the on-demand-throughput error, "
                  "retry with the region's inference profile; always: resolve first")
      ->check(CLI::IsMember({"never", "auto", "always"}));
}

Expected<std::unique_ptr<BedrockClient>, ClientError> make_client(const CommonFlags& flags,
                                                                  std::ostream& err) {
  client::ClientOptions options;
  if (!flags.region.empty()) options.config.region = flags.region;
  if (!flags.profile.empty()) options.config.profile = flags.profile;
  if (!flags.endpoint_url.empty()) {
    options.config.endpoint_url = flags.endpoint_url;
    options.config.control_plane_endpoint_url = flags.endpoint_url;
  }
  if (!flags.control_endpoint_url.empty()) {
    options.config.control_plane_endpoint_url = flags.control_endpoint_url;
  }
  if (flags.timeout_seconds > 0) {
    options.transport.request_timeout =
        std::chrono::milliseconds(static_cast<int64_t>(flags.timeout_seconds * 1000));
  }
  options.transport.http2 = flags.http2;
  options.inference_profile = client::parse_inference_profile_policy(flags.inference_profile)
                                  .value_or(client::InferenceProfilePolicy::kNever);
  if (flags.verbose) {
    options.log = [&err](std::string_view line) { err << line << "\n"; };
  }
  return BedrockClient::create(std::move(options));
}

void print_note(const client::CallInfo& info, const CommonFlags& flags, std::ostream& err) {
  if (!info.note.empty()) err << "note: " << info.note << "\n";
  if (flags.verbose) {
    err << "* request id " << info.request_id << ", " << info.attempts << " attempt(s)\n";
  }
}

}  // namespace

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CLI::App app{
      "bedrock-cli: call Amazon Bedrock (or bedrock-mock) from the command line.\n"
      "Configuration and credentials come from the usual AWS places (flags, AWS_* variables, "
      "~/.aws/config and credentials, credential_process, container and instance metadata)."};
  app.footer(
      "Exit status: 0 ok; 1 the service answered with an error (doctor: a step failed); 2 usage "
      "error; 3 network failure "
      "(DNS, connect, TLS, timeout, dropped connection); 4 configuration or credentials missing "
      "or invalid; 5 an answer the client cannot read.");
  app.require_subcommand(1);
  CommonFlags common;
  ConverseFlags converse_flags;

  auto* converse = app.add_subcommand("converse", "Converse: print the answer");
  add_common(*converse, common);
  add_converse(*converse, converse_flags, common);
  auto* stream = app.add_subcommand("stream", "ConverseStream: print the text as it arrives");
  add_common(*stream, common);
  add_converse(*stream, converse_flags, common);

  auto* count = app.add_subcommand("count-tokens", "CountTokens for a Converse input");
  add_common(*count, common);
  count->add_option("--model,-m", converse_flags.model, "Foundation model ID")->required();
  count->add_option("prompt", converse_flags.prompt, "The text to count")->required();
  count->add_option("--system", converse_flags.system, "System prompt");

  std::string invoke_model, invoke_body, invoke_body_file, content_type = "application/json";
  bool invoke_stream = false;
  auto* invoke = app.add_subcommand("invoke", "InvokeModel with a model-native JSON body");
  add_common(*invoke, common);
  invoke->add_option("--model,-m", invoke_model, "Model ID, profile ID or ARN")->required();
  auto* body_option = invoke->add_option("--body", invoke_body, "The request body (JSON)");
  invoke->add_option("--body-file", invoke_body_file, "Read the body from this file")
      ->check(CLI::ExistingFile)
      ->excludes(body_option);
  invoke->add_option("--content-type", content_type, "Content-Type of the body");
  invoke->add_flag("--stream", invoke_stream, "InvokeModelWithResponseStream: print each chunk");
  invoke->add_option("--inference-profile", common.inference_profile, "never | auto | always")
      ->check(CLI::IsMember({"never", "auto", "always"}));

  std::vector<std::string> model_filters;
  std::string by_provider, by_output_modality, by_inference_type;
  auto* models = app.add_subcommand("models", "ListFoundationModels in the region");
  add_common(*models, common);
  models->add_option("--provider", by_provider, "byProvider filter");
  models->add_option("--output-modality", by_output_modality, "byOutputModality filter");
  models->add_option("--inference-type", by_inference_type, "byInferenceType filter");

  std::string profile_type;
  auto* profiles = app.add_subcommand("profiles", "ListInferenceProfiles in the region");
  add_common(*profiles, common);
  profiles->add_option("--type", profile_type, "SYSTEM_DEFINED or APPLICATION")
      ->check(CLI::IsMember({"SYSTEM_DEFINED", "APPLICATION"}));

  DoctorFlags doctor_flags;
  auto* doctor = add_doctor_command(app, doctor_flags);

  std::vector<std::string> argv_storage = args;
  std::vector<const char*> argv;
  argv.push_back("bedrock-cli");
  for (const auto& arg : argv_storage) argv.push_back(arg.c_str());
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::CallForHelp&) {
    out << app.help();
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    err << "bedrock-cli: " << e.what() << "\n";
    if (const auto* used = app.get_subcommands().empty() ? nullptr : app.get_subcommands()[0]) {
      err << "Run 'bedrock-cli " << used->get_name() << " --help' for its flags.\n";
    } else {
      err << "Run 'bedrock-cli --help' for the commands.\n";
    }
    return kExitUsage;
  }

  // doctor reports a missing region or credentials as a failed step, not as an error.
  if (doctor->parsed()) return run_doctor_command(doctor_flags, out);

  auto client = make_client(common, err);
  if (!client) return report(client.error(), err);
  BedrockClient& bedrock = **client;

  if (converse->parsed()) {
    auto result = bedrock.converse(converse_request(converse_flags));
    if (!result) return report(result.error(), err);
    print_note(result->info, common, err);
    out << (common.json_output ? result->raw_body : result->response.text()) << "\n";
    return kExitOk;
  }
  if (stream->parsed()) {
    auto result = bedrock.converse_stream(
        converse_request(converse_flags), [&](const client::ConverseStreamEvent& event) {
          if (common.json_output) return;
          if (const auto* delta = std::get_if<client::ContentBlockDelta>(&event)) {
            if (const auto* text = std::get_if<client::TextDelta>(&delta->delta)) {
              out << text->text << std::flush;
            }
          }
        });
    if (!common.json_output) out << "\n";
    if (!result) return report(result.error(), err);
    print_note(result->info, common, err);
    if (common.json_output) {
      json summary = {{"text", result->result.text()},
                      {"stopReason", result->result.stop_reason.value_or("")}};
      if (result->result.usage) {
        summary["usage"] = {{"inputTokens", result->result.usage->input_tokens},
                            {"outputTokens", result->result.usage->output_tokens},
                            {"totalTokens", result->result.usage->total_tokens}};
      }
      out << summary.dump() << "\n";
    }
    return kExitOk;
  }
  if (count->parsed()) {
    auto result = bedrock.count_tokens(converse_request(converse_flags));
    if (!result) return report(result.error(), err);
    print_note(result->info, common, err);
    out << (common.json_output ? json{{"inputTokens", result->input_tokens}}.dump()
                               : std::to_string(result->input_tokens))
        << "\n";
    return kExitOk;
  }
  if (invoke->parsed()) {
    const std::string body = read_body(invoke_body, invoke_body_file);
    if (body.empty()) {
      err << "bedrock-cli invoke: give the request body with --body or --body-file\n";
      return kExitUsage;
    }
    auto result =
        invoke_stream
            ? bedrock.invoke_model_stream(
                  invoke_model, body,
                  [&](std::string_view chunk) { out << chunk << "\n"
                                                    << std::flush; }, content_type)
            : bedrock.invoke_model(invoke_model, body, content_type);
    if (!result) return report(result.error(), err);
    print_note(result->info, common, err);
    if (!invoke_stream) out << result->body << "\n";
    return kExitOk;
  }
  if (models->parsed()) {
    std::vector<std::pair<std::string, std::string>> filters;
    if (!by_provider.empty()) filters.emplace_back("byProvider", by_provider);
    if (!by_output_modality.empty()) filters.emplace_back("byOutputModality", by_output_modality);
    if (!by_inference_type.empty()) filters.emplace_back("byInferenceType", by_inference_type);
    auto result = bedrock.list_foundation_models(filters);
    if (!result) return report(result.error(), err);
    for (const auto& model : *result) {
      std::string types;
      for (const auto& type : model.inference_types_supported) {
        types += (types.empty() ? "" : ",") + type;
      }
      out << model.model_id << "  " << model.provider_name.value_or("-") << "  " << types << "\n";
    }
    return kExitOk;
  }
  if (profiles->parsed()) {
    auto result = bedrock.list_inference_profiles(
        profile_type.empty() ? std::nullopt : std::optional<std::string>(profile_type));
    if (!result) return report(result.error(), err);
    for (const auto& profile : *result) {
      std::string regions;
      for (const auto& region : profile.destination_regions) {
        regions += (regions.empty() ? "" : ",") + region;
      }
      out << profile.id << "  " << profile.status << "  " << profile.type << "  " << regions
          << "\n";
    }
    return kExitOk;
  }
  return kExitUsage;
}

}  // namespace bedrock::cli
