"""Scanned pages through tesseract: the page is rendered, piped as PNG to `tesseract stdin stdout`
and the TSV word boxes read back (nothing is written to disk).

`--psm 3` rather than pymupdf's built-in OCR: the built-in one dropped table rows of an SBC grid.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pymupdf

from ..errors import DocumentError
from ..models import Word
from .words import clean

OCR_DPI = 300  # render resolution for tesseract (dots per inch)
MIN_TIMEOUT = 5.0  # seconds: tesseract always gets at least this long for one page
MIN_CONFIDENCE = 10.0  # tesseract confidence (0-100) below which a word is speckle
SHORT_WORD = 2  # characters: words this short need ...
SHORT_MIN_CONFIDENCE = 50.0  # ... this confidence (table rules read as '|', speckle as ';')
BLOCK_STRIDE = 1000  # block number = tesseract block * this + paragraph
_KEEP_SYMBOLS = ("•", "$", "%", "&", "/", "-")  # symbol-only words worth keeping
_TESSDATA = Path("/usr/share/tesseract-ocr/5/tessdata")  # Debian's tesseract-ocr data


def tesseract() -> str | None:
    """The tesseract executable, or None when it is not installed."""
    return shutil.which("tesseract")


def ocr_words(page: pymupdf.Page, name: str, timeout: float) -> list[Word]:
    """The words tesseract reads on `page`, boxes in PDF points of the page as displayed."""
    exe = tesseract()
    if exe is None:
        raise DocumentError(f"{name}: this PDF is a scan; install tesseract-ocr to read it")
    png = page.get_pixmap(dpi=OCR_DPI, colorspace=pymupdf.csGRAY).tobytes("png")
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    if "TESSDATA_PREFIX" not in env and _TESSDATA.is_dir():
        env["TESSDATA_PREFIX"] = str(_TESSDATA)
    try:
        proc = subprocess.run(
            [exe, "stdin", "stdout", "--psm", "3", "tsv"],
            input=png,
            capture_output=True,
            timeout=max(MIN_TIMEOUT, timeout),
            env=env,
        )
    except subprocess.TimeoutExpired:
        raise DocumentError(
            f"{name}: reading the scanned page {page.number + 1} took too long; "
            "upload a text PDF of the plan if you have one"
        ) from None
    except OSError:
        raise DocumentError(
            f"{name}: this PDF is a scan and tesseract-ocr could not run; reinstall tesseract-ocr and try again"
        ) from None
    if proc.returncode != 0:
        raise DocumentError(
            f"{name}: tesseract-ocr failed on scanned page {page.number + 1} "
            "(check that its English language data is installed)"
        )
    return _tsv_words(proc.stdout.decode("utf-8", "replace"), page.rect)


def _tsv_words(tsv: str, rect: pymupdf.Rect) -> list[Word]:
    """Word rows (level 5) of tesseract's TSV, speckle and table rules dropped."""
    scale = 72.0 / OCR_DPI
    x_off, y_off = rect.x0, rect.y0
    words: list[Word] = []
    for line in tsv.splitlines()[1:]:
        parts = line.split("\t")
        if len(parts) < 12 or parts[0] != "5":
            continue
        text = clean(parts[11])
        try:
            conf = float(parts[10])
        except ValueError:
            conf = -1
        if (
            not text
            or conf < MIN_CONFIDENCE
            or (len(text) <= SHORT_WORD and conf < SHORT_MIN_CONFIDENCE)
            or not any(ch.isalnum() for ch in text)
            and text not in _KEEP_SYMBOLS
        ):
            continue
        left, top, width, height = (int(v) for v in parts[6:10])
        block = int(parts[2]) * BLOCK_STRIDE + int(parts[3])
        box = (
            x_off + left * scale,
            y_off + top * scale,
            x_off + (left + width) * scale,
            y_off + (top + height) * scale,
        )
        words.append(Word(text, box, block, int(parts[4])))
    return words
