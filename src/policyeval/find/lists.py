"""Bulleted lists -> findings. An item under an exclusions heading (the SBC's "Services Your Plan
Generally Does NOT Cover" box) is excluded unless its own words say covered or PA; an item of the
"Other Covered Services" box is covered unless its own words exclude it."""

from __future__ import annotations

from ..models import BBox, ListBlock, Page, Word
from .build import Builder, hits_in, merge_hits
from .sentences import CONCEPT_KINDS, Passage, clauses, is_bullet
from .statements import emit_statements

# Slack (points) when deciding whether a word's centre lies in a list item's box.
ITEM_SLACK = 0.5


def in_box(w: Word, box: BBox) -> bool:
    cx, cy = (w.bbox[0] + w.bbox[2]) / 2, (w.bbox[1] + w.bbox[3]) / 2
    return box[0] - ITEM_SLACK <= cx <= box[2] + ITEM_SLACK and box[1] - ITEM_SLACK <= cy <= box[3] + ITEM_SLACK


def list_findings(b: Builder, page: Page, lb: ListBlock, words: list[Word]) -> None:
    heading = lb.heading.split("(")[0].strip() or lb.heading
    for text, box in lb.items:
        ws = [w for w in words if in_box(w, box) and not is_bullet(w)]
        if not ws:
            continue
        cls = clauses(ws, b.match)
        passage = Passage(cls, text, section=heading)
        hits = [h for c in cls for h in hits_in(c, CONCEPT_KINDS)]
        context = {"excluded"} if lb.role == "excluded" else {"covered"} if lb.role == "other_covered" else None
        for group in merge_hits(hits):
            first = group[0]
            own = list(dict.fromkeys(h.clause for h in group if h.clause is not None))
            always = {"experimental"} if first.kind == "exclusion" else None
            emit_statements(
                b,
                page,
                passage,
                first,
                own,
                [c for c in cls if c not in own],
                "list_heading",
                context=context,
                always=always,
            )
