"""Write the seed corpus for ``fuzz_ingest.py`` into ``fuzz/seeds/``.

Each seed is one reader byte (0 text, 1 HTML, 2 DOCX, 3 PDF) and a small file.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from fuzz import samples  # noqa: E402

TEXT, HTML, DOCX, PDF = b"\x00", b"\x01", b"\x02", b"\x03"


def seeds() -> dict[str, bytes]:
    plan = samples.plans()["tuy-phuoc-2022-ke-hoach-truyen-thong"][:2500]
    out = {f"text-{name}": TEXT + data for name, data in samples.legacy_copies(plan).items()}
    out["text-cp1258"] = TEXT + "Kế hoạch số 12".encode("cp1258", errors="replace")
    out["html-hostile"] = HTML + samples.html_page(plan[:1500])
    out["html-tcvn3"] = HTML + samples.html_page(
        samples.legacy_copies(plan[:800])["tcvn3"].decode("cp1252", "replace"), hostile=False)
    out["docx-unicode"] = DOCX + samples.docx([(line, None) for line in plan[:1200].split("\n")])
    out["docx-tcvn3"] = DOCX + samples.legacy_docx(plan[:1200], "tcvn3")
    out["docx-vni"] = DOCX + samples.legacy_docx(plan[:1200], "vni")
    out["pdf-text"] = PDF + samples.text_pdf(plan[:1500])
    out["pdf-vntime"] = PDF + samples.legacy_font_pdf(plan[:1500])
    out["pdf-zero-pages"] = PDF + samples.zero_page_pdf()
    return out


def main() -> None:
    folder = HERE / "seeds"
    folder.mkdir(exist_ok=True)
    for name, data in seeds().items():
        (folder / name).write_bytes(data)
    print(f"{len(seeds())} seeds in {folder}")


if __name__ == "__main__":
    main()
