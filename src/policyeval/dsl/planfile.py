"""Findings <-> plan file. The plan file is the seam between reading and deciding: text a person
can read, diff and correct; every evaluation goes through it, so a PDF and its extracted plan file
always give the same decision."""

from __future__ import annotations

from dataclasses import dataclass

from ..models import Document, Evidence, Finding, Scope
from .formatter import format_file
from .parser import parse
from .syntax import DocumentDecl, PlanFact, PolicyFile


@dataclass
class DocumentInfo:
    name: str
    kind: str = "other"
    pages: int = 0
    title: str = ""
    kind_detail: str = ""
    amends: str = ""
    plan_year: str = ""


def _clean(text: str) -> str:
    return " ".join(str(text).split())


HEADER = (
    "# policyeval plan file: what the reader found in these documents.\n"
    "# Correct a misread by editing its fact; `policyeval evaluate` accepts this file like a PDF.\n\n"
)


def _fact(f: Finding) -> PlanFact:
    ev, sc = f.evidence, f.scope
    return PlanFact(
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
        [(round(b[0], 1), round(b[1], 1), round(b[2], 1), round(b[3], 1)) for b in ev.bboxes],
        ev.ocr,
        indications=list(sc.indications),
        other_indications=sc.other_indications,
        network=sc.network,
        routes=list(sc.routes),
        other_routes=sc.other_routes,
        age_min=sc.age_min,
        age_max=sc.age_max,
        settings=list(sc.settings),
        limits=[_clean(limit) for limit in sc.limits],
        consequence=_clean(sc.consequence),
        device=f.device,
        tier=_clean(f.tier),
        cells={role: _clean(text) for role, text in ev.cells.items()},
        pointer=ev.pointer,
        value=_clean(f.value),
    )


def to_plan_text(documents: list[Document] | list[DocumentInfo], findings: list[Finding], title: str = "") -> str:
    """Findings as DSL statements, in the formatter's canonical layout (so `rules fmt` leaves it alone)."""
    pf = PolicyFile(path="<plan>", source_text="")
    pf.plan_title = _clean(title or next((d.title for d in documents if d.title), ""))
    for d in documents:
        pages = len(d.pages) if isinstance(d, Document) else d.pages
        pf.documents.append(
            DocumentDecl(d.name, d.kind, pages, _clean(d.title), _clean(d.kind_detail), d.amends, d.plan_year)
        )
    pf.facts.extend(_fact(f) for f in findings)
    return HEADER + format_file(pf)


def _finding(fact: PlanFact, kinds: dict[str, str]) -> Finding:
    scope = Scope(
        indications=tuple(fact.indications),
        other_indications=fact.other_indications,
        network=fact.network,
        routes=tuple(fact.routes),
        other_routes=fact.other_routes,
        age_min=fact.age_min,
        age_max=fact.age_max,
        settings=tuple(fact.settings),
        limits=tuple(fact.limits),
        consequence=fact.consequence,
    )
    evidence = Evidence(
        fact.document,
        fact.page,
        fact.quote,
        list(fact.boxes),
        fact.section,
        fact.row,
        fact.ocr,
        kinds.get(fact.document, "other"),
        cells=dict(fact.cells),
        pointer=fact.pointer,
    )
    return Finding(
        concept=fact.concept,
        kind=fact.kind,
        evidence=evidence,
        modifiers=frozenset(fact.modifiers),
        conditions=tuple(fact.conditions),
        matched=fact.matched,
        scope=scope,
        device=fact.device,
        tier=fact.tier,
        value=fact.value,
    )


def from_plan(pf: PolicyFile) -> tuple[list[DocumentInfo], list[Finding]]:
    docs = [DocumentInfo(d.name, d.kind, d.pages, d.title, d.about, d.amends, d.year) for d in pf.documents]
    kinds = {d.name: d.kind for d in docs}
    return docs, [_finding(fact, kinds) for fact in pf.facts]


def parse_plan(text: str, path: str = "<plan>") -> tuple[list[DocumentInfo], list[Finding], str]:
    pf = parse(text, path)
    docs, findings = from_plan(pf)
    return docs, findings, pf.plan_title
