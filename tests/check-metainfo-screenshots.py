#!/usr/bin/env python3
"""check-metainfo-screenshots.py — every screenshot the metainfo lists is a file this repo ships."""
import pathlib
import sys
import xml.etree.ElementTree as ET

root = pathlib.Path(sys.argv[1])
tree = ET.parse(root / "data" / "org.example.Audiences.metainfo.xml.in")
images = [i.text.strip() for i in tree.iter("image")]
missing = []
for url in images:
    marker = "/raw/main/"
    if marker not in url:
        missing.append(f"{url}: not a URL into this repository")
        continue
    rel = url.split(marker, 1)[1]
    if not (root / rel).is_file():
        missing.append(f"{url}: {rel} is not in the repository")
for m in missing:
    print(m)
print(f"{len(images)} screenshots checked")
sys.exit(1 if missing or not images else 0)
