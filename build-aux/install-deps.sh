#!/usr/bin/env bash
# install-deps.sh — install every Debian 12 package the build, the app and the tests need.
# As root it runs apt-get; otherwise it prints the exact sudo line and fails.
set -euo pipefail

packages=(
  gcc meson ninja-build pkg-config gettext libglib2.0-dev-bin libxml2-utils
  libgtk-4-dev libadwaita-1-dev libsoup-3.0-dev libjson-glib-dev libsecret-1-dev libsqlite3-dev
  appstream desktop-file-utils
  xvfb xauth dbus dbus-x11 gnome-keyring libsecret-tools at-spi2-core python3-gi python3-pyatspi
  xdotool imagemagick adwaita-icon-theme fonts-dejavu-core dconf-gsettings-backend
  gsettings-desktop-schemas
  unixodbc-dev odbc-postgresql postgresql
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "Audiences needs these packages first:" >&2
  echo "  sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${missing[@]}" >/dev/null
