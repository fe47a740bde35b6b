#!/usr/bin/env bash
# README command 1: installs what is missing, builds, and runs the main job on the bundled
# fixtures: starts bedrock-mock and reproduces the seed story against it — the on-demand-
# throughput ValidationException for a base model ID, then the answer for the `us.` profile —
# first with curl, then with bedrock-cli (its hint, then --inference-profile auto).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh default

work=$(mktemp -d)
mock_pid=""
cleanup() {
  [ -n "$mock_pid" ] && kill "$mock_pid" 2>/dev/null && wait "$mock_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

build/mockserver/bedrock-mock --port 0 --port-file "$work/port" >"$work/mock.log" 2>&1 &
mock_pid=$!
for _ in $(seq 1 100); do [ -s "$work/port" ] && break; sleep 0.05; done
[ -s "$work/port" ] || { cat "$work/mock.log"; echo "bedrock-mock did not start" >&2; exit 1; }
port=$(cat "$work/port")
head -n1 "$work/mock.log"
endpoint="http://127.0.0.1:$port"
host_header="Host: bedrock-runtime.us-east-2.amazonaws.com"
body='{"messages":[{"role":"user","content":[{"text":"What is 2+2?"}]}],"inferenceConfig":{"maxTokens":64}}'

call() {  # call MODEL_ID_AS_PATH_SEGMENT
  curl -sS -i -X POST "$endpoint/model/$1/converse" -H "$host_header" \
    -H 'Content-Type: application/json' --data "$body"
}

echo
echo "== 1. Converse with the base model ID in us-east-2 (what the seed's developer did)"
echo "POST /model/anthropic.claude-3-5-sonnet-20241022-v2:0/converse"
call "anthropic.claude-3-5-sonnet-20241022-v2%3A0" | grep -iE '^HTTP/|^x-amzn-ErrorType|^\{'
echo
echo
echo "== 2. The fix: the us. inference-profile ID"
echo "POST /model/us.anthropic.claude-3-5-sonnet-20241022-v2:0/converse"
call "us.anthropic.claude-3-5-sonnet-20241022-v2%3A0" | grep -iE '^HTTP/|^\{'
echo
echo
echo "== 3. The same with bedrock-cli (the C++ client): the error, its hint, then --inference-profile auto"
cli=build/client/cli/bedrock-cli
export AWS_ACCESS_KEY_ID=AKIDEXAMPLE AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY
export HOME="$work"  # no ~/.aws of the machine's user takes part
echo '$ bedrock-cli converse --model anthropic.claude-3-5-sonnet-20241022-v2:0 --region us-east-2 "What is 2+2?"'
status=0
"$cli" converse --model anthropic.claude-3-5-sonnet-20241022-v2:0 --region us-east-2 \
  --endpoint-url "$endpoint" "What is 2+2?" || status=$?
echo "(exit status $status: the service answered with an error)"
echo
echo '$ bedrock-cli converse --model anthropic.claude-3-5-sonnet-20241022-v2:0 --region us-east-2 --inference-profile auto "What is 2+2?"'
"$cli" converse --model anthropic.claude-3-5-sonnet-20241022-v2:0 --region us-east-2 \
  --endpoint-url "$endpoint" --inference-profile auto "What is 2+2?"
echo
echo "== 4. bedrock-cli doctor: which step of the path fails, why, and the fix"
echo '$ bedrock-cli doctor --model anthropic.claude-3-5-sonnet-20241022-v2:0 --region us-east-2'
status=0
"$cli" doctor --model anthropic.claude-3-5-sonnet-20241022-v2:0 --region us-east-2 \
  --endpoint-url "$endpoint" || status=$?
echo "(exit status $status: a step failed; docs/pitfalls/on-demand-throughput.md explains it)"
echo
echo "== journal (GET /__admin/requests)"
curl -sS "$endpoint/__admin/requests" | python3 -c '
import json, sys
for r in json.load(sys.stdin)["requests"]:
    print("  {operation:<10} {modelId:<48} {region:<10} {status} {answeredBy} {errorType}".format(**r))'
