# checks.sh — what the shell tests share, sourced first: a temporary folder $tmp removed at
# exit, the ok / fail counters, need_gl (exit 77, skipped, where `optiplay record` finds no
# OpenGL context) and checks_done (the summary line; its status is the test's).
fails=0
checks=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { checks=$((checks + 1)); }
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); checks=$((checks + 1)); }
need_gl() {
  if ! "$1" record --out "$tmp/probe.png" --frames 1 --size 64x64 >/dev/null 2>"$tmp/err"; then
    if grep -qiE "opengl|egl|video|context|display" "$tmp/err"; then
      echo "skipped: no OpenGL context ($(head -1 "$tmp/err"))"; exit 77
    fi
  fi
}
checks_done() {
  echo "$checks checks, $fails failed"
  [ "$fails" = 0 ]
}
