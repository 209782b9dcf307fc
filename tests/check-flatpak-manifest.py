#!/usr/bin/env python3
"""check-flatpak-manifest.py — the Flatpak manifest parses and names the app id, command and the
sandbox permissions the app needs (and not direct access to the Secret Service)."""
import json
import sys

with open(sys.argv[1]) as f:
    m = json.load(f)

errors = []
if m.get("id", m.get("app-id")) != "org.example.Audiences":
    errors.append("id is not org.example.Audiences")
if m.get("command") != "audiences":
    errors.append("command is not audiences")
if m.get("runtime") != "org.gnome.Platform" or m.get("sdk") != "org.gnome.Sdk":
    errors.append("runtime/sdk are not the GNOME ones")
args = m.get("finish-args", [])
for needed in ["--share=network", "--share=ipc", "--socket=wayland", "--socket=fallback-x11", "--device=dri"]:
    if needed not in args:
        errors.append(f"finish-args lacks {needed}")
if any("org.freedesktop.secrets" in a for a in args):
    errors.append("finish-args talks to org.freedesktop.secrets; libsecret must use the Secret portal")
mods = m.get("modules", [])
if not mods or mods[-1].get("name") != "audiences" or mods[-1].get("buildsystem") != "meson":
    errors.append("the last module must be audiences, built with meson")

for e in errors:
    print(e)
print("manifest checked")
sys.exit(1 if errors else 0)
