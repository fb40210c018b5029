"""The page that decides a verdict, rendered with the deciding phrases boxed, so a patient can
see the words in their own plan rather than take the reader's word for it.

Boxes are painted straight into the rendered pixmap (no annotation is added to the PDF and
nothing is written to disk); bounding boxes are in PDF points of the page as displayed, which is
what the reader produces for both text and OCR'd pages.
"""

from __future__ import annotations

import pymupdf

from ..errors import DocumentError
from ..models import BBox, Document
from .document import PDF_LOCK

_COLOR = (220, 38, 38)  # red: visible on white, grey table fills and blue header bands
_PAD = 1.5  # points around each phrase
DEFAULT_DPI = 110  # dots per inch: a page fits a screen and its print is legible
MIN_DPI, MAX_DPI = 36, 300  # dots per inch a caller may ask for
MIN_EDGE = 2  # pixels: thinnest box edge ...
EDGE_PER_DPI = 45  # ... else one pixel per this many dpi


def render_evidence(document: Document, page: int, bboxes: list[BBox], dpi: int = DEFAULT_DPI) -> bytes:
    """PNG bytes of `page` (1-based) with a rectangle drawn around each bounding box."""
    if not document.data:
        raise DocumentError(f"{document.name}: the PDF itself is not available to show this page; read it again")
    if not 1 <= page <= max(len(document.pages), 1):
        raise DocumentError(f"{document.name} has no page {page}")
    dpi = max(MIN_DPI, min(int(dpi), MAX_DPI))
    with PDF_LOCK:
        return _render(document, page, bboxes, dpi)


def _render(document: Document, page: int, bboxes: list[BBox], dpi: int) -> bytes:
    try:
        doc = pymupdf.open(stream=document.data, filetype="pdf")
    except Exception:
        raise DocumentError(f"{document.name} cannot be opened to show page {page}") from None
    try:
        if page > doc.page_count:
            raise DocumentError(f"{document.name} has no page {page}")
        pg = doc.load_page(page - 1)
        pix = pg.get_pixmap(dpi=dpi, alpha=False)
        scale = dpi / 72.0
        ox, oy = pg.rect.x0, pg.rect.y0
        thick = max(MIN_EDGE, round(dpi / EDGE_PER_DPI))
        for box in bboxes:
            x0, y0, x1, y1 = box
            ix0 = int((min(x0, x1) - _PAD - ox) * scale)
            iy0 = int((min(y0, y1) - _PAD - oy) * scale)
            ix1 = int((max(x0, x1) + _PAD - ox) * scale + 0.999)
            iy1 = int((max(y0, y1) + _PAD - oy) * scale + 0.999)
            ix0, iy0 = max(0, ix0), max(0, iy0)
            ix1, iy1 = min(pix.width, ix1), min(pix.height, iy1)
            if ix1 - ix0 < 1 or iy1 - iy0 < 1:
                continue
            for edge in (
                (ix0, iy0, ix1, iy0 + thick),
                (ix0, iy1 - thick, ix1, iy1),
                (ix0, iy0, ix0 + thick, iy1),
                (ix1 - thick, iy0, ix1, iy1),
            ):
                pix.set_rect(pymupdf.IRect(*edge) & pix.irect, _COLOR)
        return pix.tobytes("png")
    finally:
        doc.close()
