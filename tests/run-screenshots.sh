#!/usr/bin/env bash
# run-screenshots.sh — start the real app binary, wait for its window, save a PNG of every page
# (light and dark). Fails when the window never maps. Usage: run-screenshots.sh BINARY OUTDIR
set -euo pipefail
bin=$1 out=$2
if [ -z "${DISPLAY:-}" ]; then echo "no display: run under xvfb-run"; exit 77; fi
for tool in xdotool import; do
  command -v $tool >/dev/null || { echo "missing $tool"; exit 77; }
done
mkdir -p "$out"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
export AUDIENCES_WORKSPACE=$tmp/workspace.db
# A keyfile backend so each launch reads the page and colour scheme written here.
export GSETTINGS_BACKEND=keyfile XDG_CONFIG_HOME=$tmp/config
unset GTK_A11Y
mkdir -p "$XDG_CONFIG_HOME/glib-2.0/settings"

shoot () {   # page scheme
  cat > "$XDG_CONFIG_HOME/glib-2.0/settings/keyfile" <<KF
[org/example/Audiences]
last-page='$1'
window-width=1100
window-height=740

[org/gnome/desktop/interface]
color-scheme='$2'
KF
  "$bin" "${AUDIENCES_EXTRA_ARGS[@]}" >"$tmp/app.log" 2>&1 &
  local app=$! wid=""
  for _ in $(seq 100); do
    wid=$(xdotool search --onlyvisible --name '^Audiences$' 2>/dev/null | head -1 || true)
    [ -n "$wid" ] && break
    kill -0 $app 2>/dev/null || break
    sleep 0.1
  done
  if [ -z "$wid" ]; then
    echo "the window never mapped (page $1)"; cat "$tmp/app.log"; kill $app 2>/dev/null || true; exit 1
  fi
  sleep 0.8
  local name=${SHOT_PREFIX:-}$1
  [ "$2" = prefer-dark ] && name=$name-dark
  import -window "$wid" "$out/$name.png"
  kill $app; wait $app 2>/dev/null || true
  echo "ok: $out/$name.png"
}

AUDIENCES_EXTRA_ARGS=()
for page in connection audiences sync duplicates writeback; do
  shoot $page default
done
shoot connection prefer-dark
shoot sync prefer-dark

# README command 1: the app on the built-in demo org.
AUDIENCES_EXTRA_ARGS=(--demo) SHOT_PREFIX=demo-
shoot connection default
