"""Opening a PDF: the limits a read runs under, and refusing what is not a readable PDF (not a
PDF at all, empty, too large, encrypted, cut short, too many pages) or a page whose content
MuPDF could not decode, each with a one-line message that says what to do."""

from __future__ import annotations

from dataclasses import dataclass

import pymupdf

from ..errors import DocumentError

pymupdf.TOOLS.mupdf_display_errors(False)
pymupdf.TOOLS.mupdf_display_warnings(False)

HEADER_WINDOW = 1024  # bytes: "%PDF" must start within the first KiB (as readers accept)
MAGIC_WINDOW = 8  # bytes compared with a known file signature
EOF_WINDOW = 2048  # bytes at the end that must hold "%%EOF" for a repaired file to be whole


@dataclass
class ReadLimits:
    """What one read may cost; beyond any of these the document is refused with a clear message."""

    max_bytes: int = 50_000_000  # size of the PDF file
    max_pages: int = 1000
    max_seconds: float = 120.0  # wall clock for the whole read, OCR included
    ocr: bool = True  # read scanned pages with tesseract when it is installed
    max_words_per_page: int = 50_000  # a dense 6-point drug list has ~3,000
    max_page_content: int = 16_000_000  # bytes of inflated content per page, Form XObjects multiplied out
    max_form_depth: int = 12  # Form XObjects nested inside each other
    max_form_draws: int = 10_000  # Form XObjects drawn on one page, nested draws multiplied out


_MAGIC = [
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"PK\x03\x04", "a Word/zip file"),
    (b"\xd0\xcf\x11\xe0", "an old Office file"),
    (b"{\\rtf", "an RTF file"),
    (b"<", "an HTML/XML file"),
]


def _not_pdf(data: bytes, name: str) -> DocumentError:
    what = next((label for magic, label in _MAGIC if data.lstrip()[:MAGIC_WINDOW].startswith(magic)), None)
    detail = f" (it looks like {what})" if what else ""
    return DocumentError(f"{name} is not a PDF{detail}; save or export the plan document as PDF and try again")


def too_large(name: str, size: int, limits: ReadLimits) -> DocumentError:
    return DocumentError(
        f"{name} is too large ({size / 1e6:.1f} MB; the limit is "
        f"{limits.max_bytes / 1e6:.0f} MB); upload only the plan's summary or the pages you need"
    )


def open_pdf(data: bytes, name: str, limits: ReadLimits) -> pymupdf.Document:
    """The opened document, or DocumentError saying why it cannot be read."""
    if not data:
        raise DocumentError(f"{name} is empty (0 bytes); download the plan document again")
    if len(data) > limits.max_bytes:
        raise too_large(name, len(data), limits)
    if b"%PDF" not in data[:HEADER_WINDOW]:
        raise _not_pdf(data, name)
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception:
        raise DocumentError(f"{name} is damaged and cannot be opened; download it again") from None
    if not doc.is_pdf:
        raise _not_pdf(data, name)
    if doc.needs_pass:
        raise DocumentError(f"{name} is password-protected; remove the password and try again")
    if doc.is_repaired and _truncated(data):
        raise DocumentError(f"{name} is damaged (the file is cut short); download it again")
    try:
        pages = doc.page_count
    except Exception:  # a page tree whose /Count MuPDF rejects (negative, 2,000,000,000 ...)
        raise DocumentError(f"{name} is damaged (its page count is invalid); download it again") from None
    if pages == 0:
        raise DocumentError(f"{name} has no pages; download it again")
    if pages > limits.max_pages:
        raise DocumentError(
            f"{name} has too many pages ({pages:,}; the limit is {limits.max_pages:,}); "
            "upload only the plan's summary or the pages you need"
        )
    return doc


def _truncated(data: bytes) -> bool:
    """A repaired PDF whose end is missing: no %%EOF near the end, or an object cut mid-way."""
    tail = data[-EOF_WINDOW:].rstrip(b"\x00\r\n\t ")
    return b"%%EOF" not in tail


# mupdf's own words when a page's content stream cannot be decoded. Clean documents (all samples and
# real SBCs) give no warning at all; a damaged page would otherwise read as blank and quietly turn a
# verdict into "your plan is silent".
_DAMAGE_WARNINGS = (
    "format error",
    "read error",
    "premature end of data",
    "syntax error",
    "corrupt",
    "zlib error",
    "invalid character in hex string",
    "out of range",
)


def damage_reported(warnings: str) -> bool:
    """MuPDF's warnings for a page say something in it could not be decoded."""
    text = warnings.lower()
    return any(w in text for w in _DAMAGE_WARNINGS)


def damaged_page(name: str, page: int) -> DocumentError:
    return DocumentError(
        f"{name} is damaged: page {page}'s text cannot be decoded, so the plan cannot be "
        "read reliably; download it again or print it to a new PDF"
    )
