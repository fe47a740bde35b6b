#!/usr/bin/env bash
# What `--auth verify` costs the mock: wrk replays one recorded Converse against bedrock-mock with
# --auth off and with --auth verify (the request signed once, now, by @smithy/signature-v4: wrk
# resends the same bytes, all within the ±5 minute window), and prints requests/s of both and
# the ratio. Figures only: nothing here passes or fails on speed. The mock's HTTP front end is
# being replaced (transport/): re-run this after that lands.
# Usage: bench/auth_cost.sh [seconds per run, default 10]   (needs a built build/mockserver/bedrock-mock)
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-10}"
if ! command -v wrk >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null 2>&1 || true
fi
if ! command -v wrk >/dev/null; then echo "auth cost: skipped (wrk is not installed and could not be)"; exit 0; fi
mock=build/mockserver/bedrock-mock
if [ ! -x "$mock" ]; then echo "auth cost: skipped ($mock is not built)"; exit 0; fi
if [ ! -d bench/node/node_modules ]; then (cd bench/node && npm ci --no-audit --no-fund --loglevel=error); fi

work=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

cassette=fixtures/cassettes/converse-nova-lite.json
python3 - "$cassette" "$work" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
i = c["interactions"][0]
def body(b):  # as bench/mock_load.sh reads a cassette body
    if "json" in b: return json.dumps(b["json"], separators=(",", ":"), ensure_ascii=False)
    if "json_spaced" in b: return json.dumps(b["json_spaced"], ensure_ascii=False)
    if "text" in b: return b["text"]
    import base64; return base64.b64decode(b["base64"]).decode()
open(sys.argv[2] + "/request.json", "w").write(body(i["request"]["body"]))
open(sys.argv[2] + "/path", "w").write(i["request"]["path"])
PY
path=$(cat "$work/path")
host=bedrock-runtime.us-east-1.amazonaws.com
printf '[bench]\naws_access_key_id = AKIDBENCHEXAMPLE\naws_secret_access_key = benchSecretKeyEXAMPLEbenchSecretKeyEXAM\n' >"$work/credentials"
input=$(python3 -c 'import json,sys; print(json.dumps({"path": sys.argv[1], "body": open(sys.argv[2]).read(), "host": sys.argv[3], "accessKeyId": "AKIDBENCHEXAMPLE", "secretAccessKey": "benchSecretKeyEXAMPLEbenchSecretKeyEXAM"}))' "$path" "$work/request.json" "$host")
(cd bench/node && node presign.mjs "$input") >"$work/signed.json"
python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
headers = json.load(open(work + "/signed.json"))
lines = ['wrk.method = "POST"']
for name, value in headers.items():
    # wrk adds its own Host unless the table has exactly "Host": two would break the signature.
    name = "Host" if name == "host" else name
    lines.append(f'wrk.headers[{json.dumps(name)}] = {json.dumps(value)}')
lines.append(f'local f = io.open("{work}/request.json", "rb"); wrk.body = f:read("*a"); f:close()')
open(work + "/signed.lua", "w").write("\n".join(lines) + "\n")
PY

run() {  # run AUTH -> requests/s
  local port out
  port=$(free_port)
  "$mock" --mode replay --cassettes "$cassette" --port "$port" --auth "$1" \
    --credentials "$work/credentials" --journal-size 1000 --threads 64 >"$work/mock-$1.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$port/__admin/health" && break; sleep 0.05; done
  # A refused signature shows up as non-2xx answers: reported below, never a silent figure.
  out=$(wrk -t2 -c32 -d"${duration}s" -s "$work/signed.lua" "http://127.0.0.1:$port$path" 2>&1)
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true; pid=
  python3 - "$out" <<'PY'
import re, sys
text = sys.argv[1]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
print(f"{rps:.0f} {bad.group(1) if bad else 0}")
PY
}
read -r off_rps off_bad < <(run off)
read -r on_rps on_bad < <(run verify)
echo "auth cost: bedrock-mock replaying a Converse, wrk -t2 -c32, ${duration} s per run"
printf '%-28s %12s %8s\n' "run" "requests/s" "non-2xx"
printf '%-28s %12s %8s\n' "--auth off" "$off_rps" "$off_bad"
printf '%-28s %12s %8s\n' "--auth verify" "$on_rps" "$on_bad"
if [ "$on_bad" != 0 ]; then echo "auth cost: --auth verify answered $on_bad non-2xx: the ratio is not meaningful" >&2; fi
python3 -c "print(f'ratio --auth verify/off requests/s: {$on_rps/$off_rps:.2f} (cost {100*(1-$on_rps/$off_rps):.1f} %)')"
