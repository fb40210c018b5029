"""Findings <-> plan file. The plan file is the seam between reading and deciding: text a person
can read, diff and correct; every evaluation goes through it, so a PDF and its extracted plan file
always give the same decision."""
from __future__ import annotations

import json
from dataclasses import dataclass

from .models import Document, Evidence, Finding
from .parser import parse
from .syntax import PolicyFile


@dataclass
class DocumentInfo:
    name: str
    kind: str = "other"
    pages: int = 0
    title: str = ""


def _q(text: str) -> str:
    """A DSL string literal (JSON escaping is a subset the grammar reads back)."""
    return json.dumps(" ".join(str(text).split()), ensure_ascii=False)


def to_plan_text(documents: list[Document] | list[DocumentInfo], findings: list[Finding], title: str = "") -> str:
    lines = ["# policyeval plan file: what the reader found in these documents.",
             "# Correct a misread by editing its fact; `policyeval evaluate` accepts this file like a PDF.", ""]
    title = title or next((d.title for d in documents if d.title), "")
    if title:
        lines.append(f"plan {_q(title)}")
    for d in documents:
        pages = len(d.pages) if isinstance(d, Document) else d.pages
        doc_line = f"document {_q(d.name)} kind {d.kind} pages {pages}"
        if d.title:
            doc_line += f" title {_q(d.title)}"
        lines.append(doc_line)
    lines.append("")
    for f in findings:
        ev = f.evidence
        mods = ", ".join(sorted(f.modifiers))
        lines.append(f"fact {f.kind} {f.concept} [{mods}]")
        lines.append(f"    in {_q(ev.document)} page {ev.page}")
        if ev.section:
            lines.append(f"    section {_q(ev.section)}")
        if ev.row:
            lines.append(f"    row {_q(ev.row)}")
        if f.matched:
            lines.append(f"    matched {_q(f.matched)}")
        if f.conditions:
            lines.append(f"    conditions [{', '.join(f.conditions)}]")
        lines.append(f"    quote {_q(ev.quote)}")
        for box in ev.bboxes:
            lines.append("    box [" + ", ".join(f"{v:.1f}" for v in box) + "]")
        if ev.ocr:
            lines.append("    ocr")
        lines.append("")
    return "\n".join(lines)


def from_plan(pf: PolicyFile) -> tuple[list[DocumentInfo], list[Finding]]:
    docs = [DocumentInfo(d.name, d.kind, d.pages, d.title) for d in pf.documents]
    kinds = {d.name: d.kind for d in docs}
    findings = []
    for fact in pf.facts:
        boxes = list(fact.boxes)
        findings.append(Finding(
            concept=fact.concept, kind=fact.kind,
            evidence=Evidence(fact.document, fact.page, fact.quote, boxes, fact.section, fact.row, fact.ocr,
                              kinds.get(fact.document, "other")),
            modifiers=frozenset(fact.modifiers), conditions=tuple(fact.conditions), matched=fact.matched))
    return docs, findings


def parse_plan(text: str, path: str = "<plan>") -> tuple[list[DocumentInfo], list[Finding], str]:
    pf = parse(text, path)
    docs, findings = from_plan(pf)
    return docs, findings, pf.plan_title
