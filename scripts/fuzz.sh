#!/usr/bin/env bash
# Builds the libFuzzer targets (preset "fuzz": clang, ASan + UBSan) and runs each for N seconds
# (default 60) on a corpus seeded at run time from ../shared/vectors and fixtures/ (copied into
# build-fuzz/corpus, never into the repository). Prints executions and crashes per target and
# exits non-zero when any target crashed; a crash input is left in build-fuzz/crashes/TARGET/ —
# add it to tests/fuzz/regressions/TARGET/ once fixed, where ctest replays it for ever.
# Usage: scripts/fuzz.sh [seconds-per-target] [target...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
bash scripts/install-deps.sh >/dev/null
all_targets=(http1 http2 event_stream sigv4 auth request_shapes cassette aws_config
             credential_process rules)
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${all_targets[@]}")

cmake --preset fuzz >/dev/null
build_targets=()
for t in "${targets[@]}"; do build_targets+=("${t}_fuzz"); done
cmake --build --preset fuzz --target "${build_targets[@]}"

shared="${BEDROCK_SHARED_DIR:-$PWD/../shared}"
root=build-fuzz
seed() {  # seed TARGET SOURCE... : copies files (not folders' structure) into the corpus
  local dir="$root/corpus/$1"
  shift
  mkdir -p "$dir"
  for source in "$@"; do
    [ -e "$source" ] || continue
    find "$source" -type f -size -64k -print0 2>/dev/null |
      while IFS= read -r -d '' f; do cp "$f" "$dir/$(sha1sum "$f" | cut -c1-16)"; done
  done
}
rm -rf "$root/corpus"
seed http1 tests/fuzz/seeds/http1 tests/fuzz/regressions/http1
seed http2 tests/fuzz/seeds/http2 tests/fuzz/regressions/http2
seed event_stream "$shared/vectors/event-stream" "$shared/realworld" tests/fuzz/regressions/event_stream
seed sigv4 "$shared/vectors/sigv4" tests/fuzz/regressions/sigv4
seed auth "$shared/vectors/sigv4" tests/fuzz/regressions/auth
seed request_shapes tests/golden/cassettes fixtures/cassettes tests/fuzz/regressions/request_shapes
seed cassette fixtures/cassettes tests/golden/cassettes tests/fuzz/regressions/cassette
seed aws_config tests/fuzz/seeds/aws_config tests/fuzz/regressions/aws_config
seed credential_process tests/fuzz/seeds/credential_process tests/fuzz/regressions/credential_process
seed rules fixtures/scenarios tests/fuzz/regressions/rules

status=0
printf '%-20s %12s %10s %8s %8s\n' target execs "execs/s" corpus crashes
for t in "${targets[@]}"; do
  mkdir -p "$root/crashes/$t" "$root/corpus/$t"
  dict=()
  [ -f "tests/fuzz/dicts/$t.dict" ] && dict=(-dict="tests/fuzz/dicts/$t.dict")
  # The wire targets talk to a server thread that allocates while an input runs: libFuzzer's
  # per-input leak check would stop the world after every input. Leaks are still reported
  # when the process exits.
  leaks=1
  case "$t" in http1 | http2) leaks=0 ;; esac
  log="$root/$t.log"
  set +e
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$root/tests/fuzz/${t}_fuzz" -max_total_time="$seconds" -print_final_stats=1 -timeout=10 \
    -rss_limit_mb=2048 -detect_leaks="$leaks" -artifact_prefix="$root/crashes/$t/" "${dict[@]}" "$root/corpus/$t" \
    >"$log" 2>&1
  rc=$?
  set -e
  execs=$(grep -m1 'stat::number_of_executed_units' "$log" | awk '{print $2}')
  rate=$(grep -m1 'stat::average_exec_per_sec' "$log" | awk '{print $2}')
  crashes=$(find "$root/crashes/$t" -type f | wc -l)
  corpus=$(find "$root/corpus/$t" -type f | wc -l)
  printf '%-20s %12s %10s %8s %8s\n' "$t" "${execs:-?}" "${rate:-?}" "$corpus" "$crashes"
  if [ "$rc" -ne 0 ] || [ "$crashes" -ne 0 ]; then
    status=1
    echo "  $t: libFuzzer exit $rc; see $log and $root/crashes/$t/" >&2
    grep -m5 -E 'ERROR|SUMMARY|==[0-9]+==' "$log" | sed 's/^/    /' >&2 || true
  fi
done
exit $status
