#!/usr/bin/env bash
# run-tests.sh — README command 2: install what is missing, build warning-free, and run the whole
# test suite headless (Xvfb, a private D-Bus session, an unlocked gnome-keyring, private XDG dirs).
# Ends with "N passed, N failed, N skipped" and exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
build-aux/install-deps.sh

# Private XDG dirs, exported before dbus-run-session so bus-activated services inherit them.
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
export XDG_CONFIG_HOME=$T/config XDG_DATA_HOME=$T/data XDG_CACHE_HOME=$T/cache XDG_RUNTIME_DIR=$T/run
mkdir -p "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME"; mkdir -m 700 "$XDG_RUNTIME_DIR"

if [ -f build/build.ninja ]; then meson configure build --werror >/dev/null; else meson setup build --werror; fi
meson compile -C build

set +e
xvfb-run -a -s "-screen 0 1280x1024x24" dbus-run-session -- build-aux/run-tests-in-session.sh "$@" 2>&1 \
  | grep --line-buffered -v 'Failed to set fd limit'
rc=${PIPESTATUS[0]}
set -e
/usr/bin/python3 - <<'PY'
import json
p = f = s = 0
for line in open('build/meson-logs/testlog.json'):
    r = json.loads(line)['result']
    if r in ('OK', 'EXPECTEDFAIL'):
        p += 1
    elif r == 'SKIP':
        s += 1
    else:
        f += 1
print(f"{p} passed, {f} failed, {s} skipped")
PY
exit $rc
