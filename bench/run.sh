#!/usr/bin/env bash
# Builds the benchmarks and prints the protocol library's figures: signatures/s for SigV4
# sign and verify, MB/s for event-stream frame encode and decode; then the mock's replay
# lookups (BM_ReplayHit/N for N recorded interactions: the time should not grow with N).
# Figures only: nothing here passes or fails on speed.
# Usage: bench/run.sh [extra Google Benchmark flags, e.g. --benchmark_min_time=2]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh >/dev/null
bash scripts/build.sh default >/dev/null
out=$(mktemp)
replay_out=$(mktemp)
trap 'rm -f "$out" "$replay_out"' EXIT
build/bench/protocol_bench --benchmark_format=json --benchmark_out="$out" \
  --benchmark_out_format=json "$@" >/dev/null
build/bench/replay_bench --benchmark_format=json --benchmark_out="$replay_out" \
  --benchmark_out_format=json "$@" >/dev/null
python3 - "$out" "$replay_out" <<'PY'
import json, sys
data = json.load(open(sys.argv[1]))
data["benchmarks"] += json.load(open(sys.argv[2]))["benchmarks"]
ctx = data["context"]
print(f"machine: {ctx.get('num_cpus')} cpus @ {ctx.get('mhz_per_cpu')} MHz; code built RelWithDebInfo (preset default)")
rows = []
for b in data["benchmarks"]:
    if b.get("run_type") == "aggregate":
        continue
    name = b["name"]
    ns = b["real_time"] if b.get("time_unit") == "ns" else b["real_time"] * {"us": 1e3, "ms": 1e6, "s": 1e9}[b["time_unit"]]
    if "items_per_second" in b:
        rows.append((name, f"{b['items_per_second']:>14,.0f} /s", f"{ns:>10.0f} ns/op"))
    elif "bytes_per_second" in b:
        rows.append((name, f"{b['bytes_per_second'] / 1e6:>11,.1f} MB/s", f"{ns:>10.0f} ns/op"))
    else:
        rows.append((name, "", f"{ns:>10.0f} ns/op"))
width = max(len(r[0]) for r in rows)
for name, rate, per_op in rows:
    print(f"{name:<{width}}  {rate:>18}  {per_op}")
by = {b["name"]: b for b in data["benchmarks"]}
sign = next((b for n, b in by.items() if n.startswith("BM_SigV4Sign")), None)
verify = next((b for n, b in by.items() if n.startswith("BM_SigV4Verify")), None)
if sign and verify and "items_per_second" in sign and "items_per_second" in verify:
    print(f"ratio verify/sign throughput: {verify['items_per_second'] / sign['items_per_second']:.2f}")
small, large = by.get("BM_ReplayHit/10"), by.get("BM_ReplayHit/100000")
if small and large:
    print(f"ratio replay hit time N=100000/N=10: {large['cpu_time'] / small['cpu_time']:.2f}")
PY
