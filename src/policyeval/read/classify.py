"""What a document is (SBC, EOC, insurer policy, other) and its title, from the first pages' lines.

A first guess: `find` classifies the document again from the lexicon's phrases (find.kinds) and
weighs its carriers (find.insurer), which sets `Document.insurer`."""

from __future__ import annotations

import re

from .layout import PageData
from .lines import PAGE_NUMBER

KIND_PAGES = 3  # pages searched for the document's kind
TITLE_ZONE = 0.3  # fraction of the first page's height the title is looked for in
TITLE_SBC_CHARS = 80  # an SBC's title gathers lines up to this many characters
TITLE_MAX_CHARS = 160
TITLE_MIN_CHARS = 3  # a shorter line (or one with fewer than TITLE_MIN_LETTERS letters) is a stray date
TITLE_MIN_LETTERS = 2

_KIND_PATTERNS = [
    ("sbc", ("summaryofbenefitsandcoverage",)),
    (
        "policy",
        (
            "clinicalpolicybulletin",
            "medicalpolicy",
            "coveragepolicy",
            "clinicalpolicy",
            "drugpolicy",
            "medicalbenefitdrugpolicy",
            "policynumber",
            "coveragedeterminationguideline",
            "medicalcoverageguideline",
            "pharmacypolicy",
            "utilizationmanagementpolicy",
            "coverageguideline",
        ),
    ),
    (
        "eoc",
        (
            "evidenceofcoverage",
            "certificateofcoverage",
            "summaryplandescription",
            "certificateofinsurance",
            "benefitbooklet",
            "memberhandbook",
            "subscriberagreement",
            "membershipagreement",
            "policycertificate",
            "combinedevidenceofcoverage",
            "planbooklet",
        ),
    ),
]
_ANY_KIND = re.compile("|".join(p for _, pats in _KIND_PATTERNS for p in pats))
_GENERIC_TITLE = (
    "summaryofbenefitsandcoverage",
    "coverageperiod",
    "coveragefor",
    "plantype",
    "questions",
    "ifyouarentclear",
    "ifyouaren",
    "thisisonlyasummary",
    "importantquestions",
    "page",
    "atwww",
    "orcall",
    "glossary",
    "whatthisplancovers",
)


def kind(pages: list[PageData]) -> str:
    """The document kind named highest on the first pages that name one."""
    best: tuple[int, float, str] | None = None
    for pd in pages[:KIND_PAGES]:
        for s in sorted(pd.segs, key=lambda s: s.y0):
            if _ANY_KIND.search(s.squashed) is None:
                continue
            for k, pats in _KIND_PATTERNS:
                if any(p in s.squashed for p in pats):
                    cand = (pd.number, s.y0, k)
                    if best is None or cand[:2] < best[:2]:
                        best = cand
                    break
        if best is not None:
            break
    if best is not None:
        return best[2]
    for pd in pages[:KIND_PAGES]:
        if any("plandocument" in s.squashed for s in pd.segs):
            return "eoc"
    return "other"


def title(pages: list[PageData], kind: str) -> str:
    """The plan's name from the top of the first page (generic SBC lines skipped)."""
    if not pages:
        return ""
    pd = pages[0]
    segs = sorted([s for s in pd.segs if s.y1 < pd.height * TITLE_ZONE], key=lambda s: (round(s.y0), s.x0))
    parts: list[str] = []
    for s in segs:
        sq = s.squashed
        text = s.text.strip()
        if not sq or PAGE_NUMBER.match(text):
            continue
        if any(sq.startswith(g) for g in _GENERIC_TITLE):
            if parts and (sq.startswith("summaryofbenefits") or sq.startswith("importantquestions")):
                break
            continue
        if "coverageperiod" in sq.replace(" ", ""):
            text = re.split(r"coverage\s+period", text, flags=re.I)[0].strip()
        if len(text) < TITLE_MIN_CHARS or sum(ch.isalpha() for ch in text) < TITLE_MIN_LETTERS:
            continue  # a stray date or number from the coverage-period line
        parts.append(text.rstrip(":").strip())
        if kind != "sbc" or len(" ".join(parts)) > TITLE_SBC_CHARS:
            break
    return re.sub(r"\s+", " ", " ".join(parts))[:TITLE_MAX_CHARS].strip(" :|-")
