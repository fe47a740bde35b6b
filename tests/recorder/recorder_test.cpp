// bedrock-record end to end, offline: caller -> recorder -> bedrock-mock over verified HTTPS
// (--auth verify with the recorder's credentials), then the cassette replayed by a fresh mock.
#include "bedrock/recorder/recorder.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>
#include <thread>

#include "bedrock/mock/rules.hpp"
#include "bedrock/protocol/cassette.hpp"
#include "recorder/recorder_fixture.hpp"
#include "support/shared_data.hpp"

namespace bedrock::recorder::test {
namespace {

constexpr const char* kOnDemandTarget =
    "/model/anthropic.claude-3-5-sonnet-20241022-v2%3A0/converse";
constexpr const char* kMicroStreamTarget = "/model/amazon.nova-micro-v1%3A0/converse-stream";

// ConverseStream on Nova Micro fails after two events (a modelStreamErrorException frame).
mock::RuleSet micro_fails_mid_stream() {
  auto rules = mock::parse_rules(nlohmann::json::parse(R"({"rules": [{
      "name": "micro fails mid-stream",
      "match": {"operation": ["ConverseStream"], "modelId": ["amazon.nova-micro-v1:0"]},
      "respond": {"error": "modelStreamErrorException", "streamExceptionAfter": 2}}]})"),
                                 "micro-rules");
  EXPECT_TRUE(rules) << rules.error().to_string();
  return *rules;
}

cassette::Cassette load_cassette(const std::filesystem::path& path) {
  auto loaded = cassette::load(path);
  EXPECT_TRUE(loaded) << loaded.error().to_string();
  return loaded ? *loaded : cassette::Cassette{};
}

std::string event_type(const event_stream::Message& message) {
  for (const auto& header : message.headers) {
    if (header.name == ":event-type" || header.name == ":exception-type") {
      if (const auto* text = std::get_if<std::string>(&header.value)) return *text;
    }
  }
  return {};
}

std::vector<std::string> event_types(const CallerAnswer& answer) {
  std::vector<std::string> types;
  for (const auto& message : answer.events()) types.push_back(event_type(message));
  return types;
}

class RecorderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fixture_.tls_ready()) GTEST_SKIP() << "openssl could not make a test certificate";
  }
  RecorderFixture fixture_;
};

TEST_F(RecorderTest, RecordsEveryKindOfAnswerAndAFreshMockReplaysThemIdentically) {
  std::vector<mock::RuleSet> rules;
  rules.push_back(micro_fails_mid_stream());
  fixture_.start_upstream(std::move(rules));
  fixture_.start_recorder(RecordMode::kAll);

  const CallerAnswer converse = fixture_.call(kConverseTarget, converse_body("Say hello."));
  const CallerAnswer stream = fixture_.call(kStreamTarget, converse_body("Count to three."));
  const CallerAnswer on_demand = fixture_.call(kOnDemandTarget, converse_body("Hi"));
  const CallerAnswer mid_stream = fixture_.call(kMicroStreamTarget, converse_body("Go on."));

  ASSERT_FALSE(converse.error) << converse.error->message;
  EXPECT_EQ(converse.status, 200) << converse.body;
  EXPECT_NE(converse.body.find("\"output\""), std::string::npos);
  EXPECT_EQ(stream.status, 200);
  const auto stream_types = event_types(stream);
  ASSERT_FALSE(stream_types.empty());
  EXPECT_EQ(stream_types.front(), "messageStart");
  EXPECT_EQ(stream_types.back(), "metadata");
  EXPECT_EQ(on_demand.status, 400);
  EXPECT_EQ(on_demand.header("x-amzn-ErrorType").substr(0, 19), "ValidationException");
  EXPECT_NE(on_demand.body.find("on-demand throughput"), std::string::npos);
  const auto mid_types = event_types(mid_stream);
  ASSERT_EQ(mid_types.size(), 3u);
  EXPECT_EQ(mid_types.back(), "modelStreamErrorException");

  // Every caller was answered through the upstream's signature check.
  for (const auto& entry : fixture_.upstream().journal().entries()) {
    EXPECT_NE(entry.answered_by, "auth") << entry.detail;
  }

  const cassette::Cassette recorded = load_cassette(fixture_.cassette_path());
  ASSERT_EQ(recorded.interactions.size(), 4u);
  EXPECT_EQ(recorded.interactions[0].request.operation, "Converse");
  EXPECT_EQ(recorded.interactions[0].request.model_id, kNovaLite);
  EXPECT_EQ(recorded.interactions[0].request.path, kConverseTarget);
  ASSERT_NE(recorded.interactions[1].stream(), nullptr);
  EXPECT_EQ(recorded.interactions[1].stream()->events.size(), stream_types.size());
  ASSERT_NE(recorded.interactions[2].response(), nullptr);
  EXPECT_EQ(recorded.interactions[2].response()->status, 400);
  ASSERT_NE(recorded.interactions[3].stream(), nullptr);
  EXPECT_EQ(recorded.interactions[3].stream()->events.size(), 3u);
  EXPECT_EQ(secrets_in(read_file(fixture_.cassette_path())), "");

  // A fresh mock that knows only the new cassette answers the same.
  mock::ServerConfig replay;
  replay.catalog_path = (bedrock::test::source_dir() / "fixtures" / "catalog").string();
  replay.mode = mock::Mode::kReplay;
  replay.cassette_paths = {fixture_.cassette_path().string()};
  replay.front_end.pacing_factor = 0;
  auto replayer = mock::Server::create(std::move(replay));
  ASSERT_TRUE(replayer) << replayer.error().message;
  ASSERT_TRUE((*replayer)->start());
  const std::string url = (*replayer)->url();
  const CallerAnswer converse2 =
      fixture_.call_at(url, kConverseTarget, converse_body("Say hello."));
  const CallerAnswer stream2 =
      fixture_.call_at(url, kStreamTarget, converse_body("Count to three."));
  const CallerAnswer on_demand2 = fixture_.call_at(url, kOnDemandTarget, converse_body("Hi"));
  const CallerAnswer mid_stream2 =
      fixture_.call_at(url, kMicroStreamTarget, converse_body("Go on."));
  EXPECT_EQ(converse2.status, 200);
  EXPECT_EQ(converse2.body, converse.body);
  EXPECT_EQ(stream2.body, stream.body);  // the same frames, byte for byte
  EXPECT_EQ(on_demand2.status, 400);
  EXPECT_EQ(on_demand2.body, on_demand.body);
  EXPECT_EQ(mid_stream2.body, mid_stream.body);
  const auto journal = (*replayer)->journal().entries();
  ASSERT_EQ(journal.size(), 4u);
  for (const auto& entry : journal) EXPECT_EQ(entry.answered_by, "replay") << entry.detail;
  (*replayer)->stop();
}

// Issue #8: what is recorded does not depend on the protocol the caller spoke. The request
// goes upstream over HTTP/1.1 either way; header names differ only in case (HTTP/2 sends them
// lower case), which matching ignores.
TEST_F(RecorderTest, AnHttp2CallerIsRecordedAsAnHttp11CallerIs) {
  fixture_.start_upstream();
  auto record_with = [&](bool http2, const std::string& file) {
    RecorderConfig config = fixture_.recorder_config(RecordMode::kAll);
    config.cassette_path = fixture_.dir() / file;
    fixture_.start_recorder(std::move(config));
    const CallerAnswer answer = http2 ? fixture_.call_http2(kStreamTarget, converse_body("Count."))
                                      : fixture_.call(kStreamTarget, converse_body("Count."));
    fixture_.stop_recorder();
    EXPECT_FALSE(answer.error) << answer.error->message;
    EXPECT_EQ(answer.status, 200);
    EXPECT_EQ(answer.http_version, http2 ? "HTTP/2" : "HTTP/1.1");
    EXPECT_FALSE(answer.events().empty());
    return load_cassette(fixture_.dir() / file);
  };
  const cassette::Cassette over_http1 = record_with(false, "http1.json");
  const cassette::Cassette over_http2 = record_with(true, "http2.json");
  ASSERT_EQ(over_http1.interactions.size(), 1u);
  ASSERT_EQ(over_http2.interactions.size(), 1u);
  const cassette::Interaction& one = over_http1.interactions[0];
  const cassette::Interaction& two = over_http2.interactions[0];
  EXPECT_EQ(one.request.method, two.request.method);
  EXPECT_EQ(one.request.path, two.request.path);
  EXPECT_EQ(one.request.operation, two.request.operation);
  EXPECT_EQ(one.request.model_id, two.request.model_id);
  EXPECT_EQ(one.request.body, two.request.body);
  auto names = [](const cassette::HeaderList& headers) {
    std::vector<std::string> out;
    for (const auto& header : headers) {
      std::string name = header.name;
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      out.push_back(name);
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  EXPECT_EQ(names(one.request.headers), names(two.request.headers));
  ASSERT_NE(one.stream(), nullptr);
  ASSERT_NE(two.stream(), nullptr);
  EXPECT_EQ(one.stream()->status, two.stream()->status);
  EXPECT_EQ(one.stream()->events.size(), two.stream()->events.size());
  EXPECT_EQ(one.stream()->end, two.stream()->end);
  // And the upstream saw HTTP/1.1 both times.
  for (const auto& entry : fixture_.upstream().journal().entries()) {
    EXPECT_EQ(entry.protocol, "HTTP/1.1") << entry.operation;
  }
}

TEST_F(RecorderTest, OnceRecordsAMissingCassetteThenOnlyReplaysIt) {
  fixture_.start_upstream();
  auto& first = fixture_.start_recorder(RecordMode::kOnce);
  EXPECT_TRUE(first.behaviour().records);
  const CallerAnswer recorded = fixture_.call(kConverseTarget, converse_body("one"));
  EXPECT_EQ(recorded.status, 200);
  ASSERT_EQ(load_cassette(fixture_.cassette_path()).interactions.size(), 1u);

  auto& second = fixture_.start_recorder(RecordMode::kOnce);
  EXPECT_FALSE(second.behaviour().records);
  const std::size_t upstream_before = fixture_.upstream_requests();
  const CallerAnswer replayed = fixture_.call(kConverseTarget, converse_body("one"));
  EXPECT_EQ(replayed.body, recorded.body);
  const CallerAnswer unknown = fixture_.call(kConverseTarget, converse_body("two"));
  EXPECT_EQ(unknown.status, 404);
  EXPECT_NE(unknown.body.find("No recorded interaction matches"), std::string::npos);
  EXPECT_EQ(fixture_.upstream_requests(), upstream_before);  // nothing forwarded
  EXPECT_EQ(load_cassette(fixture_.cassette_path()).interactions.size(), 1u);
}

TEST_F(RecorderTest, NewEpisodesReplaysMatchesAndRecordsTheRest) {
  fixture_.start_upstream();
  fixture_.start_recorder(RecordMode::kNewEpisodes);
  const CallerAnswer one = fixture_.call(kConverseTarget, converse_body("one"));
  fixture_.start_recorder(RecordMode::kNewEpisodes);
  const std::size_t upstream_before = fixture_.upstream_requests();
  const CallerAnswer again = fixture_.call(kConverseTarget, converse_body("one"));
  EXPECT_EQ(again.body, one.body);
  EXPECT_EQ(fixture_.upstream_requests(), upstream_before);
  const CallerAnswer two = fixture_.call(kConverseTarget, converse_body("two"));
  EXPECT_EQ(two.status, 200);
  EXPECT_EQ(fixture_.upstream_requests(), upstream_before + 1);
  EXPECT_EQ(load_cassette(fixture_.cassette_path()).interactions.size(), 2u);
  EXPECT_EQ(fixture_.recorder().recorded(), 1u);
}

TEST_F(RecorderTest, AllForwardsEveryRequestAndKeepsEarlierInteractions) {
  fixture_.start_upstream();
  fixture_.start_recorder(RecordMode::kAll);
  fixture_.call(kConverseTarget, converse_body("one"));
  fixture_.start_recorder(RecordMode::kAll);
  const std::size_t upstream_before = fixture_.upstream_requests();
  fixture_.call(kConverseTarget, converse_body("one"));
  EXPECT_EQ(fixture_.upstream_requests(), upstream_before + 1);
  EXPECT_EQ(load_cassette(fixture_.cassette_path()).interactions.size(), 2u);
}

TEST_F(RecorderTest, NoneNeverForwardsNorWrites) {
  fixture_.start_upstream();
  fixture_.start_recorder(RecordMode::kNone);
  const CallerAnswer miss = fixture_.call(kConverseTarget, converse_body("one"));
  EXPECT_EQ(miss.status, 404);
  EXPECT_EQ(miss.header("x-amzn-ErrorType").substr(0, 19), "ReplayMissException");
  EXPECT_EQ(fixture_.upstream_requests(), 0u);
  EXPECT_FALSE(std::filesystem::exists(fixture_.cassette_path()));
}

TEST_F(RecorderTest, ConcurrentRequestsAreRecordedWholeWithTheirOwnAnswers) {
  fixture_.start_upstream();
  fixture_.start_recorder(RecordMode::kAll);
  constexpr int kCallers = 8;
  std::vector<CallerAnswer> answers(kCallers);
  std::vector<std::thread> threads;
  for (int i = 0; i < kCallers; ++i) {
    threads.emplace_back([this, i, &answers] {
      const bool streamed = i % 2 == 1;
      answers[static_cast<std::size_t>(i)] = fixture_.call(
          streamed ? kStreamTarget : kConverseTarget, converse_body("caller " + std::to_string(i)));
    });
  }
  for (auto& thread : threads) thread.join();
  const cassette::Cassette recorded = load_cassette(fixture_.cassette_path());
  ASSERT_EQ(recorded.interactions.size(), static_cast<std::size_t>(kCallers));
  std::set<std::string> request_ids;
  for (int i = 0; i < kCallers; ++i) {
    const std::string body = converse_body("caller " + std::to_string(i));
    const auto& answer = answers[static_cast<std::size_t>(i)];
    ASSERT_EQ(answer.status, 200);
    const auto found = std::find_if(recorded.interactions.begin(), recorded.interactions.end(),
                                    [&body](const auto& x) { return x.request.body == body; });
    ASSERT_NE(found, recorded.interactions.end()) << "caller " << i;
    // The recorded answer is the one this caller got: same upstream request ID.
    const auto& headers = found->response() ? found->response()->headers : found->stream()->headers;
    EXPECT_EQ(cassette::find_header(headers, "x-amzn-RequestId").value_or(""),
              answer.header("x-amzn-RequestId"));
    request_ids.insert(answer.header("x-amzn-RequestId"));
  }
  EXPECT_EQ(request_ids.size(), static_cast<std::size_t>(kCallers));
}

TEST_F(RecorderTest, AnUpstreamCertificateNotTrustedIsRefusedAndNothingIsRecorded) {
  fixture_.start_upstream();
  auto config = fixture_.recorder_config(RecordMode::kAll);
  config.ca_file.reset();  // the system CAs do not know the throwaway certificate
  fixture_.start_recorder(std::move(config));
  const CallerAnswer answer = fixture_.call(kConverseTarget, converse_body("one"));
  EXPECT_EQ(answer.status, 502);
  EXPECT_NE(answer.body.find("tls"), std::string::npos) << answer.body;
  EXPECT_EQ(fixture_.upstream_requests(), 0u);
  EXPECT_FALSE(std::filesystem::exists(fixture_.cassette_path()));
}

TEST_F(RecorderTest, PlainHttpUpstreamNeedsInsecureUpstream) {
  auto config = fixture_.recorder_config(RecordMode::kAll);
  config.upstream = "http://127.0.0.1:9";
  auto refused = Recorder::create(config);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().find("--insecure-upstream"), std::string::npos);
  config.insecure_upstream = true;
  EXPECT_TRUE(Recorder::create(config));
}

TEST_F(RecorderTest, AConnectionFailureIsRecordedAndReplayedAsOne) {
  // A port nothing listens on: take a free one from a server that then stops.
  fixture_.start_upstream();
  const std::string dead = fixture_.upstream_url();
  fixture_.upstream().stop();
  auto config = fixture_.recorder_config(RecordMode::kAll);
  config.upstream = dead;
  fixture_.start_recorder(std::move(config));
  const CallerAnswer answer = fixture_.call(kConverseTarget, converse_body("one"));
  ASSERT_TRUE(answer.error) << "status " << answer.status;
  const cassette::Cassette recorded = load_cassette(fixture_.cassette_path());
  ASSERT_EQ(recorded.interactions.size(), 1u);
  ASSERT_NE(recorded.interactions[0].failure(), nullptr);
  EXPECT_EQ(recorded.interactions[0].failure()->kind, cassette::FailureKind::kDropped);

  fixture_.start_recorder(RecordMode::kNone);  // replays with the protocol's replayer
  const CallerAnswer replayed = fixture_.call(kConverseTarget, converse_body("one"));
  ASSERT_TRUE(replayed.error);
  EXPECT_NE(replayed.error->stage, client::TransportStage::kConnect);  // connected, then dropped
}

TEST_F(RecorderTest, ACorruptCassetteIsReportedNotOverwritten) {
  {
    std::ofstream out(fixture_.cassette_path());
    out << "{\"format\": ";
  }
  auto refused = Recorder::create(fixture_.recorder_config(RecordMode::kNewEpisodes));
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().find("recorded.json"), std::string::npos);
  EXPECT_EQ(read_file(fixture_.cassette_path()), "{\"format\": ");
}

}  // namespace
}  // namespace bedrock::recorder::test
