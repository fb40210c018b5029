"""Devices that carry meaning by reference: marks with their legend, and a drug list's requirement
codes read through the document's own key.

A mark (†, ‡, *, §, ¶, a superscript number) on a row or a drug binds the legend that explains it
("† Services marked with † require approval before you get them") to that row, wherever the legend
is printed: at the foot of the page, at the top of the chart, in the front matter. A drug list's
requirement codes (PA, ST, QL, NC, or codes of its own) mean what its key says ("PA = physician
administered" is not prior authorization there); the drug's tier and codes become one statement
about the drug. A drug list that does not list a treatment says so (`not_listed`)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..lexicon import Lexicon
from ..models import Document, Evidence, Finding, Page, Word
from .build import Builder, Hit
from .clauses import Verdict, clause_modifiers, settle
from .scope import Qualifiers, clause_qualifiers, merge
from .sentences import Clause, Matcher, Passage, clauses, text_of

MARKS = "†‡*§¶#¹²³⁴⁵⁶⁷⁸⁹⁰"
MARK_NAMES = {"asterisk": "*", "dagger": "†", "double dagger": "‡", "section mark": "§", "pound sign": "#"}
_MARKED_WITH = re.compile(
    r"(?:marked\s+with|with\s+an?|shown\s+with|indicated\s+by|noted\s+with)\s+(?:an?\s+)?"
    r"(double\s+dagger|dagger|asterisk|section\s+mark|pound\s+sign|[†‡*§¶#¹²³⁴⁵⁶⁷⁸⁹⁰]+)",
    re.I,
)
_INLINE_KEY = re.compile(r"\(\s*([†‡*§¶#]+)\s*=\s*([^)]+)\)")
_CODE_KEY = re.compile(
    r"(?:\bcode\s+)?\b([A-Z]{2,4}\*{0,2})\s*(?:=|–|—|:|-\s|\bmeans\b|\bindicates\b)\s*([^;]+?)(?=(?:\s+(?:code\s+)?\b[A-Z]{2,4}\*{0,2}\s*(?:=|–|—|:|-\s|\bmeans\b|\bindicates\b))|;|$)"
)
_COVERS = re.compile(
    r"\b(list\s+of\s+covered\s+drugs|covered\s+drug\s+list|drugs\s+(?:in|on)\s+this\s+list\s+are\s+covered)", re.I
)
_TIER = re.compile(r"^(?:tier\s*)?([1-6])$|^(specialty|preferred|non-preferred|generic|brand|sp|t[1-6])$", re.I)
# A note's label at the start of its line ("4." "4)" "(4)" "(a)" "a)"), and references to notes.
_NOTE_LABEL = re.compile(r"\(?(\d{1,2})[.)]|\(?([a-z])\)", re.I)
_NOTE_REF = re.compile(
    r"\b(?:see\s+)?(?:foot)?notes?\s+((?:\d{1,2}|[a-z])\b(?:\s*(?:,|and|&)\s*(?:\d{1,2}|[a-z])\b)*)", re.I
)
_PAREN_LABEL = re.compile(r"\(([a-z])\)", re.I)
# "Services marked (PA) need approval ...": a parenthesised code explained once, in force on every later page.
_MARKED_CODE = re.compile(r"\bmarked\s+(?:with\s+)?(?:an?\s+|the\s+)?\(([A-Za-z]{1,4})\)")
_PAREN_CODE = re.compile(r"\(([A-Za-z]{1,4})\)")
# A lower-case code key: "pa – prior authorization", "ql = quantity limit" (dash or equals sign only).
_LOWER_KEY = re.compile(r"(?:^|[;.]\s*|\s)([a-z]{2,3})\s*(?:=|–|—)\s*([^;=–—]+?)(?=;|$|\s+[a-z]{2,3}\s*(?:=|–|—))")
# A requirement code alone in a key table's cell ("PA" beside "Prior authorization: ...").
_BARE_CODE = re.compile(r"[A-Z]{2,4}\*{0,2}")
# A key's own label before its codes ("KEY: PA = ...", "Legend: ...").
_KEY_LABEL = re.compile(r"^\s*(?:key|legend|codes?|abbreviations?)\s*[:–—-]\s*", re.I)
# Header words of a drug-name column, and the points a drug may start left of its group's header.
_DRUG_HEADS = {"drug", "drugs", "drug name", "drug names", "medication", "medication name", "name of drug"}
GROUP_SLACK = 4.0
# A word this much shorter than its line's others is set small (a superscript mark or code).
BAND_SLACK = 0.6  # fraction of a line's height: words on a drug's band may sit this far off its centre
_DRUG_WORD = re.compile(r"\b(\d+\s?mg|tablet|capsule|solution|injection|spray|cream|tab|cap|er|xl|sr)\b", re.I)


@dataclass
class Legend:
    """What a mark or code means: the modifiers and scope its explanation states."""

    mods: set[str]
    quals: Qualifiers
    words: list[Word]
    page: int


@dataclass
class Legends:
    marks: dict[str, list[Legend]] = field(default_factory=dict)
    notes: dict[str, list[Legend]] = field(default_factory=dict)  # numbered / lettered notes: "4." "(a)"
    codes: dict[str, Legend] = field(default_factory=dict)
    covers: bool = False  # the drug list says the drugs on it are covered ("List of Covered Drugs")


def _lines(page: Page) -> list[list[Word]]:
    lines: dict[int, list[Word]] = {}
    for w in page.words:
        lines.setdefault(w.line, []).append(w)
    return sorted(lines.values(), key=lambda ws: (min(w.bbox[1] for w in ws), min(w.bbox[0] for w in ws)))


def _meaning(words: list[Word], match: Matcher, lex: Lexicon) -> Legend | None:
    cls = clauses(words, match) if words else []
    if not cls:
        return None
    passage = Passage(cls, text_of(words))
    v = clause_modifiers([], passage, "treatment", cls)
    quals = merge([clause_qualifiers(c, lex) for c in cls])
    mods = v.mods - {"covered"}
    if v.oon_pa:
        mods.add("prior_authorization")
        quals.network = "out_of_network"
    if v.oon_excluded:
        mods.add("excluded")
        quals.network = "out_of_network"
    return Legend(mods, quals, words, 0)


def collect(doc: Document, lex: Lexicon, matchers: Mapping[int, Matcher]) -> Legends:
    """Every mark legend and requirement-code key the document prints."""
    out = Legends()
    for page in doc.pages:
        if page.number not in matchers:
            break
        match = matchers[page.number]
        lines = _lines(page)
        for i, line in enumerate(lines):
            text = text_of(line)
            first = line[0].text
            if first and first[0] in MARKS and (len(first) == 1 or not first[1].isdigit()):
                mark = first[0]
                body = ([Word(first[1:], line[0].bbox, line[0].block, line[0].line)] if len(first) > 1 else []) + line[
                    1:
                ]
                body += _continuation(lines, i)
                _add_mark(out, mark, body, match, lex, page)
                continue
            label = _note_label(line)
            if label:
                start = 2 if line[0].text.lower().rstrip(".:") in ("note", "footnote") else 1
                _add_note(out, label, line[start:] + _continuation(lines, i), match, lex, page)
            for m in _MARKED_CODE.finditer(text):
                _add_note(out, "(" + m.group(1).lower() + ")", line, match, lex, page)
            for m in _MARKED_WITH.finditer(text):
                mark = MARK_NAMES.get(m.group(1).lower(), m.group(1)[:1])
                _add_mark(out, mark, line, match, lex, page)
            for m in _INLINE_KEY.finditer(text):
                sub = [w for w in line if w.text.strip("()=") and m.group(2).split()[0] in w.text] or line
                start = line.index(sub[0])
                _add_mark(out, m.group(1)[:1], line[start:], match, lex, page)
            _add_codes(out, text, line, match, lex, page)
            if _BARE_CODE.fullmatch(text) and text not in out.codes:
                # a key set as a table: the code alone in its cell, its meaning beside it on the band
                beside = _band(page, line)
                if beside:
                    _add_codes(out, f"{text} = {text_of(beside)}", beside, match, lex, page)
            out.covers = out.covers or bool(_COVERS.search(text))
    return out


def _continuation(lines: list[list[Word]], i: int) -> list[Word]:
    """The rest of a legend: following lines until the next mark, a blank gap or a new paragraph."""
    out: list[Word] = []
    for line in lines[i + 1 : i + 3]:
        if line[0].text[:1] in MARKS or line[0].block != lines[i][0].block:
            break
        out += line
    return out


def _add_mark(out: Legends, mark: str, words: list[Word], match: Matcher, lex: Lexicon, page: Page) -> None:
    legend = _meaning(words, match, lex)
    if legend is not None and (legend.mods or not legend.quals.empty()):
        legend.page = page.number
        out.marks.setdefault(mark, []).append(legend)


def _note_label(line: list[Word]) -> str:
    """The label a note line starts with ("4.", "(a)", "b)", "Note 3:"), lower case, or ''."""
    first = line[0].text
    if first.lower().rstrip(".:") in ("note", "footnote") and len(line) > 2:
        m = re.fullmatch(r"(\d{1,2}|[a-z])[.:)]?", line[1].text, re.I)
        return m.group(1).lower() if m else ""
    m = _NOTE_LABEL.fullmatch(first)
    if not m or len(line) < 2:
        return ""
    return (m.group(1) or m.group(2)).lower()


def _add_note(out: Legends, label: str, words: list[Word], match: Matcher, lex: Lexicon, page: Page) -> None:
    if not any(m.group == "modifier" for m in match(words)):
        return  # most numbered lines are list items that require nothing
    legend = _meaning(words, match, lex)
    if legend is not None and legend.mods:
        legend.page = page.number
        out.notes.setdefault(label, []).append(legend)


def note_refs(words: list[Word]) -> set[str]:
    """The notes these words point at: "see note 4", "Notes 2 and 5", a "(a)" footnote label."""
    text = text_of(words)
    labels = set()
    for m in _NOTE_REF.finditer(text):
        labels |= set(re.findall(r"\d{1,2}", m.group(1)))
    labels |= {m.group(1).lower() for w in words for m in [_PAREN_LABEL.fullmatch(w.text.rstrip(".,;:"))] if m}
    return labels


def noted(words: list[Word], legends: Legends, page: int) -> tuple[set[str], list[Qualifiers]]:
    """What the notes these words point at bind to them (a note printed on this page or the next)."""
    mods: set[str] = set()
    parts: list[Qualifiers] = []
    codes = {"(" + m.group(1).lower() + ")" for w in words for m in [_PAREN_CODE.fullmatch(w.text.rstrip(".,;:"))] if m}
    for code in sorted(codes & set(legends.notes)):  # "(PA)" after a service, explained as "marked (PA)"
        lg = _legend_for(legends.notes[code], page)
        mods |= lg.mods
        parts.append(lg.quals)
    for label in sorted(note_refs(words) & set(legends.notes)):
        near = [lg for lg in legends.notes[label] if lg.page in (page, page + 1)]
        if near:
            lg = min(near, key=lambda lg: lg.page)
            mods |= lg.mods
            parts.append(lg.quals)
    return mods, parts


def _add_codes(out: Legends, text: str, line: list[Word], match: Matcher, lex: Lexicon, page: Page) -> None:
    for m in _CODE_KEY.finditer(_KEY_LABEL.sub("", text)):
        code, meaning = m.group(1), m.group(2).strip(" .")
        if code in out.codes or len(meaning.split()) < 1:
            continue
        words = [Word(t, line[0].bbox, line[0].block, line[0].line) for t in meaning.split()]
        legend = _meaning(words, match, lex)
        if legend is not None:
            legend.page = page.number
            out.codes[code] = legend
    for m in _LOWER_KEY.finditer(text):  # "pa – prior authorization required; ql – quantity limit applies"
        code, meaning = m.group(1), m.group(2).strip(" .")
        if code in out.codes:
            continue
        words = [Word(t, line[0].bbox, line[0].block, line[0].line) for t in meaning.split()]
        legend = _meaning(words, match, lex)
        if legend is not None and legend.mods:  # lower-case words are codes only when they mean a requirement
            legend.page = page.number
            out.codes[code] = legend


def _legend_for(options: list[Legend], page: int) -> Legend:
    same = [lg for lg in options if lg.page == page]
    before = [lg for lg in options if lg.page < page]
    return (same or before[-1:] or options)[0]


def _marks_of(line: list[Word]) -> set[str]:
    marks: set[str] = set()
    for w in line:
        tail = w.text.rstrip(".,;:)")
        k = len(tail)
        while k and tail[k - 1] in MARKS:
            k -= 1
        if 0 < k < len(tail):
            marks.update(tail[k:])
    return marks


def marked(words: list[Word], legends: Legends, page: int) -> tuple[set[str], list[Qualifiers]]:
    """What the marks on these words (a chart row's service, a drug) bind to them."""
    mods: set[str] = set()
    parts: list[Qualifiers] = []
    for mark in sorted(_marks_of(words) & set(legends.marks)):
        lg = _legend_for(legends.marks[mark], page)
        mods |= lg.mods
        parts.append(lg.quals)
    return mods, parts


def mark_findings(b: Builder, page: Page, legends: Legends, taken: set[int]) -> None:
    """A line naming a concept and carrying a mark (or pointing at a note: "(a)", "see note 4") takes
    the legend's meaning (a chart row's marks are read with the row: `taken` holds its words)."""
    if not legends.marks and not legends.notes:
        return
    for line in _lines(page):
        if any(id(w) in taken for w in line):
            continue
        marks = _marks_of(line) & set(legends.marks)
        note_mods, note_quals = noted(line, legends, page.number) if legends.notes else (set(), [])
        if not marks and not note_mods:
            continue
        cl = Clause(line, b.match(line))
        for m in cl.concepts(("treatment", "category")):
            mods: set[str] = set(note_mods)
            parts: list[Qualifiers] = [clause_qualifiers(cl, b.lex, m.key, tuple(line[m.start : m.end]))]
            parts += note_quals
            for mark in sorted(marks):
                lg = _legend_for(legends.marks[mark], page.number)
                mods |= lg.mods
                parts.append(lg.quals)
            if not mods:
                continue
            hit = Hit(m.key, m.kind, line[m.start : m.end], text_of(line[m.start : m.end]), cl)
            _emit(b, page, hit, mods, merge(parts), line, "mark_legend")


def _emit(
    b: Builder, page: Page, hit: Hit, mods: set[str], q: Qualifiers, line: list[Word], device: str, tier: str = ""
) -> None:
    final, scope = settle(Verdict(set(mods), []), q, b.doc.kind)
    b.emit(page, hit, final, [], Passage([], text_of(line)), [], scope, device, tier)


def code_findings(b: Builder, page: Page, legends: Legends) -> set[str]:
    """A drug list's rows: a line naming a treatment, with the codes and tier on its band read
    through the document's key. Returns the treatments listed on the page."""
    listed: set[str] = set()
    if not legends.codes and b.doc.kind != "formulary":
        return listed
    lines = _lines(page)
    tiers = _tier_columns(lines)
    starts = _group_starts(lines)
    for line in lines:
        cl = Clause(line, b.match(line))
        drugs = [m for m in cl.concepts(("treatment",))]
        if not drugs:
            continue
        # drug columns side by side: a drug's row ends where the next column group begins
        x = line[0].bbox[0]
        first = max((g for g in starts if g <= x + GROUP_SLACK), default=float("-inf"))
        limit = min((g for g in starts if g > x + GROUP_SLACK), default=float("inf"))
        band = [w for w in _band(page, line) if (w.bbox[0] + w.bbox[2]) / 2 < limit]
        tier_x = next((t for t in tiers if first - GROUP_SLACK <= t[0] < limit), tiers[0] if tiers else None)
        codes = [t for w in band for t in re.split(r"[;,\s]+", w.text) if t in legends.codes]
        tier = next(
            (w.text for w in band if tier_x and tier_x[0] - 2 <= (w.bbox[0] + w.bbox[2]) / 2 <= tier_x[1] + 2), ""
        )
        if not tier:
            tier = next((w.text for w in band if _TIER.match(w.text)), "")
        if not codes and not tier:
            continue
        mods: set[str] = set()
        parts = [clause_qualifiers(Clause(band, b.match(band)), b.lex)] if band else []
        for code in codes:
            mods |= legends.codes[code].mods
            parts.append(legends.codes[code].quals)
        if not mods and legends.covers:
            mods.add("covered")  # on a list the document calls its covered drugs, with no requirement
        for m in drugs:
            listed.add(m.key)
            hit = Hit(m.key, m.kind, line[m.start : m.end], text_of(line[m.start : m.end]), cl)
            _emit(b, page, hit, mods, merge(parts), line + band, "formulary_code", tier.strip())
    return listed


def _tier_columns(lines: list[list[Word]]) -> list[tuple[float, float]]:
    """The x spans of the drug list's "Tier" headers (one per column group)."""
    return [
        (w.bbox[0], w.bbox[2])
        for line in lines
        for w in line
        if w.text.lower().strip(":") in ("tier", "drug tier") and len(line) <= 3
    ]


def _group_starts(lines: list[list[Word]]) -> list[float]:
    """Where each group of a drug list printed in groups side by side begins ("Drug Name | Tier |
    Notes" repeated across the page): the x of each drug-name header on one band; empty for one group."""
    heads = [ln for ln in lines if text_of(ln).lower().strip(" :") in _DRUG_HEADS]
    for h in heads:
        y = h[0].bbox[1]
        level = sorted({round(o[0].bbox[0]) for o in heads if abs(o[0].bbox[1] - y) <= BAND_SLACK * 10})
        if len(level) >= 2:
            return [float(v) for v in level]
    return []


def _band(page: Page, line: list[Word]) -> list[Word]:
    """The words right of a drug's name on the same band (its other cells)."""
    y0 = min(w.bbox[1] for w in line)
    y1 = max(w.bbox[3] for w in line)
    h = max(1.0, y1 - y0)
    x1 = max(w.bbox[2] for w in line)
    ids = {id(w) for w in line}
    return [
        w
        for w in page.words
        if id(w) not in ids and w.bbox[0] >= x1 and abs((w.bbox[1] + w.bbox[3]) / 2 - (y0 + y1) / 2) <= BAND_SLACK * h
    ]


def not_listed(doc: Document, lex: Lexicon, listed: set[str], drug_rows: int) -> list[Finding]:
    """A formulary that lists drugs but not a treatment says so about the treatment."""
    if doc.kind != "formulary" or not doc.pages:
        return []
    page = doc.pages[0]
    out = []
    for cid, c in lex.concepts.items():
        if c.kind != "treatment" or cid in listed:
            continue
        ev = Evidence(doc.name, page.number, doc.title or doc.name, [], ocr=page.ocr, document_kind=doc.kind)
        out.append(Finding(cid, "treatment", ev, frozenset({"not_listed"}), (), "", device="document"))
    return out


def drug_lines(page: Page) -> int:
    """Lines that look like a drug list's rows (a strength, a dosage form)."""
    return sum(1 for line in _lines(page) if _DRUG_WORD.search(text_of(line)))
