"""Findings <-> plan file. The plan file is the seam between reading and deciding: text a person
can read, diff and correct; every evaluation goes through it, so a PDF and its extracted plan file
always give the same decision."""

from __future__ import annotations

from dataclasses import dataclass

from ..models import Document, Evidence, Finding
from .parser import parse
from .syntax import DocumentDecl, PlanFact, PolicyFile


@dataclass
class DocumentInfo:
    name: str
    kind: str = "other"
    pages: int = 0
    title: str = ""


def _clean(text: str) -> str:
    return " ".join(str(text).split())


HEADER = (
    "# policyeval plan file: what the reader found in these documents.\n"
    "# Correct a misread by editing its fact; `policyeval evaluate` accepts this file like a PDF.\n\n"
)


def to_plan_text(documents: list[Document] | list[DocumentInfo], findings: list[Finding], title: str = "") -> str:
    """Findings as DSL statements, in the formatter's canonical layout (so `rules fmt` leaves it alone)."""
    from .formatter import format_file

    pf = PolicyFile(path="<plan>", source_text="")
    pf.plan_title = _clean(title or next((d.title for d in documents if d.title), ""))
    for d in documents:
        pages = len(d.pages) if isinstance(d, Document) else d.pages
        pf.documents.append(DocumentDecl(d.name, d.kind, pages, _clean(d.title)))
    for f in findings:
        ev = f.evidence
        pf.facts.append(
            PlanFact(
                f.kind,
                f.concept,
                sorted(f.modifiers),
                ev.document,
                ev.page,
                _clean(ev.section),
                _clean(ev.row),
                _clean(ev.quote),
                _clean(f.matched),
                list(f.conditions),
                [tuple(round(v, 1) for v in box) for box in ev.bboxes],
                ev.ocr,
            )
        )
    return HEADER + format_file(pf)


def from_plan(pf: PolicyFile) -> tuple[list[DocumentInfo], list[Finding]]:
    docs = [DocumentInfo(d.name, d.kind, d.pages, d.title) for d in pf.documents]
    kinds = {d.name: d.kind for d in docs}
    findings = []
    for fact in pf.facts:
        boxes = list(fact.boxes)
        findings.append(
            Finding(
                concept=fact.concept,
                kind=fact.kind,
                evidence=Evidence(
                    fact.document,
                    fact.page,
                    fact.quote,
                    boxes,
                    fact.section,
                    fact.row,
                    fact.ocr,
                    kinds.get(fact.document, "other"),
                ),
                modifiers=frozenset(fact.modifiers),
                conditions=tuple(fact.conditions),
                matched=fact.matched,
            )
        )
    return docs, findings


def parse_plan(text: str, path: str = "<plan>") -> tuple[list[DocumentInfo], list[Finding], str]:
    pf = parse(text, path)
    docs, findings = from_plan(pf)
    return docs, findings, pf.plan_title
