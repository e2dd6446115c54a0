#!/usr/bin/env bash
# tests/fuzz/run.sh [SECONDS] [TARGET...] — fuzz the spec parser, the expression parser and
# the scene reader (on text, and from a file as `optiplay trace FILE` reads it) with libFuzzer
# (+ ASan + UBSan) for SECONDS each (default 20).
#
#   FUZZ_SEED=1 tests/fuzz/run.sh 15   the CI smoke run (./run.sh test): repeatable mutations
#   tests/fuzz/run.sh 600         a long run: ten minutes per target
#   tests/fuzz/run.sh 60 expr     one target
#
# Needs clang and libclang-rt-14-dev (the fuzzer runtime), meson, ninja, libinih-dev. Builds in
# $FUZZ_BUILD (default: ${BUILD:-build}-fuzz), reads the seeds in tests/corpus/<target> and
# tests/corpus/regress/<target>, writes what it discovers to a scratch copy (kept with
# FUZZ_KEEP=DIR). A crash, a sanitizer report or a failed check stops the run with exit 1 and
# leaves the input in $FUZZ_BUILD/crashes/: add it to tests/corpus/regress/<target>/ (it then
# replays in every `meson test`), fix the core, rerun.
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${1:-20}
[ $# -gt 0 ] && shift
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(spec expr scene scene_file)
case "$secs" in ''|*[!0-9]*) echo "usage: tests/fuzz/run.sh [SECONDS] [spec|expr|scene|scene_file ...]" >&2; exit 2 ;; esac
build=${FUZZ_BUILD:-${BUILD:-build}-fuzz}

if ! command -v clang >/dev/null; then
  echo "fuzz: clang is missing (sudo apt-get install clang libclang-rt-14-dev)" >&2
  exit 1
fi
if [ ! -f "$build/build.ninja" ]; then
  # the window, the recorder and the benchmarks are not needed: only the core and the targets
  CC=clang meson setup "$build" --buildtype=debugoptimized -Dfuzz=true -Dwindow=disabled \
    -Db_lundef=false >"$build.log" 2>&1 || { cat "$build.log" >&2; exit 1; }
  rm -f "$build.log"
fi
exe=()
for t in "${targets[@]}"; do exe+=("tests/fuzz/fuzz_$t"); done
ninja -C "$build" "${exe[@]}" >"$build/ninja.log" 2>&1 || { cat "$build/ninja.log" >&2; exit 1; }

crashes="$build/crashes"
mkdir -p "$crashes"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
status=0
for t in "${targets[@]}"; do
  work="$scratch/$t"
  [ -n "${FUZZ_KEEP:-}" ] && work="$FUZZ_KEEP/$t"
  mkdir -p "$work"
  log="$scratch/$t.log"
  start=$(date +%s)
  # FUZZ_SEED (./run.sh test sets it) makes the mutations repeatable: CI fuzzes the same inputs
  # as the last local run, a prefix of them on a slower machine
  seeds=${t%_file}   # scene_file: the scene corpus and dictionary, read from a file
  mkdir -p "tests/corpus/regress/$t"
  if "$build/tests/fuzz/fuzz_$t" ${FUZZ_SEED:+-seed="$FUZZ_SEED"} \
       -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
       -max_len=4096 -dict="tests/fuzz/$seeds.dict" -artifact_prefix="$crashes/$t-" \
       -print_final_stats=1 "$work" "tests/corpus/$seeds" "tests/corpus/regress/$t" >"$log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 || true)
    echo "fuzz $t: ${runs:-?} inputs in $(( $(date +%s) - start )) s, $cov, no crash"
  else
    status=1
    echo "fuzz $t: FAILED" >&2
    { grep -v '^#[0-9]' "$log" || true; } | tail -40 >&2
    kept=$(ls -t "$crashes"/"$t"-* 2>/dev/null | head -1 || true)
    echo "fuzz $t: input kept in ${kept:-(none: see the log above)}" >&2
  fi
done
exit $status
