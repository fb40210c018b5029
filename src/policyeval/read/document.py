"""PDF bytes -> Document: the entry points (`read_pdf`, `read_path`) and the two passes over the
pages — first each page's words (OCR'd when it is a scan), lines and chart header; then, with the
running headers and footers known, each page's chart rows, lists and reading order.

Why geometry rather than pymupdf's text order: SBCs are tables, and the content-stream order of
real ones puts a row's cost before its service, a merged Limitations cell after the first row it
covers, and running headers in the middle of the page. Rows are rebuilt from the chart's rulings
(lines and thin rectangles) where there are any and from the header words' column positions where
there are none; prose is ordered by columns found from whitespace gutters. `find_tables()` is not
used: it is ~50x slower than this and finds nothing on a scanned page.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

import pymupdf

from ..errors import DocumentError
from ..lexicon import Lexicon, load_lexicon
from ..models import Document, Page, Row
from . import classify, ocr
from .bounds import PageBounds, check_page
from .chart import Col, find_header, has_chart_anchor
from .deskew import MIN_ANGLE, Deskew, skew, unskew
from .furniture import mark_furniture
from .layout import PageData, analyse, plain_page
from .lines import segments
from .lists import has_list_heading
from .opening import ReadLimits, open_pdf, refuse_damaged_content, too_large
from .relevance import names_a_concept
from .rulings import Rulings, drop_underlines, image_rulings, page_rulings
from .words import garbled, text_words

MIN_TEXT_WORDS = 3  # a page with fewer words may be a scan
OUTLINE_DRAWINGS = 150  # a page with more vector drawings and no text may be text drawn as outlines
SCAN_COVER = 0.5  # fraction of the page an image must cover for the page to be a scan
SCANNED_LISTED = 5  # scanned pages named in the error message
LAYOUT_FIRST_PAGES = 3  # the first pages always get layout analysis (title, carrier, kind)

# pymupdf must not be used from several threads at once (its docs; the app serves each browser
# session in its own thread): every open/read/render in policyeval holds this lock.
PDF_LOCK = threading.RLock()


def read_pdf(
    data: bytes, name: str, limits: ReadLimits | None = None, progress: Callable[[int, int], None] | None = None
) -> Document:
    """Read one plan document from memory. Bad input raises DocumentError naming `name`."""
    with PDF_LOCK:
        return _read_pdf(data, name, limits, progress)


def _read_pdf(
    data: bytes, name: str, limits: ReadLimits | None, progress: Callable[[int, int], None] | None
) -> Document:
    limits = limits or ReadLimits()
    name = Path(name).name or "document.pdf"
    started = time.monotonic()
    doc = open_pdf(data, name, limits)
    try:
        return _read(doc, data, name, limits, progress, started)
    except DocumentError:
        raise
    except Exception as err:  # a malformed page deep inside mupdf
        if "Limit" in err.__class__.__name__:  # mupdf's resource limits (huge pages or images)
            raise DocumentError(
                f"{name} has a page or image too large to read; export the plan as a normal-size "
                "PDF (e.g. print it to PDF) and try again"
            ) from None
        raise DocumentError(
            f"{name} is damaged and cannot be read ({err.__class__.__name__}); "
            "download it again or print it to a new PDF"
        ) from None
    finally:
        doc.close()


class _Reading:
    """One read in progress: the open document, its limits and clock, and the scanned pages
    that could not be OCR'd."""

    def __init__(self, doc: pymupdf.Document, name: str, limits: ReadLimits, started: float):
        self.doc, self.name, self.limits, self.started = doc, name, limits, started
        self.scanned: list[int] = []
        self.bounds = PageBounds(limits.max_page_content, limits.max_form_depth, limits.max_form_draws)

    def check_time(self, i: int) -> None:
        if time.monotonic() - self.started > self.limits.max_seconds:
            raise DocumentError(
                f"{self.name}: reading took longer than {self.limits.max_seconds:g} s "
                f"(stopped at page {i + 1} of {self.doc.page_count}); upload fewer pages"
            )

    def load(self, i: int) -> tuple[pymupdf.Page, list]:
        """Page i and its text words; a page MuPDF cannot decode is refused as damaged."""
        try:
            pymupdf.TOOLS.mupdf_warnings(reset=True)
            page = self.doc.load_page(i)
            check_page(self.doc, page, self.bounds, self.name)
            words = text_words(page)
            refuse_damaged_content(pymupdf.TOOLS.mupdf_warnings(reset=True), self.name, i + 1)
            if len(words) > self.limits.max_words_per_page:
                raise DocumentError(
                    f"{self.name}: page {i + 1} has too many words ({len(words):,}; the limit is "
                    f"{self.limits.max_words_per_page:,}); print the plan to a new PDF and try again"
                )
        except DocumentError:
            raise
        except Exception:
            if self.doc.is_repaired:
                raise DocumentError(
                    f"{self.name} is damaged (page {i + 1} cannot be read); download it again"
                ) from None
            raise
        return page, words

    def page(self, i: int) -> PageData:
        """Pass one for page i: words (OCR'd if it is a scan), lines, and the chart header with
        the rulings it needs."""
        page, words = self.load(i)
        is_ocr = False
        # a scan, text drawn as outlines, or text without a usable encoding: only OCR reads it
        if (words and garbled(words)) or (len(words) < MIN_TEXT_WORDS and _scanned(page)):
            if self.limits.ocr and ocr.tesseract() is not None:
                remaining = self.limits.max_seconds - (time.monotonic() - self.started)
                words = ocr.ocr_words(page, self.name, remaining)
                is_ocr = True
            else:
                self.scanned.append(i + 1)
        rect = page.rect
        pd = PageData(i + 1, rect.width, rect.height, words, Rulings(), is_ocr)
        if is_ocr and words:
            theta = skew(words)
            if abs(theta) > MIN_ANGLE:
                # lay the page out straightened; the words get their printed positions back afterwards
                pd.deskew = Deskew(theta, rect)
                for w in words:
                    pd.printed[id(w)] = w.bbox
                    w.bbox = pd.deskew.word(w.bbox)
        pd.segs = segments(words) if words else []
        if pd.segs and has_chart_anchor(pd.segs):  # drawings are slow to read: only where a chart is
            pd.rul = self.rulings(page, pd)
            pd.header_band = find_header(pd.segs, pd.rul)
        return pd

    def rulings(self, page: pymupdf.Page, pd: PageData) -> Rulings:
        rul = image_rulings(page, pd.deskew, pd.words) if pd.ocr else page_rulings(page)
        rul.horiz = drop_underlines(rul.horiz, pd.words)
        return rul

    def refuse_unread(self, pages: list[PageData]) -> None:
        """Scanned pages with no OCR, or no text at all, are refused with what to do."""
        name = self.name
        if self.scanned:
            if not any(p.words for p in pages):
                if self.limits.ocr:
                    raise DocumentError(f"{name}: this PDF is a scan; install tesseract-ocr to read it")
                raise DocumentError(
                    f"{name} has no text layer (it is a scan) and OCR is turned off; turn OCR on or upload a text PDF"
                )
            if self.limits.ocr:
                listed = ", ".join(map(str, self.scanned[:SCANNED_LISTED]))
                raise DocumentError(f"{name}: pages {listed} are scans; install tesseract-ocr to read them")
        if not any(p.words for p in pages):
            if self.doc.is_repaired:
                raise DocumentError(f"{name} is damaged (its contents cannot be read); download it again")
            raise DocumentError(
                f"{name} contains no text; upload the plan document itself, not a blank or image-only file"
            )

    def layout(self, pages: list[PageData], lexicon: Lexicon) -> list[Page]:
        """Pass two: each page's chart rows, lists and reading order, a chart or list that runs
        on carried to the next page. Only pages that may matter get this (`_needs_layout`); the
        others are read plainly (`plain_page`)."""
        out: list[Page] = []
        prev_rows: list[Row] = []
        carry: list[Col] | None = None
        carry_list: tuple[str, str] | None = None
        needs = _needs_layout(pages, lexicon)
        for pd, careful in zip(pages, needs):
            if careful or carry or carry_list:
                if carry and pd.header_band is None and pd.segs and not pd.rul.horiz:
                    pd.rul = self.rulings(self.doc.load_page(pd.number - 1), pd)
                page, carry, carry_list = analyse(pd, prev_rows, carry, carry_list)
            else:
                page = plain_page(pd)
            if pd.deskew is not None:
                unskew(page, pd.deskew, pd.printed)
            out.append(page)
            if page.rows:
                prev_rows = page.rows
            elif any(p for p in page.words):
                prev_rows = []
        return out


def _scanned(page: pymupdf.Page) -> bool:
    """The page is an image of text: an image covering most of it (a scan), or so many vector
    paths that its text must be drawn as outlines. A page with a logo and a line of text is not;
    nor is a near-empty one, so a long file of almost blank pages is not sent to OCR page by page."""
    area = abs(page.rect)
    if area > 0 and page.get_images(full=False):
        for info in page.get_image_info():
            drawn = pymupdf.Rect(info["bbox"]) & page.rect
            if abs(drawn) >= SCAN_COVER * area:
                return True
    return len(page.get_cdrawings()) > OUTLINE_DRAWINGS


def _needs_layout(pages: list[PageData], lexicon: Lexicon) -> list[bool]:
    """Pages that get layout analysis: the first few (title, carrier, kind), those with a chart
    header or a list heading, those naming a lexicon concept and the pages either side of them
    (a sentence or a heading runs over a page break). Nothing on any other page can bind to a
    treatment."""
    naming = [names_a_concept(pd.segs, lexicon) for pd in pages]
    out = []
    for i, pd in enumerate(pages):
        near = naming[max(0, i - 1) : i + 2]
        out.append(i < LAYOUT_FIRST_PAGES or any(near) or bool(pd.header_band) or has_list_heading(pd.segs))
    return out


def _read(
    doc: pymupdf.Document,
    data: bytes,
    name: str,
    limits: ReadLimits,
    progress: Callable[[int, int], None] | None,
    started: float,
) -> Document:
    lexicon = load_lexicon()
    reading = _Reading(doc, name, limits, started)
    total = doc.page_count
    pages: list[PageData] = []
    for i in range(total):
        reading.check_time(i)
        pages.append(reading.page(i))
        if progress:
            progress(i + 1, total)
    reading.refuse_unread(pages)
    mark_furniture(pages)
    kind = classify.kind(pages)
    title = classify.title(pages, kind)
    insurer = classify.insurer(pages, lexicon)
    out_pages = reading.layout(pages, lexicon)
    return Document(name=name, kind=kind, pages=out_pages, title=title, insurer=insurer, data=data)


def read_path(path: str | Path, limits: ReadLimits | None = None) -> Document:
    """Read a plan document from a file; a missing, unreadable or non-file path raises DocumentError."""
    p = Path(path)
    name = p.name or str(path)
    if not p.exists():
        raise DocumentError(f"{name}: file not found ({path}); check the path")
    if p.is_dir():
        raise DocumentError(f"{name} is a folder, not a PDF; give the path of the PDF file inside it")
    limits = limits or ReadLimits()
    try:
        size = p.stat().st_size
        if size > limits.max_bytes:
            raise too_large(name, size, limits)
        data = p.read_bytes()
    except PermissionError:
        raise DocumentError(f"{name}: permission denied; check that you can open the file") from None
    except OSError as err:
        raise DocumentError(f"{name} cannot be read ({err.strerror or err.__class__.__name__})") from None
    return read_pdf(data, name, limits)
