"""Build extractors/data/places.tsv from underthesea's shipped address data.

The gazetteer lists provinces, districts and communes (before and after the
2025 merger) with their full names, so a folded or garbled place name in a
document ("Luc Nam", "Bic Giang") can be reported with its diacritics.

Run: .venv/bin/python scripts/build_places.py
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import underthesea.address as address

_PREFIX = re.compile(r"^(Thành phố|Tỉnh|Quận|Huyện|Thị xã|Thành Phố|Phường|Xã|Thị trấn|Đặc khu)\s+")
_LEVEL = {"Thành phố": "tinh", "Tỉnh": "tinh", "Quận": "huyen", "Huyện": "huyen",
          "Thị xã": "huyen", "Thành Phố": "huyen", "Phường": "xa", "Xã": "xa",
          "Thị trấn": "xa", "Đặc khu": "xa"}
OUT = Path(__file__).resolve().parents[1] / "extractors" / "data" / "places.tsv"


def _split(name: str, level_hint: str | None = None) -> tuple[str, str, str] | None:
    match = _PREFIX.match(name)
    if not match:
        return None
    kind = match.group(1)
    level = level_hint or _LEVEL[kind]
    return level, kind, name[match.end():].strip()


def main() -> None:
    data = json.loads((Path(address.__file__).parent / "data" / "mapping.json").read_text())
    rows: set[tuple[str, str, str, str]] = set()
    for table in ("province_names", "old_province_names"):
        for item in data[table].values():
            split = _split(item["name"], "tinh")
            if split:
                rows.add((split[0], split[1], split[2], ""))
    for item in data["ward_mapping"]:
        province = _PREFIX.sub("", item["old_province"])
        for key, level in (("old_district", "huyen"), ("old_ward", "xa"), ("new_ward", "xa")):
            name = item.get(key)
            if not name:
                continue
            split = _split(name, level)
            if split:
                parent = province if key != "new_ward" else _PREFIX.sub("", item["new_province"])
                rows.add((split[0], split[1], split[2], parent))
    lines = ["level\tkind\tname\tprovince"]
    lines += ["\t".join(row) for row in sorted(rows)]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(rows)} places to {OUT}")


if __name__ == "__main__":
    main()
