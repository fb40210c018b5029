"""read: PDF bytes -> `Document` (the only package that touches pymupdf, rendering included).

It takes a plan document's bytes and gives its pages as words with positions in reading order,
the SBC benefits chart as rows with cells by column role, bulleted lists under their headings,
and scanned pages through OCR; running headers and footers are dropped. It refuses, with a
one-line `DocumentError`, what it cannot read reliably (not a PDF, encrypted, damaged, scans with
no OCR, too large). `render_evidence` draws the deciding phrases boxed on the page image. It never
looks at what the words mean beyond finding the chart and lists: that is `find/`'s job.
"""

from .document import PDF_LOCK, read_path, read_pdf
from .opening import ReadLimits
from .render import render_evidence

__all__ = ["PDF_LOCK", "ReadLimits", "read_path", "read_pdf", "render_evidence"]
