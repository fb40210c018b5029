"""Prose -> findings. Each sentence is read clause by clause (find.clauses); a heading or lead-in
that excludes ("Exclusions", "We do not cover:") makes the sentences under it exclusions unless
their own words say otherwise."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..lexicon import Match, squash
from ..models import Page, Word
from .adjacent import LEADS, binds_to_previous, member_class, rule_class
from .build import Builder, Hit, hits_in, merge_hits, negated_mention
from .clauses import covered, excluded, experimental, own_verdict, pa_state
from .payer import criteria
from .polarity import UNCHECKED
from .references import Reference, references_in
from .sentences import (
    CONCEPT_KINDS,
    DASH_BULLETS,
    SUBJECT_KINDS,
    Clause,
    Matcher,
    Passage,
    clauses,
    is_bullet,
    sentences,
    text_of,
)
from .statements import emit_statements

# Squashed heading words that open a list of exclusions.
EXCLUSION_HEADINGS = (
    "exclusion",
    "notcovered",
    "wedonotcover",
    "excludedservices",
    "whatisnotcovered",
    "servicesyourplangenerallydoesnotcover",
    "servicesyourplandoesnotcover",
    "noncovered",
    "whatwedonotcover",
    "doesnotcover",
)
# A heading line has at most this many words.
MAX_HEADING_WORDS = 12
# A sentence this long (words) after an excluding lead-in ends the lead-in's reach.
LEADIN_REACH_WORDS = 30
# A heading line in a block ends before this fraction of the block's width.
SHORT_LINE = 0.6
# A line ending in one of these words goes on in the next line.
GOES_ON = {"the", "of", "and", "or", "to", "for", "in", "with", "when", "a", "an", "by", "on", "from", "at", "as"}
# Points a line must start left of a list item's text to be outside the item (at its bullet or before).
OUTDENT = 3.0
# A list item's number: "1.", "12)", "(a)", "b.".
ITEM_NUMBER = re.compile(r"^\(?(\d{1,3}|[a-z])[.)]$")


@dataclass
class Sentence:
    words: list[Word]
    heading: str  # the heading it sits under
    context: set[str]  # what the heading or lead-in says of it (when it says nothing itself)
    item: bool  # a list item (after a bullet, a dash or a number)
    heading_line: bool = False  # a heading: after a list item it heads what follows, never speaks of the item


def heading_of(line_words: list[Word]) -> bool:
    text = " ".join(w.text for w in line_words).strip()
    if not text or len(line_words) > MAX_HEADING_WORDS:
        return False
    if text.endswith((".", ",", ";")) and not text.endswith(":"):
        return False
    first = line_words[0].text.lstrip("0123456789.)(•- ")
    return bool(first[:1].isupper() or first[:1].isdigit() or line_words[0].text[:1].isdigit())


class ProseState:
    """What carries from one block of prose to the next (and across pages): the heading the text
    sits under and what it says (an exclusions heading excludes every sentence under it that says
    nothing itself; a "require prior authorization" or "investigational" heading, or a lead-in
    ending in a colon, speaks for the list items under it)."""

    def __init__(self) -> None:
        self.heading = ""
        self.exclusion = False
        self.heading_mods: set[str] = set()
        self.leadin: set[str] = set()
        self.exclusion_size = 0.0  # word height of the heading that opened the exclusions section


def says(words: list[Word], match: Matcher, heading: bool = False) -> set[str]:
    """What a heading or lead-in says of the items under it."""
    cl = Clause(words, match(words))
    out: set[str] = set()
    state = pa_state(cl)
    if state == "positive":
        out.add("prior_authorization")
    elif state == "negated" and heading:
        out.add("pa_not_required")  # "Services that do not need prior authorization"
    if excluded(cl)[0]:
        out.add("excluded")
    if experimental(cl) and not cl.concepts(("treatment",)):
        out.add("experimental")
    if (covered(cl) or (heading and cl.mods("covered"))) and "excluded" not in out:
        out.add("covered")
    return out


def _items(bw: list[Word]) -> set[int]:
    """Ids of the words that start a list item: after a bullet, a dash at a line start, or a number."""
    starts: set[int] = set()
    for i, w in enumerate(bw):
        line_start = i == 0 or bw[i - 1].line != w.line
        if i + 1 < len(bw) and (is_bullet(w) or (line_start and w.text in DASH_BULLETS)):
            starts.add(id(bw[i + 1]))
        elif line_start and ITEM_NUMBER.match(w.text):
            starts.add(id(w))
    return starts


def prose_sentences(page: Page, skip: set[int], match: Matcher, state: ProseState) -> list[Sentence]:
    """Sentences of the page's prose with the heading they sit under and what a heading or lead-in
    says of them."""
    words = [w for w in page.words if id(w) not in skip]
    blocks: dict[int, list[Word]] = {}
    order: list[int] = []
    for w in words:
        if w.block not in blocks:
            order.append(w.block)
        blocks.setdefault(w.block, []).append(w)
    out: list[Sentence] = []
    for bno in order:
        bw = blocks[bno]
        lines = sorted({w.line for w in bw})
        if len(lines) == 1 and heading_of(bw):
            _new_heading(bw, match, state)
            # a heading is also a sentence (it may name a concept: "Experimental or investigational services")
            out.append(Sentence(bw, state.heading, {"excluded"} if state.exclusion else set(), False, True))
            continue
        items = _items(bw)
        for sent, cut in _split_heading_lines(bw, items):
            item = id(sent[0]) in items
            if not item and (cut or _heading_in_block(sent, bw, match)):
                _new_heading(sent, match, state, inline=True)  # a heading set in one block with its text or list
                out.append(Sentence(sent, state.heading, {"excluded"} if state.exclusion else set(), False, True))
                continue
            text = " ".join(w.text for w in sent)
            context = {"excluded"} if (state.exclusion or "excluded" in state.leadin) else set()
            if item:
                context |= state.leadin | state.heading_mods
            out.append(Sentence(sent, state.heading, context, item))
            if text.rstrip().endswith(":"):
                state.leadin = says(sent, match)
            elif len(sent) > LEADIN_REACH_WORDS and state.leadin:
                state.leadin = set()
    return out


def _split_heading_lines(bw: list[Word], items: set[int]) -> list[tuple[list[Word], bool]]:
    """The block's sentences, with a heading set in the same block as its text cut off as its own
    sentence (True): a line that runs into a list item ("The following services are excluded" above
    "1. Ketamine ..."), or a short heading-like first line above a paragraph ("Prior Authorization"
    above "Every service that ...")."""
    out: list[tuple[list[Word], bool]] = []
    right = max((w.bbox[2] for w in bw), default=0.0)
    left = min((w.bbox[0] for w in bw), default=0.0)
    for sent in sentences(bw):
        cut = next((i for i, w in enumerate(sent) if i and id(w) in items and sent[i - 1].line != w.line), None)
        if cut is None:
            first = [w for w in sent if w.line == sent[0].line]
            rest = sent[len(first) :]
            short = max(w.bbox[2] for w in first) < left + SHORT_LINE * (right - left)
            if rest and short and heading_of(first) and not first[-1].text.endswith((",", ";", ":", "-")):
                if rest[0].text[:1].isupper() and len(rest) > len(first):
                    cut = len(first)
        if cut is not None:
            out += [(sent[:cut], True), (sent[cut:], False)]
            continue
        tail = _after_item(sent, items)
        if tail is None:
            out.append((sent, False))
        elif tail[2]:
            start, end, _h = tail
            out += [(sent[:start], False), (sent[start:end], True)] + ([(sent[end:], False)] if sent[end:] else [])
        else:
            out += [(sent[: tail[0]], False), (sent[tail[0] :], False)]
    return out


def _after_item(sent: list[Word], items: set[int]) -> tuple[int, int, bool] | None:
    """Where a list item's sentence runs on into a line that is not the item's: a later line set out
    to the left of the item's text (where its bullet stands) — a heading ("• Spravato" then "No Prior
    Authorization Required": it heads what follows and says nothing about the item above), or the
    note that closes the list ("Prior authorization may be required."). (start, end of that line,
    whether it reads as a heading), or None."""
    if id(sent[0]) not in items:
        return None
    indent = sent[0].bbox[0]
    for i in range(1, len(sent)):
        if sent[i].line == sent[i - 1].line or sent[i].bbox[0] > indent - OUTDENT:
            continue
        before = sent[i - 1].text.lower()
        if not sent[i].text[:1].isupper() or before.endswith((",", "-")) or before in GOES_ON:
            continue  # the item's own text wrapped under its bullet ("... used in a" / "certified office")
        end = next((k for k in range(i, len(sent)) if sent[k].line != sent[i].line), len(sent))
        return i, end, heading_of(sent[i:end])
    return None


def _heading_in_block(sent: list[Word], bw: list[Word], match: Matcher) -> bool:
    """A whole line of a block that reads as a heading and says something of what follows
    ("Services We Do Not Cover", "LIMITATIONS AND EXCLUSIONS", "Exclusions (continued)")."""
    if len({w.line for w in sent}) != 1 or not heading_of(sent) or sent[-1].text.endswith((".", ":")):
        return False
    line = [w for w in bw if w.line == sent[0].line]
    if len(line) != len(sent):
        return False
    sq = squash(" ".join(w.text for w in sent))
    return bool(says(sent, match, heading=True)) or any(k in sq for k in EXCLUSION_HEADINGS)


# A heading whose words are smaller than this fraction of the exclusions heading's is a sub-heading in it.
SUBHEADING_SIZE = 0.95


def _size(words: list[Word]) -> float:
    heights = sorted(w.bbox[3] - w.bbox[1] for w in words)
    return heights[len(heights) // 2] if heights else 0.0


def _new_heading(words: list[Word], match: Matcher, state: ProseState, inline: bool = False) -> None:
    """A heading sets what the text under it says. A title line that says nothing itself, set inside the
    body of an exclusions section (`inline`: cut from a block of text, in type no larger than the
    section's heading) or in smaller type ("Intravenous ketamine" above its paragraph), keeps the
    section's exclusion: it is an item of the list, not a new section."""
    htext = " ".join(w.text for w in words).strip()
    state.heading = htext.rstrip(":")
    sq = squash(htext)
    said = says(words, match, heading=True)
    opens = any(k in sq for k in EXCLUSION_HEADINGS) and "covered services" not in htext.lower()
    size = _size(words)
    smaller = 0 < size < SUBHEADING_SIZE * state.exclusion_size
    quiet = said <= {"excluded", "experimental"}  # says nothing, or only what an exclusions section says
    if state.exclusion and not opens and quiet and (smaller or (inline and size <= state.exclusion_size)):
        state.leadin = set()
        return  # a sub-heading of the exclusions section
    state.exclusion = opens
    state.heading_mods = said - {"excluded"}
    if "excluded" in said:
        state.exclusion = True
    state.exclusion_size = _size(words) if state.exclusion else 0.0
    state.leadin = set()


def prose_findings(b: Builder, page: Page, sents: list[Sentence]) -> None:
    passages: list[Passage] = []
    listing: Passage | None = None  # a lead-in taking the indications its list items name
    leadin = ""  # the lead-in (ending in a colon) the list items below it continue
    items: list[Passage] = []  # the list items just read, in one block (a closing note speaks for them all)
    item_block = -1
    for sent in sents:
        words = sent.words
        p = Passage(clauses(words, b.match), text_of(words), section=sent.heading, context=set(sent.context))
        b.out += criteria(b.doc, page, words, Clause(words, b.match(words)), b.lex, leadin if sent.item else "")
        if p.quote.rstrip().endswith(":"):
            leadin = p.quote  # "... an inadequate response to one of the following:" speaks for its items
        elif not sent.item:
            leadin = ""
        prev = passages[-1] if passages else None
        if prev is not None and sent.item and _indication_item(prev, p, listing is prev):
            for c in p.clauses:  # "does not cover ketamine for the following indications:" + "• OCD"
                c.group = -1 - len(prev.clauses)
            prev.clauses += p.clauses
            prev.quote += " " + p.quote
            listing = prev
            continue
        listing = None
        back = len(passages) - 1
        while back > 0 and _label(passages[back]):
            back -= 1  # column headers, labels, unticked options between a name and its notes
        prev = passages[back] if passages else None
        if not (sent.item or sent.heading_line) and items and words[0].block == item_block and closes_list(items, p):
            for item in items:  # "Covered drugs include: • ... • Spravato ... Prior authorization may be required."
                _bind(item, [replace(c) for c in p.clauses], p.quote)
            items = []
            continue
        after_item = bool(items) and prev is items[-1]
        if prev is not None and not (sent.heading_line and after_item) and binds_to_previous(prev, p):
            _bind(prev, p.clauses, p.quote)
            continue
        passages.append(p)
        if sent.item:
            if words[0].block != item_block:
                items = []
            items.append(p)
            item_block = words[0].block
        else:
            items = []
    _class_rules(passages, b.match)
    for p in passages:
        b.sections.append((p.section, page.number, p))
        emit_passage(b, page, p)
        for how, target in references_in(p.quote):
            for c, m in _referrers(p):
                hit = Hit(m.key, m.kind, c.words[m.start : m.end], text_of(c.words[m.start : m.end]), c)
                b.refs.append(Reference(page, hit, p, how, target))


def _class_rules(passages: list[Passage], match: Matcher) -> None:
    """A rule for a class anywhere on the page ("Non-preferred drugs need prior authorization") speaks
    for a treatment another sentence says belongs to it ("Spravato is a non-preferred drug on the PDL")
    when that sentence says nothing itself: the rule's clauses join it as adjacent ones."""
    rules = [(named, r) for r in passages if (named := rule_class(r)) and own_verdict(r.clauses)]
    if not rules:
        return
    for p in passages:
        if own_verdict(p.clauses) or not any(c.concepts(("treatment",)) for c in p.clauses):
            continue
        cls = member_class(p)
        fits = [(len(named), i) for i, (named, _) in enumerate(rules) if cls and named <= cls]
        if not fits:
            continue
        rule = rules[max(fits)[1]][1]  # the most specific class ("non preferred drugs" over "preferred drugs")
        p.adjacent = len(p.clauses) if p.adjacent < 0 else p.adjacent
        family = -1 - len(p.clauses)
        # the rule's words speak for the treatment: its own concepts ("drugs") are not named again
        p.clauses += [
            Clause(c.words, [m for m in match(c.words) if m.group != "concept"], group=family) for c in rule.clauses
        ]
        p.quote += " " + rule.quote


# A label line has at most this many words.
LABEL_WORDS = 3


def _label(p: Passage) -> bool:
    """A short line that names nothing and says nothing (a header cell, a form label), or a form's
    option whose box is not ticked ("☐ No prior authorization required")."""
    words = [w for c in p.clauses for w in c.words]
    if words and words[0].text.strip() in UNCHECKED and not any(c.concepts(CONCEPT_KINDS) for c in p.clauses):
        return True
    return len(words) <= LABEL_WORDS and not any(
        c.concepts(CONCEPT_KINDS) or any(m.group == "modifier" for m in c.matches) for c in p.clauses
    )


def _indication_item(leadin: Passage, item: Passage, listing: bool) -> bool:
    """A list item that names only conditions, under a lead-in (ending in a colon) that names a treatment:
    the item is one of the lead-in statement's indications ("We do not cover ketamine for the following
    indications, which are investigational:" above "• Obsessive-compulsive disorder")."""
    if not (listing or leadin.quote.rstrip().endswith(":")) or not any(
        c.concepts(("treatment",)) for c in leadin.clauses
    ):
        return False
    if any(c.concepts(SUBJECT_KINDS) for c in item.clauses) or not any(
        c.concepts(("condition",)) for c in item.clauses
    ):
        return False
    return not own_verdict(item.clauses)


def _bind(prev: Passage, more: list[Clause], quote: str) -> None:
    """Read a following subject-less sentence's clauses as part of `prev` (a family of their own)."""
    if prev.adjacent < 0:
        prev.adjacent = len(prev.clauses)
    for c in more:
        c.group = -1 - len(prev.clauses)
    prev.clauses += more
    prev.quote += " " + quote


def closes_list(items: list[Passage], cur: Passage) -> bool:
    """A subject-less requirement right after a list's last item, in the same block (a Medicare chart
    cell's "Prior authorization may be required." under its bulleted drugs) speaks for every item.
    Not a sentence with a subject of its own, nor one that says nothing decisive."""
    if not cur.clauses or any(c.concepts(SUBJECT_KINDS) for c in cur.clauses):
        return False
    if not any(c.concepts(("treatment", "category")) for p in items for c in p.clauses):
        return False
    first = cur.clauses[0]
    said = [m for m in first.matches if m.group == "modifier" and m.key in CLOSING_NOTES]
    if not said:
        return False
    start = min(m.start for m in said)
    return start == 0 or (start == 1 and first.token(0) in LEADS)


# Words that start a reference ("see", "refer to", "as described under", "subject to").
REFERENCE_VERBS = {"see", "refer", "described", "subject"}


def _referrers(p: Passage) -> list[tuple[Clause, Match]]:
    """The concept a reference speaks for: the last one named before it (in its clause or the one
    before), with any concept named by the same words."""
    ref_clause = next((i for i, c in enumerate(p.clauses) if references_in(text_of(c.words))), len(p.clauses) - 1)
    for k, c in enumerate(reversed(p.clauses[: ref_clause + 1])):
        cut = len(c.words)
        if k == 0:  # in the reference's own clause, only what comes before "see ..."
            cut = next((i for i in range(len(c.words)) if c.token(i) in REFERENCE_VERBS), cut)
        named = [m for m in c.concepts(("treatment", "category")) if m.end <= cut]
        if named:
            last = max(m.start for m in named)
            return [(c, m) for m in named if m.start <= last < m.end or m.start == last]
    return []


# What a closing note after a list may say of its items (requirements, not coverage or exclusion).
CLOSING_NOTES = ("prior_authorization", "pa_negation", "quantity_limit", "step_therapy", "consequence")


def emit_passage(b: Builder, page: Page, passage: Passage, device: str = "sentence") -> None:
    cls = passage.clauses
    late = passage.adjacent if passage.adjacent >= 0 else len(cls)
    shared = [c for i, c in enumerate(cls) if (not c.concepts(SUBJECT_KINDS) or i >= late) and c.shared]
    hits = [h for c in cls for h in hits_in(c, CONCEPT_KINDS)]
    treatments_here = {id(c) for c in cls if c.concepts(("treatment",))}
    context = passage.context or None
    for group in merge_hits(hits):
        first = group[0]
        if first.kind == "exclusion" and all(id(h.clause) in treatments_here for h in group):
            continue  # "ketamine is experimental and investigational": about ketamine, not a generic exclusion
        if first.kind == "exclusion" and all(negated_mention(h) for h in group):
            continue  # "transplants that are not Experimental or Investigational"
        own = list(dict.fromkeys(h.clause for h in group if h.clause is not None))
        share = shared if first.kind != "condition" else [c for c in cls if c not in own and c.shared]
        governors = {id(c.governor) for c in own if c.governor is not None}
        if governors and all(c.governor is not None for c in own):
            share = [c for c in share if id(c) not in governors]  # an excepted list: its governor's cue is not its own
        always = {"experimental"} if first.kind == "exclusion" else None
        emit_statements(b, page, passage, first, own, share, device, context=context, always=always)
