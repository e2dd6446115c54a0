#!/usr/bin/env bash
# Runs every benchmark and prints its figures (a benchmark reports; it never fails a build).
# Usage: bench/run.sh [BUILD_DIR]        (./run.sh bench builds first)
set -uo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
bin=$BUILD/src/app/optiplay
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo
echo "== core throughput and memory soak"
"$BUILD/bench/bench_core"
echo
echo "== trace's number formatting vs glibc printf"
"$BUILD/bench/bench_fmt"
if [ -x "$bin" ]; then
  start=$(date +%s.%N)
  "$bin" trace --steps 200000 --opt 'Adam(lr=0.001)' --opt 'SGD(lr=1e-4, momentum=0.9)' >/dev/null
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" 'BEGIN { printf "optiplay trace, 2 racers x 200,000 steps (400,002 rows): %.2f s\n", e - s }'
fi
echo
echo "== swarm (basin map engine) vs numpy"
"$BUILD/bench/bench_swarm" --script bench/numpy_swarm.py
if [ -x "$bin" ] && [ -x "$BUILD/bench/bench_gif" ]; then
  export SDL_VIDEODRIVER=${SDL_VIDEODRIVER:-offscreen}
  echo
  echo "== window frame times (software OpenGL, 8 racers, 10,000-point trails)"
  for size in 1280x720 1920x1080; do
    echo "-- $size"
    "$bin" --bench-frames 300 --size "$size" --racers 8 --trail 10000
  done
  echo
  echo "== headless recording: optiplay record, 800x600, 30 fps, 300 frames"
  tmp=$(mktemp -d)
  start=$(date +%s.%N)
  /usr/bin/time -f "peak memory %M KiB" "$bin" record --out "$tmp/race.gif" --frames 300 \
    --fps 30 --size 800x600 2>&1
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f s for 300 frames: %.1f frames/s, %.2fx real time at 30 fps\n", e - s, 300 / (e - s), 10 / (e - s) }'
  echo
  echo "== GIF size and quality vs ffmpeg's two-pass palettegen/paletteuse, real frames"
  "$bin" record --out "$tmp/frames/" --frames 90 --fps 30 --size 800x600 >/dev/null
  "$BUILD/bench/bench_gif" --frames "$tmp/frames"
  echo
  echo "== GIF size and quality vs ffmpeg, synthetic race (and its panning stress case)"
  "$BUILD/bench/bench_gif"
  "$BUILD/bench/bench_gif" --pan
  echo
  echo "== soak: 3,000 frames recorded headless (320x240, 60,000 steps: the trails fill, then stay decimated); resident memory"
  "$bin" record --out "$tmp/soak.gif" --frames 3000 --size 320x240 --speed 20 >/dev/null &
  pid=$!
  samples=""
  while kill -0 "$pid" 2>/dev/null; do
    rss=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null)
    [ -n "$rss" ] && samples="$samples $rss"
    sleep 1
  done
  wait "$pid"
  echo "VmRSS KiB, one sample a second:$samples"
  rm -rf "$tmp"
fi
