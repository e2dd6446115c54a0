#!/usr/bin/env bash
# tools/web/deps.sh DIR — the web build's libraries, compiled to WebAssembly from Debian's source
# packages into DIR/prefix (headers, static libraries, .pc files); DIR/src keeps the sources.
# Once: a library whose DIR/prefix/.done-NAME exists is not built again.
#   SDL2, SDL2_ttf, freetype, zlib, libpng: their own build systems (emcmake/emconfigure);
#   libimagequant, inih: a few C files each, compiled here (their build systems want
#   OpenMP, or meson's cross set-up, for nothing the page needs).
# Debian's source tarballs: bookworm's, but inih from trixie (bookworm's is missing
# from the mirror) and zlib and libpng asked for as /bookworm (else apt picks no version).
# Fetching needs root (a deb-src sources file is added, apt-get update, removed again).
set -euo pipefail
DIR=$(realpath -m "$1")
SRC=$DIR/src P=$DIR/prefix
mkdir -p "$SRC" "$P/lib/pkgconfig" "$P/include"
export NODE_PATH=${NODE_PATH:-/usr/share/nodejs}
JOBS=$(nproc)

# name of the source package, then what apt-get source is asked for
PKGS=(zlib:zlib/bookworm libpng1.6:libpng1.6/bookworm freetype:freetype/bookworm
  libsdl2:libsdl2/bookworm libsdl2-ttf:libsdl2-ttf/bookworm libimagequant:libimagequant/bookworm
  libinih:libinih/trixie)

srcdir() { find "$SRC" -maxdepth 1 -mindepth 1 -type d -name "$1-[0-9]*" | head -1; }

fetch() {
  local want=()
  for p in "${PKGS[@]}"; do [ -n "$(srcdir "${p%%:*}")" ] || want+=("${p#*:}"); done
  [ ${#want[@]} -gt 0 ] || return 0
  if [ "$(id -u)" != 0 ]; then
    echo "tools/web/deps.sh: fetching Debian sources (${want[*]}) needs root once" >&2
    exit 1
  fi
  local list=/etc/apt/sources.list.d/optiplay-web-src.list
  local key=/usr/share/keyrings/debian-archive-keyring.gpg
  # other apt users on this machine take the same lock (flock /tmp/apt.lock)
  (
    flock 9
    trap 'rm -f "$list"' EXIT
    printf 'deb-src [signed-by=%s] http://deb.debian.org/debian %s main\n' \
      "$key" bookworm "$key" trixie >"$list"
    apt-get -o DPkg::Lock::Timeout=1200 -o Acquire::Retries=3 update -q \
      -o Dir::Etc::sourcelist="$list" -o Dir::Etc::sourceparts=- \
      -o APT::Get::List-Cleanup=0 >/dev/null
    cd "$SRC"
    for w in "${want[@]}"; do
      apt-get -q source --download-only "$w" >/dev/null || {
        echo "tools/web/deps.sh: apt-get source $w failed" >&2; exit 1; }
    done
    for dsc in *.dsc; do
      [ -n "$(srcdir "${dsc%%_*}")" ] || dpkg-source -q --no-check -x "$dsc" >/dev/null
    done
  ) 9>/tmp/apt.lock
}

pc() { # name version libs [requires] [cflags]
  cat >"$P/lib/pkgconfig/$1.pc" <<PC
prefix=$P
includedir=\${prefix}/include
libdir=\${prefix}/lib

Name: $1
Description: $1 (WebAssembly)
Version: $2
Requires: ${4:-}
Libs: -L\${libdir} $3
Cflags: -I\${includedir} ${5:-}
PC
}

# compile C files into a static library
cc_lib() { # lib cflags files...
  local lib=$1 flags=$2 o=() f
  shift 2
  local tmp; tmp=$(mktemp -d)
  for f in "$@"; do
    emcc -O2 $flags -c "$f" -o "$tmp/$(basename "${f%.c}").o"
    o+=("$tmp/$(basename "${f%.c}").o")
  done
  rm -f "$P/lib/$lib"
  emar rcs "$P/lib/$lib" "${o[@]}"
  rm -rf "$tmp"
}

CM=(-DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$P" -DCMAKE_PREFIX_PATH="$P"
  -DCMAKE_FIND_ROOT_PATH="$P" -DBUILD_SHARED_LIBS=OFF -DCMAKE_C_FLAGS="-O2 -I$P/include")

build() {
  local name=$1 s
  s=$(srcdir "$name")
  [ -f "$P/.done-$name" ] && return 0
  echo "tools/web/deps.sh: building $name ($(basename "$s"))"
  local b=$DIR/build/$name
  rm -rf "$b"
  mkdir -p "$b"
  case $name in
  zlib)
    (cd "$b" && cp -r "$s"/. . && CFLAGS=-O2 emconfigure ./configure --static --prefix="$P" &&
      emmake make -j"$JOBS" install) ;;
  libpng1.6)
    emcmake cmake -S "$s" -B "$b" "${CM[@]}" -DPNG_SHARED=OFF -DPNG_TESTS=OFF \
      -DPNG_HARDWARE_OPTIMIZATIONS=OFF -DZLIB_LIBRARY="$P/lib/libz.a" \
      -DZLIB_INCLUDE_DIR="$P/include"
    emmake make -C "$b" -j"$JOBS" png_static
    emmake make -C "$b" install
    # static only: zlib is needed by whoever links libpng
    sed -i 's/^Requires.private: *zlib/Requires: zlib/' "$P"/lib/pkgconfig/libpng16.pc ;;
  freetype)
    # zlib: the prefix's (else freetype's own copy clashes with it at link time)
    emcmake cmake -S "$s" -B "$b" "${CM[@]}" -DFT_REQUIRE_ZLIB=ON -DFT_DISABLE_BZIP2=ON \
      -DZLIB_LIBRARY="$P/lib/libz.a" -DZLIB_INCLUDE_DIR="$P/include" \
      -DFT_DISABLE_PNG=ON -DFT_DISABLE_HARFBUZZ=ON -DFT_DISABLE_BROTLI=ON
    emmake make -C "$b" -j"$JOBS" install ;;
  libsdl2)
    emcmake cmake -S "$s" -B "$b" "${CM[@]}" -DSDL_SHARED=OFF -DSDL_STATIC=ON -DSDL_TEST=OFF \
      -DSDL_THREADS=OFF
    emmake make -C "$b" -j"$JOBS" install ;;
  libsdl2-ttf)
    emcmake cmake -S "$s" -B "$b" "${CM[@]}" -DSDL2TTF_VENDORED=OFF -DSDL2TTF_HARFBUZZ=OFF \
      -DSDL2TTF_SAMPLES=OFF -DSDL2TTF_INSTALL=ON -DFREETYPE_LIBRARY="$P/lib/libfreetype.a" \
      -DFREETYPE_INCLUDE_DIRS="$P/include/freetype2"
    emmake make -C "$b" -j"$JOBS" install
    # its CMake build writes no .pc file
    local v; v=$(sed -n 's/^set(\(MAJOR\|MINOR\|MICRO\)_VERSION \([0-9]*\))/\2/p' "$s/CMakeLists.txt" | paste -sd.)
    pc SDL2_ttf "$v" -lSDL2_ttf "sdl2 freetype2" "-I\${includedir}/SDL2" ;;
  libimagequant)
    cc_lib libimagequant.a "-std=c99 -DNDEBUG" "$s"/{libimagequant,blur,mediancut,mempool,nearest,pam,kmeans}.c
    cp "$s/libimagequant.h" "$P/include/"
    pc imagequant "$(sed -n 's/.*LIQ_VERSION_STRING "\(.*\)"/\1/p' "$s/libimagequant.h")" -limagequant ;;
  libinih)
    cc_lib libinih.a "" "$s/ini.c"
    cp "$s/ini.h" "$P/include/"
    pc inih "$(sed -n "s/.*version *: *'\([0-9.]*\)'.*/\1/p" "$s/meson.build" | head -1)" -linih ;;
  esac
  touch "$P/.done-$name"
}

fetch
for p in "${PKGS[@]}"; do
  build "${p%%:*}"
done
