"""References followed to what they point at: "see the Prior Authorization section", "as described
under Specialty Drug Program", "see page 2", "refer to Section 4.2", "subject to Exclusion 14 in
Section 8". The statement found there binds to the concept that points at it (device `reference`)
when it decides something (prior authorization, exclusion, experimental, PA not required); a
reference to a section about costs, or to another reference, gives nothing."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..lexicon import squash
from ..models import Evidence, Finding, Page
from .build import Builder, Hit
from .clauses import Verdict, clause_modifiers, settle
from .scope import clause_qualifiers, merge
from .sentences import Passage, line_boxes

SECTION_OPENING = 3  # passages (heading included) at the top of a section that may state its rule
DECISIVE = {"prior_authorization", "excluded", "experimental", "pa_not_required"}
_PAGE = re.compile(r"\b(?:see|on|described\s+on|refer\s+to)\s+page\s+(\d{1,4})\b", re.I)
_ITEM = re.compile(
    r"\b(?:exclusion|item|limitation)\s+(\d{1,3})\s+(?:in|of|under)\s+(?:section|part|chapter)\s+(\d+(?:\.\d+)*)", re.I
)
_NUMBER = re.compile(
    r"\b(?:see|refer\s+to|described\s+in|as\s+described\s+in|subject\s+to)\s+(?:section|part|chapter)\s+(\d+(?:\.\d+)*)",
    re.I,
)
_TITLE = re.compile(
    r"\b(?:see(?:\s+also)?|refer\s+to|(?:as\s+)?described\s+(?:in|under))\s+(?:the\s+)?[\"“]?"
    r"([A-Z][\w&/'’ -]{2,60}?)[\"”]?(?=\s+(?:section|chapter|part|program)\b|[.,;)]|$)",
)


@dataclass
class Reference:
    page: Page
    hit: Hit
    passage: Passage
    how: str  # page | item | number | title
    target: tuple[str, ...]


def references_in(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """The references a sentence makes."""
    out: list[tuple[str, tuple[str, ...]]] = []
    for m in _PAGE.finditer(text):
        out.append(("page", (m.group(1),)))
    for m in _ITEM.finditer(text):
        out.append(("item", (m.group(2), m.group(1))))
    if not out:
        for m in _NUMBER.finditer(text):
            out.append(("number", (m.group(1),)))
        for m in _TITLE.finditer(text):
            title = m.group(1).strip()
            if not re.match(r"(?i)(section|part|chapter|page)\s+\d", title):
                out.append(("title", (title,)))
    return out


def _targets(b: Builder, ref: Reference) -> list[tuple[int, Passage]]:
    """(page, passage) of what the reference points at, in reading order."""
    sections: list[tuple[str, int, Passage]] = b.sections
    if ref.how == "page":
        return [(n, p) for _h, n, p in sections if n == int(ref.target[0]) and p is not ref.passage]
    if ref.how == "item":
        section, item = ref.target
        return [
            (n, p)
            for h, n, p in sections
            if squash("section " + section) in squash(h) and re.match(rf"^\s*{item}[.)]\s", p.quote)
        ]
    if ref.how == "number":
        want = ref.target[0]
        return [
            (n, p)
            for h, n, p in sections
            if p is not ref.passage and (squash(h).startswith(squash(want)) or squash("section " + want) in squash(h))
        ]
    title = squash(ref.target[0])
    if len(title) < 4:
        return []
    return [(n, p) for h, n, p in sections if p is not ref.passage and h and (title in squash(h) or squash(h) in title)]


def _opening(found: list[tuple[int, Passage]]) -> list[tuple[int, Passage]]:
    """The first passages of each section pointed at: a section's opening states its rule."""
    out: list[tuple[int, Passage]] = []
    seen: dict[str, int] = {}
    for n, p in found:
        seen[p.section] = seen.get(p.section, 0) + 1
        if seen[p.section] <= SECTION_OPENING:
            out.append((n, p))
    return out


def follow(b: Builder, refs: list[Reference]) -> None:
    """Bind, for each reference, the deciding statement it points at to the concept that points: its
    own statement takes the verdict (device `reference`) unless it already decides by itself."""
    for ref in refs:
        own = next(
            (
                i
                for i in range(len(b.out) - 1, -1, -1)
                if b.out[i].concept == ref.hit.concept
                and b.out[i].evidence.page == ref.page.number
                and b.out[i].evidence.quote == ref.passage.quote
            ),
            None,
        )
        if own is not None and b.out[own].modifiers & (DECISIVE | {"non_psychiatric"}):
            continue  # "... is not a covered service; see Exclusions": the sentence decides itself
        if any(c.mods("non_psychiatric") for c in ref.passage.clauses):
            continue  # "ketamine used as an anesthetic, as described in Section 6.5": not the treatment
        for number, target in _opening(_targets(b, ref)):
            v = clause_modifiers([], target, "treatment", target.clauses)
            said = (v.mods | (target.context if not (v.mods & DECISIVE) else set())) & (DECISIVE | {"covered"})
            if not said & DECISIVE:
                continue
            quals = merge([clause_qualifiers(c, b.lex) for c in target.clauses])
            mods, scope = settle(Verdict(said - {"covered"}, []), quals, b.doc.kind)
            page = next(p for p in b.doc.pages if p.number == number)
            words = [w for c in target.clauses for w in c.words]
            ev = Evidence(
                b.doc.name,
                number,
                target.quote,
                line_boxes(words),
                target.section,
                ocr=page.ocr,
                document_kind=b.doc.kind,
            )
            if own is not None:  # the pointing statement takes what it points at, shown where it is said
                f = b.out[own]
                b.out[own] = replace(f, modifiers=f.modifiers | mods, device="reference", evidence=ev)
            else:
                b.out.append(
                    Finding(
                        ref.hit.concept,
                        ref.hit.kind,
                        ev,
                        frozenset(mods),
                        (),
                        ref.hit.matched,
                        scope=scope,
                        device="reference",
                    )
                )
            break
