#!/usr/bin/env python3
"""check-potfiles.py — fail when a file with translatable strings is missing from po/POTFILES.in,
or when POTFILES.in names a file that does not exist."""
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1])
listed = set()
for line in (root / "po" / "POTFILES.in").read_text().splitlines():
    line = line.strip()
    if line and not line.startswith("#"):
        listed.add(line)

problems = []
for name in sorted(listed):
    if not (root / name).exists():
        problems.append(f"POTFILES.in names {name}, which does not exist")

c_mark = re.compile(r'(?<![A-Za-z0-9_])(_|N_|C_|NC_|g_dngettext|ngettext)\s*\(\s*"')
ui_mark = re.compile(r'translatable="yes"')
for path in sorted(root.glob("src/**/*")):
    rel = path.relative_to(root).as_posix()
    if path.suffix in (".c", ".h"):
        text = path.read_text(errors="replace")
        if c_mark.search(text) and rel not in listed:
            problems.append(f"{rel} has translatable strings but is not in po/POTFILES.in")
    elif path.suffix == ".ui":
        if ui_mark.search(path.read_text(errors="replace")) and rel not in listed:
            problems.append(f"{rel} has translatable strings but is not in po/POTFILES.in")

for p in problems:
    print(p)
print(f"checked {len(listed)} listed files")
sys.exit(1 if problems else 0)
