#!/usr/bin/env bash
# run-demo.sh — README command 1: install what is missing, build, and launch Audiences on the
# built-in demo org, with a workspace of its own so it never touches your real one.
set -euo pipefail
cd "$(dirname "$0")/.."
build-aux/install-deps.sh
[ -f build/build.ninja ] || meson setup build
meson compile -C build
export GSETTINGS_SCHEMA_DIR=$PWD/build/data
exec build/src/audiences --demo --workspace "${AUDIENCES_DEMO_WORKSPACE:-$PWD/build/demo-workspace.db}" "$@"
