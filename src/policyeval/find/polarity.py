"""The polarity of a coverage cue, read NegEx/ConText style: a trigger before the cue changes what it
says, up to a terminator. One mechanism over vocabularies in rules/lexicon.yaml (modifiers
`negation`, `uncertainty`, `conditional`, `research`, `coverage_verb`, `drug_as_object`):

- negated ("never covered", "not considered a Covered Service", "we stopped covering"): the cue is an
  exclusion. The trigger reaches the cue only over filler words (be, considered, a, ...).
- uncertain ("may be covered", "could be eligible for coverage"): a possibility, not a statement.
- conditional ("If Spravato is covered under your plan, ..."): the cue sits inside an "if" frame
  that a comma ends; it states nothing.
- research ("covered only as part of an approved clinical trial", "routine costs in a clinical
  trial"): coverage inside a study is not coverage of the treatment.
- another payer ("covered by Medicaid fee-for-service, not by our plan"): not this plan's coverage.

`apply` rewrites a clause's matches once (a negated cue becomes an `excluded` match, a cue that states
nothing becomes `covered_hedged`), so every reader of `Clause.mods` sees the same polarity.
`objects` finds treatment names that are the object of another service ("drug screens for
substances such as ketamine", "dependence on alcohol, opioids, ketamine"): they name no treatment."""

from __future__ import annotations

from collections.abc import Sequence

from ..lexicon import Match, normalize
from ..models import Word

# The lexicon's trigger vocabularies: they state nothing themselves, they change what a cue beside them
# says (this module, find/approval.py, Clause.unmet / criteria_met).
TRIGGER_VOCABULARIES = frozenset(
    {"negation", "uncertainty", "conditional", "research", "coverage_verb", "drug_as_object", "answer_no"}
    | {"approval_verb", "approval_timing", "approval_gate", "unmet", "met", "criteria_noun", "deletion", "other_payer"}
)
# Words that may stand between a negation / uncertainty trigger and the cue it governs.
FILLER = {"be", "is", "are", "was", "were", "been", "being", "considered", "deemed", "a", "an", "the"}
FILLER |= {"generally", "currently", "normally", "usually", "also", "otherwise", "ordinarily", "to"}
FILLER |= {"it", "them", "this", "these", "any", "longer", "sometimes", "eligible", "for"}
# How many filler words a trigger reaches over.
TRIGGER_REACH = 4
# Words that end an "if" frame or an object phrase before they reach the cue.
FRAME_END = (",", ";", ":")
# How many words after a "drug screen" / "dependence on" trigger a treatment is still its object.
OBJECT_REACH = 8
# Cues whose polarity this module reads, and what a hedged cue becomes.
COVERAGE_CUES = ("covered", "coverage_verb")
HEDGED = "covered_hedged"


def _tok(words: Sequence[Word], i: int) -> str:
    return normalize(words[i].text).strip(".,;:()\"'") if 0 <= i < len(words) else ""


def _reaches(words: Sequence[Word], trigger: Match, cue: Match) -> bool:
    """The trigger ends right before the cue, or only filler words stand between."""
    if trigger.end > cue.start:
        return False
    between = [_tok(words, i) for i in range(trigger.end, cue.start)]
    if len(between) > TRIGGER_REACH or any(words[i].text.endswith(FRAME_END) for i in range(trigger.end, cue.start)):
        return False
    return all(t in FILLER for t in between)


def _neither_nor(words: Sequence[Word], cue: Match) -> bool:
    """ "neither the plan nor Original Medicare will pay": both payers negated, up to a comma."""
    toks = [_tok(words, i) for i in range(cue.start)]
    if "neither" not in toks or "nor" not in toks[toks.index("neither") :]:
        return False
    return not any(words[i].text.endswith(FRAME_END) for i in range(toks.index("neither"), cue.start))


def _in_frame(words: Sequence[Word], trigger: Match, cue: Match) -> bool:
    """The "if" trigger opens a frame the cue is inside: no comma between them."""
    if trigger.end > cue.start:
        return False
    return not any(words[i].text.endswith(FRAME_END) for i in range(trigger.start, cue.start))


# Words that tie a coverage cue to the payer after it ("covered by", "paid under", "through").
PAYER_LINKS = {"by", "under", "through", "from", "via"}
PAYER_REACH = 3


def _paid_by(words: Sequence[Word], cue: Match, payer: Match) -> bool:
    """ "covered by Medicaid fee-for-service": another payer's coverage, not this plan's."""
    return 0 <= payer.start - cue.end <= PAYER_REACH and any(
        _tok(words, i) in PAYER_LINKS for i in range(cue.end, payer.start + 1)
    )


def _replace(m: Match, key: str, term: str) -> Match:
    return Match(key, m.group, key, m.start, m.end, term, m.span)


# Labels of a "Label: value" line whose value says whether they hold ("Step therapy: No").
LABELS = ("covered", "prior_authorization", "step_therapy", "quantity_limit")


def answers(words: Sequence[Word], matches: list[Match]) -> list[Match]:
    """A label followed by a colon and its answer ("Covered: Yes", "Step therapy: No", "Quantity
    limit: None"): a yes keeps the label as a statement, a no (lexicon `answer_no`) takes it back —
    "Covered: No" is an exclusion, "Prior authorization: No" no requirement, "Step therapy: No" nothing."""
    labels = [m for m in matches if m.group == "modifier" and m.key in LABELS and words[m.end - 1].text.endswith(":")]
    if not labels:
        return matches
    no = [m for m in matches if m.group == "modifier" and m.key == "answer_no"]
    out = []
    for m in matches:
        if m not in labels or not any(a.start == m.end for a in no):
            out.append(m)
        elif m.key == "covered":
            out.append(_replace(m, "excluded", f"{m.term} no"))
        elif m.key == "prior_authorization":
            out.append(_replace(m, "pa_negation", f"{m.term} no"))
        else:
            out.append(_replace(m, "answer_no", f"{m.term} no"))  # said, and taken back
    return out


# Verdict modifiers a struck quotation no longer says.
VERDICT_KEYS = {"covered", "excluded", "experimental", "prior_authorization", "pa_negation", "step_therapy"}
VERDICT_KEYS |= {"quantity_limit", "coverage_verb"}
# How many words after a closing quote a deletion ("is deleted", "no longer applies") still strikes it.
DELETION_REACH = 8
OPEN_QUOTES = ('"', "“", "'", "‘")
CLOSE_QUOTES = ('"', "”", "'", "’")


def struck(words: Sequence[Word], matches: list[Match]) -> list[Match]:
    """A rider's quotation of the wording it deletes ('The sentence "Esketamine is not covered" in
    Section 6 is deleted and replaced with ...'): the struck words say nothing any more."""
    deletions = [m for m in matches if m.group == "modifier" and m.key == "deletion"]
    if not deletions:
        return matches
    spans: list[tuple[int, int]] = []
    start = None
    for i, w in enumerate(words):
        t = w.text
        if start is None and t.startswith(OPEN_QUOTES):
            start = i
        if start is not None and t.rstrip(".,;:").endswith(CLOSE_QUOTES) and (i > start or len(t) > 1):
            spans.append((start, i + 1))
            start = None
    gone = [(a, b) for a, b in spans if any(0 <= d.start - b <= DELETION_REACH for d in deletions)]
    return [
        m
        for m in matches
        if not (m.group == "modifier" and m.key in VERDICT_KEYS and any(a <= m.start and m.end <= b for a, b in gone))
    ]


def _framed_exclusions(words: Sequence[Word], matches: list[Match]) -> list[Match]:
    """An exclusion inside an "if" frame states none ("You may have to pay for Spravato if it is not
    covered"); a consequence of skipping approval is read by find.scope, not here."""
    frames = [m for m in matches if m.group == "modifier" and m.key == "conditional"]
    if not frames:
        return matches
    return [
        m
        for m in matches
        if not (m.group == "modifier" and m.key == "excluded" and any(_in_frame(words, t, m) for t in frames))
    ]


# A form's empty check box: the statement after it is an option not chosen ("☐ No prior authorization required").
UNCHECKED = ("☐", "□", "◻", "❏", "[ ]")


def apply(words: Sequence[Word], matches: list[Match]) -> list[Match]:
    """The clause's matches with each coverage cue's polarity read (see the module docstring)."""
    if words and words[0].text.strip() in UNCHECKED:
        return [m for m in matches if not (m.group == "modifier" and m.key in VERDICT_KEYS | {"pa_negation"})]
    matches = _framed_exclusions(words, struck(words, answers(words, matches)))
    if not any(m.group == "modifier" and m.key in COVERAGE_CUES for m in matches):
        return matches
    by_key: dict[str, list[Match]] = {}
    for m in matches:
        if m.group == "modifier":
            by_key.setdefault(m.key, []).append(m)
    excl = by_key.get("excluded", [])
    research = bool(by_key.get("research"))
    out: list[Match] = []
    for m in matches:
        if m.group != "modifier" or m.key not in COVERAGE_CUES:
            out.append(m)
            continue
        if any(x.start <= m.start and m.end <= x.end for x in excl):
            continue  # inside an exclusion phrase ("do not cover")
        neg = next((t for t in by_key.get("negation", []) if _reaches(words, t, m)), None)
        if neg is not None or _neither_nor(words, m):
            out.append(_replace(m, "excluded", f"{neg.term if neg else 'neither'} {m.term}"))
        elif m.key == "coverage_verb":
            continue  # "covering", "pay for": a coverage verb states something only when negated
        elif (
            any(_paid_by(words, m, p) for p in by_key.get("other_payer", []))
            or any(_reaches(words, t, m) for t in by_key.get("uncertainty", []))
            or any(_in_frame(words, t, m) for t in by_key.get("conditional", []))
            or research
        ):
            out.append(_replace(m, HEDGED, m.term))
        else:
            out.append(m)
    return out


def objects(words: Sequence[Word], matches: list[Match]) -> set[int]:
    """Ids of the first words of treatment names that are the object of another service: after a
    `drug_as_object` trigger, within reach, with no coverage, exclusion or approval cue between."""
    triggers = [m for m in matches if m.group == "modifier" and m.key == "drug_as_object"]
    if not triggers:
        return set()
    cues = [m for m in matches if m.group == "modifier" and m.key in ("covered", "excluded", "prior_authorization")]
    out: set[int] = set()
    for c in matches:
        if c.group != "concept" or c.kind != "treatment":
            continue
        for t in triggers:
            if not (t.end <= c.start <= t.end + OBJECT_REACH):
                continue
            if any(t.end <= q.start < c.start for q in cues):
                continue
            if any(words[i].text.endswith((";", ":")) for i in range(t.end, c.start)):
                continue
            out.add(id(words[c.start]))
    return out
