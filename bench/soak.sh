#!/usr/bin/env bash
# Soak run (issue #14): 256 concurrent connections for 60 s (or $1 seconds), HTTP/1.1 and HTTP/2
# at once, replayed and simulated Converse and ConverseStream plus errors on purpose; prints
# requests, errors, p99 and RSS at start and end. Exit 1 on any error or RSS growth past the
# bound stated in bench/soak.py.
# Usage: bench/soak.sh [seconds, default 60] [connections, default 256]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh >/dev/null
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v h2load >/dev/null || missing+=(nghttp2-client)
if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=()
  [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi
bash scripts/build.sh default >/dev/null
exec python3 bench/soak.py --mock build/mockserver/bedrock-mock --seconds "${1:-60}" \
  --connections "${2:-256}"
