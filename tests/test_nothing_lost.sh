#!/usr/bin/env bash
# test_nothing_lost — signals, full disks, closed pipes and odd files, as a user under stress
# meets them: the user's files stay as they were, no part file is left, nothing hangs, and the
# exit code says what happened (0 done, 1 failure, 2 bad input, 128 + N killed by signal N).
set -u
bin=$(readlink -f "$1")
export SDL_VIDEODRIVER=offscreen
. "$(dirname "$0")/checks.sh"
mnt=""
cleanup() { [ -n "$mnt" ] && umount "$mnt" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
parts() { find "$1" -name '*.part' | wc -l; }
# expect CODE WHAT -- COMMAND...: runs it (10 s at most), checks its exit code
expect() {
  local want=$1 what=$2
  shift 3
  timeout 10 "$@" >"$tmp/out" 2>"$tmp/err"
  got=$?
  [ "$got" = "$want" ] && ok || fail "$what: exit $got, expected $want: $(head -c 300 "$tmp/err")"
}

gl=1
"$bin" record --out "$tmp/probe.png" --frames 1 --size 64x64 >/dev/null 2>&1 || gl=0
[ $gl = 1 ] || echo "no OpenGL context: the record and --shot checks are skipped"

# ---- 1. Ctrl-C and SIGTERM stop a recording at once: exit 128 + N, one line, the old file
# kept, no part file (SIGHUP too, which a closed terminal sends)
if [ $gl = 1 ]; then
  for sig in INT TERM HUP; do
    for out in keep.gif keep.png frames/; do
      rm -rf "$tmp/w" && mkdir -p "$tmp/w"
      [ "$out" = frames/ ] || echo "precious" >"$tmp/w/$out"
      "$bin" record --out "$tmp/w/$out" --frames 3000 --size 320x240 >"$tmp/out" 2>"$tmp/err" &
      pid=$!
      # wait until the part exists: the recording is under way
      for _ in $(seq 100); do [ "$(parts "$tmp/w")" -gt 0 ] && break; sleep 0.05; done
      kill -"$sig" $pid
      start=$(date +%s%N)
      wait $pid
      rc=$?
      ms=$(( ($(date +%s%N) - start) / 1000000 ))
      num=$(kill -l "$sig")
      [ $rc = $((128 + num)) ] && ok || fail "SIG$sig to record $out: exit $rc, expected $((128 + num))"
      [ $ms -lt 1000 ] && ok || fail "SIG$sig to record $out: took $ms ms to stop"
      [ "$(wc -l <"$tmp/err")" = 1 ] && grep -q "stopped by SIG$sig" "$tmp/err" && ok ||
        fail "SIG$sig to record $out: message '$(cat "$tmp/err")'"
      if [ "$out" = frames/ ]; then
        [ ! -e "$tmp/w/frames" ] && ok || fail "SIG$sig: frames/ left behind: $(ls "$tmp/w/frames" | head -3)"
      else
        [ "$(cat "$tmp/w/$out")" = precious ] && ok || fail "SIG$sig to record $out: the old file changed"
      fi
      [ "$(parts "$tmp/w")" = 0 ] && ok || fail "SIG$sig to record $out: part left: $(ls -a "$tmp/w")"
    done
  done

  # ---- 5. SIGKILL leaves a part (nothing can catch it); the next recording into the same
  # folder removes it, and a part of a process still alive is left alone
  rm -rf "$tmp/w" && mkdir -p "$tmp/w"
  "$bin" record --out "$tmp/w/a.gif" --frames 3000 --size 320x240 >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 100); do [ "$(parts "$tmp/w")" -gt 0 ] && break; sleep 0.05; done
  kill -KILL $pid
  wait $pid 2>/dev/null
  [ "$(parts "$tmp/w")" = 1 ] && ok || fail "SIGKILL: expected one part left, found $(parts "$tmp/w")"
  sleep 1000 &
  alive=$!
  : >"$tmp/w/.b.gif.$alive-0.part"
  expect 0 "record after SIGKILL" -- "$bin" record --out "$tmp/w/b.gif" --frames 2 --size 64x64
  [ "$(parts "$tmp/w")" = 1 ] && [ -e "$tmp/w/.b.gif.$alive-0.part" ] && ok ||
    fail "stale parts: $(ls -a "$tmp/w")"
  kill $alive
  wait $alive 2>/dev/null
  # ulimit -f: the write fails (no SIGXFSZ kill), exit 1 naming the reason, no part
  rm -rf "$tmp/w" && mkdir -p "$tmp/w" && echo precious >"$tmp/w/keep.gif"
  (ulimit -f 8; exec "$bin" record --out "$tmp/w/keep.gif" --frames 30 --size 320x240) \
    >"$tmp/out" 2>"$tmp/err"
  rc=$?
  [ $rc = 1 ] && grep -q "File too large" "$tmp/err" && ok || fail "ulimit -f: exit $rc: $(cat "$tmp/err")"
  [ "$(cat "$tmp/w/keep.gif")" = precious ] && [ "$(parts "$tmp/w")" = 0 ] && ok ||
    fail "ulimit -f: $(ls -a "$tmp/w")"
fi

# ---- 4. a full disk is a failure (exit 1, "No space left on device"), not bad input: a
# small tmpfs when root may mount one, else /dev/full for the streams only
mkdir -p "$tmp/full"
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=192k optiplay-test "$tmp/full" 2>/dev/null; then
  mnt=$tmp/full
  echo precious >"$mnt/keep.gif"
  echo precious >"$mnt/keep.png"
  head -c 150000 /dev/zero >"$mnt/filler"
  if [ $gl = 1 ]; then
    for out in keep.gif keep.png new.gif frames/; do
      expect 1 "record to a full disk ($out)" -- "$bin" record --out "$mnt/$out" --frames 20 --size 320x240
      grep -qi "no space left on device" "$tmp/err" && ok || fail "full disk ($out): $(cat "$tmp/err")"
    done
    for out in keep.png new.bmp; do
      expect 1 "--shot to a full disk ($out)" -- "$bin" --shot "$mnt/$out" --size 640x480
      grep -qi "no space left on device" "$tmp/err" && ok || fail "--shot full disk ($out): $(cat "$tmp/err")"
    done
  fi
  expect 1 "trace to a full disk" -- sh -c "exec '$bin' trace --steps 2000 >'$mnt/trace.csv'"
  grep -qi "no space left on device" "$tmp/err" && ok || fail "trace full disk: $(cat "$tmp/err")"
  [ "$(cat "$mnt/keep.gif")" = precious ] && [ "$(cat "$mnt/keep.png")" = precious ] && ok ||
    fail "full disk: the old files changed"
  [ "$(parts "$mnt")" = 0 ] && [ ! -e "$mnt/new.gif" ] && [ ! -e "$mnt/new.bmp" ] &&
    [ ! -e "$mnt/frames" ] && ok || fail "full disk: left $(ls -a "$mnt")"
else
  echo "no tmpfs (not root): the full-disk checks of files are skipped, /dev/full only"
fi
for cmd in list "trace --steps 2000"; do
  # shellcheck disable=SC2086
  expect 1 "$cmd >/dev/full" -- sh -c "exec '$bin' $cmd >/dev/full"
  grep -qi "no space left on device" "$tmp/err" && ok || fail "$cmd >/dev/full: $(cat "$tmp/err")"
done

# ---- 6. --shot: a PNG for .png, written aside (the old file kept when it fails), other
# extensions refused before anything is drawn
if [ $gl = 1 ]; then
  expect 0 "--shot x.png" -- "$bin" --shot "$tmp/x.png" --size 320x200
  head -c 8 "$tmp/x.png" | od -An -tx1 | grep -q "89 50 4e 47" && ok || fail "--shot x.png is not a PNG"
  expect 0 "--shot x.bmp" -- "$bin" --shot "$tmp/x.bmp" --size 320x200
  [ "$(head -c 2 "$tmp/x.bmp")" = BM ] && ok || fail "--shot x.bmp is not a BMP"
  expect 2 "--shot x.jpg" -- "$bin" --shot "$tmp/x.jpg"
  grep -q "x.jpg" "$tmp/err" && [ ! -e "$tmp/x.jpg" ] && ok || fail "--shot x.jpg: $(cat "$tmp/err")"
  mkdir "$tmp/d.png"
  expect 2 "--shot to a directory" -- "$bin" --shot "$tmp/d.png"
  [ "$(parts "$tmp")" = 0 ] && ok || fail "--shot left a part: $(ls -a "$tmp")"
fi

# ---- 7. frames/ into a folder of old frames: refused, the folder untouched; x.gif naming a
# directory: refused, not frames
if [ $gl = 1 ]; then
  mkdir -p "$tmp/old" && echo "old" >"$tmp/old/frame_00001.png"
  expect 2 "frames into a non-empty folder" -- "$bin" record --out "$tmp/old/" --frames 3 --size 64x64
  grep -q "not empty" "$tmp/err" && [ "$(ls "$tmp/old")" = frame_00001.png ] &&
    [ "$(cat "$tmp/old/frame_00001.png")" = old ] && ok || fail "non-empty frames/: $(cat "$tmp/err")"
  mkdir -p "$tmp/dir.gif"
  expect 2 "--out x.gif naming a directory" -- "$bin" record --out "$tmp/dir.gif" --frames 3 --size 64x64
  grep -q "is a directory" "$tmp/err" && [ -z "$(ls "$tmp/dir.gif")" ] && ok || fail "dir.gif: $(cat "$tmp/err")"
fi

# ---- 10. trace into a closed pipe with SIGPIPE ignored: it stops at the first failed write,
# exit 1, quietly
start=$(date +%s%N)
(trap '' PIPE; exec "$bin" trace --steps 100000000 2>"$tmp/err"; ) | head -1 >/dev/null
rc=${PIPESTATUS[0]}
ms=$(( ($(date +%s%N) - start) / 1000000 ))
[ "$rc" = 1 ] && ok || fail "trace | head -1, SIGPIPE ignored: exit $rc"
[ $ms -lt 5000 ] && ok || fail "trace | head -1, SIGPIPE ignored: took $ms ms"
[ ! -s "$tmp/err" ] && ok || fail "trace | head -1: said '$(cat "$tmp/err")'"

# ---- 11. a racer diverged at its start prints loss nan, not a perfect 0
"$bin" trace --surface 'log(x)' --start -1,0 --opt 'SGD()' --steps 1 >"$tmp/out" 2>&1
[ "$(sed -n 2p "$tmp/out" | cut -d, -f5,9)" = "nan,diverged" ] && ok ||
  fail "diverged at the start: $(sed -n 2p "$tmp/out")"

# ---- 3, 9, 11. scenes that are not text files, or not files: exit 2 at once, naming the
# file (and the line); duplicate keys are refused naming both lines
printf '\0' >"$tmp/nul.ini"
printf '[scene]\nsurface = beale\n\0[racers]\n' >"$tmp/nul3.ini"
mkfifo "$tmp/fifo.ini"
mkdir "$tmp/dir.ini"
printf '[scene]\nsurface = beale\ntitle = a\n[racers]\nopt = SGD()\n[scene]\nTitle = b\n' >"$tmp/twice.ini"
printf '[scene]\nsurface = linreg\n[racers]\nopt = SGD()\nbatch = 2\nbatch = 3\n' >"$tmp/twice2.ini"
for c in "nul.ini:1: a NUL byte" "nul3.ini:3: a NUL byte" "fifo.ini: not a regular file (a FIFO)" \
         "dir.ini: not a regular file (a directory)" "/dev/zero: not a regular file (a device)" \
         "twice.ini:7: 'title' is given twice: on line 3 and on line 7" \
         "twice2.ini:6: batch is given twice for one racer: on line 5 and on line 6"; do
  f=${c%%:*}
  case "$f" in /*) ;; *) f=$tmp/$f ;; esac
  expect 2 "trace ${c%%:*}" -- "$bin" trace "$f"
  grep -qF -- "$f${c#*[a-z]:}" "$tmp/err" 2>/dev/null || grep -qF -- "${c#*:}" "$tmp/err" && ok ||
    fail "trace ${c%%:*}: '$(cat "$tmp/err")', expected '$c'"
done

# ---- 11. the command line: an unknown option given last is unknown (not "needs a value"),
# "--" ends the options, a denormal start is a number as in a scene, a huge argument is cut
expect 2 "unknown option last" -- "$bin" trace --steps 2 --bogus
grep -q "unknown option '--bogus'" "$tmp/err" && ok || fail "unknown option last: $(cat "$tmp/err")"
cp assets/scenes/01-*.ini "$tmp/-dash.ini"
expect 0 "-- then a scene" -- sh -c "cd '$tmp' && exec '$bin' trace --steps 1 -- -dash.ini"
expect 0 "a denormal --start" -- "$bin" trace --steps 1 --opt 'SGD()' --start 1e-310,1
expect 2 "a 130 KB --surface" -- "$bin" trace --surface "$(head -c 130000 /dev/zero | tr '\0' x)"
[ "$(wc -c <"$tmp/err")" -lt 1100 ] && ok || fail "a 130 KB argument echoed: $(wc -c <"$tmp/err") bytes"

[ "$(parts "$tmp")" = 0 ] && ok || fail "parts left: $(find "$tmp" -name '*.part')"
checks_done
