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
from ..models import Document, Page, Row, Word
from . import classify, ocr
from .bounds import PageBounds, check_page, content_intact
from .chart import Col, find_header, has_chart_anchor
from .deskew import MIN_ANGLE, Deskew, skew, unskew
from .furniture import mark_furniture
from .layout import PageData, analyse, plain_page
from .lines import segments
from .lists import has_list_heading
from .opening import ReadLimits, damage_reported, damaged_page, open_pdf, too_large
from .plausible import judge
from .relevance import names_a_concept
from .rulings import Rulings, drop_underlines, image_rulings, page_rulings
from .words import text_words

MIN_TEXT_WORDS = 3  # a page with fewer words may be a scan
OUTLINE_DRAWINGS = 150  # a page with more vector drawings and no text may be text drawn as outlines
GARBAGE_SHARE = 0.25  # more of the text pages than this not reading as text refuses the document
XFA_MAX_WORDS = 200  # an XFA form with fewer words in its pages is only the placeholder ("Please wait...")
PAGES_LISTED = 8  # runs of page numbers named in a message
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
        self.scanned: list[int] = []  # scans not OCR'd
        self.garbage: list[int] = []  # pages whose text does not read as text, not OCR'd
        self.odd: list[int] = []  # pages read with some unreadable glyphs
        self.bounds = PageBounds(limits.max_page_content, limits.max_form_depth, limits.max_form_draws)
        self.hidden: dict[int, list[Word]] = {}  # page index -> words a person cannot see (never read)

    def check_time(self, i: int) -> None:
        if time.monotonic() - self.started > self.limits.max_seconds:
            raise DocumentError(
                f"{self.name}: reading took longer than {self.limits.max_seconds:g} s "
                f"(stopped at page {i + 1} of {self.doc.page_count}); upload fewer pages"
            )

    def load(self, i: int) -> tuple[pymupdf.Page, list[Word], str]:
        """Page i, its text words and what they are worth: "ok", "odd" (some glyphs unreadable),
        "garbage" (the text layer does not read as text). A page whose content MuPDF cannot
        decode is refused as damaged; damage MuPDF reports elsewhere (a font's broken character
        map) leaves the page to the text test."""
        try:
            pymupdf.TOOLS.mupdf_warnings(reset=True)
            page = self.doc.load_page(i)
            check_page(self.doc, page, self.bounds, self.name)
            words, glyphs = text_words(page, self.hidden.setdefault(i, []))
            if damage_reported(pymupdf.TOOLS.mupdf_warnings(reset=True)) and not content_intact(
                self.doc, page, self.limits.max_page_content
            ):
                raise damaged_page(self.name, i + 1)
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
        return page, words, judge(words, glyphs)

    def page(self, i: int) -> PageData:
        """Pass one for page i: words (OCR'd if it is a scan or its text is garbage), lines, and
        the chart header with the rulings it needs."""
        page, words, worth = self.load(i)
        is_ocr = False
        if worth == "garbage" or (len(words) < MIN_TEXT_WORDS and _scanned(page)):
            # a scan, text drawn as outlines, or text without a usable encoding: only OCR reads it
            if self.limits.ocr and ocr.tesseract() is not None:
                remaining = self.limits.max_seconds - (time.monotonic() - self.started)
                words = ocr.ocr_words(page, self.name, remaining)
                is_ocr = True
            elif worth == "garbage":
                self.garbage.append(i + 1)
                words = []
            else:
                self.scanned.append(i + 1)
        elif worth == "odd":
            self.odd.append(i + 1)
        rect = page.rect
        pd = PageData(i + 1, rect.width, rect.height, words, Rulings(), is_ocr, hidden=self.hidden.pop(i, []))
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

    def refuse_unread(self, pages: list[PageData]) -> list[str]:
        """Scanned pages with no OCR, or no text at all, are refused with what to do; so is a
        document much of whose text does not read as text. A few such pages (or pages with some
        unreadable glyphs) are named in the warnings returned, and the rest is read."""
        name = self.name
        if _xfa(self.doc) and sum(len(p.words) for p in pages) < XFA_MAX_WORDS:
            raise DocumentError(
                f"{name} is an XFA form: the file holds only a placeholder and its pages are drawn by Adobe "
                "Reader alone; open it in Adobe Reader and print it to a new PDF, then upload that"
            )
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
        text_pages = sum(1 for p in pages if p.words) + len(self.garbage)
        if self.garbage and (not any(p.words for p in pages) or len(self.garbage) > GARBAGE_SHARE * text_pages):
            raise DocumentError(
                f"{name}: the text of {_pages(self.garbage)} does not read as text (a font without a usable "
                "character map); install tesseract-ocr to read it from the page images, or print the plan to a new PDF"
            )
        if not any(p.words for p in pages):
            if self.doc.is_repaired:
                raise DocumentError(f"{name} is damaged (its contents cannot be read); download it again")
            raise DocumentError(
                f"{name} contains no text; upload the plan document itself, not a blank or image-only file"
            )
        warnings = []
        if self.garbage:
            warnings.append(
                f"The text of {_pages(self.garbage)} of {name} does not read as text, so it was skipped; "
                "install tesseract-ocr to read it from the page images"
            )
        if self.odd:
            warnings.append(f"Some characters on {_pages(self.odd)} of {name} could not be read; the rest was read")
        return warnings

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


def _xfa(doc: pymupdf.Document) -> bool:
    """The document carries an XFA form (its real content is XML only Adobe Reader draws)."""
    try:
        return doc.xref_get_key(doc.pdf_catalog(), "AcroForm/XFA")[0] != "null"
    except Exception:  # a catalog MuPDF cannot walk: not an XFA question
        return False


def _pages(numbers: list[int]) -> str:
    """ "page 4" / "pages 4-7, 9 and 12" (runs joined, at most PAGES_LISTED runs named)."""
    runs: list[list[int]] = []
    for n in sorted(numbers):
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    parts = [f"{a}" if a == b else f"{a}-{b}" for a, b in runs[:PAGES_LISTED]]
    if len(runs) > PAGES_LISTED:
        parts.append("others")
    label = "page" if len(numbers) == 1 else "pages"
    return f"{label} {parts[0]}" if len(parts) == 1 else f"{label} {', '.join(parts[:-1])} and {parts[-1]}"


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
    warnings = reading.refuse_unread(pages)
    mark_furniture(pages)
    kind = classify.kind(pages)
    title = classify.title(pages, kind)
    out_pages = reading.layout(pages, lexicon)
    return Document(name=name, kind=kind, pages=out_pages, title=title, data=data, warnings=warnings)


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
