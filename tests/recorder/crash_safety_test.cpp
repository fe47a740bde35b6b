// What the recorder does when the disk lets it down (issue #14 "crash safety"): a cassette that
// cannot be written is reported with its path while the caller still gets the answer; and a
// kill -9 in the middle of cassette writes never leaves a partial file.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <random>
#include <thread>

#include "bedrock/protocol/cassette.hpp"
#include "recorder/recorder_fixture.hpp"

namespace bedrock::recorder::test {
namespace {

class CrashSafetyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fixture_.tls_ready()) GTEST_SKIP() << "openssl could not make a test certificate";
    fixture_.start_upstream();
  }
  RecorderFixture fixture_;
};

TEST_F(CrashSafetyTest, AnUnwritableCassetteIsReportedByPathAndTheCallerStillGetsItsAnswer) {
  // A regular file where the cassette's folder should be: no process can write there, root
  // included (a read-only or full disk fails the same save the same way).
  const auto blocker = fixture_.dir() / "not-a-folder";
  { std::ofstream(blocker) << "x"; }
  RecorderConfig config = fixture_.recorder_config(RecordMode::kAll);
  config.cassette_path = blocker / "cassette.json";
  config.log = true;
  fixture_.start_recorder(config);

  testing::internal::CaptureStderr();
  const CallerAnswer answer = fixture_.call(kConverseTarget, converse_body("still answered"));
  const CallerAnswer stream = fixture_.call(kStreamTarget, converse_body("streamed anyway"));
  fixture_.stop_recorder();
  const std::string log = testing::internal::GetCapturedStderr();

  ASSERT_FALSE(answer.error) << answer.error->message;
  EXPECT_EQ(answer.status, 200);
  EXPECT_NE(answer.body.find("\"output\""), std::string::npos);
  EXPECT_EQ(stream.status, 200);
  EXPECT_FALSE(stream.events().empty());
  EXPECT_NE(log.find("bedrock-record: not-recorded Converse"), std::string::npos) << log;
  EXPECT_NE(log.find(config.cassette_path.string()), std::string::npos) << log;
  EXPECT_FALSE(std::filesystem::exists(config.cassette_path));
}

// A cassette with many interactions already, so that each atomic save (the whole file) takes
// long enough for a kill to land inside it.
cassette::Cassette large_cassette(std::size_t interactions) {
  cassette::Cassette big;
  for (std::size_t i = 0; i < interactions; ++i) {
    cassette::Interaction interaction;
    interaction.recorded_at = "2025-01-01T00:00:00.000Z";
    interaction.request.method = "POST";
    interaction.request.path = kConverseTarget;
    interaction.request.operation = "Converse";
    interaction.request.model_id = kNovaLite;
    interaction.request.region = "us-east-1";
    interaction.request.body = converse_body("earlier " + std::to_string(i));
    cassette::Response response;
    response.status = 200;
    response.headers = {{"Content-Type", "application/json"}};
    response.body = R"({"output":{"message":{"content":[{"text":")" + std::string(400, 'w') +
                    R"("}],"role":"assistant"}},"stopReason":"end_turn"})";
    interaction.answer = response;
    big.interactions.push_back(std::move(interaction));
  }
  return big;
}

pid_t spawn_recorder(const RecorderFixture& fixture, const std::filesystem::path& cassette,
                     const std::filesystem::path& port_file) {
  const pid_t pid = fork();
  if (pid != 0) return pid;
  setenv("AWS_ACCESS_KEY_ID", kAccessKeyId, 1);
  setenv("AWS_SECRET_ACCESS_KEY", kSecretKey, 1);
  setenv("AWS_SESSION_TOKEN", kSessionToken, 1);
  setenv("AWS_CONFIG_FILE", "/dev/null", 1);
  setenv("AWS_SHARED_CREDENTIALS_FILE", "/dev/null", 1);
  setenv("AWS_EC2_METADATA_DISABLED", "true", 1);
  const std::string cassette_text = cassette.string();
  const std::string upstream = fixture.upstream_url();
  const std::string ca = fixture.ca_file().string();
  const std::string port = port_file.string();
  // The recorder's per-request lines are not wanted in the test output.
  if (FILE* null = std::fopen("/dev/null", "w")) {
    dup2(fileno(null), STDOUT_FILENO);
    dup2(fileno(null), STDERR_FILENO);
  }
  execl(BEDROCK_RECORD_BIN, BEDROCK_RECORD_BIN, "--cassette", cassette_text.c_str(), "--region",
        "us-east-1", "--upstream", upstream.c_str(), "--ca-file", ca.c_str(), "--record-mode",
        "all", "--port-file", port.c_str(), static_cast<char*>(nullptr));
  _exit(127);
}

int wait_for_port(const std::filesystem::path& port_file, pid_t pid) {
  for (int attempt = 0; attempt < 3000; ++attempt) {
    std::ifstream in(port_file);
    int port = 0;
    if (in >> port && port > 0) return port;
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) return -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return -1;
}

TEST_F(CrashSafetyTest, KillNineDuringCassetteWritesLeavesAValidFileWithEveryFinishedInteraction) {
  constexpr std::size_t kEarlier = 400;
  std::mt19937 random(20261203);  // a fixed seed: the same kill points on every run
  for (int round = 0; round < 4; ++round) {
    const auto cassette_path = fixture_.dir() / ("round-" + std::to_string(round) + ".json");
    ASSERT_TRUE(cassette::save(large_cassette(kEarlier), cassette_path));
    const auto port_file = fixture_.dir() / ("port-" + std::to_string(round));
    const pid_t pid = spawn_recorder(fixture_, cassette_path, port_file);
    ASSERT_GT(pid, 0);
    const int port = wait_for_port(port_file, pid);
    ASSERT_GT(port, 0) << "bedrock-record did not start";
    const std::string url = "http://127.0.0.1:" + std::to_string(port);

    // Requests one after another; the kill lands a random moment after the k-th answer, while
    // the recorder is saving it (or the next one).
    const std::size_t kill_after = 2 + random() % 6;
    std::size_t answered = 0;
    for (; answered < kill_after; ++answered) {
      const CallerAnswer answer =
          fixture_.call_at(url, kConverseTarget, converse_body("new " + std::to_string(answered)));
      ASSERT_EQ(answer.status, 200) << answer.body;
    }
    std::atomic<bool> keep_calling{true};
    std::thread more([&] {
      for (int i = 0; keep_calling; ++i) {
        if (fixture_.call_at(url, kConverseTarget, converse_body("late " + std::to_string(i)))
                .error) {
          return;
        }
      }
    });
    std::this_thread::sleep_for(std::chrono::microseconds(random() % 4000));
    ASSERT_EQ(kill(pid, SIGKILL), 0);
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    keep_calling = false;
    more.join();

    auto loaded = cassette::load(cassette_path);
    ASSERT_TRUE(loaded) << "round " << round << ": " << loaded.error().to_string();
    const auto& interactions = loaded->interactions;
    // Every interaction answered before the kill is there, except at most the one whose save
    // the kill interrupted; nothing is torn.
    ASSERT_GE(interactions.size(), kEarlier + kill_after - 1) << "round " << round;
    for (std::size_t i = 0; i + 1 < kill_after; ++i) {
      EXPECT_EQ(interactions[kEarlier + i].request.body, converse_body("new " + std::to_string(i)));
    }
    // No temporary file is left looking like a cassette next to it.
    for (const auto& entry : std::filesystem::directory_iterator(fixture_.dir())) {
      if (entry.path().extension() != ".json") continue;
      EXPECT_TRUE(cassette::load(entry.path())) << entry.path();
    }
    EXPECT_EQ(secrets_in(read_file(cassette_path)), "");
  }
}

}  // namespace
}  // namespace bedrock::recorder::test

namespace bedrock::recorder::test {
namespace {

// No secret reaches anything the tools write: the cassette, the recorder's log lines, the
// upstream mock's journal (issue #14 "security defaults").
TEST_F(CrashSafetyTest, NoSecretInTheCassetteTheLogOrTheJournal) {
  RecorderConfig config = fixture_.recorder_config(RecordMode::kAll);
  config.log = true;
  fixture_.start_recorder(config);
  testing::internal::CaptureStderr();
  EXPECT_EQ(fixture_.call(kConverseTarget, converse_body("secret scan")).status, 200);
  EXPECT_EQ(fixture_.call(kStreamTarget, converse_body("secret scan stream")).status, 200);
  EXPECT_EQ(
      fixture_
          .call("/model/amazon.nova-lite-v1%3A0/converse?X-Amz-Signature=" + std::string(64, 'a'),
                converse_body("query"))
          .error,
      std::nullopt);
  fixture_.stop_recorder();
  const std::string log = testing::internal::GetCapturedStderr();
  EXPECT_NE(log.find("recorded"), std::string::npos) << log;
  EXPECT_EQ(secrets_in(log), "") << log;
  EXPECT_EQ(secrets_in(read_file(fixture_.cassette_path())), "");
  std::string journal;
  for (const auto& entry : fixture_.upstream().journal().entries()) {
    journal += mock::to_json(entry).dump() + "\n";
  }
  EXPECT_FALSE(journal.empty());
  EXPECT_EQ(secrets_in(journal), "") << journal;
}

}  // namespace
}  // namespace bedrock::recorder::test
