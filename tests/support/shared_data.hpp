#pragma once
// Locates ../shared (public vectors and real recordings). Tests that need it call
// REQUIRE_SHARED(): when CI is set a missing folder is a failure, otherwise the test
// is skipped with a visible reason, so a user's clone still passes on the project's
// own tests.
#include <gtest/gtest.h>

#include <filesystem>
#include <optional>
#include <string>

namespace bedrock::test {

// The shared folder if it exists (BEDROCK_SHARED_DIR, else ../shared beside the checkout).
std::optional<std::filesystem::path> shared_dir();
// The folder the path names, below shared/; nullopt when shared/ or it is missing.
std::optional<std::filesystem::path> shared_path(const std::string& relative);
bool running_in_ci();
std::string read_file(const std::filesystem::path& path);
std::filesystem::path source_dir();  // the project checkout

}  // namespace bedrock::test

// Binds `var` to shared/<relative>, or fails (CI) / skips (elsewhere) the current test.
#define REQUIRE_SHARED(var, relative)                                                        \
  const auto var##_opt = ::bedrock::test::shared_path(relative);                             \
  if (!var##_opt) {                                                                          \
    if (::bedrock::test::running_in_ci()) {                                                  \
      FAIL() << "CI is set but shared/" << (relative)                                        \
             << " is missing (set BEDROCK_SHARED_DIR or place shared/ next to the checkout)"; \
    }                                                                                        \
    GTEST_SKIP() << "shared/" << (relative)                                                  \
                 << " not found next to the checkout: vector test skipped";                  \
  }                                                                                          \
  const std::filesystem::path& var = *var##_opt
