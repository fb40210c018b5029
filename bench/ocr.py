"""OCR: seconds per scanned page for `read_pdf` with OCR on (tesseract on a render of the page)."""

from __future__ import annotations

import os
import shutil

from corpus import make_sbc, make_scanned
from timing import median_timed


def part_ocr(repeats: int) -> dict:
    if not shutil.which("tesseract"):
        return {"skipped": "tesseract is not installed (apt-get install tesseract-ocr)"}
    from policyeval.read.document import ReadLimits, read_pdf

    pages = 2
    scan = make_scanned(make_sbc(4), pages=pages)
    limits = ReadLimits(ocr=True, max_seconds=900.0)
    doc = read_pdf(scan, "scan.pdf", limits)
    words = sum(len(p.words) for p in doc.pages)
    wall, cpu = median_timed(lambda: read_pdf(scan, "scan.pdf", limits), repeats)
    return {
        "pages": pages,
        "words": words,
        "seconds": wall,
        "cpu_seconds": cpu,
        "seconds_per_page": wall / pages,
        "cpu_seconds_per_page": cpu / pages,
        "runs": repeats,
        "OMP_THREAD_LIMIT": os.environ.get("OMP_THREAD_LIMIT", ""),
    }
