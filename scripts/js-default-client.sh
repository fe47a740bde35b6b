#!/usr/bin/env bash
# The issue #8 check, reproducible: a stock BedrockRuntimeClient (default request handler, i.e.
# NodeHttp2Handler speaking HTTP/2 with prior knowledge to an http:// endpoint), configured only
# through AWS_ENDPOINT_URL, against bedrock-mock. It must get the seed's on-demand-throughput
# ValidationException for the base model ID in us-east-2 and an answer for the `us.` profile ID.
# Needs build/mockserver/bedrock-mock and tests/conformance/node_modules (run.sh installs them).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
mock="${BEDROCK_MOCK_BIN:-$repo/build/mockserver/bedrock-mock}"
modules="$repo/tests/conformance/node_modules"
[ -x "$mock" ] || { echo "js-default-client: $mock not built" >&2; exit 1; }
[ -d "$modules/@aws-sdk/client-bedrock-runtime" ] ||
  { echo "js-default-client: run tests/conformance/run.sh once (npm ci) first" >&2; exit 1; }

work="$(mktemp -d)"
"$mock" --port 0 --port-file "$work/port" >"$work/mock.log" 2>&1 &
mock_pid=$!
trap 'kill "$mock_pid" 2>/dev/null; wait "$mock_pid" 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 500); do [ -s "$work/port" ] && break; sleep 0.01; done
port="$(cat "$work/port")"

AWS_ENDPOINT_URL="http://127.0.0.1:$port" AWS_REGION=us-east-2 \
AWS_ACCESS_KEY_ID=AKIDEXAMPLE AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY \
AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null NODE_PATH="$modules" \
node -e '
const { BedrockRuntimeClient, ConverseCommand } = require("@aws-sdk/client-bedrock-runtime");
const client = new BedrockRuntimeClient({});  // no requestHandler: the SDK default (HTTP/2)
const ask = (modelId) => client.send(new ConverseCommand({
  modelId, messages: [{ role: "user", content: [{ text: "Hello" }] }] }));
(async () => {
  try {
    await ask("anthropic.claude-3-5-sonnet-20241022-v2:0");
    throw new Error("the base model ID was answered");
  } catch (error) {
    if (error.name !== "ValidationException") throw error;
    console.log(`base ID -> ${error.name} (${error.$metadata.httpStatusCode}): ${error.message}`);
  }
  const answer = await ask("us.anthropic.claude-3-5-sonnet-20241022-v2:0");
  console.log(`us. ID  -> ${answer.$metadata.httpStatusCode} ${answer.stopReason}: ` +
              JSON.stringify(answer.output.message.content[0].text));
})().catch((error) => { console.error(error); process.exit(1); });
'
curl -s "http://127.0.0.1:$port/__admin/requests" | node -e '
let text = ""; process.stdin.on("data", (c) => (text += c)).on("end", () => {
  const parsed = JSON.parse(text);
  const entries = Array.isArray(parsed) ? parsed : parsed.requests ?? [];
  console.log("journal protocols: " + entries.map((e) => e.protocol).join(", "));
});'
