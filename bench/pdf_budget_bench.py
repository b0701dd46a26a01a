"""Issue 27: what reading a hostile PDF costs once the reader has its work budget (1 MB of
content a page, 10 MB a document, 10 s), beside a plain text plan. pypdf parses a page's whole
content stream before it extracts a word (about 1.4 s a MB here), so the probe's 8 KB file of
12 pages sharing one 3.8 MB stream of "q Q" held a worker 61 s before the budget. Prints JSON.

    .venv/bin/python bench/pdf_budget_bench.py
"""

import io
import json
import os
import platform
import sys
import time
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hangviet.settings")

import django  # noqa: E402

django.setup()

from hangviet.plans.reading import DocumentError, read_document  # noqa: E402

FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def pdf_of(pages: int, content: bytes) -> bytes:
    """`pages` pages sharing one content stream, written by hand (no library in the way)."""
    packed = zlib.compress(content, 9)
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R "
        b"/Resources << /Font << /F1 4 0 R >> >> >>"
    )
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream",
        FONT,
        *[page] * pages,
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.writelines(b"%010d 00000 n \n" % offset for offset in offsets)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1))
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


TEXT = b"BT /F1 12 Tf 72 720 Td (Ke hoach) Tj ET\n"
CASES = {
    "probe: 12 pages sharing one 3.8 MB stream": pdf_of(12, TEXT + b"q Q\n" * 950_000),
    "12 pages of 0.99 MB each (under the page limit)": pdf_of(12, TEXT + b"q Q\n" * 247_000),
    "30-page text plan (12 KB a page)": pdf_of(
        30, b"BT /F1 12 Tf 72 720 Td " + b"(Ke hoach tuyen truyen hang Viet) Tj T* " * 300 + b"ET"
    ),
}


def main() -> None:
    rows = []
    for name, data in CASES.items():
        started = time.perf_counter()
        try:
            read_document(data, "x.pdf")
            outcome = "read"
        except DocumentError:
            outcome = "refused"
        rows.append(
            {
                "case": name,
                "bytes": len(data),
                "outcome": outcome,
                "seconds": round(time.perf_counter() - started, 2),
            }
        )
    print(json.dumps({"machine": platform.platform(), "rows": rows}, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
