"""The carrier a document names, as an insurer finding with the place it is named."""

from __future__ import annotations

from ..lexicon import Lexicon
from ..models import Document, Evidence, Finding, Word
from .sentences import line_boxes, text_of


def insurer_finding(doc: Document, lex: Lexicon) -> Finding | None:
    """The document's insurer (`doc.insurer`), boxed where a line first names it (by name or web
    domain); the title page when no line does (the name was only in a logo)."""
    if not doc.insurer:
        return None
    for page in doc.pages:
        lines: dict[int, list[Word]] = {}
        for w in page.words:
            lines.setdefault(w.line, []).append(w)
        for ln in lines.values():
            found: list[Word] = []
            for m in lex.match([w.text for w in ln], groups=("insurer",)):
                if m.key == doc.insurer:
                    found = ln[m.start : m.end]
                    break
            if not found:
                found = [w for w in ln if "." in w.text and lex.insurer_for_domain(w.text) == doc.insurer][:1]
            if found:
                ev = Evidence(
                    doc.name, page.number, text_of(ln), line_boxes(found), ocr=page.ocr, document_kind=doc.kind
                )
                return Finding(doc.insurer, "insurer", ev, frozenset(), (), text_of(found))
    label = lex.insurers[doc.insurer].label if doc.insurer in lex.insurers else doc.insurer
    ev = Evidence(doc.name, 1, doc.title or label, [], ocr=bool(doc.pages and doc.pages[0].ocr), document_kind=doc.kind)
    return Finding(doc.insurer, "insurer", ev, frozenset(), (), label)
