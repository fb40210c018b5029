"""What a document is (SBC, EOC, insurer policy, other), its title and its insurer, from the first
pages' lines.

Temporary home: document classification and carrier recognition move to `find/` (issue 10)."""

from __future__ import annotations

import re

from ..lexicon import Lexicon
from .layout import PageData
from .lines import PAGE_NUMBER
from .relevance import may_name_insurer

KIND_PAGES = 3  # pages searched for the document's kind
TITLE_ZONE = 0.3  # fraction of the first page's height the title is looked for in
TITLE_SBC_CHARS = 80  # an SBC's title gathers lines up to this many characters
TITLE_MAX_CHARS = 160
TITLE_MIN_CHARS = 3  # a shorter line (or one with fewer than TITLE_MIN_LETTERS letters) is a stray date
TITLE_MIN_LETTERS = 2
INSURER_PAGES = 12  # pages searched for the insurer
FIRST_PAGE_TOP = 0.25  # fraction of the first page's height that counts as its top
WEIGHT_FIRST_TOP = 4.0  # an insurer named at the top of page 1 ...
WEIGHT_FIRST = 2.0  # ... elsewhere on page 1 ...
WEIGHT_OTHER = 1.0  # ... on a later page (once per page)
WEIGHT_BCBS = 0.5  # "Blue Cross Blue Shield" is a family name, not one carrier: it counts half

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


def _named_per_line(pd: PageData, lexicon: Lexicon) -> list[set[str]]:
    """The insurers each line of the page names, by name or web domain."""
    named: list[set[str]] = []
    for s in pd.segs:
        ids: set[str] = set()
        if may_name_insurer(s, lexicon):
            ids.update(m.key for m in lexicon.match([w.text for w in s.words], groups=("insurer",)))
        for w in s.words:
            if "." in w.text:
                d = lexicon.insurer_for_domain(w.text)
                if d:
                    ids.add(d)
        named.append(ids)
    return named


def insurer(pages: list[PageData], lexicon: Lexicon) -> str:
    """The insurer named with the most weight on the first pages ("" if none): each page adds,
    per insurer, the weight of the first line naming it."""
    scores: dict[str, float] = {}
    for pd in pages[:INSURER_PAGES]:
        seen: set[str] = set()
        for s, ids in zip(pd.segs, _named_per_line(pd, lexicon)):
            for iid in ids:
                weight = WEIGHT_OTHER
                if pd.number == 1:
                    weight = WEIGHT_FIRST_TOP if s.y1 < pd.height * FIRST_PAGE_TOP else WEIGHT_FIRST
                if iid == "bcbs":
                    weight *= WEIGHT_BCBS
                if iid not in seen:
                    scores[iid] = scores.get(iid, 0.0) + weight
                    seen.add(iid)
    if not scores:
        return ""
    return max(sorted(scores), key=lambda k: scores[k])
