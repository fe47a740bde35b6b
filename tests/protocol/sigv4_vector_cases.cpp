#include "sigv4_vector_cases.hpp"

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "bedrock/protocol/sigv4_authorization.hpp"
#include "bedrock/protocol/sigv4_time.hpp"
#include "support/shared_data.hpp"

namespace bedrock::test {
namespace {

namespace fs = std::filesystem;

// The suite's shared secret (vectors README §1); the smithy-rs case uses it too (§2).
constexpr std::string_view kExampleSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

std::string_view trim_ows(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (line.ends_with('\r')) line.remove_suffix(1);
    lines.push_back(line);
    start = end + 1;
  }
  return lines;
}

std::string read_required(const fs::path& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) throw std::runtime_error("missing " + path.string());
  return read_file(path);
}

std::string authorization_of(const HttpRequest& request) {
  const std::string* value = request.find_header("Authorization");
  if (value == nullptr) throw std::runtime_error("signed request has no Authorization header");
  return *value;
}

sigv4::Seconds amz_time(std::string_view amz_date) {
  const auto time = sigv4::parse_amz_date(amz_date);
  if (!time) throw std::runtime_error("bad timestamp " + std::string(amz_date));
  return *time;
}

HttpRequest parse_or_throw(std::string_view text, std::string_view what) {
  auto parsed = parse_request_text(text);
  if (!parsed) throw std::runtime_error(std::string(what) + ": " + parsed.error());
  return std::move(parsed).value();
}

SigV4VectorCase load_aws_c_auth_case(const fs::path& dir) {
  SigV4VectorCase c;
  c.name = gtest_safe_name(dir.filename().string());
  try {
    const auto context = nlohmann::json::parse(read_required(dir / "context.json"));
    const auto& credentials = context.at("credentials");
    c.credentials.access_key_id = credentials.at("access_key_id").get<std::string>();
    c.credentials.secret_access_key = credentials.at("secret_access_key").get<std::string>();
    c.credentials.session_token = credentials.value("token", std::string{});
    c.params.region = context.at("region").get<std::string>();
    c.params.service = context.at("service").get<std::string>();
    std::string timestamp = context.at("timestamp").get<std::string>();  // 2015-08-30T12:36:00Z
    std::erase_if(timestamp, [](char ch) { return ch == '-' || ch == ':'; });
    c.params.time = amz_time(timestamp);
    c.params.normalize = context.at("normalize").get<bool>();
    c.params.sign_body = context.at("sign_body").get<bool>();
    c.params.omit_session_token = context.value("omit_session_token", false);

    c.unsigned_request = parse_or_throw(read_required(dir / "request.txt"), "request.txt");
    c.signed_request = parse_or_throw(read_required(dir / "header-signed-request.txt"),
                                      "header-signed-request.txt");
    c.expected_canonical_request = read_required(dir / "header-canonical-request.txt");
    c.expected_string_to_sign = read_required(dir / "header-string-to-sign.txt");
    c.expected_signature = read_required(dir / "header-signature.txt");
    c.expected_authorization = authorization_of(c.signed_request);
  } catch (const std::exception& e) {
    c.load_error = e.what();
  }
  return c;
}

struct ExampleBlock {
  std::string title;
  std::vector<std::string_view> lines;
};

std::vector<ExampleBlock> split_example_blocks(std::string_view text) {
  std::vector<ExampleBlock> blocks;
  for (const auto line : lines_of(text)) {
    if (line.starts_with("## ")) {
      blocks.push_back({std::string(line.substr(3)), {}});
    } else if (!blocks.empty()) {
      blocks.back().lines.push_back(line);
    }
  }
  return blocks;
}

// `modelId=<id> operation=<op> session_token=<yes|no>` -> `converse_<id>[_session_token]`
std::string example_name(std::string_view title) {
  auto field = [&](std::string_view key) {
    const std::size_t at = title.find(key);
    if (at == std::string_view::npos) return std::string_view{};
    const std::string_view rest = title.substr(at + key.size());
    return rest.substr(0, rest.find(' '));
  };
  std::string name = std::string(field("operation=")) + "_" + std::string(field("modelId="));
  if (field("session_token=") == "yes") name += "_session_token";
  return gtest_safe_name(name);
}

SigV4VectorCase load_bedrock_example(const ExampleBlock& block) {
  SigV4VectorCase c;
  c.name = example_name(block.title);
  try {
    enum class Section { kHead, kCanonical, kStringToSign, kSignature } section = Section::kHead;
    std::vector<std::string_view> canonical, string_to_sign;
    std::string request_line;
    for (const auto line : block.lines) {
      if (line == "--- canonical request")
        section = Section::kCanonical;
      else if (line == "--- string to sign")
        section = Section::kStringToSign;
      else if (line == "--- signature")
        section = Section::kSignature;
      else if (section == Section::kCanonical)
        canonical.push_back(line);
      else if (section == Section::kStringToSign)
        string_to_sign.push_back(line);
      else if (section == Section::kSignature) {
        if (!line.empty() && c.expected_signature.empty()) c.expected_signature = line;
      } else if (line.starts_with("request-line: ")) {
        request_line = line.substr(14);
      } else if (line.starts_with("header: ")) {
        const std::string_view header = line.substr(8);
        const std::size_t colon = header.find(':');
        if (colon == std::string_view::npos) throw std::runtime_error("bad header line");
        c.signed_request.headers.emplace_back(header.substr(0, colon),
                                              trim_ows(header.substr(colon + 1)));
      } else if (line.starts_with("body (")) {
        const std::size_t colon = line.find("): ");
        if (colon == std::string_view::npos) throw std::runtime_error("bad body line");
        c.signed_request.body = line.substr(colon + 3);
      }
    }
    auto join = [](const std::vector<std::string_view>& parts) {
      std::string out;
      for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i > 0) out.push_back('\n');
        out += parts[i];
      }
      return out;
    };
    // Sections are separated by a blank line before the next marker or block.
    while (!canonical.empty() && canonical.back().empty()) canonical.pop_back();
    while (!string_to_sign.empty() && string_to_sign.back().empty()) string_to_sign.pop_back();
    c.expected_canonical_request = join(canonical);
    c.expected_string_to_sign = join(string_to_sign);

    const std::size_t space = request_line.find(' ');
    const std::size_t version = request_line.rfind(" HTTP/");
    if (space == std::string::npos || version == std::string::npos || version <= space) {
      throw std::runtime_error("bad request line");
    }
    c.signed_request.method = request_line.substr(0, space);
    c.signed_request.target = request_line.substr(space + 1, version - space - 1);

    c.expected_authorization = authorization_of(c.signed_request);
    auto authorization = sigv4::parse_authorization(c.expected_authorization);
    if (!authorization)
      throw std::runtime_error("bad Authorization: " + authorization.error().detail);
    // botocore adds Host while signing and the file does not list it; Bedrock's host is
    // bedrock-runtime.<region>.amazonaws.com (reference §1) for the scope's region.
    c.signed_request.headers.emplace_back(
        "Host", "bedrock-runtime." + authorization->scope.region + ".amazonaws.com");
    c.credentials = {authorization->access_key_id, std::string(kExampleSecret), {}};
    if (const std::string* token = c.signed_request.find_header("X-Amz-Security-Token")) {
      c.credentials.session_token = *token;
    }
    c.params.region = authorization->scope.region;
    c.params.service = authorization->scope.service;
    const std::string* amz_date = c.signed_request.find_header("X-Amz-Date");
    if (amz_date == nullptr) throw std::runtime_error("no X-Amz-Date");
    c.params.time = amz_time(*amz_date);

    c.unsigned_request = c.signed_request;
    c.unsigned_request.remove_header("Authorization");
    c.unsigned_request.remove_header("X-Amz-Date");
    c.unsigned_request.remove_header("X-Amz-Security-Token");
  } catch (const std::exception& e) {
    c.load_error = e.what();
  }
  return c;
}

}  // namespace

std::string gtest_safe_name(std::string_view text) {
  std::string out;
  for (char ch : text) {
    const bool ok =
        (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
    out.push_back(ok ? ch : '_');
  }
  return out.empty() ? "_" : out;
}

void PrintTo(const SigV4VectorCase& vector_case, std::ostream* os) { *os << vector_case.name; }

Expected<HttpRequest, std::string> parse_request_text(std::string_view text) {
  HttpRequest request;
  const std::size_t first_end = std::min(text.find('\n'), text.size());
  std::string_view request_line = text.substr(0, first_end);
  if (request_line.ends_with('\r')) request_line.remove_suffix(1);
  const std::size_t space = request_line.find(' ');
  if (space == std::string_view::npos)
    return unexpected(std::string("request line without target"));
  request.method = request_line.substr(0, space);
  std::string_view target = request_line.substr(space + 1);
  if (const std::size_t version = target.rfind(" HTTP/"); version != std::string_view::npos) {
    target = target.substr(0, version);
  }
  request.target = target;

  std::size_t pos = first_end + 1;
  while (pos < text.size()) {
    std::size_t end = std::min(text.find('\n', pos), text.size());
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (line.empty()) {
      request.body = pos < text.size() ? text.substr(pos) : std::string_view{};
      return request;
    }
    if (line.front() == ' ' || line.front() == '\t') {
      if (request.headers.empty()) return unexpected(std::string("continuation before any header"));
      request.headers.back().second += "\n";
      request.headers.back().second += line;
      continue;
    }
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      return unexpected("header line without name: " + std::string(line));
    }
    request.headers.emplace_back(line.substr(0, colon), trim_ows(line.substr(colon + 1)));
  }
  return request;
}

std::vector<SigV4VectorCase> load_aws_c_auth_cases() {
  std::vector<SigV4VectorCase> cases;
  const auto root = shared_path(std::string(kAwsCAuthDir));
  if (!root) return cases;
  std::vector<fs::path> dirs;
  for (const auto& entry : fs::directory_iterator(*root)) {
    if (entry.is_directory()) dirs.push_back(entry.path());
  }
  std::sort(dirs.begin(), dirs.end());
  for (const auto& dir : dirs) cases.push_back(load_aws_c_auth_case(dir));
  return cases;
}

std::vector<SigV4VectorCase> load_smithy_rs_cases() {
  std::vector<SigV4VectorCase> cases;
  const auto root = shared_path(std::string(kSmithyRsDir));
  if (!root) return cases;
  const fs::path dir = *root / "double-url-encode";
  SigV4VectorCase c;
  c.name = "double_url_encode";
  try {
    // No context.json upstream; the inputs are those the vectors README §2 states.
    c.credentials = {"AKIDEXAMPLE", std::string(kExampleSecret), {}};
    c.params.region = "us-east-2";
    c.params.service = "lambda";
    c.params.time = amz_time("20210511T154045Z");
    c.unsigned_request = parse_or_throw(read_required(dir / "request.txt"), "request.txt");
    c.signed_request = parse_or_throw(read_required(dir / "header-signed-request.txt"),
                                      "header-signed-request.txt");
    c.expected_canonical_request = read_required(dir / "header-canonical-request.txt");
    // README §2: the file's trailing newline is not part of the string to sign.
    c.expected_string_to_sign = read_required(dir / "header-string-to-sign.txt");
    if (c.expected_string_to_sign.ends_with('\n')) c.expected_string_to_sign.pop_back();
    c.expected_authorization = authorization_of(c.signed_request);
    auto authorization = sigv4::parse_authorization(c.expected_authorization);
    if (!authorization)
      throw std::runtime_error("bad Authorization: " + authorization.error().detail);
    c.expected_signature = authorization->signature;
  } catch (const std::exception& e) {
    c.load_error = e.what();
  }
  cases.push_back(std::move(c));
  return cases;
}

std::vector<SigV4VectorCase> load_bedrock_derived_cases() {
  std::vector<SigV4VectorCase> cases;
  const auto file = shared_path(std::string(kBedrockExamples));
  if (!file) return cases;
  const std::string text = read_file(*file);  // the blocks are views into it
  for (const auto& block : split_example_blocks(text)) {
    cases.push_back(load_bedrock_example(block));
  }
  return cases;
}

}  // namespace bedrock::test
