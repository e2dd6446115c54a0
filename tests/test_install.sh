#!/usr/bin/env bash
# test_install — `meson install` into a scratch root, then the installed program, run from
# another folder, finds its lessons by name, opens one in the window, and ships its desktop
# file, icon, man page and the font's licence.
set -u
build=$1
fails=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }

meson install -C "$build" --destdir "$tmp/root" --no-rebuild --quiet >"$tmp/log" 2>&1 ||
  { cat "$tmp/log"; echo "FAIL: meson install"; exit 1; }
bin=$(find "$tmp/root" -path '*/bin/optiplay' -type f | head -1)
[ -x "$bin" ] || { echo "FAIL: no installed bin/optiplay"; exit 1; }
share=$(dirname "$(dirname "$bin")")/share

cd "$tmp"
unset OPTIPLAY_SCENES
"$bin" list >list.txt 2>err.txt || fail "installed optiplay list exited $?: $(cat err.txt)"
grep -qF "$share/optiplay/scenes" list.txt || fail "list does not name the installed scenes: $(grep -A1 '^Scenes' list.txt)"
grep -q 'ravine-momentum *Momentum in a ravine' list.txt || fail "list lacks the ravine lesson"
n=$(ls "$share/optiplay/scenes"/*.ini | wc -l)
[ "$n" -ge 12 ] || fail "only $n scenes installed"
"$bin" trace ravine --steps 2 >t.csv 2>err.txt || fail "trace ravine exited $?: $(cat err.txt)"
[ "$(wc -l <t.csv)" -gt 3 ] || fail "trace ravine printed $(wc -l <t.csv) lines"
"$bin" trace 3 --steps 2 | cmp -s - t.csv || fail "trace 3 differs from trace ravine"
"$bin" trace ravien >/dev/null 2>err.txt; rc=$?
[ $rc = 2 ] && grep -q "did you mean 'ravine'" err.txt || fail "a misspelt scene: exit $rc, $(cat err.txt)"
if "$bin" --help | grep -q -- '--shot'; then
  SDL_VIDEODRIVER=offscreen "$bin" ravine --shot shot.bmp --size 320x240 >/dev/null 2>err.txt
  rc=$?
  if [ $rc = 0 ]; then [ -s shot.bmp ] || fail "--shot of the installed ravine wrote nothing"
  elif [ $rc != 77 ]; then fail "installed window on ravine exited $rc: $(cat err.txt)"; fi
fi
[ -f "$share/applications/optiplay.desktop" ] || fail "no desktop file"
[ -f "$share/icons/hicolor/scalable/apps/optiplay.svg" ] || fail "no icon"
[ -f "$share/man/man1/optiplay.1" ] || fail "no man page"
[ -f "$share/doc/optiplay/LICENSE-DejaVu.txt" ] || fail "no font licence"
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$share/applications/optiplay.desktop" || fail "desktop file invalid"
fi
[ $fails = 0 ] && echo "install: all checks passed"
exit $((fails > 0))
