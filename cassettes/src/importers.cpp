#include "bedrock/cassettes/importers.hpp"

#include <fstream>
#include <set>
#include <sstream>

namespace bedrock::cassettes {
namespace {

namespace fs = std::filesystem;

ImportError from_cassette_error(const cassette::CassetteError& error) {
  return ImportError{error.file, error.json_path, error.line, error.column, error.message};
}

Expected<ImportedCassette, ImportError> import_native(std::string_view text,
                                                      std::string_view source) {
  auto loaded = cassette::parse(text, source);
  if (!loaded) return unexpected(from_cassette_error(loaded.error()));
  ImportedCassette imported;
  imported.format = SourceFormat::kNative;
  imported.cassette = std::move(*loaded);
  for (std::size_t i = 0; i < imported.cassette.interactions.size(); ++i) {
    imported.origins.push_back("$.interactions[" + std::to_string(i) + "]");
    imported.origin_lines.push_back(std::nullopt);
    imported.durations_ms.push_back(std::nullopt);
  }
  return imported;
}

Expected<CapturedFile, ImportError> read_captured(SourceFormat format, std::string_view text,
                                                  std::string_view source) {
  switch (format) {
    case SourceFormat::kVcr:
      return read_vcr_file(text, source);
    case SourceFormat::kNock:
      return read_nock_file(text, source);
    case SourceFormat::kHar:
      return read_har_file(text, source);
    default:
      break;
  }
  return unexpected(ImportError{std::string(source), "", std::nullopt, std::nullopt,
                                "no reader for this format"});
}

// The interaction would be refused by the cassette reader (a header value with a line break, a
// name that is no token): the message names the source's field, and the interaction stays out.
std::optional<std::string> invalid_reason(const cassette::Interaction& interaction,
                                          const std::string& origin) {
  cassette::Cassette single;
  single.interactions.push_back(interaction);
  auto checked = cassette::to_json(single);
  if (checked) return std::nullopt;
  std::string path = checked.error().json_path;
  const std::string prefix = "$.interactions[0]";
  if (path.starts_with(prefix)) path = origin + path.substr(prefix.size());
  return path + ": " + checked.error().message;
}

std::string stem_of(std::string_view source) {
  const fs::path path{std::string(source)};
  std::string stem = path.stem().string();
  return stem.empty() ? std::string("cassette") : stem;
}

}  // namespace

Expected<ImportedCassette, ImportError> import_text(std::string_view text,
                                                    std::string_view source_name,
                                                    const ImportOptions& options) {
  SourceFormat format = options.format;
  if (format == SourceFormat::kAuto) {
    auto detected = detect_format(text, source_name);
    if (!detected) return unexpected(std::move(detected).error());
    format = *detected;
  }
  if (format == SourceFormat::kNative) return import_native(text, source_name);

  auto file = read_captured(format, text, source_name);
  if (!file) return unexpected(std::move(file).error());

  ImportedCassette imported;
  imported.format = format;
  const std::string stem = stem_of(source_name);
  const std::string base = fs::path(std::string(source_name)).filename().string();
  imported.cassette.name = file->from_testbed ? file->name : std::optional<std::string>(stem);
  imported.cassette.description =
      file->from_testbed
          ? file->description
          : std::optional<std::string>("Imported from " + base + " (" +
                                       std::string(to_string(format)) + ") by bedrock-cassette");
  imported.cassette.match = file->match;

  std::set<std::string> ids;
  for (std::size_t i = 0; i < file->exchanges.size(); ++i) {
    const CapturedExchange& exchange = file->exchanges[i];
    auto converted = to_interaction(exchange, source_name, options.conversion);
    if (!converted) return unexpected(std::move(converted).error());
    const std::size_t index = imported.cassette.interactions.size();
    if (!converted->interaction) {
      ++imported.skipped;
      for (auto& note : converted->notes) imported.notes.push_back(std::move(note));
      continue;
    }
    cassette::Interaction& interaction = *converted->interaction;
    if (auto reason = invalid_reason(interaction, exchange.location)) {
      ++imported.skipped;
      imported.notes.push_back({NoteLevel::kWarning, exchange.location, exchange.line, std::nullopt,
                                "left out: " + *reason});
      continue;
    }
    // An entry of our own HAR export without an id came from an interaction without one.
    if (!interaction.id && !exchange.testbed) {
      interaction.id = exchange.fallback_id.value_or(stem + "#" + std::to_string(i));
    }
    if (interaction.id) {
      std::string id = *interaction.id;
      for (int n = 2; !ids.insert(id).second; ++n) id = *interaction.id + "-" + std::to_string(n);
      interaction.id = id;
    }
    for (auto& note : converted->notes) {
      note.interaction = index;
      imported.notes.push_back(std::move(note));
    }
    imported.origins.push_back(exchange.location);
    imported.origin_lines.push_back(exchange.line);
    imported.durations_ms.push_back(exchange.duration_ms);
    imported.cassette.interactions.push_back(std::move(interaction));
  }
  return imported;
}

Expected<ImportedCassette, ImportError> import_file(const fs::path& path,
                                                    const ImportOptions& options) {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (ec) {
    return unexpected(
        ImportError{path.string(), "", std::nullopt, std::nullopt, "cannot read: " + ec.message()});
  }
  if (size > cassette::kMaxCassetteBytes) {
    return unexpected(ImportError{
        path.string(), "", std::nullopt, std::nullopt,
        "file is larger than " + std::to_string(cassette::kMaxCassetteBytes) + " bytes"});
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return unexpected(ImportError{path.string(), "", std::nullopt, std::nullopt, "cannot open"});
  }
  std::ostringstream text;
  text << in.rdbuf();
  return import_text(text.str(), path.string(), options);
}

}  // namespace bedrock::cassettes
