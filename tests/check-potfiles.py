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

# Extract as `meson compile audiences-pot` does; xgettext warnings (e.g. a G_GINT64_FORMAT macro
# inside _(), which translators would never see) are failures.
import shutil
import subprocess
import tempfile
if shutil.which("xgettext"):
    with tempfile.TemporaryDirectory() as tmp:
        r = subprocess.run(
            ["xgettext", "--package-name=audiences", "-D", str(root), "--files-from", str(root / "po" / "POTFILES.in"),
             "--from-code=UTF-8", "--add-comments", "-o", tmp + "/audiences.pot",
             "--keyword=_", "--keyword=N_", "--keyword=C_:1c,2", "--keyword=NC_:1c,2",
             "--keyword=g_dcgettext:2", "--keyword=g_dngettext:2,3", "--keyword=g_dpgettext2:2c,3",
             "--flag=N_:1:pass-c-format", "--flag=C_:2:pass-c-format", "--flag=NC_:2:pass-c-format",
             "--flag=g_dngettext:2:pass-c-format", "--flag=g_strdup_printf:1:c-format",
             "--flag=g_string_printf:2:c-format", "--flag=g_string_append_printf:2:c-format",
             "--flag=g_error_new:3:c-format", "--flag=g_set_error:4:c-format",
             "--flag=g_markup_printf_escaped:1:c-format", "--flag=g_log:3:c-format",
             "--flag=g_print:1:c-format", "--flag=g_printerr:1:c-format", "--flag=g_printf:1:c-format",
             "--flag=g_fprintf:2:c-format", "--flag=g_sprintf:2:c-format", "--flag=g_snprintf:3:c-format"],
            capture_output=True, text=True)
        for line in r.stderr.splitlines():
            if "warning" in line or "error" in line:
                problems.append(f"xgettext: {line}")
        if r.returncode != 0:
            problems.append(f"xgettext failed: {r.stderr.strip()}")

for p in problems:
    print(p)
print(f"checked {len(listed)} listed files")
sys.exit(1 if problems else 0)
