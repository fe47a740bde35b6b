// The driver of the fuzz targets in the ordinary (gcc) build: runs LLVMFuzzerTestOneInput on
// every file named, or found under a folder named, on the command line, so the regression
// inputs of tests/fuzz/regressions/ and the bundled fixtures are replayed by ctest without
// libFuzzer. Prints how many inputs ran; a crash is the test's failure.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

int run_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", path.c_str());
    return 1;
  }
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t inputs = 0;
  for (int i = 1; i < argc; ++i) {
    const std::filesystem::path root(argv[i]);
    std::error_code error;
    if (std::filesystem::is_directory(root, error)) {
      std::vector<std::filesystem::path> files;
      for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
        if (entry.is_regular_file()) files.push_back(entry.path());
      }
      std::sort(files.begin(), files.end());
      for (const auto& file : files) {
        if (run_file(file) != 0) return 1;
        ++inputs;
      }
    } else if (std::filesystem::exists(root, error)) {
      if (run_file(root) != 0) return 1;
      ++inputs;
    }
  }
  std::printf("fuzz replay: %zu inputs ran without a crash\n", inputs);
  return 0;
}
