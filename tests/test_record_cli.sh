#!/usr/bin/env bash
# test_record_cli — `optiplay record` headless: a GIF of every shipped scene, byte-identical
# repeats, PNG outputs, and failures that exit 2 and leave the user's files alone.
set -u
bin=$1
gifinfo=$2
export SDL_VIDEODRIVER=offscreen
. "$(dirname "$0")/checks.sh"

need_gl "$bin"

# every shipped scene, as a GIF: the frame count, size and timing asked for
for scene in assets/scenes/*.ini; do
  name=$(basename "$scene" .ini)
  out="$tmp/$name.gif"
  if "$bin" record "$scene" --out "$out" --frames 24 --fps 24 --size 320x240 >"$tmp/out" 2>"$tmp/err"; then
    grep -q "wrote $out" "$tmp/out" && ok || fail "$name: no 'wrote' line: $(cat "$tmp/out")"
    info=$("$gifinfo" "$out")
    # 24 frames at 24 fps, the last held 2 s more (the default), looping
    want="24 320x240 300 last 204 loop forever"
    [ "$info" = "$want" ] && ok || fail "$name: gif is '$info', expected '$want'"
  else
    fail "$name: record exited $?: $(cat "$tmp/err")"
  fi
done

# the same arguments give the same bytes
"$bin" record --out "$tmp/a.gif" --frames 30 --size 400x300 --noise 0.5 --seed 3 >/dev/null
"$bin" record --out "$tmp/b.gif" --frames 30 --size 400x300 --noise 0.5 --seed 3 >/dev/null
cmp -s "$tmp/a.gif" "$tmp/b.gif" && ok || fail "two recordings differ"
"$bin" record --out "$tmp/c.gif" --frames 30 --size 400x300 --noise 0.5 --seed 3 --no-hud >/dev/null
cmp -s "$tmp/a.gif" "$tmp/c.gif" && fail "--no-hud changed nothing" || ok
[ "$(stat -c %s "$tmp/c.gif")" -lt "$(stat -c %s "$tmp/a.gif")" ] && ok || fail "--no-hud GIF not smaller"

# a figure-style recording draws and reads back only what changed; the same bytes as whole
# frames (OPTIPLAY_FULL_REDRAW), with racers that finish, diverge, fan out and jitter, and
# with the arrows (V) on
for scene in 01-beale-race 08-minibatch-noise 09-learning-rate-fan 18-nesterov-lookahead; do
  "$bin" record "assets/scenes/$scene.ini" --out "$tmp/p.gif" --frames 60 --size 400x300 --speed 5 \
    --title "A title" >/dev/null
  OPTIPLAY_FULL_REDRAW=1 "$bin" record "assets/scenes/$scene.ini" --out "$tmp/f.gif" --frames 60 \
    --size 400x300 --speed 5 --title "A title" >/dev/null
  cmp -s "$tmp/p.gif" "$tmp/f.gif" && ok || fail "$scene: partial frames differ from whole ones"
done
# and the full HUD, whose numbers change in many small boxes each step (boxes that grew into
# others once overlapped: their pixels were blended twice)
for scene in 01-beale-race 17-bias-correction; do
  "$bin" record "assets/scenes/$scene.ini" --out "$tmp/p.gif" --frames 90 --size 640x480 \
    --style full >/dev/null
  OPTIPLAY_FULL_REDRAW=1 "$bin" record "assets/scenes/$scene.ini" --out "$tmp/f.gif" --frames 90 \
    --size 640x480 --style full >/dev/null
  cmp -s "$tmp/p.gif" "$tmp/f.gif" && ok || fail "$scene --style full: partial frames differ from whole ones"
done

# the hold and the loop count, read back by giflib
"$bin" record --out "$tmp/h.gif" --frames 10 --fps 20 --size 160x120 --hold 0 --loop 3 >/dev/null
info=$("$gifinfo" "$tmp/h.gif")
[ "$info" = "10 160x120 50 last 5 loop 2" ] && ok || fail "--hold 0 --loop 3: '$info'"
"$bin" record --out "$tmp/h.gif" --frames 10 --fps 20 --size 160x120 --hold 1.5 --loop 1 >/dev/null
info=$("$gifinfo" "$tmp/h.gif")
[ "$info" = "10 160x120 200 last 155 loop none" ] && ok || fail "--hold 1.5 --loop 1: '$info'"

# the figure style is the default; --style full is the window's HUD (more text: more bytes);
# a title changes the picture
"$bin" record --out "$tmp/full.gif" --frames 30 --size 400x300 --noise 0.5 --seed 3 --style full >/dev/null
[ "$(stat -c %s "$tmp/full.gif")" -gt "$(stat -c %s "$tmp/a.gif")" ] && ok || fail "--style full not bigger than the figure"
"$bin" record --out "$tmp/d.gif" --frames 30 --size 400x300 --noise 0.5 --seed 3 --style figure >/dev/null
cmp -s "$tmp/a.gif" "$tmp/d.gif" && ok || fail "--style figure is not the default"
"$bin" record --out "$tmp/t.gif" --frames 30 --size 400x300 --noise 0.5 --seed 3 --title "A title" >/dev/null
cmp -s "$tmp/a.gif" "$tmp/t.gif" && fail "--title changed nothing" || ok

# the last frame as PNG, and numbered frames
"$bin" record --out "$tmp/shot.png" --frames 5 --size 320x200 >/dev/null && ok || fail "png"
head -c 8 "$tmp/shot.png" | od -An -tx1 | grep -q "89 50 4e 47" && ok || fail "not a PNG"
"$bin" record --out "$tmp/frames/" --frames 7 --size 160x120 >/dev/null && ok || fail "frames/"
[ "$(ls "$tmp/frames" | grep -c '^frame_0000[1-7].png$')" = 7 ] && ok || fail "7 numbered frames: $(ls "$tmp/frames")"

# failures: exit 2, a message naming what, the existing file untouched, nothing half-written
echo "precious" >"$tmp/keep.gif"
for args in "--fps 0" "--fps 60" "--size 10x10" "--size axb" "--frames 0" "--frames -3" \
            "--opt Adm()" "--surface bael" "--speed 0" "--style dashboard" "--hold -1" \
            "--hold 61" "--loop 0" "--loop never" "--title"; do
  # shellcheck disable=SC2086
  "$bin" record --out "$tmp/keep.gif" $args >"$tmp/out" 2>"$tmp/err"
  rc=$?
  [ $rc = 2 ] && ok || fail "record $args exited $rc"
  [ -s "$tmp/err" ] && ok || fail "record $args: no message"
  [ "$(cat "$tmp/keep.gif")" = "precious" ] && ok || fail "record $args clobbered keep.gif"
done
"$bin" record --out "$tmp/no/such/dir/x.gif" --frames 2 >/dev/null 2>"$tmp/err"
[ $? = 2 ] && grep -q "no/such/dir" "$tmp/err" && ok || fail "unwritable path: $(cat "$tmp/err")"
"$bin" record --frames 2 >/dev/null 2>"$tmp/err"
[ $? = 2 ] && grep -q -- "--out" "$tmp/err" && ok || fail "missing --out"
ls "$tmp" | grep -q '\.part\|\.tmp' && fail "temporary files left: $(ls "$tmp")" || ok

checks_done
