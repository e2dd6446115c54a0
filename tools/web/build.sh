#!/usr/bin/env bash
# tools/web/build.sh — the web page into build-web/: index.html, optiplay.js, optiplay.wasm,
# optiplay.data (the shipped scenes). The libraries come from tools/web/deps.sh (built once
# into build-web-deps/). With `test`: also the core's tests, built for node into
# build-web-node/, and run there.
set -euo pipefail
cd "$(dirname "$0")/../.."
SRC=$PWD DEPS=$PWD/build-web-deps OUT=build-web
# Debian's emscripten: its tools need node-acorn on NODE_PATH
export NODE_PATH=${NODE_PATH:+$NODE_PATH:}/usr/share/nodejs
quiet() { local log; log=$(mktemp); "$@" >"$log" 2>&1 || { cat "$log"; rm -f "$log"; exit 1; }; rm -f "$log"; }

[ -f "$DEPS/prefix/.done-libinih" ] || nice -n 10 tools/web/deps.sh "$DEPS"

# the paths the committed cross files use
consts() {
  mkdir -p "$1"
  printf "[constants]\ndeps = '%s'\nsrc = '%s'\n" "$DEPS/prefix" "$SRC" >"$1/paths.ini"
}

setup() { # dir, the last cross file, options
  local dir=$1 last=$2
  shift 2
  if [ ! -f "$dir/build.ninja" ]; then
    consts "$dir-cross"
    quiet meson setup "$dir" --cross-file "$dir-cross/paths.ini" \
      --cross-file tools/web/emscripten.ini --cross-file "tools/web/$last" \
      --buildtype=release -Db_ndebug=false "$@"
  fi
}

setup build-web-meson page.ini -Dwindow=enabled
quiet ninja -C build-web-meson src/app/optiplay.js
mkdir -p "$OUT"
cp build-web-meson/src/app/optiplay.{js,wasm,data} "$OUT/"
# the playlist: every shipped scene, in order
scenes=$(cd assets/scenes && ls *.ini | sed 's|.*|"/scenes/&"|' | paste -sd,)
sed "s|@SCENES@|[$scenes]|" tools/web/index.html >"$OUT/index.html"

if [ "${1:-}" = test ]; then
  setup build-web-node node.ini -Dwindow=disabled
  quiet ninja -C build-web-node
  # the test programs (the shell scripts' tests drive the native command line and install)
  mapfile -t names < <(meson introspect --tests build-web-node | node -e '
    let s = ""; process.stdin.on("data", (d) => s += d).on("end", () => JSON.parse(s)
      .filter((t) => t.cmd.some((c) => /\.js$/.test(c)) && !t.cmd.some((c) => /\.sh$/.test(c)))
      .forEach((t) => console.log(t.name)))')
  meson test -C build-web-node --print-errorlogs "${names[@]}"
fi
