"""Findings as values: a concept hit, the passage it was read in, the modifiers bound to it ->
`models.Finding` with its evidence (quote, boxes of the words that named and decided it, section,
row and, for chart rows, the row's cells by column role)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..lexicon import Lexicon
from ..models import Document, Evidence, Finding, Page, Scope, Word
from .matching import PageMatcher
from .sentences import Clause, Passage, line_boxes, text_of


@dataclass
class Hit:
    concept: str
    kind: str
    words: list[Word]
    matched: str
    clause: Clause | None  # None: named by the row itself (service cell / section)


class Builder:
    """Collects the findings of one document; `match` is the current page's lexicon matcher."""

    def __init__(self, doc: Document, lexicon: Lexicon):
        self.doc = doc
        self.lex = lexicon
        self.out: list[Finding] = []
        self.match = PageMatcher(lexicon, [])
        self.sections: list[tuple[str, int, Passage]] = []  # (heading, page, passage) of the prose read
        self.refs: list[Any] = []  # references to follow when the whole document is read (find.references)
        # what the marks on a row mean ({mark: (modifiers, qualifiers)}, set by find from the legends)
        self.marks: Callable[[list[Word], int], tuple[set[str], list[Any]]] = lambda words, page: (set(), [])
        # what the numbered or lettered notes a row points at ("see note 4", "(a)") bind to it
        self.notes: Callable[[list[Word], int], tuple[set[str], list[Any]]] = lambda words, page: (set(), [])

    def start_page(self, page: Page, match: PageMatcher | None = None) -> None:
        self.match = match or PageMatcher(self.lex, page.words)

    def emit(
        self,
        page: Page,
        hit: Hit,
        mods: set[str],
        conditions: list[str],
        passage: Passage,
        extra_words: list[Word],
        scope: Scope | None = None,
        device: str = "",
        tier: str = "",
    ) -> None:
        own = line_boxes(hit.words)
        boxes = own + [b for b in line_boxes(extra_words) if b not in own]
        ev = Evidence(
            document=self.doc.name,
            page=page.number,
            quote=passage.quote,
            bboxes=boxes,
            section=passage.section,
            row=passage.row,
            ocr=page.ocr,
            document_kind=self.doc.kind,
            cells=dict(passage.cells),
        )
        conds = tuple(dict.fromkeys(c for c in conditions if c != hit.concept))
        self.out.append(
            Finding(
                hit.concept,
                hit.kind,
                ev,
                frozenset(mods),
                conds,
                hit.matched,
                scope=scope or Scope(),
                device=device,
                tier=tier,
            )
        )


def hits_in(cl: Clause, kinds: tuple[str, ...]) -> list[Hit]:
    return [
        Hit(m.key, m.kind, cl.words[m.start : m.end], text_of(cl.words[m.start : m.end]), cl)
        for m in cl.concepts(kinds)
    ]


def negated_mention(h: Hit) -> bool:
    """'not Experimental or Investigational': the concept is named only to be denied."""
    cl = h.clause
    if cl is None or not h.words:
        return False
    i = next((k for k, w in enumerate(cl.words) if w is h.words[0]), None)
    return i is not None and cl.token(i - 1) in ("not", "never", "non")


def merge_hits(hits: list[Hit]) -> list[list[Hit]]:
    """Group hits by concept (one finding per concept per passage), first occurrence first."""
    groups: dict[str, list[Hit]] = {}
    for h in hits:
        groups.setdefault(h.concept, []).append(h)
    return list(groups.values())
