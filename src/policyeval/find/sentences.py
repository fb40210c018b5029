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
from . import approval, ellipsis, polarity
from .ellipsis import NOT_ELLIPTIC_AFTER, synthetic

SUBJECT_KINDS = ("treatment", "category", "exclusion")
# Words between "not met" and the criteria it speaks of ("the criteria above are not met").
UNMET_REACH = 5
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
    governor: Clause | None = None  # an excepted list ("..., except X"): the clause whose cue it excepts

    def __post_init__(self) -> None:
        self.matches = polarity.apply(self.words, self.matches)  # "never covered", "may be covered"
        self.matches += approval.requirements(self.words, self.matches)  # "only after we have approved it"

    def mods(self, name: str) -> list[Match]:
        return [m for m in self.matches if m.group == "modifier" and m.key == name]

    def concepts(self, kinds: tuple[str, ...] = SUBJECT_KINDS) -> list[Match]:
        return [m for m in self.matches if m.group == "concept" and m.kind in kinds]

    def other_uses(self) -> list[Match]:
        """ "any other indication" meaning every use but the ones covered elsewhere. After conditions
        it names ("for depression, anxiety or any other mental health condition") it adds to them:
        the statement is then about every such condition, not the others only. Unmet criteria ("not
        medically necessary when the criteria above are not met") speak of the same: every patient
        but those the covered indication's criteria admit."""
        conds = [m for m in self.matches if m.group == "concept" and m.kind == "condition"]
        return [m for m in self.mods("other_uses") if not any(c.end <= m.start for c in conds)] + self.unmet()

    def criteria_met(self) -> list[Match]:
        """ "who meet all criteria listed in Part A", "when the conditions listed below are met": coverage
        gated by criteria (a `met` word with a criteria word within reach, not negated)."""
        nouns = self.mods("criteria_noun")
        unmet = self.mods("unmet")
        return [
            m
            for m in self.mods("met")
            if any(-UNMET_REACH <= n.start - m.start <= UNMET_REACH for n in nouns)
            and not any(u.start <= m.start < u.end or u.start <= m.end - 1 < u.end for u in unmet)
        ]

    def unmet(self) -> list[Match]:
        """ "criteria ... not met", "does not meet the requirements": a criteria word within reach."""
        nouns = self.mods("criteria_noun")
        return [u for u in self.mods("unmet") if any(-UNMET_REACH <= n.start - u.start <= UNMET_REACH for n in nouns)]

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


# A single letter after one of these is a section's name, not an initial ("the criteria in section I.").
SECTION_WORDS = {"section", "part", "article", "item", "appendix", "criterion", "table", "note", "schedule", "exhibit"}


def ends_sentence(w: Word, nxt: Word | None, prev: Word | None = None) -> bool:
    t = w.text.rstrip("\"'”’)]")
    if not t.endswith((".", "!", "?")):
        return False
    low = normalize(w.text).strip("\"'()[]")
    named = prev is not None and normalize(prev.text).strip(",") in SECTION_WORDS and re.fullmatch(r"[a-z]\.", low)
    if not named and (low in ABBREVIATIONS or re.fullmatch(r"([a-z]\.)+", low) or re.fullmatch(r"\d+(\.\d+)*\.?", low)):
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
    status = _status_lines(words)
    for i, w in enumerate(words):
        line_start = i == 0 or words[i - 1].line != w.line
        if cur and (w.block != cur[-1].block or (line_start and w.line in status and cur[-1].line in status)):
            out.append(cur)  # a new paragraph, or the next of a run of "Name – Status" lines
            cur = []
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
        elif ends_sentence(w, nxt if nxt is not None and nxt.block == w.block else None, words[i - 1] if i else None):
            out.append(cur)
            cur = []
    if cur:
        out.append(cur)
    return [s for s in out if s]


def _status_lines(words: list[Word]) -> set[int]:
    """Lines of the form "Name – Status" (a dash between words, no sentence end, a capital first word):
    one statement a line ("Ketamine infusions – Not covered" above "Spravato – Covered with prior
    authorization"), never one sentence across lines."""
    lines: dict[int, list[Word]] = {}
    for w in words:
        lines.setdefault(w.line, []).append(w)
    return {
        n
        for n, ws in lines.items()
        if len(ws) >= 3
        and ws[0].text[:1].isupper()
        and any(w.text in DASH_BULLETS for w in ws[1:-1])
        and not ws[-1].text.endswith((",", ";"))
    }


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
    objects = polarity.objects(sentence, match(sentence))
    if objects:  # "drug screens for substances such as ketamine": no treatment is named
        match = _without_objects(match, objects)
    out: list[Clause] = []
    for gi, p in enumerate(parts):
        if sum(1 for w in p[:-1] if w.text.endswith(",")) >= 3:
            items = enumeration(p, match)
            for it in items:
                it.group = gi
            out.extend(items)
        elif p:
            out.extend(_exception_clauses(p, match, gi))
    ellipsis.negations(out)
    ellipsis.verbs(out)
    return out


def _without_objects(match: Matcher, objects: set[int]) -> Matcher:
    def inner(words: Sequence[Word], groups: Iterable[str] = ("concept", "insurer", "modifier")) -> list[Match]:
        return [m for m in match(words, groups) if not (m.group == "concept" and id(words[m.start]) in objects)]

    return inner


# Triggers that open an excepted list ("covered, except X", "we cover Y other than X").
EXCEPTION_KEYS = ("exception", "other_than")
# Excluded groups of excepted lists start here (a family of their own, apart from their head).
EXCEPTED_GROUP = -10_000


def _exception_clauses(words: list[Word], match: Matcher, gi: int) -> list[Clause]:
    """The clause(s) of a sentence part, with an excepted list split off (ConText: the exception
    trigger flips the polarity of the cue it follows or precedes, up to a comma or the cue).

    "All mental health services are covered, except ketamine infusions" and "We cover infusion therapy
    other than ketamine infusions": the list is a clause that is `excluded`; "All services, except X,
    are covered" likewise; "Ketamine in any form, other than Spravato, is excluded": the list takes no
    verdict from the exclusion. The excepted clause's `governor` is the clause whose cue it excepts
    (it never binds the list). Conditions after "except" ("excluded except for TRD") are an
    indication carve-out, read by find.clauses, not split here."""
    probe = Clause(words, match(words))
    places = [m for m in probe.matches if m.key.startswith("setting:")]
    # a category named by a setting ("infusion centers") is where, not what
    subjects = [
        m
        for m in probe.concepts(("treatment", "category"))
        if not (m.kind == "category" and any(p.start <= m.start and m.end <= p.end for p in places))
    ]
    cues = probe.mods("covered") + probe.mods("excluded")
    triggers = [m for m in probe.matches if m.group == "modifier" and m.key in EXCEPTION_KEYS]
    for e in sorted(triggers + _appositive_negations(probe, subjects), key=lambda m: m.start):
        stop = next((j + 1 for j in range(e.end, len(words)) if words[j].text.endswith(",")), len(words))
        stop = min([stop] + [c.start for c in cues if c.start >= e.end])
        inside = {m.key for m in subjects if e.end <= m.start < stop}
        before = {m.key for m in subjects if m.end <= e.start}
        if not inside - before:
            if e.key == "exception" and _excepted_setting(probe, e, stop, cues):
                # "Esketamine is covered except when given at home": excluded at home, covered elsewhere
                span = words[e.start : stop]
                kept = [m for m in match(span) if m.key not in EXCEPTION_KEYS and m.group != "concept"]
                excepted = Clause(span, kept)  # a shared clause: it speaks of the treatment before it
                excepted.group = EXCEPTED_GROUP - gi
                excepted.matches.append(synthetic("excluded", e.term, 0, e.end - e.start))
                return (
                    _opposed_clauses(words[: e.start], match, gi)
                    + [excepted]
                    + _opposed_clauses(words[stop:], match, gi)
                )
            continue
        gov = [c for c in cues if c.end <= e.start] or [c for c in cues if c.start >= stop]
        if not gov:
            if before and e.key == "exception" and {m.key for m in probe.concepts(("treatment",)) if m.start >= e.end}:
                # "Ketamine in any form, except esketamine given with prior authorization"
                return _opposed_clauses(words[: e.start], match, gi) + _opposed_clauses(words[e.start :], match, gi)
            continue
        head = _opposed_clauses(words[: e.start], match, gi)
        rest = _opposed_clauses(words[stop:], match, gi)
        excepted = Clause(
            words[e.start : stop], [m for m in match(words[e.start : stop]) if m.key not in EXCEPTION_KEYS]
        )
        excepted.group = EXCEPTED_GROUP - gi
        excepted.governor = next((c for c in head + rest if c.mods(gov[0].key)), None)
        if gov[0].key == "covered":
            excepted.matches.append(synthetic("excluded", e.term, 0, e.end - e.start))
        return head + [excepted] + rest
    return _opposed_clauses(words, match, gi)


def _appositive_negations(probe: Clause, subjects: list[Match]) -> list[Match]:
    """ "Spravato, not ketamine infusions, is covered": a "not" after a comma, right before a treatment,
    excepts it like "except" does."""
    out = []
    for i in range(1, len(probe.words)):
        if (
            probe.token(i) == "not"
            and probe.words[i - 1].text.endswith(",")
            and any(0 < m.start - i <= 2 for m in subjects)
        ):
            out.append(synthetic("exception", "not", i))
    return out


def _excepted_setting(probe: Clause, e: Match, stop: int, cues: list[Match]) -> bool:
    """An exception after a coverage cue that names only a setting or a network ("except when given at
    home", "except from non-network providers"): no treatment, no condition."""
    if not any(c.key == "covered" and c.end <= e.start for c in cues):
        return False
    span = [m for m in probe.matches if e.end <= m.start < stop]
    if any(m.group == "concept" and m.kind in ("treatment", "condition") for m in span):
        return False
    return any(m.key.startswith("setting:") or m.key in ("in_network", "out_of_network") for m in span)


def _opposed_clauses(words: list[Word], match: Matcher, gi: int) -> list[Clause]:
    return [Clause(sub, match(sub), group=gi) for sub in _split_opposed(words, match) if sub] if words else []


# Coordinators that may join two predicates of one subject ("covered in an office and not covered at home").
COORDINATORS = {"and", "but", "while", "whereas", "yet", "because", "since", "instead"}
_POLES = ({"covered", polarity.HEDGED}, {"excluded"})


def _split_opposed(words: list[Word], match: Matcher) -> list[list[Word]]:
    """A clause whose second predicate says the opposite of its first, joined by "and"/"but", is two
    clauses: the second, with no subject of its own, binds to the first's subject. "but not" after a
    coverage cue opens the second without a cue of its own ("covered for anesthesia but not for
    depression")."""
    poles = ("covered", "excluded", polarity.HEDGED)
    ms = [m for m in polarity.apply(words, match(words)) if m.group == "modifier" and m.key in poles]
    for a in ms:
        if a.key != "covered":
            continue
        for i in range(a.end, len(words) - 1):
            pair = (normalize(words[i].text).strip(","), normalize(words[i + 1].text).strip(","))
            after = normalize(words[i + 2].text).strip(",") if i + 2 < len(words) else ""
            if pair in (("but", "not"), ("and", "not"), ("yet", "not")) and after not in NOT_ELLIPTIC_AFTER:
                if not any(b.start > i for b in ms):
                    return [words[:i], words[i:]]
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
