"""Words -> sentences -> clauses: the spans a modifier may bind within.

A sentence ends at sentence punctuation (not an abbreviation, not a section number), at a
paragraph change and at a bullet. A sentence splits into clauses at "however", "but", "whereas"
... after a comma, and at semicolons; an enumeration ("a, b, c and d are not covered") splits
into items, where the lead-in and the predicate bind every item and a middle item only itself."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from ..lexicon import Match, normalize
from ..models import BBox, Word

SUBJECT_KINDS = ("treatment", "category", "exclusion")
CONCEPT_KINDS = ("treatment", "category", "exclusion", "condition")
# Words that end in a period without ending a sentence.
ABBREVIATIONS = {
    "e.g.",
    "i.e.",
    "u.s.",
    "inc.",
    "co.",
    "no.",
    "dr.",
    "vs.",
    "etc.",
    "approx.",
    "st.",
    "jr.",
    "sr.",
    "mr.",
    "mrs.",
    "ms.",
    "dept.",
    "fig.",
    "ref.",
    "sec.",
    "p.",
    "pp.",
    "vol.",
    "n.a.",
    "a.m.",
    "p.m.",
    "u.s.a.",
    "d.c.",
}
CLAUSE_WORDS = {"however", "but", "whereas", "although", "though"}
BULLET_CHARS = set("•◦▪▫●○■□►▸‣⁃∙·❖➢➤✓✔")
# Lines of one word box: its centre within this fraction of the word's height of the previous
# word's, and the gap to it under this many word heights.
SAME_LINE_FRACTION = 0.6
SAME_LINE_GAP = 2.5


class Matcher(Protocol):
    """Lexicon matches of a list of a page's words (find.matching.PageMatcher)."""

    def __call__(self, words: Sequence[Word], groups: Iterable[str] = ...) -> list[Match]: ...


@dataclass(eq=False)
class Clause:
    words: list[Word]
    matches: list[Match]
    shared: bool = True  # may bind the sentence's other concepts (False: a middle item of a list)
    group: int = 0  # clauses split out of one enumeration share a group
    oon_context: bool = False  # "these services" after a sentence about out-of-network care

    def mods(self, name: str) -> list[Match]:
        return [m for m in self.matches if m.group == "modifier" and m.key == name]

    def concepts(self, kinds: tuple[str, ...] = SUBJECT_KINDS) -> list[Match]:
        return [m for m in self.matches if m.group == "concept" and m.kind in kinds]

    def other_uses(self) -> list[Match]:
        """ "any other indication" meaning every use but the ones covered elsewhere. After conditions
        it names ("for depression, anxiety or any other mental health condition") it adds to them:
        the statement is then about every such condition, not the others only."""
        conds = [m for m in self.matches if m.group == "concept" and m.kind == "condition"]
        return [m for m in self.mods("other_uses") if not any(c.end <= m.start for c in conds)]

    def token(self, i: int) -> str:
        return normalize(self.words[i].text).strip(".,;:()\"'") if 0 <= i < len(self.words) else ""


@dataclass
class Passage:
    """A sentence (prose / list item) or a table row: the clauses a modifier may bind within."""

    clauses: list[Clause]
    quote: str
    section: str = ""
    row: str = ""
    context: set[str] = field(default_factory=set)  # what a heading or lead-in says of it
    cell_of: dict[int, str] = field(default_factory=dict)  # id(clause) -> cell role (rows)
    cells: dict[str, str] = field(default_factory=dict)  # a chart row's cell text by column role
    adjacent: int = -1  # index of the first clause read from a following subject-less sentence


# A dash at the start of a line is a bullet too ("- ketamine-assisted psychotherapy;").
DASH_BULLETS = {"-", "–", "—"}


def is_bullet(w: Word) -> bool:
    t = w.text
    return bool(t) and len(t) <= 2 and all(c in BULLET_CHARS or "\ue000" <= c <= "\uf8ff" for c in t)


def ends_sentence(w: Word, nxt: Word | None) -> bool:
    t = w.text.rstrip("\"'”’)]")
    if not t.endswith((".", "!", "?")):
        return False
    low = normalize(w.text).strip("\"'()[]")
    if low in ABBREVIATIONS or re.fullmatch(r"([a-z]\.)+", low) or re.fullmatch(r"\d+(\.\d+)*\.?", low):
        return False
    if nxt is None:
        return True
    first = nxt.text.lstrip("\"'“‘([")
    return not first[:1].islower()


def sentences(words: list[Word]) -> list[list[Word]]:
    """Split words (in reading order) into sentences: at sentence punctuation, at a paragraph
    change, and at bullets."""
    out: list[list[Word]] = []
    cur: list[Word] = []
    for i, w in enumerate(words):
        if cur and w.block != cur[-1].block:
            out.append(cur)
            cur = []
        line_start = i == 0 or words[i - 1].line != w.line
        if is_bullet(w) or (line_start and w.text in DASH_BULLETS):
            if cur:
                out.append(cur)
            cur = []
            continue
        cur.append(w)
        nxt = words[i + 1] if i + 1 < len(words) else None
        if w.text.endswith(":") and nxt is not None and nxt.line != w.line:
            out.append(cur)  # a lead-in ("We do not cover:") ends where its list begins
            cur = []
        elif ends_sentence(w, nxt if nxt is not None and nxt.block == w.block else None):
            out.append(cur)
            cur = []
    if cur:
        out.append(cur)
    return [s for s in out if s]


def cell_sentences(words: list[Word]) -> list[list[Word]]:
    """Sentences of a table cell: a cell is one paragraph even when its lines were numbered as
    separate blocks."""
    if not words:
        return []
    flat = [Word(w.text, w.bbox, 0, w.line) for w in words]
    ids = {id(f): w for f, w in zip(flat, words)}
    return [[ids[id(f)] for f in s] for s in sentences(flat)]


def clauses(sentence: list[Word], match: Matcher) -> list[Clause]:
    parts: list[list[Word]] = []
    cur: list[Word] = []
    for w in sentence:
        low = normalize(w.text).strip(",.:;()")
        if cur and low in CLAUSE_WORDS and (cur[-1].text.endswith((",", ";")) or low in ("however", "whereas")):
            parts.append(cur)
            cur = []
        cur.append(w)
        if w.text.endswith(";"):
            parts.append(cur)
            cur = []
    if cur:
        parts.append(cur)
    out: list[Clause] = []
    for gi, p in enumerate(parts):
        if sum(1 for w in p[:-1] if w.text.endswith(",")) >= 3:
            items = enumeration(p, match)
            for it in items:
                it.group = gi
            out.extend(items)
        elif p:
            for part in _split_exception(p, match):
                out.extend(Clause(sub, match(sub), group=gi) for sub in _split_opposed(part, match))
    return out


def _split_exception(words: list[Word], match: Matcher) -> list[list[Word]]:
    """ "Ketamine in any form, except esketamine given with prior authorization": what follows
    "except" is about the excepted concept, so it is a clause of its own."""
    ms = match(words)
    for e in ms:
        if e.group != "modifier" or e.key != "exception":
            continue
        before = {m.key for m in ms if m.group == "concept" and m.kind == "treatment" and m.end <= e.start}
        after = {m.key for m in ms if m.group == "concept" and m.kind == "treatment" and m.start >= e.end}
        if before and after - before:
            return [words[: e.start], words[e.start :]]
    return [words]


# Coordinators that may join two predicates of one subject ("covered in an office and not covered at home").
COORDINATORS = {"and", "but", "while", "whereas", "yet"}
_POLES = ({"covered"}, {"excluded"})


def _split_opposed(words: list[Word], match: Matcher) -> list[list[Word]]:
    """A clause whose second predicate says the opposite of its first, joined by "and"/"but", is two
    clauses: the second, with no subject of its own, binds to the first's subject."""
    ms = [m for m in match(words) if m.group == "modifier" and m.key in ("covered", "excluded")]
    for a in ms:
        for b in ms:
            if b.start < a.end or (a.key in _POLES[0]) == (b.key in _POLES[0]):
                continue
            cuts = [i for i in range(a.end, b.start) if normalize(words[i].text).strip(",") in COORDINATORS]
            if cuts:
                return [words[: cuts[-1]], words[cuts[-1] :]]
    return [words]


def enumeration(words: list[Word], match: Matcher) -> list[Clause]:
    """'a, b, c, and d are not covered': each item is its own clause; a lead-in before the list and
    the predicate after the last item bind every item, the middle items bind only themselves."""
    items: list[list[Word]] = [[]]
    for w in words:
        items[-1].append(w)
        if w.text.endswith(","):
            items.append([])
    items = [it for it in items if it]
    out: list[Clause] = []
    for i, it in enumerate(items):
        cl = Clause(it, match(it))
        if i == len(items) - 1 and cl.concepts(SUBJECT_KINDS):
            cut = max(m.end for m in cl.concepts(SUBJECT_KINDS))
            head, tail = it[:cut], it[cut:]
            out.append(Clause(head, match(head), shared=False))
            if tail:
                out.append(Clause(tail, match(tail), shared=True))
            continue
        cl.shared = (i == 0) or (i == len(items) - 1)
        out.append(cl)
    return out


def text_of(words: list[Word]) -> str:
    """The words as printed text; a word hyphenated over a line end is joined again."""
    out = ""
    prev: Word | None = None
    for w in words:
        if not out:
            out = w.text
        elif (
            prev is not None
            and prev.line != w.line
            and out.endswith("-")
            and len(out) > 1
            and out[-2].isalpha()
            and w.text[:1].islower()
        ):
            out += w.text
        else:
            out += " " + w.text
        prev = w
    return out.strip()


def line_boxes(words: list[Word]) -> list[BBox]:
    """One box per line of consecutive words."""
    boxes: list[list[float]] = []
    prev: Word | None = None
    for w in words:
        b = w.bbox
        if (
            boxes
            and prev is not None
            and abs((prev.bbox[1] + prev.bbox[3]) - (b[1] + b[3])) < SAME_LINE_FRACTION * (b[3] - b[1])
            and 0 <= b[0] - boxes[-1][2] < SAME_LINE_GAP * (b[3] - b[1])
        ):
            cur = boxes[-1]
            cur[0], cur[1], cur[2], cur[3] = min(cur[0], b[0]), min(cur[1], b[1]), max(cur[2], b[2]), max(cur[3], b[3])
        else:
            boxes.append(list(b))
        prev = w
    return [(b[0], b[1], b[2], b[3]) for b in boxes]
