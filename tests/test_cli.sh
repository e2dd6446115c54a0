#!/usr/bin/env bash
# test_cli — the command line as a user meets it: trace output, list, exit codes, messages.
set -u
bin=$1
. "$(dirname "$0")/checks.sh"

# expect CODE NEEDLE -- ARGS...: exit code and a message containing NEEDLE on stderr
expect() {
  local code=$1 needle=$2
  shift 3
  "$bin" "$@" >"$tmp/out" 2>"$tmp/err"
  local rc=$?
  if [ "$rc" != "$code" ]; then fail "optiplay $* exited $rc, expected $code: $(cat "$tmp/err")"; return; fi
  if ! grep -qF -- "$needle" "$tmp/err"; then fail "optiplay $*: stderr lacks '$needle': $(cat "$tmp/err")"; return; fi
  ok
}

# trace: header, N+1 rows per racer, grouped by racer, numbers that round-trip
"$bin" trace --surface rosenbrock --start -1.5,2 --steps 100 --opt 'Adam(lr=0.01)' \
  --opt 'SGD(lr=1e-3, momentum=0.9)' >"$tmp/t.csv" 2>"$tmp/err" || fail "trace exited $?"
head -1 "$tmp/t.csv" | grep -q '^opt,step,x,y,loss' && ok || fail "trace header: $(head -1 "$tmp/t.csv")"
[ "$(grep -c '^0,' "$tmp/t.csv")" = 101 ] && ok || fail "racer 0 rows"
[ "$(grep -c '^1,' "$tmp/t.csv")" = 101 ] && ok || fail "racer 1 rows"
[ "$(sed -n 2p "$tmp/t.csv" | cut -d, -f1-4)" = "0,0,-1.5,2" ] && ok || fail "first row: $(sed -n 2p "$tmp/t.csv")"
[ "$(sed -n 102p "$tmp/t.csv" | cut -d, -f1-2)" = "0,100" ] && ok || fail "last row of racer 0"
awk -F, 'NR > 1 && length($3) > 12 { found = 1 } END { exit !found }' "$tmp/t.csv" && ok || fail "full precision"

# the same command twice: the same bytes (noise included)
"$bin" trace --surface beale --steps 50 --opt 'Adam(lr=0.05)' --noise 0.3 --seed 4 >"$tmp/a.csv"
"$bin" trace --surface beale --steps 50 --opt 'Adam(lr=0.05)' --noise 0.3 --seed 4 >"$tmp/b.csv"
cmp -s "$tmp/a.csv" "$tmp/b.csv" && ok || fail "trace not reproducible"
"$bin" trace --surface beale --steps 50 --opt 'Adam(lr=0.05)' --noise 0.3 --seed 5 >"$tmp/c.csv"
cmp -s "$tmp/a.csv" "$tmp/c.csv" && fail "seed ignored" || ok

# a racer traced alone equals the same racer in a race (its own random stream)
"$bin" trace --surface beale --steps 30 --opt 'SGD(lr=0.001)' --opt 'Adam(lr=0.05)' --noise 0.3 --seed 4 \
  | grep '^1,' | cut -d, -f2- >"$tmp/d.csv"
"$bin" trace --surface beale --steps 30 --opt 'SGD(lr=0.001)' --opt 'Adam(lr=0.05)' --noise 0.3 --seed 4 \
  | grep '^1,' | cut -d, -f2- | cmp -s - "$tmp/d.csv" && ok || fail "racer streams"

# a scene, with options overriding it
"$bin" trace assets/scenes/03-ravine-momentum.ini --steps 10 >"$tmp/s.csv" && ok || fail "trace scene"
[ "$(wc -l <"$tmp/s.csv")" = 45 ] && ok || fail "scene rows: $(wc -l <"$tmp/s.csv")"
"$bin" trace assets/scenes/03-ravine-momentum.ini --steps 5 --opt 'Adam()' | grep -q '^0,5,' && ok || fail "override"
[ "$("$bin" trace assets/scenes/03-ravine-momentum.ini --steps 5 --opt 'Adam()' | wc -l)" = 7 ] && ok || fail "--opt replaces"

# expressions as surfaces
"$bin" trace --surface 'x^2 + 3*y^2 + 0.5*x*y' --start 2,1 --steps 3 --opt 'SGD(lr=0.1)' \
  | sed -n 2p | grep -q '^0,0,2,1,' && ok || fail "expression surface"

# list names every optimizer and schedule with their defaults
"$bin" list >"$tmp/list" || fail "list exited $?"
for name in SGD SGDM Adam AdamW Adagrad Adadelta RMSprop Rprop Adamax NAdam RAdam AdaBound SWATS \
  Lion Lookahead StepLR MultiStepLR ExponentialLR CosineAnnealingLR CosineAnnealingWarmRestarts \
  CyclicLR OneCycleLR LinearLR ConstantLR PolynomialLR InverseTimeLR InverseSqrtLR beale \
  rosenbrock himmelblau booth matyas goldstein-price three-hump-camel six-hump-camel rastrigin \
  ackley styblinski-tang levi13 saddle monkey-saddle quadratic linreg; do
  grep -q "$name" "$tmp/list" && ok || fail "list lacks $name"
done
grep -q 'SGD(lr=0.01' "$tmp/list" && ok || fail "list: SGD's default lr"
grep -q 'betas=(0.9, 0.999)' "$tmp/list" && ok || fail "list: Adam's betas"

"$bin" --version | grep -q '^optiplay [0-9]' && ok || fail "--version"
"$bin" --help | grep -q 'usage' && ok || fail "--help"

# bad input: exit code 2 and a message that says what and where
expect 2 "did you mean 'Adam'" -- trace --opt 'Adm(lr=0.1)'
expect 2 "column 9" -- trace --opt 'Adam(lr=-1)'
expect 2 "lr must be >= 0" -- trace --opt 'Adam(lr=-1)'
expect 2 "valid: lr, betas" -- trace --opt 'Adam(bta=1)'
expect 2 "did you mean 'beale'" -- trace --surface bael
expect 2 "column" -- trace --surface 'x^2 +'
expect 2 "--start: expected X,Y" -- trace --start 1
expect 2 "--start: expected X,Y" -- trace --start 1,nan
expect 2 "--steps" -- trace --steps -4
expect 2 "--steps" -- trace --steps 1e99
expect 2 "--seed" -- trace --seed x
expect 2 "--noise" -- trace --noise -1
expect 2 "--batch" -- trace --batch 1.5
expect 2 "data surface" -- trace --batch 4 --surface beale
expect 2 "needs a value" -- trace --opt
expect 2 "unknown option '--speed-up'" -- trace --speed-up 3
expect 2 "cannot open" -- trace no-such-scene.ini
expect 2 "one scene at a time" -- trace a.ini b.ini
printf '[scene]\nsurface = beale\n[racers]\nopt = Adam(lr=-1)\n' >"$tmp/bad.ini"
expect 2 "bad.ini:4:" -- trace "$tmp/bad.ini"
expect 2 "takes no arguments" -- list extra

# a full disk is a failure (exit 1), not a silent truncation
if [ -w /dev/full ]; then
  "$bin" trace --steps 2000 >/dev/full 2>"$tmp/err"
  [ $? = 1 ] && grep -q "cannot write" "$tmp/err" && ok || fail "trace to a full disk"
fi

# list prints defaults as the shortest text that reads back (not 0.33333333333333331)
"$bin" list | grep -qF "ConstantLR(factor=0.3333333333333333, total_iters=5)" && ok || fail "list: $("$bin" list | grep ConstantLR)"

checks_done
