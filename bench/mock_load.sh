#!/usr/bin/env bash
# Load figures for bedrock-mock: wrk replaying a recorded Converse answer against the mock, and
# the same bytes served by nginx as a static file on the same machine; prints requests/s, p99
# latency and the mock/nginx ratio. Then the same over HTTP/2 (h2c, prior knowledge) with h2load,
# against the mock and nginx's h2c listener. Figures only: nothing here passes or fails on speed.
# Usage: bench/mock_load.sh [seconds per run, default 10]
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-10}"
bash scripts/install-deps.sh >/dev/null
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v nginx >/dev/null || missing+=(nginx-light)
command -v h2load >/dev/null || missing+=(nghttp2-client)
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
bash scripts/build.sh default >/dev/null

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

cassette=fixtures/cassettes/converse-nova-lite.json
# The request and the recorded answer body of the cassette's first interaction.
python3 - "$cassette" "$work" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
i = c["interactions"][0]
def body(b):
    if "json" in b: return json.dumps(b["json"], separators=(",", ":"), ensure_ascii=False)
    if "json_spaced" in b: return json.dumps(b["json_spaced"], ensure_ascii=False)
    if "text" in b: return b["text"]
    import base64; return base64.b64decode(b["base64"]).decode()
open(sys.argv[2] + "/request.json", "w").write(body(i["request"]["body"]))
open(sys.argv[2] + "/converse.json", "w").write(body(i["response"]["body"]))
open(sys.argv[2] + "/path", "w").write(i["request"]["path"])
PY
path=$(cat "$work/path")
cat > "$work/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Host"] = "bedrock-runtime.us-east-1.amazonaws.com"
local f = io.open("$work/request.json", "rb"); wrk.body = f:read("*a"); f:close()
LUA

mock_port=$(free_port)
build/mockserver/bedrock-mock --mode replay --cassettes "$cassette" --port "$mock_port" \
  --journal-size 1000 --threads 300 >"$work/mock.log" 2>&1 &
pids+=($!)

nginx_port=$(free_port)
nginx_h2_port=$(free_port)
mkdir -p "$work/nginx/root"
cp "$work/converse.json" "$work/nginx/root/converse.json"
cat > "$work/nginx/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/nginx/body;
  server {
    listen 127.0.0.1:$nginx_port;
    root $work/nginx/root;
    default_type application/json;
    location / { try_files /converse.json =404; }
  }
  # h2c with prior knowledge: nginx speaks HTTP/2 without TLS on a listener marked http2.
  server {
    listen 127.0.0.1:$nginx_h2_port http2;
    # nginx closes an HTTP/2 connection after 1000 requests by default and h2load does not
    # reconnect: the runs would end early. The mock has no such cap.
    keepalive_requests 100000000;
    root $work/nginx/root;
    default_type application/json;
    location / { try_files /converse.json =404; }
  }
}
CONF
# nginx's workers run as www-data when started by root: they must be able to read the file.
chmod 755 "$work" && chmod -R a+rX "$work/nginx"
nginx -c "$work/nginx/nginx.conf" -g 'daemon off;' &
pids+=($!)
for _ in $(seq 1 100); do
  curl -s -o /dev/null "http://127.0.0.1:$mock_port/__admin/health" && \
    curl -s -o /dev/null "http://127.0.0.1:$nginx_port/" && break
  sleep 0.05
done
cmp -s <(curl -s -X POST --data-binary @"$work/request.json" -H 'Content-Type: application/json' \
          "http://127.0.0.1:$mock_port$path") "$work/converse.json" \
  || { echo "the mock did not replay the recorded body" >&2; exit 1; }
cmp -s <(curl -s "http://127.0.0.1:$nginx_port$path") "$work/converse.json" \
  || { echo "nginx did not serve the recorded body" >&2; exit 1; }

# nginx gets GETs for the static file (it will not serve a file to a POST and keep the
# connection usable); the mock gets the recorded POST. The answer bytes are the same.
printf 'wrk.method = "GET"\n' > "$work/get.lua"
run() {  # run SCRIPT URL CONNECTIONS -> "rps p99_ms non2xx sockets"
  local out
  out=$(wrk -t2 -c"$3" -d"${duration}s" --latency -s "$work/$1.lua" "$2" 2>&1)
  python3 - "$out" <<'PY'
import re, sys
text = sys.argv[1]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
m = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", text)
p99 = float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)]
bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
errs = re.search(r"Socket errors:.*", text)
print(f"{rps:.0f} {p99:.3f} {bad.group(1) if bad else 0} {'errors' if errs else 'ok'}")
PY
}

echo "bedrock-mock replaying a recorded Converse vs nginx serving the same bytes ($duration s per run, wrk -t2)"
printf '%-34s %12s %10s %8s %8s\n' "run" "requests/s" "p99 ms" "non-2xx" "sockets"
for c in 32 256; do
  read -r m_rps m_p99 m_bad m_err < <(run post "http://127.0.0.1:$mock_port$path" "$c")
  read -r n_rps n_p99 n_bad n_err < <(run get "http://127.0.0.1:$nginx_port$path" "$c")
  printf '%-34s %12s %10s %8s %8s\n' "bedrock-mock, $c connections" "$m_rps" "$m_p99" "$m_bad" "$m_err"
  printf '%-34s %12s %10s %8s %8s\n' "nginx static file, $c connections" "$n_rps" "$n_p99" "$n_bad" "$n_err"
  python3 -c "print(f'ratio mock/nginx requests/s at $c connections: {$m_rps/$n_rps:.2f}')"
done
# HTTP/2: h2load with one stream per connection (how the JS SDK uses it: a connection per
# request is its default, this keeps connections open) and 8 concurrent streams per connection.
cmp -s <(curl -s --http2-prior-knowledge -X POST --data-binary @"$work/request.json" \
          -H 'Content-Type: application/json' "http://127.0.0.1:$mock_port$path") "$work/converse.json" \
  || { echo "the mock did not replay the recorded body over HTTP/2" >&2; exit 1; }
nginx_h2=yes
cmp -s <(curl -s --http2-prior-knowledge "http://127.0.0.1:$nginx_h2_port$path") "$work/converse.json" \
  || { echo "note: this nginx does not serve h2c; HTTP/2 runs against the mock only" >&2; nginx_h2=no; }
h2run() {  # h2run URL CONNECTIONS STREAMS [h2load args...] -> "rps mean_ms failed"
  local url=$1 connections=$2 streams=$3 out
  shift 3
  out=$(h2load -t2 -c"$connections" -m"$streams" -D"$duration" "$@" "$url" 2>&1)
  python3 - "$out" <<'PY'
import re, sys
text = sys.argv[1]
rps = float(re.search(r"finished in [\d.]+\w+, ([\d.]+) req/s", text).group(1))
m = re.search(r"time for request:\s+\S+\s+\S+\s+([\d.]+)(us|ms|s)\b", text)
mean = float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)]
failed = re.search(r"requests: .* (\d+) failed, (\d+) errored", text)
bad = re.search(r"status codes: \d+ 2xx, (\d+) 3xx, (\d+) 4xx, (\d+) 5xx", text)
non2xx = sum(int(x) for x in bad.groups()) if bad else 0
print(f"{rps:.0f} {mean:.3f} {int(failed.group(1)) + int(failed.group(2)) if failed else 0} {non2xx}")
PY
}
echo
echo "HTTP/2 (h2c) with h2load -t2 ($duration s per run): mock POST, nginx GET, same answer bytes"
printf '%-44s %12s %10s %8s %8s\n' "run" "requests/s" "mean ms" "failed" "non-2xx"
for shape in "32 1" "32 8"; do
  read -r c m <<<"$shape"
  read -r m_rps m_mean m_fail m_bad < <(h2run "http://127.0.0.1:$mock_port$path" "$c" "$m" \
    -d "$work/request.json" -H 'content-type: application/json')
  printf '%-44s %12s %10s %8s %8s\n' "bedrock-mock h2c, $c conns x $m streams" "$m_rps" "$m_mean" "$m_fail" "$m_bad"
  if [ "$nginx_h2" = yes ]; then
    read -r n_rps n_mean n_fail n_bad < <(h2run "http://127.0.0.1:$nginx_h2_port$path" "$c" "$m")
    printf '%-44s %12s %10s %8s %8s\n' "nginx h2c static file, $c conns x $m streams" "$n_rps" "$n_mean" "$n_fail" "$n_bad"
    python3 -c "print(f'ratio mock/nginx h2c requests/s at $c x $m: {$m_rps/$n_rps:.2f}')"
  fi
done
echo "journal: $(curl -s "http://127.0.0.1:$mock_port/__admin/health")"
