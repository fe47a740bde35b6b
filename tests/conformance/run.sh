#!/usr/bin/env bash
# Conformance suite: the official SDKs against bedrock-mock.
#   - Node: @aws-sdk/client-bedrock-runtime, @aws-sdk/client-bedrock, @anthropic-ai/bedrock-sdk
#     (versions pinned in package-lock.json), run with node's built-in test runner;
#   - Python: boto3/botocore, when importable (skipped with the reason otherwise).
# Needs a built mock (build/mockserver/bedrock-mock, or BEDROCK_MOCK_BIN), bedrock-cassette for
# har.test.mjs (build/cassettes/bedrock-cassette, or BEDROCK_CASSETTE_BIN) and node >= 18.19.
# Prints `conformance: X passed / Y total`; exits non-zero on any failure.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "conformance: node and npm are required (scripts/install-deps.sh installs them)" >&2
  exit 1
fi

# Install the pinned packages only when node_modules is missing or older than the lock file.
stamp=node_modules/.conformance-lock.sha256
lock_sum="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_sum" ]; then
  echo "conformance: npm ci (node $(node --version), npm $(npm --version))"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_sum" >"$stamp"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

status=0
# Spec output for people, TAP into a file for the counts. A hung stream must not hang CI.
timeout 600 node --test \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$work/node.tap" \
  ./*.test.mjs || status=$?

count() {  # count NAME: the `# NAME N` line of node's TAP summary (0 when absent)
  local value
  value="$(grep -E "^# $1 [0-9]+$" "$work/node.tap" | tail -n1 | awk '{print $3}')"
  echo "${value:-0}"
}
node_tests="$(count tests)"
node_pass="$(count pass)"
node_fail="$(count fail)"
node_cancelled="$(count cancelled)"
node_skipped="$(count skipped)"
node_todo="$(count todo)"
if [ "$node_tests" -eq 0 ]; then
  echo "conformance: node ran no tests" >&2
  status=1
fi

echo
echo "== boto3 =="
python_status=0
timeout 300 python3 boto3_conformance.py | tee "$work/boto3.txt" || python_status=$?
[ "$python_status" -eq 0 ] || status=1
boto3_line="$(grep -E '^boto3: [0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' "$work/boto3.txt" | tail -n1 || true)"
if [ -z "$boto3_line" ]; then
  echo "conformance: the boto3 script printed no summary" >&2
  boto3_line="boto3: 0 passed, 1 failed, 0 skipped"
  status=1
fi
read -r boto3_pass boto3_fail boto3_skipped < <(echo "$boto3_line" | awk '{print $2, $4, $6}')

passed=$((node_pass + boto3_pass))
total=$((node_tests + boto3_pass + boto3_fail + boto3_skipped))
echo
echo "== conformance =="
echo "  node: $node_pass passed, $node_fail failed, $node_cancelled cancelled, $node_skipped skipped, $node_todo todo (of $node_tests)"
echo "  $boto3_line"
echo "conformance: $passed passed / $total total"
if [ "$node_fail" -ne 0 ] || [ "$node_cancelled" -ne 0 ]; then status=1; fi
exit "$status"
