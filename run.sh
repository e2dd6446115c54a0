#!/usr/bin/env bash
# optiplay quick start.
#   ./run.sh            install what is missing, build, open the playground
#   ./run.sh test       the same set-up, then every test (plus the sanitizer build)
#   ./run.sh bench      the same set-up, then the benchmarks
#   ./run.sh build      only the set-up and the build
#   ./run.sh web        the WebAssembly page into build-web/, served at http://localhost:8000/
#   ./run.sh web build  only the page (any static host serves build-web/ as it is)
# Extra arguments after the command go to optiplay (./run.sh -- scene.ini) or meson test.
set -euo pipefail
cd "$(dirname "$0")"

# Debian packages the build, the window, the tests and the benchmarks need.
PACKAGES=(build-essential meson ninja-build pkg-config
  libsdl2-dev libsdl2-ttf-dev libepoxy-dev libinih-dev libimagequant-dev libgif-dev
  libpng-dev libavcodec-dev libavformat-dev libavutil-dev libswscale-dev xvfb xauth libgl1-mesa-dri
  libegl-mesa0 clang libclang-rt-14-dev desktop-file-utils)

# the benchmarks also compare against ffmpeg, numpy and matplotlib, and read peak memory with
# time(1)
[ "${1:-}" = bench ] && PACKAGES+=(ffmpeg python3-numpy python3-matplotlib time)
# the web page: emscripten (and node-acorn for its tools), cmake for the libraries, chromium
# and npm for the browser test (an npm of its own comes with some node packagings)
if [ "${1:-}" = web ] || [ "${1:-}" = test ]; then
  PACKAGES+=(emscripten node-acorn nodejs cmake chromium dpkg-dev)
  command -v npm >/dev/null || PACKAGES+=(npm)
fi

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "run.sh: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null
    apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "run.sh: missing Debian packages. Run this once, then ./run.sh again:"
    echo "  sudo apt-get install ${missing[*]}"
    exit 1
  fi
fi

# quiet when all is well, the whole output when not
quiet() { local log; log=$(mktemp); "$@" >"$log" 2>&1 || { cat "$log"; rm -f "$log"; exit 1; }; rm -f "$log"; }

# the web page (tools/web/build.sh; the libraries are built once, into build-web-deps/)
if [ "${1:-}" = web ]; then
  tools/web/build.sh
  [ "${2:-}" = build ] && { echo "run.sh: the page is in build-web/"; exit 0; }
  echo "run.sh: optiplay at http://localhost:8000/ (Ctrl+C stops)"
  exec python3 -m http.server 8000 --bind 127.0.0.1 --directory build-web
fi

BUILD=${BUILD:-build}
if [ ! -f "$BUILD/build.ninja" ]; then
  quiet meson setup "$BUILD" --buildtype=debugoptimized ${CI:+-Dwerror=true}
fi
quiet ninja -C "$BUILD"

cmd=${1:-run}
[ $# -gt 0 ] && shift
case "$cmd" in
  build) ;;
  test)
    meson test -C "$BUILD" --print-errorlogs "$@"
    # the same suite under AddressSanitizer and UBSan, headless tests included
    SAN=${BUILD}-san
    if [ ! -f "$SAN/build.ninja" ]; then
      quiet meson setup "$SAN" --buildtype=debug -Db_sanitize=address,undefined \
        -Db_lundef=false ${CI:+-Dwerror=true}
    fi
    quiet ninja -C "$SAN"
    # intercept_tls_get_addr=0: up to GCC 13 the runtime's __tls_get_addr interceptor takes a
    # dynamic TLS block at a certain page offset for a pre-2.25 glibc header and the leak
    # checker's tracer can die on it at exit (now and then: the dlopen'ed video libraries)
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=1:intercept_tls_get_addr=0 \
      UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 meson test -C "$SAN" --print-errorlogs "$@"
    # the recorder's threads and the window's G and P under ThreadSanitizer (its own build)
    if [ $# -eq 0 ]; then
      TSAN=${BUILD}-tsan
      if [ ! -f "$TSAN/build.ninja" ]; then
        quiet meson setup "$TSAN" --buildtype=debug -Db_sanitize=thread -Db_lundef=false \
          -Dfuzz=false ${CI:+-Dwerror=true}
      fi
      quiet ninja -C "$TSAN" tests/test_record tests/test_capture
      TSAN_OPTIONS="halt_on_error=1 suppressions=$PWD/tests/tsan.supp" meson test -C "$TSAN" \
        --no-rebuild --print-errorlogs \
        'Recorder - GIF and PNG files decode to the frames, failures leave no file' \
        'Window G and P - a GIF and a PNG land in the recordings directory, without the REC mark'
    fi
    # a short libFuzzer run of the spec, expression and scene parsers (clang); a longer run:
    # tests/fuzz/run.sh 600
    BUILD=$BUILD FUZZ_SEED=1 tests/fuzz/run.sh 15
    # the web page: the core's tests under node, then the page in chromium (tests/web)
    tools/web/build.sh test
    (cd tests/web && quiet npm ci --prefer-offline --no-audit --no-fund --ignore-scripts)
    node tests/web/test_page.mjs build-web assets/scenes
    ;;
  bench) bench/run.sh "$BUILD" ;;
  run|--) exec "$BUILD/src/app/optiplay" "$@" ;;
  *) exec "$BUILD/src/app/optiplay" "$cmd" "$@" ;;
esac
