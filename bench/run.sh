#!/usr/bin/env bash
# Runs every benchmark and prints its figures (a benchmark reports; it never fails a build).
# Usage: bench/run.sh [BUILD_DIR] [record]   (./run.sh bench builds first; `record`: only the
# recording sections)
set -uo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
bin=$BUILD/src/app/optiplay
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"

if [ "${2:-}" != record ]; then
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
echo "== swarm (basin map engine): per core against the divider's limit, 2 threads against 1, vs numpy"
"$BUILD/bench/bench_swarm" --script bench/numpy_swarm.py
fi
if [ -x "$bin" ] && [ -x "$BUILD/bench/bench_gif" ]; then
  export SDL_VIDEODRIVER=${SDL_VIDEODRIVER:-offscreen}
  if [ "${2:-}" != record ]; then
    echo
    echo "== window frame times (software OpenGL, 8 racers, 10,000-point trails)"
    for size in 1280x720 1920x1080; do
      echo "-- $size"
      "$bin" --bench-frames 300 --size "$size" --racers 8 --trail 10000
    done
    echo "-- 1920x1080, the view dragged with the mouse every frame (--bench-drag)"
    "$bin" --bench-frames 300 --bench-drag --size 1920x1080 --racers 8 --trail 10000
  fi
  echo
  echo "== headless recording: optiplay record, 800x600, 30 fps, 300 frames"
  tmp=$(mktemp -d)
  start=$(date +%s.%N)
  /usr/bin/time -f "peak memory %M KiB" "$bin" record --out "$tmp/race.gif" --frames 300 \
    --fps 30 --size 800x600 2>&1
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f s for 300 frames: %.1f frames/s, %.2fx real time at 30 fps\n", e - s, 300 / (e - s), 10 / (e - s) }'
  # what every recording pays before its frames: loading, OpenGL and its shaders, the first
  # palette (median of 3 one-frame recordings)
  for k in 1 2 3; do
    /usr/bin/time -f "%U %S" -o "$tmp/t.one" "$bin" record --out "$tmp/one.gif" --frames 1 \
      --size 800x600 >/dev/null
    awk '{ print $1 + $2 }' "$tmp/t.one"
  done | sort -g | sed -n 2p | awk '{ printf "start-up (a 1-frame recording): %.2f s CPU\n", $1 }'
  echo
  echo "== record vs the matplotlib recipe: a 300-frame 800x600 race to a GIF, side by side"
  echo "   (peer: bench/peer_matplotlib_race.py to PNGs, then bench/peer_ffmpeg_gif.sh two-pass;"
  echo "    optiplay: the Beale race scene, the figure style; median of 3 runs each, interleaved)"
  # wall seconds and CPU seconds (user + system, children included: steadier when the machine
  # is shared) of each run
  ours=() peer=() ocpu=() pcpu=()
  for k in 1 2 3; do
    /usr/bin/time -f "%e %U %S" -o "$tmp/t.ours" "$bin" record assets/scenes/01-beale-race.ini \
      --out "$tmp/ours.gif" --frames 300 --fps 30 --size 800x600 >/dev/null
    rm -rf "$tmp/peer"
    /usr/bin/time -f "%e %U %S" -o "$tmp/t.peer" sh -c "/usr/bin/python3 bench/peer_matplotlib_race.py \
      --frames 300 --size 800x600 --fps 30 --out '$tmp/peer/' 2>/dev/null &&
      sh bench/peer_ffmpeg_gif.sh '$tmp/peer' '$tmp/peer.gif' 30"
    ours+=("$(awk '{ print $1 }' "$tmp/t.ours")") ocpu+=("$(awk '{ print $2 + $3 }' "$tmp/t.ours")")
    peer+=("$(awk '{ print $1 }' "$tmp/t.peer")") pcpu+=("$(awk '{ print $2 + $3 }' "$tmp/t.peer")")
  done
  med() { printf '%s\n' "$@" | sort -g | sed -n 2p; }
  mo=$(med "${ours[@]}") mp=$(med "${peer[@]}") co=$(med "${ocpu[@]}") cp=$(med "${pcpu[@]}")
  awk -v o="$mo" -v p="$mp" -v co="$co" -v cp="$cp" -v ob="$(stat -c %s "$tmp/ours.gif")" \
    -v pb="$(stat -c %s "$tmp/peer.gif")" -v l="$(cut -d' ' -f1 /proc/loadavg)" \
    'BEGIN { printf "optiplay record %.2f s wall, %.2f s CPU (%.0f KiB); matplotlib + ffmpeg %.2f s wall, %.2f s CPU (%.0f KiB)\nratio %.1fx wall, %.1fx CPU (load average %s)\n", o, co, ob / 1024, p, cp, pb / 1024, p / o, cp / co, l }'
  echo
  echo "== the figure style against the full HUD (same race, 300 frames 800x600 GIF)"
  "$bin" record --out "$tmp/full.gif" --frames 300 --size 800x600 --style full >/dev/null
  "$bin" record --out "$tmp/fig.gif" --frames 300 --size 800x600 >/dev/null
  awk -v f="$(stat -c %s "$tmp/fig.gif")" -v u="$(stat -c %s "$tmp/full.gif")" \
    'BEGIN { printf "figure %.0f KiB, full %.0f KiB: the figure is %.0f%% of the full HUD\n", f / 1024, u / 1024, 100 * f / u }'
  echo
  echo "== video: the same race to MP4 (H.264) and WebM (VP9), 300 frames 800x600"
  for ext in mp4 webm; do
    t0=$(date +%s.%N)
    "$bin" record --out "$tmp/race.$ext" --frames 300 --size 800x600 >/dev/null
    t1=$(date +%s.%N)
    awk -v a="$t0" -v b="$t1" -v e="$ext" -v n="$(stat -c %s "$tmp/race.$ext")" \
      'BEGIN { printf "%-5s %.2f s, %.0f KiB\n", e, b - a, n / 1024 }'
  done
  echo
  echo "== GIF size and quality vs ffmpeg's two-pass palettegen/paletteuse, real frames"
  "$bin" record --out "$tmp/frames/" --frames 90 --fps 30 --size 800x600 >/dev/null
  "$BUILD/bench/bench_gif" --frames "$tmp/frames"
  echo "-- the same at 480x360 and 1920x1080"
  for size in 480x360 1920x1080; do
    rm -rf "$tmp/frames"
    "$bin" record --out "$tmp/frames/" --frames 60 --fps 30 --size "$size" >/dev/null
    "$BUILD/bench/bench_gif" --frames "$tmp/frames" | grep -E "optiplay \(|ffmpeg pal|verdict"
  done
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
