#!/usr/bin/env bash
# test_record_video — `optiplay record --out x.mp4 | x.webm`: the codec, pixel format, size,
# frame count and duration (the hold included) as an independent decoder reads them, the MP4's
# index first, the same bytes twice, and bad requests that exit 2 and leave files alone.
set -u
bin=$1
vidinfo=$2
export SDL_VIDEODRIVER=offscreen
. "$(dirname "$0")/checks.sh"

need_gl "$bin"

# 40 frames at 20 fps and the default hold of 2 s: 40 more frames, 4 s in all
"$bin" record --out "$tmp/a.mp4" --frames 40 --fps 20 --size 320x240 >"$tmp/out" 2>"$tmp/err" \
  && ok || fail "mp4: exited $?: $(cat "$tmp/err")"
grep -q "wrote $tmp/a.mp4" "$tmp/out" && ok || fail "mp4: no 'wrote' line"
info=$("$vidinfo" "$tmp/a.mp4")
want="h264 yuv420p 320x240 20/1 frames 80 ms 4000 index-first"
[ "$info" = "$want" ] && ok || fail "mp4 is '$info', expected '$want'"

# VP9: the hold set, an odd size loses its last column and row
"$bin" record --out "$tmp/a.webm" --frames 30 --fps 30 --size 321x241 --hold 0.5 >/dev/null \
  2>"$tmp/err" && ok || fail "webm: exited $?: $(cat "$tmp/err")"
info=$("$vidinfo" "$tmp/a.webm")
want="vp9 yuv420p 320x240 30/1 frames 45 ms 1500"
[ "$info" = "$want" ] && ok || fail "webm is '$info', expected '$want'"

# the same arguments give the same bytes (one encoder thread, bit-exact muxing)
for ext in mp4 webm; do
  "$bin" record --out "$tmp/b.$ext" --frames 30 --size 320x240 --noise 0.5 --seed 3 --hold 0 >/dev/null
  "$bin" record --out "$tmp/c.$ext" --frames 30 --size 320x240 --noise 0.5 --seed 3 --hold 0 >/dev/null
  cmp -s "$tmp/b.$ext" "$tmp/c.$ext" && ok || fail "two $ext recordings differ"
done

# a video has no loop count; failures leave the file alone and no part file
echo "precious" >"$tmp/keep.mp4"
for args in "--loop 2" "--fps 0" "--size 10x10"; do
  # shellcheck disable=SC2086
  "$bin" record --out "$tmp/keep.mp4" --frames 3 $args >/dev/null 2>"$tmp/err"
  rc=$?
  [ $rc = 2 ] && ok || fail "record $args exited $rc"
  [ -s "$tmp/err" ] && ok || fail "record $args: no message"
  [ "$(cat "$tmp/keep.mp4")" = "precious" ] && ok || fail "record $args clobbered keep.mp4"
done
# the video libraries are loaded only for a video: unloadable, a video is refused with their
# name (the old file kept), and a GIF is still made
mkdir "$tmp/lib"
for n in $(seq 50 80); do echo "not a library" >"$tmp/lib/libavcodec.so.$n"; done
LD_LIBRARY_PATH="$tmp/lib" "$bin" record --out "$tmp/keep.mp4" --frames 3 >/dev/null 2>"$tmp/err"
rc=$?
[ $rc != 0 ] && grep -q "libavcodec.so" "$tmp/err" && ok ||
  fail "record mp4 without libavcodec exited $rc: $(cat "$tmp/err")"
[ "$(cat "$tmp/keep.mp4")" = "precious" ] && ok || fail "a failed video load clobbered keep.mp4"
LD_LIBRARY_PATH="$tmp/lib" "$bin" record --out "$tmp/nolib.gif" --frames 3 >/dev/null 2>"$tmp/err" &&
  [ -s "$tmp/nolib.gif" ] && ok || fail "a GIF without libavcodec failed: $(cat "$tmp/err")"
ls -a "$tmp" | grep -q '\.part' && fail "temporary files left: $(ls -a "$tmp")" || ok

checks_done
