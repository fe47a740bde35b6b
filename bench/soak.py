#!/usr/bin/env python3
"""Soak: one bedrock-mock (hybrid: the bundled cassettes replay, the rest is simulated) under
256 concurrent connections for a while, HTTP/1.1 (wrk) and HTTP/2 (h2load) at once, a mix of
replayed Converse and ConverseStream, simulated Converse, and answers that are errors on purpose
(the on-demand-throughput ValidationException, an unknown model). Prints requests, transport
failures, p99, and RSS at start and end; fails (exit 1) on any transport failure or RSS growth
beyond the stated bound. bench/soak.sh installs and builds first.
"""
import argparse
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time

RSS_GROWTH_BOUND_MB = 32  # end - start, after warm-up: the journal ring and caches are bounded


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def body_text(body):
    if "json" in body:
        return json.dumps(body["json"], separators=(",", ":"))
    return json.dumps(body["json_spaced"])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mock", required=True)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=256)
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="bedrock-soak-")
    converse = json.load(open("fixtures/cassettes/converse-nova-lite.json"))["interactions"][0]
    stream = json.load(open("fixtures/cassettes/converse-stream-nova-lite.json"))["interactions"][0]
    simulated_body = json.dumps({"messages": [{"role": "user", "content": [{"text": "soak"}]}]})
    # (path, body, expected status): replayed, replayed stream, simulated, two errors on purpose.
    mix = [
        (converse["request"]["path"], body_text(converse["request"]["body"]), 200),
        (stream["request"]["path"], body_text(stream["request"]["body"]), 200),
        ("/model/amazon.nova-pro-v1%3A0/converse", simulated_body, 200),
        ("/model/anthropic.claude-3-5-sonnet-20241022-v2%3A0/converse", simulated_body, 400),
        ("/model/no.such-model-v9%3A0/converse", simulated_body, 400),
    ]
    port = free_port()
    log = open(os.path.join(work, "mock.log"), "w")
    mock = subprocess.Popen([args.mock, "--port", str(port), "--cassettes", "fixtures/cassettes",
                             "--pacing", "none", "--journal-size", "10000"],
                            stdout=log, stderr=subprocess.STDOUT)
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        # Every request of the mix answers as intended before the load starts.
        for path, body, status in mix:
            out = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST",
                                  "-H", "Content-Type: application/json", "--data-binary", body,
                                  f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True)
            if int(out.stdout or 0) != status:
                sys.exit(f"soak: {path} answered {out.stdout}, expected {status}")

        # wrk: one request of the mix after another on each connection.
        script = os.path.join(work, "mix.lua")
        with open(script, "w") as f:
            f.write("local requests = {}\nlocal expected = {}\n")
            for i, (path, body, status) in enumerate(mix):
                lua_body = body.replace("\\", "\\\\").replace('"', '\\"')
                f.write(f'requests[{i + 1}] = wrk.format("POST", "{path}", '
                        f'{{["Content-Type"] = "application/json"}}, "{lua_body}")\n')
                f.write(f"expected[{i + 1}] = {status}\n")
            f.write("""
local n = 0
local unexpected = 0
request = function()
  n = n % #requests + 1
  return requests[n]
end
""")
        h2_body = os.path.join(work, "h2.json")
        with open(h2_body, "w") as f:
            f.write(mix[0][1])
        half = args.connections // 2
        start_rss = None
        samples = []

        def sample():
            while mock.poll() is None and not done.is_set():
                samples.append(rss_kb(mock.pid))
                done.wait(2)

        done = threading.Event()
        # Warm-up: caches, pools and the journal ring fill before RSS is taken as the start.
        subprocess.run(["wrk", "-t1", f"-c{half}", "-d3s", "-s", script, f"http://127.0.0.1:{port}/"],
                       capture_output=True)
        start_rss = rss_kb(mock.pid)
        sampler = threading.Thread(target=sample)
        sampler.start()
        wrk = subprocess.Popen(["wrk", "-t1", f"-c{half}", f"-d{args.seconds}s", "--latency",
                                "--timeout", "10s", "-s", script, f"http://127.0.0.1:{port}/"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        # h2load: replayed Converse, the stream and the on-demand error, in turn.
        h2 = subprocess.Popen(["h2load", "-t1", f"-c{args.connections - half}", "-m1",
                               f"-D{args.seconds}", "-d", h2_body, "-H", "content-type: application/json",
                               f"http://127.0.0.1:{port}{mix[0][0]}",
                               f"http://127.0.0.1:{port}{mix[1][0]}",
                               f"http://127.0.0.1:{port}{mix[3][0]}"],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        wrk_out, _ = wrk.communicate()
        h2_out, _ = h2.communicate()
        done.set()
        sampler.join()
        end_rss = rss_kb(mock.pid)
        alive = mock.poll() is None
    finally:
        mock.terminate()
        mock.wait(timeout=10)

    wrk_requests = int(re.search(r"(\d+) requests in", wrk_out).group(1))
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", wrk_out)
    wrk_failures = sum(map(int, socket_errors.groups())) if socket_errors else 0
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", wrk_out)
    wrk_non2xx = int(non2xx.group(1)) if non2xx else 0
    m = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", wrk_out)
    wrk_p99 = float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)]
    h2_done = re.search(r"requests: (\d+) total, \d+ started, (\d+) done, (\d+) succeeded, (\d+) failed, (\d+) errored, (\d+) timeout", h2_out)
    h2_requests = int(h2_done.group(2))
    codes = re.search(r"status codes: (\d+) 2xx, (\d+) 3xx, (\d+) 4xx, (\d+) 5xx", h2_out)
    h2_4xx, h2_5xx = int(codes.group(3)), int(codes.group(4))
    # h2load counts every non-2xx answer as "failed"; what no answer came back for is a transport
    # failure: errored, timed out, or failed beyond the 4xx/5xx answers.
    h2_failures = (int(h2_done.group(5)) + int(h2_done.group(6)) +
                   max(0, int(h2_done.group(4)) - h2_4xx - h2_5xx))
    # Two of the five wrk requests and one of the three h2load requests are errors on purpose.
    wrk_expected_errors = wrk_requests * 2 / 5
    growth_mb = (end_rss - start_rss) / 1024

    print(f"soak: {args.seconds} s, {args.connections} connections ({half} HTTP/1.1 wrk, "
          f"{args.connections - half} HTTP/2 h2load), hybrid mode, mixed replay/simulate/errors; "
          f"{os.cpu_count()} cpus, load average {os.getloadavg()[0]:.1f}")
    print(f"  HTTP/1.1: {wrk_requests} requests, {wrk_failures} transport failures, "
          f"{wrk_non2xx} intended error answers (about {wrk_expected_errors:.0f} expected), p99 {wrk_p99:.2f} ms")
    print(f"  HTTP/2:   {h2_requests} requests, {h2_failures} failed/errored/timed out, "
          f"{h2_4xx} intended 4xx (about {h2_requests / 3:.0f} expected), {h2_5xx} 5xx")
    print(f"  total: {wrk_requests + h2_requests} requests, "
          f"{(wrk_requests + h2_requests) / args.seconds:.0f} req/s")
    print(f"  RSS: start {start_rss / 1024:.1f} MB, max {max(samples) / 1024 if samples else 0:.1f} MB, "
          f"end {end_rss / 1024:.1f} MB, growth {growth_mb:+.1f} MB (bound {RSS_GROWTH_BOUND_MB} MB)")
    failures = wrk_failures + h2_failures + h2_5xx
    ok = alive and failures == 0 and growth_mb <= RSS_GROWTH_BOUND_MB
    print(f"soak: {'ok' if ok else 'FAILED'}: {failures} errors, mock {'alive' if alive else 'DEAD'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
