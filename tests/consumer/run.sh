#!/usr/bin/env bash
# The consumer-project test (issue #16): installs BUILD_DIR with scripts/install.sh into a temp
# prefix, moves the prefix (the package must be relocatable), then
#   1. builds examples/gtest_mock standalone with find_package(bedrock_testbed COMPONENTS gtest)
#      and runs its tests (the in-process mock, MockTest and SharedMockTest);
#   2. builds tests/consumer/pkgconfig/main.cpp with pkg-config alone and runs it;
#   3. checks that the installed bedrock-mock reads the installed fixtures.
# Usage: tests/consumer/run.sh BUILD_DIR [CXX]
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
build_dir="$(cd "${1:?usage: run.sh BUILD_DIR [CXX]}" && pwd)"
cxx="${2:-c++}"
work="$(mktemp -d)"
mock_pid=""
cleanup() {
  if [ -n "$mock_pid" ]; then kill "$mock_pid" 2>/dev/null || true; wait "$mock_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "== install ($build_dir)"
bash "$repo/scripts/install.sh" "$work/staged" "$build_dir" >"$work/install.log"
mv "$work/staged" "$work/prefix"  # relocated: nothing may point at the staging path
prefix="$work/prefix"
if grep -rl "$work/staged" "$prefix" --include='*.cmake' --include='*.pc' >/dev/null; then
  echo "consumer: the installed package names its install path:" >&2
  grep -rl "$work/staged" "$prefix" --include='*.cmake' --include='*.pc' >&2
  exit 1
fi
launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi

echo "== 1. find_package(bedrock_testbed COMPONENTS gtest): examples/gtest_mock"
cmake -S "$repo/examples/gtest_mock" -B "$work/cmake-consumer" -G Ninja \
  -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER="$cxx" "${launcher[@]}" \
  -DCMAKE_PREFIX_PATH="$prefix" >"$work/configure.log" ||
  { cat "$work/configure.log"; exit 1; }
cmake --build "$work/cmake-consumer" -j2 >"$work/build.log" || { cat "$work/build.log"; exit 1; }
(cd "$work/cmake-consumer" && ./bedrock_gtest_example --gtest_brief=1)

echo "== 2. pkg-config: tests/consumer/pkgconfig/main.cpp"
pc_dir="$(dirname "$(find "$prefix" -name bedrock-mock-testing.pc | head -n1)")"
export PKG_CONFIG_PATH="$pc_dir"
# shellcheck disable=SC2046  # pkg-config's output is meant to be split into words
"$cxx" -O1 -o "$work/pkgconfig-consumer" "$repo/tests/consumer/pkgconfig/main.cpp" \
  $(pkg-config --cflags --libs bedrock-mock-testing bedrock-client)
BEDROCK_FIXTURES_DIR="$(pkg-config --variable=fixturesdir bedrock-mock-testing)" \
  "$work/pkgconfig-consumer"

echo "== 3. the installed bedrock-mock reads the installed fixtures"
fixtures="$(pkg-config --variable=fixturesdir bedrock-mock)"
cp "$fixtures/scenarios/throttled-then-ok.json" "$fixtures/scenarios/only-in-the-install.json"
env -u BEDROCK_FIXTURES_DIR "$prefix/bin/bedrock-mock" --list-scenarios | grep -q '^only-in-the-install ' ||
  { echo "consumer: the installed bedrock-mock did not read $fixtures" >&2; exit 1; }
"$prefix/bin/bedrock-mock" --port 0 --port-file "$work/port" >"$work/mock.log" 2>&1 &
mock_pid=$!
for _ in $(seq 1 500); do [ -s "$work/port" ] && break; sleep 0.01; done
[ -s "$work/port" ] || { cat "$work/mock.log"; echo "consumer: installed bedrock-mock did not start" >&2; exit 1; }
curl -fsS "http://127.0.0.1:$(cat "$work/port")/__admin/health" >/dev/null
echo "consumer: ok (find_package, pkg-config, installed bedrock-mock)"
