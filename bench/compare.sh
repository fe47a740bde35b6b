#!/usr/bin/env bash
# bedrock-mock against nginx in one run: HTTP/1.1 (wrk) and HTTP/2 h2c (h2load), 32 and 256
# connections, replay and simulate modes, SigV4 verification off and on; nginx serves the same
# answer bytes. Runs alternate (nginx, then each mock configuration, round after round) so both
# see the same machine. Prints req/s, p50/p99, RSS and the ratios to nginx, writes
# bench/results/compare.csv and bench/results/compare.png, then measures stream pacing error.
# Figures only: nothing here passes or fails on speed.
# Usage: bench/compare.sh [seconds per run, default 5] [rounds, default 2]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh >/dev/null
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v nginx >/dev/null || missing+=(nginx-light)
command -v h2load >/dev/null || missing+=(nghttp2-client)
command -v gnuplot >/dev/null || missing+=(gnuplot-nox)
if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=()
  [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi
bash scripts/build.sh default >/dev/null
exec python3 bench/compare.py --mock build/mockserver/bedrock-mock --out bench/results \
  --seconds "${1:-5}" --rounds "${2:-2}"
