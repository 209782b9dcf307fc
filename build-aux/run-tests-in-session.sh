#!/usr/bin/env bash
# run-tests-in-session.sh — inside Xvfb and the private bus: unlock a throw-away keyring, run meson test.
set -euo pipefail
printf '%s' "audiences-test-keyring" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
for _ in $(seq 50); do
  gdbus call --session -d org.freedesktop.DBus -o /org/freedesktop/DBus \
    -m org.freedesktop.DBus.NameHasOwner org.freedesktop.secrets 2>/dev/null | grep -q true && break
  sleep 0.1
done
exec meson test -C build --print-errorlogs "$@"
