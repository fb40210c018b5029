"""What a document is (`Document.kind`, `kind_detail`, `plan_year`, `amends`), from its title and
first pages.

The words that name a kind are data (rules/lexicon.yaml `documents`). A kind named in the title
zone (the top of page 1, a page's first lines) counts far more than one met in the text, so an EOC
that mentions "the drug list" stays an EOC. Precedence follows what a document may decide: the
federal SBC title is unambiguous; a dental, vision, life, disability or EAP title makes the document
non-medical whatever else it says; a rider or amendment title beats the certificate it amends."""

from __future__ import annotations

import re

from ..lexicon import Lexicon
from ..models import Document, Page, Word
from .sentences import text_of

TITLE_ZONE = 0.35  # fraction of page 1's height that holds its title
LEAD_LINES = 6  # first lines of pages 1-3 that count as title lines too
LEAD_PAGES = 3
BODY_PAGES = 5  # pages whose text counts (a little) toward the kind
TITLE_LINE_WORDS = 14  # a longer line is text, not a title
TITLE_WORDS = 10  # a line naming non-medical coverage must be this short to title the document
WEIGHT_TITLE = 3.0  # a kind named in a title line ...
WEIGHT_TEXT = 0.3  # ... and in the text of the first pages (each mention)
MIN_SCORE = 1.0  # less than this and the kind is left as the reader gave it
KIND_ORDER = ("rider", "policy", "formulary", "eoc")  # ties go to the first
DETAILS = {"rider": "rider or amendment", "formulary": "drug list", "policy": "payer policy or criteria"}
DETAILS |= {"medicare_summary": "Medicare summary of benefits", "sbc": "summary of benefits and coverage"}
DETAILS |= {"eoc": "plan document"}
MEDICAL_WORDS = re.compile(r"\b(medical|health\s+plan|health\s+insurance|hospital|prescription\s+drugs?)\b", re.I)
_YEAR = re.compile(r"(?<![\d/-])(20[1-4]\d)(?![\d])")
_DATED = re.compile(
    r"(?:coverage\s+period|plan\s+year|effective|beginning|from|as\s+of)[^.]{0,40}?(?<![\d])(20[1-4]\d)(?!\d)", re.I
)
_AMENDS = re.compile(
    r"\b(?:amends?|rider\s+to|amendment\s+to|part\s+of)\s+(?:the|your)\s+([A-Z][\w ]{3,60}?)(?=\s+(?:effective|and|for)\b|[.,;:])"
)


def _lines(page: Page) -> list[list[Word]]:
    lines: dict[int, list[Word]] = {}
    for w in page.words:
        lines.setdefault(w.line, []).append(w)
    return sorted(lines.values(), key=lambda ws: min(w.bbox[1] for w in ws))


def title_lines(doc: Document) -> list[list[Word]]:
    """The lines that title the document: page 1's top zone and the first lines of pages 1-3."""
    out: list[list[Word]] = []
    for i, page in enumerate(doc.pages[:LEAD_PAGES]):
        lines = _lines(page)
        for k, ln in enumerate(lines):
            top = min(w.bbox[1] for w in ln)
            if not (k < LEAD_LINES or (i == 0 and top < page.height * TITLE_ZONE)):
                continue
            if len(ln) <= TITLE_LINE_WORDS:
                out.append(ln)
            elif head := _title_head(ln):
                out.append(head)  # "Summary of Benefits and Coverage: What this Plan Covers & What You Pay ..."
    return out


def _title_head(line: list[Word]) -> list[Word]:
    """A long line's title part: the words before a colon that ends a short title."""
    cut = next((i for i, w in enumerate(line[:TITLE_LINE_WORDS]) if w.text.endswith(":")), None)
    return line[: cut + 1] if cut else []


def classify(doc: Document, lex: Lexicon, others: list[Document] | None = None) -> None:
    """Set the document's kind, kind_detail, plan_year and amends from its own words."""
    titles = title_lines(doc)
    title_text = [text_of(ln) for ln in titles]
    first_page = set(map(id, doc.pages[0].words)) if doc.pages else set()
    first_page_words: list[Word] = [w for ln in titles for w in ln if id(w) in first_page]
    titled: dict[str, float] = {}  # kinds named in title lines
    nonmed: dict[str, float] = {}  # non-medical coverage named in short title lines
    for ln in titles:
        for m in lex.match_documents([w.text for w in ln]):
            section, name = m.key.split(":", 1)
            if section == "kinds":
                titled[name] = titled.get(name, 0.0) + WEIGHT_TITLE
            elif section == "non_medical" and len(ln) <= TITLE_WORDS and id(ln[0]) in first_page:
                nonmed[name] = nonmed.get(name, 0.0) + WEIGHT_TITLE
    scores = dict(titled)
    body = [w.text for page in doc.pages[:BODY_PAGES] for w in page.words]
    for m in lex.match_documents(body):
        section, name = m.key.split(":", 1)
        if section == "kinds":
            scores[name] = scores.get(name, 0.0) + WEIGHT_TEXT
    if MEDICAL_WORDS.search(text_of(first_page_words)):
        nonmed = {}  # a benefits guide or a medical plan that also offers dental or vision
    kind = _decide(titled, scores, nonmed, " ".join(title_text).lower())
    if kind:
        doc.kind = kind
        if kind == "non_medical":
            doc.kind_detail = max(sorted(nonmed), key=lambda k: nonmed[k])
        elif not doc.kind_detail:
            doc.kind_detail = DETAILS.get(kind, "")
    doc.plan_year = doc.plan_year or _plan_year(title_text, doc)
    if doc.kind == "rider" and not doc.amends:
        doc.amends = _amends(doc, others or [])


def _decide(titled: dict[str, float], scores: dict[str, float], nonmed: dict[str, float], titles: str) -> str:
    """The kind: the SBC title first; then a non-medical title that outweighs every medical one; a
    Medicare summary; a rider or amendment title; else the best-weighted kind."""
    if titled.get("sbc", 0.0) >= WEIGHT_TITLE:
        return "sbc"
    medical = max((v for k, v in titled.items() if k != "sbc"), default=0.0)
    if nonmed and max(nonmed.values()) >= max(WEIGHT_TITLE, medical):
        return "non_medical"
    if "summary of benefits" in titles and "medicare" in titles and titled.get("eoc", 0.0) < WEIGHT_TITLE:
        return "medicare_summary"
    if titled.get("medicare_summary", 0.0) >= WEIGHT_TITLE:
        return "medicare_summary"
    if titled.get("rider", 0.0) >= WEIGHT_TITLE:
        return "rider"
    ranked = sorted(KIND_ORDER, key=lambda k: -scores.get(k, 0.0))
    best = ranked[0]
    return best if scores.get(best, 0.0) >= MIN_SCORE else ""


def _plan_year(titles: list[str], doc: Document) -> str:
    for text in titles:
        m = _DATED.search(text) or _YEAR.search(text)
        if m:
            return m.group(1)
    first = " ".join(w.text for w in doc.pages[0].words) if doc.pages else ""
    m = _DATED.search(first)
    return m.group(1) if m else ""


def _amends(doc: Document, others: list[Document]) -> str:
    """The document a rider amends: another given document whose title or kind the rider names."""
    first = " ".join(w.text for w in doc.pages[0].words) if doc.pages else ""
    m = _AMENDS.search(first)
    if not m:
        return ""
    named = m.group(1).lower()
    for other in others:
        if other is doc or other.kind in ("rider", "non_medical"):
            continue
        if other.title and other.title.lower() in named or named in other.title.lower():
            return other.name
        if other.kind == "eoc" and any(k in named for k in ("certificate", "evidence of coverage", "plan description")):
            return other.name
    return ""
