#!/usr/bin/env bash
# test_badinput — bad input everywhere: every keyword of every optimizer, schedule and surface
# (the cases come from badinput_cases, which reads the keyword tables) and every scene key gets
# a bad value. Each must give exit code 2 from `optiplay trace`, a message naming the column
# (specs) or file:line (scenes) and what was expected, and nothing at all on stdout: trace
# checks everything before it writes its CSV header.
#
#   tests/test_badinput.sh BUILD/src/app/optiplay BUILD/tests/badinput_cases
set -u
bin=$1
cases=$2
. "$(dirname "$0")/checks.sh"

# expect NEEDLE... -- ARGS: exit 2, nothing on stdout, every NEEDLE on stderr
expect() {
  local needles=()
  while [ "$1" != "--" ]; do needles+=("$1"); shift; done
  shift
  "$bin" trace --steps 3 "$@" >"$tmp/out" 2>"$tmp/err"
  local rc=$?
  if [ "$rc" != 2 ]; then fail "optiplay trace $* exited $rc, expected 2: $(cat "$tmp/err")"; return; fi
  if [ -s "$tmp/out" ]; then fail "optiplay trace $*: wrote to stdout on bad input: $(head -c 200 "$tmp/out")"; return; fi
  for n in "${needles[@]}"; do
    if ! grep -qF -- "$n" "$tmp/err"; then fail "optiplay trace $*: stderr lacks '$n': $(cat "$tmp/err")"; return; fi
  done
  ok
}

# ---- spec and surface keywords --------------------------------------------------------------
"$cases" >"$tmp/cases" 2>"$tmp/cases.err" || { cat "$tmp/cases.err" >&2; fail "badinput_cases"; }
[ "$(wc -l <"$tmp/cases")" -gt 200 ] && ok || fail "only $(wc -l <"$tmp/cases") keyword cases"
while IFS=$'\t' read -r what col needle text; do
  if [ "$what" = opt ]; then
    expect "column $col:" "$needle" -- --opt "$text"
  else
    expect "column $col:" "$needle" -- --surface "$text" --opt 'SGD()'
  fi
done <"$tmp/cases"

# every optimizer and schedule `list` shows has cases (a kind missing from the tables' walk)
"$bin" list >"$tmp/list"
for name in $(sed -n 's/^  \([A-Z][A-Za-z]*\)(.*/\1/p' "$tmp/list"); do
  grep -qE "$(printf '\t')(SGD\(lr=0\.1, momentum=0\.9\) \| )?$name\(" "$tmp/cases" && ok || fail "no cases for $name"
done

# ---- scene keys -----------------------------------------------------------------------------
# A good scene with every key, one per line; each case replaces one line (by number).
good() {
  cat <<'EOF'
[scene]
title = Bad input
caption = Every key, one at a time.
surface = linreg(n=32)
start = 1, 1
view = -3, -3, 5, 3
seed = 1
noise = 0
noise_decay = 0
batch = 0
speed = 1
steps = 5
record_dir = .
[racers]
opt = SGD(lr=0.1)
batch = 4
EOF
}
good >"$tmp/good.ini"
"$bin" trace "$tmp/good.ini" >"$tmp/out" 2>"$tmp/err" && ok || fail "the good scene fails: $(cat "$tmp/err")"
[ "$(wc -l <"$tmp/out")" = 7 ] && ok || fail "the good scene traced $(wc -l <"$tmp/out") lines"

long=$(printf 'word %.0s' $(seq 50))   # 250 characters: longer than a scene line may be
# LINE|the line that replaces it|what the message must say[|the line the error names]
scene_cases=(
  "2|title = $(printf 'x%.0s' $(seq 150))|title is too long"
  "3|caption = $long|longer than 197 characters"
  "4|surface = rosenbrock(b=-1)|column 14: b must be > 0"
  "4|surface = rosenbruck|did you mean 'rosenbrock'"
  "4|surface = 2x + y|no implicit multiplication"
  "4|surface = beale|needs a data surface|16"
  "5|start = 1|start must be two numbers"
  "5|start = 1, inf|start must be two numbers"
  "5|start = 1, 2, 3|start must be two numbers"
  "6|view = 1, 1, 0, 2|view must be four numbers"
  "6|view = 0, 0, 1|view must be four numbers"
  "7|seed = -1|seed must be a whole number"
  "7|seed = 1.5|seed must be a whole number"
  "8|noise = -1|noise must be a number in [0, 1e6]"
  "8|noise = nan|noise must be a number in [0, 1e6]"
  "9|noise_decay = 2e6|noise_decay must be a number in [0, 1e6]"
  "10|batch = 1.5|batch must be a whole number"
  "10|batch = 33|larger than the data set|10"
  "11|speed = 0|speed must be a whole number"
  "12|steps = 0|steps must be a whole number"
  "12|steps = ten|steps must be a whole number"
  "12|select = 0|select must be a racer's number in [1,"
  "13|record_dir = $long|longer than 197 characters"
  "13|show = basn|did you mean 'basin'"
  "13|hide = plot, lgend|unknown view 'lgend'"
  "13|expect = 1 wins|expect: column 3: expected a verb"
  "13|autoplay = maybe|autoplay must be yes or no"
  "13|select = 2|select: racer 2: the scene has 1 racers"
  "13|select = 0|select must be a racer's number"
  "13|expect = 2 converges|expect: racer 2: the scene has 1 racers"
  "13|expect = 1 converges at step 6|expect: step 6 is after the scene's 5 steps"
  "13|camera = 30, 95, 3|camera must be 'yaw, pitch, distance'"
  "13|camera = 30, 40|camera must be 'yaw, pitch, distance'"
  "13|height = cubic|height must be 'log' or 'linear'"
  "2|titel = x|did you mean 'title'"
  "1|[sceen]|unknown section [sceen]|2"
  "14|[racer]|unknown section [racer]|15"
  "15|opt = Adam(lr=-1)|column 9: lr must be >= 0"
  "15|opt = Adma()|did you mean 'Adam'"
  "15|opt = SGD() | StepLR()|StepLR needs step_size"
  "15|batch = 4|comes after the 'opt = ...' line"
  "16|batch = 0|batch must be a whole number >= 1"
  "16|batch = 33|larger than the data set|16"
  "16|colour = red|unknown key 'colour' in [racers]"
  "16|noise = -2|noise must be a number in [0, 1e6]"
  "16|[beat]\nrun = 3|a [beat] starts with its 'caption = ...'|17"
  "16|noise_decay = x|noise_decay must be a number in [0, 1e6]"
  "16|just words|expected '[section]' or 'key = value'"
)
for c in "${scene_cases[@]}"; do
  line=${c%%|*}
  rest=${c#*|}
  at=$line
  if [[ $rest =~ \|([0-9]+)$ ]]; then at=${BASH_REMATCH[1]}; rest=${rest%|*}; fi
  text=${rest%|*}
  needle=${rest##*|}
  good | awk -v n="$line" -v t="$text" 'NR == n { print t; next } { print }' >"$tmp/bad.ini"
  expect "$tmp/bad.ini:$at: " "$needle" -- "$tmp/bad.ini"
done

# every key the scene reader knows has a case (it lists them when it meets an unknown one)
printf '[scene]\nbogus = 1\n' >"$tmp/keys.ini"
"$bin" trace "$tmp/keys.ini" 2>&1 >/dev/null | sed -n 's/.*valid: //p' | tr -d ' ' | tr ',' '\n' >"$tmp/keys"
[ -s "$tmp/keys" ] && ok || fail "no list of valid scene keys"
for key in $(cat "$tmp/keys") opt; do
  printf '%s\n' "${scene_cases[@]}" | grep -q "^[0-9]*|$key = " && ok || fail "no bad-value case for scene key '$key'"
done

# a scene that cannot be read at all
expect "cannot open" -- "$tmp/missing.ini"

# a fan whose members, written out in full, outgrow a racer's text (issue 9): the column is the
# fan's in what was typed (it said "column 512" of a text nobody typed)
long_fan="Lookahead(AdaBound(lr=fan(1e-3,1e-2,3)),k=5) | SequentialLR(schedulers=[OneCycleLR(max_lr=0.1,total_steps=100,cycle_momentum=False), CyclicLR(base_lr=0.001,max_lr=0.1,cycle_momentum=False), OneCycleLR(max_lr=0.1,total_steps=100,cycle_momentum=False)], milestones=[10,20])"
expect "column 23: the fan's members are too long" "at most 511" -- --opt "$long_fan"

# Lookahead around a bare name: the error names k, not "wraps an optimizer" (issue 9)
expect "column 18:" "k must be" -- --opt "Lookahead(SGD, k=0)"

# --shot --beat: more beats than the scene has, or not a number (issue 10)
for args in "--beat 3:has 2 beats" "--beat two:whole number"; do
  SDL_VIDEODRIVER=offscreen "$bin" assets/scenes/17-bias-correction.ini --shot "$tmp/b.png" \
    ${args%%:*} >"$tmp/out" 2>"$tmp/err"
  rc=$?
  [ "$rc" = 2 ] && grep -qF -- "--beat" "$tmp/err" && grep -qF "${args#*:}" "$tmp/err" &&
    [ ! -e "$tmp/b.png" ] && ok || fail "${args%%:*} exited $rc: $(cat "$tmp/err")"
done

# a window larger than any OpenGL driver commonly draws: refused, naming the limit (issue 9)
SDL_VIDEODRIVER=offscreen "$bin" --size 32767x32767 >"$tmp/out" 2>"$tmp/err"
rc=$?
[ "$rc" = 2 ] && grep -qF -- "--size" "$tmp/err" && grep -qF "16384" "$tmp/err" && ok ||
  fail "--size 32767x32767 exited $rc: $(cat "$tmp/err")"

# an 8192x8192 GIF under a memory limit (issue 9): it crashed inside cgif (and Mesa), which do
# not check their mallocs; now "out of memory", exit 1, no part file (or, where the limit
# is enough, the whole GIF and nothing else). Limits below the need
# (the probe before anything opens) and between it and the need. Not under a
# sanitizer, which reserves terabytes of address space.
if [ -z "${ASAN_OPTIONS:-}" ]; then
  mkdir -p "$tmp/mem"
  for kb in 2200000 2600000 3000000; do
    (ulimit -v $kb; SDL_VIDEODRIVER=offscreen exec "$bin" record --out "$tmp/mem/big.gif" \
      --size 8192x8192 --frames 2) >/dev/null 2>"$tmp/err"
    rc=$?
    if [ "$rc" = 0 ]; then # enough for it (the encoder needs less than it did): the whole file
      [ "$(ls -A "$tmp/mem")" = big.gif ] && [ "$(head -c 6 "$tmp/mem/big.gif")" = GIF89a ] &&
        ok || fail "ulimit -v $kb: exit 0 but left: $(ls -a "$tmp/mem")"
      rm -f "$tmp/mem/big.gif"
    else
      [ "$rc" = 1 ] && grep -q "out of memory\|libimagequant failed" "$tmp/err" && ok ||
        fail "8192x8192 GIF under ulimit -v $kb: exit $rc: $(cat "$tmp/err")"
      [ -z "$(ls -A "$tmp/mem")" ] && ok || fail "ulimit -v $kb left: $(ls -a "$tmp/mem")"
    fi
  done
fi

checks_done
