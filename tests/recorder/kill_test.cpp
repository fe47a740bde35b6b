// kill -9 of the real bedrock-record while it relays and records a stream: the cassette still
// loads and holds every interaction completed before the kill (atomic saves, issue #5).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <condition_variable>
#include <fstream>
#include <mutex>
#include <thread>

#include "bedrock/protocol/cassette.hpp"
#include "bedrock/protocol/event_stream.hpp"
#include "bedrock/protocol/sigv4_signer.hpp"
#include "recorder/recorder_fixture.hpp"

namespace bedrock::recorder::test {
namespace {

// An upstream stream that sends one event at once and the next only after a minute: the
// recorder is killed while it waits.
cassette::Cassette slow_stream_cassette() {
  cassette::Interaction interaction;
  interaction.recorded_at = "2025-01-01T00:00:00.000Z";
  interaction.request.method = "POST";
  interaction.request.path = kStreamTarget;
  interaction.request.operation = "ConverseStream";
  interaction.request.model_id = kNovaLite;
  interaction.request.region = "us-east-1";
  interaction.request.body = converse_body("slow");
  cassette::Stream stream;
  stream.headers = {{"Content-Type", "application/vnd.amazon.eventstream"}};
  stream.events = {
      {0, event_stream::make_event("messageStart", R"({"role":"assistant"})")},
      {60000, event_stream::make_event("messageStop", R"({"stopReason":"end_turn"})")}};
  interaction.answer = stream;
  cassette::Cassette cassette;
  cassette.interactions.push_back(interaction);
  return cassette;
}

pid_t spawn_recorder(const RecorderFixture& fixture, const std::string& upstream,
                     const std::filesystem::path& port_file) {
  const pid_t pid = fork();
  if (pid != 0) return pid;
  setenv("AWS_ACCESS_KEY_ID", kAccessKeyId, 1);
  setenv("AWS_SECRET_ACCESS_KEY", kSecretKey, 1);
  setenv("AWS_SESSION_TOKEN", kSessionToken, 1);
  setenv("AWS_CONFIG_FILE", "/dev/null", 1);
  setenv("AWS_SHARED_CREDENTIALS_FILE", "/dev/null", 1);
  setenv("AWS_EC2_METADATA_DISABLED", "true", 1);
  const std::string cassette = fixture.cassette_path().string();
  const std::string ca = fixture.ca_file().string();
  const std::string port = port_file.string();
  execl(BEDROCK_RECORD_BIN, BEDROCK_RECORD_BIN, "--cassette", cassette.c_str(), "--region",
        "us-east-1", "--upstream", upstream.c_str(), "--ca-file", ca.c_str(), "--record-mode",
        "all", "--port-file", port.c_str(), static_cast<char*>(nullptr));
  _exit(127);
}

// Polls for the port file bedrock-record writes once it listens (renamed into place whole).
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

TEST(RecorderKill, KillNineDuringAStreamLeavesAValidCassetteWithTheCompletedInteractions) {
  RecorderFixture fixture;
  if (!fixture.tls_ready()) GTEST_SKIP() << "openssl could not make a test certificate";
  const auto upstream_cassette = fixture.dir() / "upstream.json";
  ASSERT_TRUE(cassette::save(slow_stream_cassette(), upstream_cassette));
  fixture.start_upstream({}, {upstream_cassette.string()});

  const auto port_file = fixture.dir() / "port";
  const pid_t pid = spawn_recorder(fixture, fixture.upstream_url(), port_file);
  ASSERT_GT(pid, 0);
  const int port = wait_for_port(port_file, pid);
  ASSERT_GT(port, 0) << "bedrock-record did not start";
  const std::string url = "http://127.0.0.1:" + std::to_string(port);

  EXPECT_EQ(fixture.call_at(url, kConverseTarget, converse_body("one")).status, 200);
  EXPECT_EQ(fixture.call_at(url, kConverseTarget, converse_body("two")).status, 200);

  std::mutex mutex;
  std::condition_variable first_bytes;
  bool streaming = false;
  std::thread caller([&] {
    HttpRequest request;
    request.method = "POST";
    request.target = kStreamTarget;
    request.body = converse_body("slow");
    request.headers = {{"Host", "127.0.0.1:" + std::to_string(port)},
                       {"Content-Type", "application/json"}};
    sigv4::SigningParams params;
    params.region = "us-east-1";
    params.time = std::chrono::system_clock::now();
    sigv4::sign(request, {kCallerKeyId, kCallerSecret, ""}, params);
    client::HttpTransport transport;
    const client::BodySink sink = [&](std::string_view) {
      std::lock_guard lock(mutex);
      streaming = true;
      first_bytes.notify_all();
      return true;
    };
    (void)transport.send(request, url, &sink);  // fails when the recorder dies
    std::lock_guard lock(mutex);
    streaming = true;  // also release the waiter if the stream never started
    first_bytes.notify_all();
  });
  {
    std::unique_lock lock(mutex);
    first_bytes.wait(lock, [&] { return streaming; });
  }
  ASSERT_EQ(kill(pid, SIGKILL), 0);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFSIGNALED(status));
  caller.join();
  fixture.upstream().stop();

  auto loaded = cassette::load(fixture.cassette_path());
  ASSERT_TRUE(loaded) << loaded.error().to_string();
  ASSERT_EQ(loaded->interactions.size(), 2u);
  EXPECT_EQ(loaded->interactions[0].request.body, converse_body("one"));
  EXPECT_EQ(loaded->interactions[1].request.body, converse_body("two"));
  EXPECT_EQ(secrets_in(read_file(fixture.cassette_path())), "");
}

}  // namespace
}  // namespace bedrock::recorder::test
