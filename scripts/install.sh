#!/usr/bin/env bash
# Installs a build into PREFIX: libraries, headers, executables, fixtures, the CMake package
# (find_package(bedrock_testbed)) and pkg-config files (docs/embedding.md). The container image
# (container/Dockerfile) and the consumer test (tests/consumer/run.sh) run this same script.
# Usage: scripts/install.sh PREFIX [BUILD_DIR]   (BUILD_DIR default: build, i.e. scripts/build.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
prefix="${1:?usage: scripts/install.sh PREFIX [BUILD_DIR]}"
build_dir="${2:-build}"
[ -f "$build_dir/CMakeCache.txt" ] ||
  { echo "install: $build_dir is not a build folder (run scripts/build.sh first)" >&2; exit 1; }
# --strip: executables without their debug info (75 MB -> a few MB each); the static libraries
# keep theirs for the consumers' debuggers.
cmake --install "$build_dir" --prefix "$prefix" --strip
