"""The carriers a document names, weighed: which one is the document's own (`primary`), which are
pharmacy benefit managers (`pbm`), which are merely mentioned.

Evidence is weighted, never first-come: a name in the title zone of page 1 or in a running header
or footer counts most, a legal entity ("... Insurance Company", "..., Inc.") more than a bare name,
a web domain like a name; a table-of-contents line counts nothing and a partner cue ("through",
"administered by", "coordination with") halves it. The document's carrier is the best-weighted
non-PBM name when it clearly leads (by LEAD_RATIO); two near-equal carriers (an employer plan
offered through two insurers) leave no primary, and the decision asks."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..lexicon import Lexicon, squash_words
from ..models import Document, Evidence, Finding, Page, Word
from .sentences import Matcher, line_boxes, text_of

SCAN_PAGES = 12  # pages whose every line is weighed; later pages count only in headers and footers
FURNITURE_ZONE = 0.08  # fraction of the page height at its top and bottom that holds running lines
TITLE_ZONE = 0.25  # fraction of page 1's height that holds its title
WEIGHT_TITLE = 4.0
WEIGHT_FIRST_PAGE = 2.0
WEIGHT_PAGE = 1.0  # once per page
WEIGHT_FURNITURE = 1.5  # a running header or footer, once per page
LEGAL_ENTITY = 1.5  # multiplier: "Aetna Life Insurance Company", "Humana Inc."
PARTNER = 0.5  # multiplier: "through", "administered by", "partner", "coordination with"
FAMILY = 0.5  # multiplier: "Blue Cross Blue Shield" names a family of plans, not one carrier
LEAD_RATIO = 1.5  # the primary's weight must be this many times the next carrier's
MIN_PRIMARY = 2.0
_TOC = re.compile(r"\.{4,}|(\s\.){3,}|…{2,}")
_PARTNER = re.compile(
    r"\b(through|administered\s+by|partner|partners|coordination\s+with|coordinated\s+by|managed\s+by|"
    r"provided\s+by|network\s+of|on\s+behalf\s+of|in\s+cooperation\s+with)\b",
    re.I,
)
_ENTITY = re.compile(r"^\W*(inc\b|incorporated|company|corporation|corp\b|insurance|health\s+plan|of\s+[A-Z])", re.I)


@dataclass
class _Seen:
    weight: float = 0.0
    pages: set[tuple[int, str]] = field(default_factory=set)
    first: tuple[Page, list[Word], list[Word]] | None = None  # page, line, the words naming it


def _line_words(page: Page) -> list[list[Word]]:
    lines: dict[int, list[Word]] = {}
    for w in page.words:
        lines.setdefault(w.line, []).append(w)
    return list(lines.values())


# Words of the next line a name broken over a line end may take ("managed by Express" / "Scripts.").
NAME_CONTINUATION = 3


def _continuation(line: list[Word], nxt: list[Word]) -> list[Word]:
    """The first words of the next line when it continues this one's paragraph (same block)."""
    if not line or not nxt or nxt[0].block != line[-1].block or line[-1].text.endswith((".", ":", ";")):
        return []
    return nxt[:NAME_CONTINUATION]


def _names(line: list[Word], lex: Lexicon, match: Matcher | None) -> list[tuple[str, list[Word]]]:
    out: list[tuple[str, list[Word]]] = []
    tokens = [w.text for w in line]
    if lex.mentions(squash_words(tokens), "insurer"):  # most lines name no insurer: skip the match
        found = match(line, ("insurer",)) if match is not None else lex.match(tokens, groups=("insurer",))
        out = [(m.key, line[m.start : m.end]) for m in found]
    named = {k for k, _ in out}
    for w in line:
        if "." in w.text:
            ins = lex.insurer_for_domain(w.text)
            if ins and ins not in named:
                out.append((ins, [w]))
                named.add(ins)
    return out


def _weight(page: Page, line: list[Word], words: list[Word], text: str, lex: Lexicon, key: str) -> tuple[float, str]:
    top = min(w.bbox[1] for w in line)
    bottom = max(w.bbox[3] for w in line)
    if _TOC.search(text):
        return 0.0, "toc"
    furniture = top < page.height * FURNITURE_ZONE or bottom > page.height * (1 - FURNITURE_ZONE)
    if page.number == 1 and top < page.height * TITLE_ZONE:
        weight, where = WEIGHT_TITLE, "title"
    elif furniture:
        weight, where = WEIGHT_FURNITURE, "furniture"
    elif page.number == 1:
        weight, where = WEIGHT_FIRST_PAGE, "page"
    else:
        weight, where = WEIGHT_PAGE, "page"
    after = text_of(line[line.index(words[-1]) + 1 :]) if words[-1] in line else ""
    if _ENTITY.match(after):
        weight *= LEGAL_ENTITY
    before = text_of(line[: line.index(words[0])]) if words[0] in line else ""
    if _PARTNER.search(before[-40:]):
        weight *= PARTNER
    if key in lex.insurers and lex.insurers[key].label.startswith("Blue Cross Blue Shield (plan not identified)"):
        weight *= FAMILY
    return weight, where


def carriers(doc: Document, lex: Lexicon, matchers: Mapping[int, Matcher] | None = None) -> tuple[str, list[Finding]]:
    """(the document's own carrier or "", one insurer finding per carrier named); `matchers` are
    the pages' one-pass lexicon matchers (find.matching), when the caller has them."""
    seen: dict[str, _Seen] = {}
    for page in doc.pages:
        match = (matchers or {}).get(page.number)
        scan_all = page.number <= SCAN_PAGES
        lines = _line_words(page)
        for li, line in enumerate(lines):
            if not scan_all:
                top = min(w.bbox[1] for w in line)
                if page.height * FURNITURE_ZONE <= top <= page.height * (1 - FURNITURE_ZONE):
                    continue
            run = line + _continuation(line, lines[li + 1] if li + 1 < len(lines) else [])
            names = _names(run, lex, match)
            text = text_of(line) if names else ""
            for key, words in names:
                if id(words[0]) not in {id(w) for w in line}:
                    continue  # a name that starts on the next line is that line's
                weight, where = _weight(page, line, words, text, lex, key)
                s = seen.setdefault(key, _Seen())
                if s.first is None and weight > 0:
                    s.first = (page, line, words)
                if (page.number, where) in s.pages and where != "title":
                    continue
                s.pages.add((page.number, where))
                s.weight += weight
    ranked = sorted(
        (k for k in seen if lex.insurers.get(k) is None or lex.insurers[k].role != "pbm"),
        key=lambda k: (-seen[k].weight, k),
    )
    primary = ""
    if ranked:
        best = seen[ranked[0]].weight
        second = seen[ranked[1]].weight if len(ranked) > 1 else 0.0
        if best >= MIN_PRIMARY and best >= LEAD_RATIO * second:
            primary = ranked[0]
    findings = []
    for key, s in seen.items():
        if s.first is None:
            continue
        page, line, words = s.first
        role = lex.insurers[key].role if key in lex.insurers else ""
        mods = frozenset({"pbm"} if role == "pbm" else {"primary"} if key == primary else set())
        ev = Evidence(doc.name, page.number, text_of(line), line_boxes(words), ocr=page.ocr, document_kind=doc.kind)
        findings.append(Finding(key, "insurer", ev, mods, (), text_of(words), device="document"))
    return primary, findings
