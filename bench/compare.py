#!/usr/bin/env python3
"""bedrock-mock against nginx, measured in one run (bench/compare.sh installs and builds first).

Servers: nginx (static files holding the mock's own answer bytes, worker_processes = cores, the
same as the mock's default event loops) and bedrock-mock in four configurations: replay or
simulate, SigV4 verification off or on. Loads: HTTP/1.1 with wrk and HTTP/2 (h2c, prior
knowledge, one stream per connection) with h2load, at 32 and 256 connections. Every round runs
each load against nginx and then against each mock configuration, so slow phases of the machine
hit all of them alike. Figures: requests/s, p50 and p99 latency, failed requests, RSS; the
median over rounds; ratios to nginx; the cost of --auth verify. Then stream pacing: how far each
replayed event-stream frame arrives from its recorded offset, idle and under load.

Standard library only. Figures, never a pass/fail.
"""
import argparse
import base64
import datetime
import hashlib
import hmac
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

REGION = "us-east-1"
ACCESS_KEY = "AKIDBENCHMARK0000000"
SECRET_KEY = "bench/secret/key/not/a/real/one/0000000"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def body_bytes(body):
    if "json" in body:
        return json.dumps(body["json"], separators=(",", ":"), ensure_ascii=False).encode()
    if "json_spaced" in body:
        return json.dumps(body["json_spaced"], ensure_ascii=False).encode()
    if "text" in body:
        return body["text"].encode()
    return base64.b64decode(body["base64"])


def sigv4_headers(method, host, path, body, now):
    """Authorization and X-Amz-Date for one request (AWS SigV4, service bedrock). The canonical
    URI encodes the raw path once more, as every non-S3 service does (reference §3)."""
    amz_date = now.strftime("%Y%m%dT%H%M%SZ")
    day = amz_date[:8]
    canonical_uri = urllib.parse.quote(path, safe="/~")
    signed = "content-type;host;x-amz-date"
    canonical = "\n".join([
        method, canonical_uri, "",
        "content-type:application/json", f"host:{host}", f"x-amz-date:{amz_date}", "",
        signed, hashlib.sha256(body).hexdigest()])
    scope = f"{day}/{REGION}/bedrock/aws4_request"
    to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope,
                         hashlib.sha256(canonical.encode()).hexdigest()])
    key = ("AWS4" + SECRET_KEY).encode()
    for part in (day, REGION, "bedrock", "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    return {
        "Authorization": f"AWS4-HMAC-SHA256 Credential={ACCESS_KEY}/{scope}, "
                         f"SignedHeaders={signed}, Signature={signature}",
        "X-Amz-Date": amz_date,
    }


def wait_ready(port, timeout=10):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return True
        except OSError:
            time.sleep(0.05)
    return False


def http_post(port, path, body, headers, http2=False):
    args = ["curl", "-s", "-X", "POST", "--data-binary", "@-", "-H", "Content-Type: application/json"]
    if http2:
        args.append("--http2-prior-knowledge")
    for name, value in headers.items():
        args += ["-H", f"{name}: {value}"]
    args.append(f"http://127.0.0.1:{port}{path}")
    return subprocess.run(args, input=body, capture_output=True, check=False).stdout


def rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_rss_kb(pid):
    total = rss_kb(pid)
    try:
        children = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
        for child in children.split():
            total += rss_kb(int(child))
    except OSError:
        pass
    return total


def to_ms(value, unit):
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def run_wrk(url, connections, seconds, script):
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-s",
                          script, url], capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    def pct(p):
        m = re.search(rf"\b{p}%\s+([\d.]+)(us|ms|s)\b", out)
        return to_ms(m.group(1), m.group(2)) if m else float("nan")
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    failed = (int(non2xx.group(1)) if non2xx else 0) + (sum(map(int, errors.groups())) if errors else 0)
    return {"rps": rps, "p50": pct(50), "p99": pct(99), "failed": failed}


def run_h2load(url, connections, seconds, body_file, headers, log_file):
    args = ["h2load", "-t2", f"-c{connections}", "-m1", f"-D{seconds}", "--log-file", log_file]
    if body_file:
        args += ["-d", body_file]
    for name, value in headers.items():
        args += ["-H", f"{name.lower()}: {value}"]
    out = subprocess.run(args + [url], capture_output=True, text=True).stdout
    rps = float(re.search(r"finished in [\d.]+\w+, ([\d.]+) req/s", out).group(1))
    failed = re.search(r"requests: .* (\d+) failed, (\d+) errored, (\d+) timeout", out)
    codes = re.search(r"status codes: \d+ 2xx, (\d+) 3xx, (\d+) 4xx, (\d+) 5xx", out)
    bad = (sum(map(int, failed.groups())) if failed else 0) + (sum(map(int, codes.groups())) if codes else 0)
    # h2load's log: start time, status, microseconds per request.
    latencies = []
    with open(log_file) as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3:
                latencies.append(int(parts[2]) / 1000.0)
    latencies.sort()
    def pct(p):
        return latencies[min(len(latencies) - 1, int(len(latencies) * p / 100))] if latencies else float("nan")
    return {"rps": rps, "p50": pct(50), "p99": pct(99), "failed": bad}


class Mock:
    def __init__(self, binary, work, mode, auth, cassettes, credentials):
        self.name = f"bedrock-mock {mode} auth-{auth}"
        self.mode, self.auth = mode, auth
        self.port = free_port()
        args = [binary, "--port", str(self.port), "--mode", mode, "--journal-size", "1000"]
        if mode == "replay":
            args += ["--cassettes", cassettes]
        if auth == "verify":
            args += ["--auth", "verify", "--credentials", credentials]
        self.log = open(os.path.join(work, f"mock-{mode}-{auth}.log"), "w")
        self.process = subprocess.Popen(args, stdout=self.log, stderr=subprocess.STDOUT)
        if not wait_ready(self.port):
            sys.exit(f"compare: {self.name} did not start (see {self.log.name})")
        self.idle_rss_kb = rss_kb(self.process.pid)

    def rss(self):
        return rss_kb(self.process.pid)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


class Nginx:
    name = "nginx"

    def __init__(self, work):
        self.port, self.h2_port = free_port(), free_port()
        root = os.path.join(work, "nginx")
        os.makedirs(os.path.join(root, "root"), exist_ok=True)
        self.root = os.path.join(root, "root")
        conf = os.path.join(root, "nginx.conf")
        with open(conf, "w") as f:
            f.write(f"""
worker_processes auto;
pid {root}/nginx.pid;
error_log {root}/error.log;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  client_body_temp_path {root}/body;
  keepalive_requests 100000000;
  server {{
    listen 127.0.0.1:{self.port};
    root {self.root};
    default_type application/json;
  }}
  # h2c with prior knowledge: HTTP/2 without TLS on a listener marked http2.
  server {{
    listen 127.0.0.1:{self.h2_port} http2;
    root {self.root};
    default_type application/json;
  }}
}}
""")
        # Started by root, nginx's workers run as www-data: they must be able to read the files.
        os.chmod(work, 0o755)
        for path, dirs, files in os.walk(root):
            for name in dirs + files:
                os.chmod(os.path.join(path, name), 0o755)
        os.chmod(root, 0o755)
        self.process = subprocess.Popen(["nginx", "-c", conf, "-g", "daemon off;"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if not wait_ready(self.port) or not wait_ready(self.h2_port):
            sys.exit("compare: nginx did not start")

    def serve(self, name, data):
        path = os.path.join(self.root, name)
        with open(path, "wb") as f:
            f.write(data)
        os.chmod(path, 0o644)

    def rss(self):
        return tree_rss_kb(self.process.pid)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


def median(values):
    values = [v for v in values if v == v]
    return statistics.median(values) if values else float("nan")


def measure_pacing(mock_port, stream_path, stream_body, offsets, requests, label):
    """Each frame's arrival minus (head arrival + recorded offset), in ms, over `requests`."""
    errors = []
    request = (f"POST {stream_path} HTTP/1.1\r\nHost: 127.0.0.1:{mock_port}\r\n"
               f"Content-Type: application/json\r\nContent-Length: {len(stream_body)}\r\n\r\n").encode() + stream_body
    for _ in range(requests):
        with socket.create_connection(("127.0.0.1", mock_port)) as s:
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            s.sendall(request)
            data = b""
            head_at = None
            frames = []
            while len(frames) < len(offsets):
                chunk = s.recv(65536)
                now = time.perf_counter()
                if not chunk:
                    break
                data += chunk
                if head_at is None:
                    end = data.find(b"\r\n\r\n")
                    if end < 0:
                        continue
                    head_at = now
                    data = data[end + 4:]
                # Each frame is one chunk: "<hex>\r\n<bytes>\r\n".
                while True:
                    line_end = data.find(b"\r\n")
                    if line_end < 0:
                        break
                    size = int(data[:line_end].split(b";")[0], 16)
                    if size == 0 or len(data) < line_end + 2 + size + 2:
                        break
                    frames.append(now)
                    data = data[line_end + 2 + size + 2:]
            for at, offset in zip(frames, offsets):
                errors.append(abs((at - head_at) * 1000.0 - offset))
    errors.sort()
    p = lambda q: errors[min(len(errors) - 1, int(len(errors) * q))]
    return {"label": label, "frames": len(errors), "p50": p(0.5), "p95": p(0.95), "max": errors[-1]}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mock", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    work = tempfile.mkdtemp(prefix="bedrock-compare-")
    cassette = "fixtures/cassettes/converse-nova-lite.json"
    stream_cassette = "fixtures/cassettes/converse-stream-nova-lite.json"
    interaction = json.load(open(cassette))["interactions"][0]
    path = interaction["request"]["path"]
    request_body = body_bytes(interaction["request"]["body"])
    body_file = os.path.join(work, "request.json")
    with open(body_file, "wb") as f:
        f.write(request_body)
    credentials = os.path.join(work, "credentials")
    with open(credentials, "w") as f:
        f.write(f"[default]\naws_access_key_id = {ACCESS_KEY}\naws_secret_access_key = {SECRET_KEY}\n")

    servers = []
    nginx = Nginx(work)
    servers.append(nginx)
    mocks = [Mock(args.mock, work, mode, auth, cassette, credentials)
             for mode in ("replay", "simulate") for auth in ("off", "verify")]
    servers += mocks
    try:
        return run(args, work, nginx, mocks, path, request_body, body_file, stream_cassette)
    finally:
        for server in servers:
            server.stop()


def run(args, work, nginx, mocks, path, request_body, body_file, stream_cassette):
    # Each mock's own answer, byte for byte, is what nginx serves for that configuration.
    plans = {}

    def prepare(mock):
        # Signed afresh for each round: a signature is accepted for 5 minutes (reference §3).
        host = f"127.0.0.1:{mock.port}"
        headers = {"Content-Type": "application/json"}
        if mock.auth == "verify":
            headers.update(sigv4_headers("POST", host, path, request_body,
                                         datetime.datetime.now(datetime.timezone.utc)))
        script = os.path.join(work, f"{mock.mode}-{mock.auth}.lua")
        lua_body = request_body.decode().replace("\\", "\\\\").replace('"', '\\"')
        with open(script, "w") as f:
            f.write('wrk.method = "POST"\n')
            for name, value in headers.items():
                f.write(f'wrk.headers["{name}"] = "{value}"\n')
            f.write(f'wrk.body = "{lua_body}"\n')
        plans[mock.name] = {"script": script, "headers": headers}
        return headers

    for mock in mocks:
        extra = {k: v for k, v in prepare(mock).items() if k != "Content-Type"}
        answer = http_post(mock.port, path, request_body, extra)
        answer_h2 = http_post(mock.port, path, request_body, extra, http2=True)
        if b'"output"' not in answer or b'"output"' not in answer_h2:
            sys.exit(f"compare: {mock.name} did not answer the Converse request: {answer[:200]!r}")
        nginx.serve(f"{mock.mode}.json", answer)
    get_script = os.path.join(work, "get.lua")
    with open(get_script, "w") as f:
        f.write('wrk.method = "GET"\n')
    for mode in ("replay", "simulate"):
        served = subprocess.run(["curl", "-s", f"http://127.0.0.1:{nginx.port}/{mode}.json"],
                                capture_output=True).stdout
        if b'"output"' not in served:
            sys.exit("compare: nginx did not serve the answer file")

    rows = []
    loads = [(proto, c) for proto in ("HTTP/1.1", "HTTP/2") for c in (32, 256)]
    total = args.rounds * len(loads) * (1 + len(mocks))
    done = 0
    for round_number in range(1, args.rounds + 1):
        for mock in mocks:
            prepare(mock)
        for proto, connections in loads:
            for server in [nginx] + mocks:
                done += 1
                is_nginx = server is nginx
                mode = "replay" if is_nginx else server.mode
                print(f"  [{done}/{total}] round {round_number} {proto} c={connections} {server.name}",
                      file=sys.stderr, flush=True)
                targets = ["/replay.json"] if is_nginx else [path]
                for target in targets:
                    if proto == "HTTP/1.1":
                        port = server.port
                        script = get_script if is_nginx else plans[server.name]["script"]
                        figures = run_wrk(f"http://127.0.0.1:{port}{target}", connections,
                                          args.seconds, script)
                    else:
                        port = nginx.h2_port if is_nginx else server.port
                        headers = {} if is_nginx else plans[server.name]["headers"]
                        figures = run_h2load(f"http://127.0.0.1:{port}{target}", connections,
                                             args.seconds, None if is_nginx else body_file,
                                             headers, os.path.join(work, "h2load.log"))
                    rows.append({"round": round_number, "server": server.name,
                                 "mode": "-" if is_nginx else server.mode,
                                 "auth": "-" if is_nginx else server.auth, "protocol": proto,
                                 "connections": connections, **figures, "rss_kb": server.rss()})

    # Summary: the median over rounds of each (protocol, connections, server).
    summary = []
    for proto, connections in loads:
        base = None
        for server in [nginx] + mocks:
            mine = [r for r in rows if r["server"] == server.name and r["protocol"] == proto
                    and r["connections"] == connections]
            entry = {"protocol": proto, "connections": connections, "server": server.name,
                     "rps": median([r["rps"] for r in mine]), "p50_ms": median([r["p50"] for r in mine]),
                     "p99_ms": median([r["p99"] for r in mine]), "failed": sum(r["failed"] for r in mine),
                     "rss_kb": max(r["rss_kb"] for r in mine)}
            if server is nginx:
                base = entry
            entry["ratio_rps"] = entry["rps"] / base["rps"]
            entry["ratio_p99"] = entry["p99_ms"] / base["p99_ms"] if base["p99_ms"] else float("nan")
            summary.append(entry)

    fields = ["protocol", "connections", "server", "rps", "p50_ms", "p99_ms", "failed", "rss_kb",
              "ratio_rps", "ratio_p99"]
    with open(os.path.join(args.out, "compare.csv"), "w") as f:
        f.write(",".join(fields) + "\n")
        for e in summary:
            f.write(",".join(f"{e[k]:.3f}" if isinstance(e[k], float) else str(e[k]) for k in fields) + "\n")
    with open(os.path.join(args.out, "compare-runs.csv"), "w") as f:
        keys = ["round", "server", "mode", "auth", "protocol", "connections", "rps", "p50", "p99", "failed", "rss_kb"]
        f.write(",".join(keys) + "\n")
        for r in rows:
            f.write(",".join(str(r[k]) for k in keys) + "\n")

    print(f"\nbedrock-mock vs nginx (same answer bytes; {args.seconds} s per run, {args.rounds} rounds, "
          f"median; wrk -t2 for HTTP/1.1, h2load -t2 -m1 h2c for HTTP/2; {os.cpu_count()} cpus)")
    print(f"{'load':<16} {'server':<32} {'req/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'failed':>7} "
          f"{'RSS MB':>7} {'x nginx':>8} {'p99 x':>6}")
    for e in summary:
        print(f"{e['protocol'] + ' c=' + str(e['connections']):<16} {e['server']:<32} {e['rps']:>10.0f} "
              f"{e['p50_ms']:>8.2f} {e['p99_ms']:>8.2f} {e['failed']:>7} {e['rss_kb'] / 1024:>7.1f} "
              f"{e['ratio_rps']:>8.2f} {e['ratio_p99']:>6.2f}")
    print()
    for e in summary:
        if e["server"] == "nginx":
            continue
        print(f"ratio mock/nginx req/s {e['protocol']} c={e['connections']} {e['server']}: {e['ratio_rps']:.2f}")
    print()
    for proto, connections in loads:
        for mode in ("replay", "simulate"):
            off = next(e for e in summary if e["protocol"] == proto and e["connections"] == connections
                       and e["server"] == f"bedrock-mock {mode} auth-off")
            on = next(e for e in summary if e["protocol"] == proto and e["connections"] == connections
                      and e["server"] == f"bedrock-mock {mode} auth-verify")
            print(f"--auth verify cost {proto} c={connections} {mode}: {(1 - on['rps'] / off['rps']) * 100:.1f} % "
                  f"of req/s ({off['rps']:.0f} -> {on['rps']:.0f})")
    print()
    for mock in mocks:
        print(f"idle RSS {mock.name}: {mock.idle_rss_kb / 1024:.1f} MB")

    plot(args.out, summary, [nginx] + mocks, loads)

    # Pacing: the recorded ConverseStream, replayed as recorded (--pacing recorded).
    stream = json.load(open(stream_cassette))["interactions"][0]
    offsets = [e["offset_ms"] for e in stream["stream"]["events"]]
    pacing_port = free_port()
    pacing_mock = subprocess.Popen([args.mock, "--port", str(pacing_port), "--mode", "replay",
                                    "--cassettes", stream_cassette, "--cassettes", "fixtures/cassettes/converse-nova-lite.json"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_ready(pacing_port)
        stream_body = body_bytes(stream["request"]["body"])
        idle = measure_pacing(pacing_port, stream["request"]["path"], stream_body, offsets, 20, "idle")
        script = plans["bedrock-mock replay auth-off"]["script"]
        load = subprocess.Popen(["wrk", "-t1", "-c32", "-d8s", "-s", script,
                                 f"http://127.0.0.1:{pacing_port}{path}"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.5)
        loaded = measure_pacing(pacing_port, stream["request"]["path"], stream_body, offsets, 20,
                                "under wrk -c32 load on the same mock")
        load.wait()
    finally:
        pacing_mock.terminate()
        pacing_mock.wait()
    print()
    for p in (idle, loaded):
        print(f"pacing error ({p['label']}, {p['frames']} frames): p50 {p['p50']:.2f} ms, "
              f"p95 {p['p95']:.2f} ms, max {p['max']:.2f} ms")
    with open(os.path.join(args.out, "pacing.csv"), "w") as f:
        f.write("label,frames,p50_ms,p95_ms,max_ms\n")
        for p in (idle, loaded):
            f.write(f"{p['label']},{p['frames']},{p['p50']:.3f},{p['p95']:.3f},{p['max']:.3f}\n")
    print(f"\nwrote {args.out}/compare.csv, compare-runs.csv, pacing.csv, compare.png")
    return 0


def plot(out, summary, servers, loads):
    data = os.path.join(out, "compare.dat")
    with open(data, "w") as f:
        f.write("load " + " ".join(f'"{s.name}"' for s in servers) + "\n")
        for proto, connections in loads:
            values = [next(e["rps"] for e in summary if e["protocol"] == proto and
                           e["connections"] == connections and e["server"] == s.name) for s in servers]
            f.write(f'"{proto} c={connections}" ' + " ".join(f"{v:.0f}" for v in values) + "\n")
    script = f"""
set terminal pngcairo size 1200,600 font ",10"
set output "{out}/compare.png"
set title "bedrock-mock vs nginx, requests/s (median of rounds, same machine, same run)"
set style data histogram
set style histogram cluster gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set key outside right top
set ylabel "requests/s"
set yrange [0:*]
set grid ytics
plot for [col=2:{len(servers) + 1}] "{data}" using col:xtic(1) title columnheader
"""
    subprocess.run(["gnuplot"], input=script, text=True, check=False)
    os.remove(data)


if __name__ == "__main__":
    sys.exit(main())
