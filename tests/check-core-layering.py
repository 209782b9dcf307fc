#!/usr/bin/env python3
"""check-core-layering.py — src/core includes no GTK or libadwaita header, and the core library's
build commands never name GTK (so it links without it)."""
import json
import pathlib
import re
import sys

src, build = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
bad = re.compile(r'#\s*include\s*[<"](gtk|gdk|adwaita|adw)[/.]')
problems = []
for path in sorted((src / "src" / "core").rglob("*.[ch]")):
    for n, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
        if bad.search(line):
            problems.append(f"{path.relative_to(src)}:{n}: {line.strip()}")

commands = json.loads((build / "compile_commands.json").read_text())
core_cmds = [c for c in commands if "/src/core/" in c["file"].replace("\\", "/")]
if not core_cmds:
    problems.append("no compile commands for src/core found")
for c in core_cmds:
    cmd = c.get("command") or " ".join(c.get("arguments", []))
    if re.search(r"gtk-4|gtk4|libadwaita", cmd):
        problems.append(f"{c['file']} is compiled with GTK flags")

for p in problems:
    print(p)
print(f"checked {len(core_cmds)} core compile commands")
sys.exit(1 if problems else 0)
