#pragma once
// GoogleTest fixtures over bedrock::mock::testing (docs/embedding.md):
//
//   MockTest        one mock per test: started in SetUp, stopped in TearDown. Override
//                   mock_options() to give it cassettes, scenarios or rules.
//   SharedMockTest  one mock per test suite, one session per test: tests of the suite see only
//                   their own rules, call counters and journal. Override session_settings() to
//                   give a test's session a scenario, rules or cassettes.
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>

#include "bedrock/mock/testing.hpp"

namespace bedrock::mock::testing {

class MockTest : public ::testing::Test {
 protected:
  virtual MockOptions mock_options() { return {}; }

  void SetUp() override {
    auto started = ScopedMock::start(mock_options());
    ASSERT_TRUE(started) << "bedrock-mock did not start: " << started.error();
    mock_.emplace(std::move(*started));
  }
  void TearDown() override { mock_.reset(); }

  ScopedMock& mock() { return *mock_; }

 private:
  std::optional<ScopedMock> mock_;
};

class SharedMockTest : public ::testing::Test {
 protected:
  // What each test's session starts with (the suite's mock itself starts with defaults).
  virtual SessionSettings session_settings() { return {}; }

  static void SetUpTestSuite() {
    auto started = ScopedMock::start();
    ASSERT_TRUE(started) << "bedrock-mock did not start: " << started.error();
    shared_mock() = std::make_unique<ScopedMock>(std::move(*started));
  }
  static void TearDownTestSuite() { shared_mock().reset(); }

  void SetUp() override {
    ASSERT_TRUE(shared_mock()) << "the suite's mock did not start";
    SessionSettings settings = session_settings();
    if (settings.id.empty()) settings.id = session_id_of_current_test();
    auto created = shared_mock()->session(std::move(settings));
    ASSERT_TRUE(created) << created.error();
    session_.emplace(std::move(*created));
  }
  void TearDown() override { session_.reset(); }

  ScopedMock& mock() { return *shared_mock(); }
  ScopedSession& session() { return *session_; }

 private:
  // "Suite.Name/3" -> "Suite.Name_3": a readable ID that says which test a journal belongs to.
  static std::string session_id_of_current_test() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string id = std::string(info->test_suite_name()) + "." + info->name();
    for (char& c : id) {
      const bool allowed = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                           (c >= '0' && c <= '9') || c == '.' || c == '-';
      if (!allowed) c = '_';
    }
    return id.substr(0, 128);
  }
  static std::unique_ptr<ScopedMock>& shared_mock() {
    static std::unique_ptr<ScopedMock> mock;
    return mock;
  }

  std::optional<ScopedSession> session_;
};

}  // namespace bedrock::mock::testing
