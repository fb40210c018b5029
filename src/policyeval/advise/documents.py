"""What the patient is told about the documents they gave: upload limits (one number for the app's upload
cap and the reader's), checks before reading, warnings about the set (a document that is not medical
coverage, documents from different insurers or plan years), the insurer they name, which evidence is a
deciding passage (never a header, footer, phone line or web address), and the page image that shows it."""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from ..lexicon import Lexicon, load_lexicon
from ..models import BBox, Decision, Document, Evidence, Finding
from ..pipeline import document_warnings as reader_warnings
from ..pipeline import hidden_text_warnings
from ..read.document import ReadLimits
from ..read.render import render_evidence
from .labels import document_kind_name, insurer_label

MAX_UPLOAD_MB = 20  # per file; the app's uploader cap and the reader's byte limit are this one number
MAX_PAGES = 300  # per file
BYTES_PER_MB = 1024 * 1024
EVIDENCE_DPI = 150  # dots per inch of the page image
CLOSE_UP_MARGIN = (140.0, 60.0)  # points around the boxed words in the close-up (x, y)


def read_limits(max_mb: int = MAX_UPLOAD_MB, max_pages: int = MAX_PAGES) -> ReadLimits:
    """The reader's limits for one uploaded file."""
    return ReadLimits(max_bytes=max_mb * BYTES_PER_MB, max_pages=max_pages)


def upload_problem(name: str, data: bytes, max_mb: int = MAX_UPLOAD_MB) -> str:
    """A plain sentence when a file cannot be read as a plan PDF (or formulary file) before reading it ('' when it can)."""
    size = len(data)
    if size > max_mb * BYTES_PER_MB:
        return f"{name} is {size / BYTES_PER_MB:.1f} MB; the limit is {max_mb} MB per file."
    if size == 0:
        return f"{name} is empty (0 bytes); download the plan document again."
    if b"%PDF-" not in data[:1024] and data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] != b"[":
        # a JSON array may be the plan's machine-readable formulary (drugs.json / plans.json): the reader checks it
        return f"{name} is not a PDF; upload the plan document as a PDF file."
    return ""


@dataclass(frozen=True)
class Warning:
    kind: str  # "non_medical" | "insurers" | "plan_years"
    text: str


def document_warnings(
    documents: Iterable[Document], findings: Iterable[Finding] = (), lexicon: Lexicon | None = None
) -> list[Warning]:
    """What the patient should know about the set of documents: one that is not about medical coverage
    (it never decides), and documents naming different insurers or plan years."""
    docs = list(documents)
    out = []
    for d in docs:
        if d.kind == "non_medical":
            what = d.kind_detail or document_kind_name("non_medical")
            out.append(
                Warning(
                    "non_medical",
                    f"{d.name} is a {what} document, not your medical plan's: it does not decide this. "
                    "Give your medical plan's Summary of Benefits and Coverage or Evidence of Coverage.",
                )
            )
    carriers = document_insurers(docs, findings)
    if len(set(carriers.values())) > 1:
        named = "; ".join(f"{n}: {insurer_label(i, lexicon)}" for n, i in carriers.items())
        out.append(
            Warning(
                "insurers",
                f"Your documents name different insurers ({named}). Check they are all for the same plan; "
                "pick your insurer below if we chose the wrong one.",
            )
        )
    years = {d.name: d.plan_year for d in docs if d.plan_year and d.kind != "non_medical"}
    if len(set(years.values())) > 1:
        named = "; ".join(f"{n}: {y}" for n, y in years.items())
        out.append(
            Warning(
                "plan_years",
                f"Your documents are for different plan years ({named}). Coverage can change each year: "
                "use the documents for the year you will be treated.",
            )
        )
    return out


def reading_warnings(documents: Iterable[Document], lexicon: Lexicon | None = None) -> list[str]:
    """What reading the documents left out, as the CLI and JSON give it in `warnings`: hidden text that
    names a treatment or coverage wording ("contains hidden text; it was ignored") and the reader's own
    warnings (pages skipped or doubted), once each."""
    docs = list(documents)
    lines = hidden_text_warnings(docs, lexicon or load_lexicon()) + reader_warnings(docs)
    return list(dict.fromkeys(lines))


def document_insurers(documents: Iterable[Document], findings: Iterable[Finding] = ()) -> dict[str, str]:
    """Each medical document's insurer: the reader's recognition, else the carrier its findings name as
    primary, else the one they name most."""
    docs = [d for d in documents if d.kind != "non_medical"]
    by_doc: dict[str, Counter[str]] = {}
    primary: dict[str, str] = {}
    for f in findings:
        if f.kind == "insurer" and "pbm" not in f.modifiers:
            by_doc.setdefault(f.evidence.document, Counter())[f.concept] += 1
            if "primary" in f.modifiers:
                primary.setdefault(f.evidence.document, f.concept)
    out = {}
    for d in docs:
        found = d.insurer or primary.get(d.name) or ""
        if not found and d.name in by_doc:
            found = by_doc[d.name].most_common(1)[0][0]
        if found:
            out[d.name] = found
    return out


def recognised_insurer(documents: Iterable[Document], findings: Iterable[Finding] = ()) -> str:
    """The insurer the documents name (the one most of them name), '' when none."""
    found = Counter(document_insurers(documents, findings).values())
    if found:
        return found.most_common(1)[0][0]
    named = Counter(f.concept for f in findings if f.kind == "insurer" and "pbm" not in f.modifiers)
    return named.most_common(1)[0][0] if named else ""


# A line is page furniture, not a passage that decides: a web address, an e-mail, a phone number, or a
# running title with no coverage wording.
_URL = re.compile(r"\b(?:https?://|www\.)\S+|\b[\w.-]+\.(?:com|org|net|gov)(?:/\S*)?\b", re.I)
_PHONE = re.compile(r"(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}|\b1-8\d\d-[A-Z0-9-]{7,}\b", re.I)
_WORD = re.compile(r"[A-Za-z]{2,}")
# Words of a contact line ("Questions? Call ... or visit ...") that say nothing about coverage.
_CONTACT_WORDS = re.compile(
    r"\b(questions?|call|calling|visit|contact|us|phone|fax|tty|or|at|online|website|web|site|member|members|"
    r"customer|services?|toll|free|hours|am|pm|monday|friday|email|e-mail|go|to)\b",
    re.I,
)
MIN_PASSAGE_WORDS = 4  # fewer words than this, once addresses, numbers and contact words go, is furniture


def is_furniture(quote: str) -> bool:
    """True for a header, footer, phone line or web address rather than a sentence or row that decides."""
    rest = _CONTACT_WORDS.sub(" ", _PHONE.sub(" ", _URL.sub(" ", quote or "")))
    return len(_WORD.findall(rest)) < MIN_PASSAGE_WORDS


def deciding_passages(decision: Decision, findings: Iterable[Finding] = ()) -> list[Evidence]:
    """The decision's evidence that is a passage deciding it: not where the documents merely name the
    insurer, and never furniture; a page, or a formulary file's entry (JSON pointer)."""
    naming = {
        (f.evidence.document, f.evidence.page, f.evidence.quote) for f in findings if f.kind in ("insurer", "contact")
    }
    return [
        e
        for e in decision.evidence
        if (e.document, e.page, e.quote) not in naming and not is_furniture(e.quote) and (e.page > 0 or e.pointer)
    ]


def alt_text(e: Evidence) -> str:
    """What the page image shows, for a screen reader: where it is and the boxed words."""
    quote = " ".join(e.quote.split())
    if len(quote) > 300:
        quote = quote[:300].rsplit(" ", 1)[0] + "…"
    return f"Page {e.page} of {e.document}, with these words boxed in red: “{quote}”"


def page_images(document: Document, e: Evidence, dpi: int = EVIDENCE_DPI) -> tuple[bytes, bytes]:
    """(close-up around the boxed words, whole page) as PNG bytes, drawn from the document in memory."""
    full = render_evidence(document, e.page, list(e.bboxes), dpi=dpi)
    page = document.pages[e.page - 1] if 1 <= e.page <= len(document.pages) else None
    if page is None:
        return full, full
    return close_up(full, e.bboxes, page.width, page.height), full


def close_up(png: bytes, bboxes: list[BBox], page_width: float, page_height: float) -> bytes:
    """The part of the page around the boxes, so the boxed words are big enough to read."""
    if not bboxes:
        return png
    from PIL import Image

    img = Image.open(io.BytesIO(png))
    sx, sy = img.width / max(page_width, 1), img.height / max(page_height, 1)
    mx, my = CLOSE_UP_MARGIN
    x0 = min(min(b[0], b[2]) for b in bboxes) - mx
    x1 = max(max(b[0], b[2]) for b in bboxes) + mx
    y0 = min(min(b[1], b[3]) for b in bboxes) - my
    y1 = max(max(b[1], b[3]) for b in bboxes) + my
    box = (max(0, int(x0 * sx)), max(0, int(y0 * sy)), min(img.width, int(x1 * sx)), min(img.height, int(y1 * sy)))
    if box[2] - box[0] < 20 or box[3] - box[1] < 20:
        return png
    out = io.BytesIO()
    img.crop(box).save(out, format="PNG")
    return out.getvalue()
