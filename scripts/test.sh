#!/usr/bin/env bash
# README command 2: installs what is missing, builds, and runs every test.
# Usage: scripts/test.sh [preset]   (preset "sanitize" runs the tests under ASan + UBSan)
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-default}"
bash scripts/install-deps.sh
bash scripts/build.sh "$preset"
build_dir=build
[ "$preset" = default ] || build_dir="build-$preset"

status=0
ctest --preset "$preset" -j2 || status=$?

# Figures the vector suites report (ctest keeps each test's output in LastTest.log).
log="$build_dir/Testing/Temporary/LastTest.log"
if [ -f "$log" ]; then
  echo "== vector suites ($preset) =="
  printf '  SigV4 vector cases passed: %s\n' "$(grep -cE '^\[       OK \] ([A-Za-z0-9_]+\/)?SigV4Vectors\.' "$log" || true)"
  printf '  event-stream vectors passed: %s\n' "$(grep -cE '^\[       OK \] ([A-Za-z0-9_]+\/)?EventStreamVectors\.' "$log" || true)"
  grep -h '^realworld: ' "$log" | sed 's/^/  /' || true
  grep -h 'vector test skipped' "$log" | sort -u | sed 's/^/  SKIPPED: /' || true
fi

# The official SDKs against the mock (tests/conformance/run.sh prints `conformance: X passed /
# Y total`). Default preset only: the sanitizer build serves the same wire bytes.
if [ "$preset" = default ]; then
  echo "== conformance (official SDKs against bedrock-mock) =="
  BEDROCK_MOCK_BIN="$PWD/$build_dir/mockserver/bedrock-mock" \
    BEDROCK_CASSETTE_BIN="$PWD/$build_dir/cassettes/bedrock-cassette" bash tests/conformance/run.sh ||
    status=$?
fi
exit $status
