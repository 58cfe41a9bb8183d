"""Print the structure the pipeline sees in a document (a debugging aid)."""

import sys
from pathlib import Path

from pipeline.ingest import ingest
from pipeline.process import build_document


def main(path: str) -> None:
    doc = build_document(ingest(Path(path)))
    h = doc.header
    cut = lambda s: doc.cut(s.start, s.end) if s else None  # noqa: E731
    print("state:", doc.text_state)
    print("issuer:", [cut(s) for s in h.issuer_lines])
    print("number:", repr(cut(h.number)), "| place_date:", repr(cut(h.place_date)))
    print("type:", cut(h.doc_type), "| title:", repr(cut(h.title)))
    print("closing:", repr((cut(h.closing) or "")[:80]))
    print("recipients:", repr((cut(h.recipients) or "")[:300]))
    print("signature:", repr(cut(h.signature)))
    for s in doc.iter_sections():
        if s.kind in ("roman", "arabic", "letter"):
            print("  " * s.depth + f"[{s.kind} {s.marker}] {s.title[:70]}  ({s.start}-{s.end})")


if __name__ == "__main__":
    main(sys.argv[1])
