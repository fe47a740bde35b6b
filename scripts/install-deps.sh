#!/usr/bin/env bash
# Installs every Debian package the build, the tests and the benchmarks need, and nothing
# else. Idempotent: installs only what is missing. Run as root on Debian 12 (or with sudo).
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates curl openssl
  libssl-dev zlib1g-dev
  nlohmann-json3-dev libcli11-dev libcpp-httplib-dev libcurl4-openssl-dev libnghttp2-dev
  node-llhttp  # llhttp (HTTP/1.1 parser) C sources, compiled by transport/CMakeLists.txt
  libgtest-dev libgmock-dev libbenchmark-dev libyaml-cpp-dev
  libbrotli-dev  # br-coded bodies in imported recordings (cassettes/)
  nghttp2-client  # h2load for bench/compare.sh, nghttp for poking at the HTTP/2 path
  python3
  clang libclang-rt-14-dev  # libFuzzer targets (scripts/fuzz.sh, preset fuzz)
  python3-yaml  # tests/container/dockerfile_check.py reads the compose, CI and Kubernetes files
  nginx-light   # tests/container/scale_out_check.py: the scale-out balancer in front of 3 mocks
)

# The conformance suite (tests/conformance) runs the official JS SDKs: Debian 12's nodejs is
# 18.19, which the pinned SDK versions support. A node already on PATH (e.g. 20 from NodeSource
# or nvm) is used as it is.
if ! command -v node >/dev/null; then
  packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
