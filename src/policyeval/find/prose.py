"""Prose -> findings. Each sentence is read clause by clause (find.clauses); a heading or lead-in
that excludes ("Exclusions", "We do not cover:") makes the sentences under it exclusions unless
their own words say otherwise."""

from __future__ import annotations

from ..lexicon import squash
from ..models import Page, Word
from .build import Builder, hits_in, merge_hits, negated_mention
from .clauses import clause_modifiers, conditions, own_verdict
from .sentences import CONCEPT_KINDS, SUBJECT_KINDS, Matcher, Passage, clauses, sentences, text_of

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
    sits under, whether it is an exclusions heading, and whether an excluding lead-in is open."""

    def __init__(self) -> None:
        self.heading = ""
        self.exclusion = False
        self.leadin = False


def prose_sentences(
    page: Page, skip: set[int], match: Matcher, state: ProseState
) -> list[tuple[list[Word], str, bool]]:
    """Sentences of the page's prose with the heading they sit under and whether an exclusion
    heading or lead-in ("We do not cover:") governs them."""
    words = [w for w in page.words if id(w) not in skip]
    blocks: dict[int, list[Word]] = {}
    order: list[int] = []
    for w in words:
        if w.block not in blocks:
            order.append(w.block)
        blocks.setdefault(w.block, []).append(w)
    out: list[tuple[list[Word], str, bool]] = []
    for bno in order:
        bw = blocks[bno]
        lines = sorted({w.line for w in bw})
        if len(lines) == 1 and heading_of(bw):
            htext = " ".join(w.text for w in bw).strip()
            state.heading = htext.rstrip(":")
            sq = squash(htext)
            state.exclusion = any(k in sq for k in EXCLUSION_HEADINGS) and "covered services" not in htext.lower()
            state.leadin = False
            # a heading is also a sentence (it may name a concept: "Experimental or investigational services")
            out.append((bw, state.heading, state.exclusion))
            continue
        for sent in sentences(bw):
            text = " ".join(w.text for w in sent)
            context = state.exclusion or state.leadin
            out.append((sent, state.heading, context))
            if text.rstrip().endswith(":"):
                ms = match(sent, ("modifier",))
                state.leadin = any(m.key == "excluded" for m in ms)
            elif len(sent) > LEADIN_REACH_WORDS and state.leadin:
                state.leadin = False
    return out


def prose_findings(b: Builder, page: Page, sents: list[tuple[list[Word], str, bool]]) -> None:
    for words, heading, context in sents:
        cls = clauses(words, b.match)
        passage = Passage(cls, text_of(words), section=heading, context_excluded=context)
        emit_passage(b, page, passage)


def emit_passage(b: Builder, page: Page, passage: Passage) -> None:
    cls = passage.clauses
    shared = [c for c in cls if not c.concepts(SUBJECT_KINDS) and c.shared]
    hits = [h for c in cls for h in hits_in(c, CONCEPT_KINDS)]
    treatments_here = {id(c) for c in cls if c.concepts(("treatment",))}
    for group in merge_hits(hits):
        first = group[0]
        if first.kind == "exclusion" and all(id(h.clause) in treatments_here for h in group):
            continue  # "ketamine is experimental and investigational": about ketamine, not a generic exclusion
        if first.kind == "exclusion" and all(negated_mention(h) for h in group):
            continue  # "transplants that are not Experimental or Investigational"
        own = list(dict.fromkeys(h.clause for h in group if h.clause is not None))
        share = shared if first.kind != "condition" else [c for c in cls if c not in own and c.shared]
        mods, deciding = clause_modifiers(own, passage, first.kind, share)
        if first.kind == "exclusion":
            mods.add("experimental")
        if passage.context_excluded and not own_verdict(own + shared):
            mods.add("excluded")
            mods.discard("covered")
        b.emit(page, first, mods, conditions(own + shared), passage, deciding)
