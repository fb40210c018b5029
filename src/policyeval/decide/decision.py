"""Matched rules -> one Decision: the highest priority wins, with its evidence, the full trace (rules
that matched, and rules that would have matched but for a statement that does not hold for this
patient), the prior-authorization criteria checked against the profile, and what to do next.

Where the profile leaves a statement's scope open, the case is decided for each answer the patient
could give (scenarios.py): the same outcome settles it; different outcomes give `unknown`, naming
the question and what each answer gives."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from ..dsl.syntax import Rule
from ..dsl.versions import version_text
from ..models import BASES, TREATMENT_LABELS, Decision, Evidence, Finding, TraceEntry
from .case import CaseFacts
from .criteria import checklist
from .ruleset import RuleSet
from .scenarios import Question, combinations, describe, questions_for
from .scope import Fit
from .threevalued import support
from .wording import fill

# A rider outranks what it amends; the plan's own documents outrank its summary, which outranks an
# insurer's general policy.
DOCUMENT_RANK = {"rider": 0, "eoc": 1, "sbc": 2, "medicare_summary": 2, "formulary": 3, "policy": 4, "other": 5}
PA_CAVEAT = (
    "Prior authorization is not a promise of payment: ask for the approval, its reference number and "
    "its end date in writing."
)
DEFAULT_NEXT = {
    "covered": ["Confirm with the insurer that the provider is in network and what your cost share is per session."],
    "pa_required": [PA_CAVEAT],
    "experimental_exclusion": [
        "Ask the insurer for the denial or exclusion in writing, with the policy it relies on.",
        "You can appeal: internal appeal first, then an external review by an independent reviewer "
        "(your plan's appeals section names who to contact; in an SBC it is 'Your Grievance and Appeals "
        "Rights').",
    ],
    "unknown": [],
}
# What each verdict means, in the words an "it depends" answer uses.
VERDICT_WORDS = {
    "covered": "covered",
    "pa_required": "covered with prior authorization",
    "experimental_exclusion": "not covered (excluded)",
    "unknown": "not settled by your documents",
}


def _label(treatment: str) -> str:
    return TREATMENT_LABELS.get(treatment, treatment)


# The modifiers of the statements that say what a verdict says: they come first in its evidence.
VERDICT_MODIFIERS = {
    "covered": frozenset({"covered"}),
    "pa_required": frozenset({"prior_authorization"}),
    "experimental_exclusion": frozenset({"excluded", "experimental"}),
}


def _evidence_order(verdict: str) -> Callable[[Finding], tuple[int, int, str, int]]:
    says = VERDICT_MODIFIERS.get(verdict, frozenset())

    def key(f: Finding) -> tuple[int, int, str, int]:
        rank = DOCUMENT_RANK.get(f.evidence.document_kind, 5)
        return (0 if f.modifiers & says else 1, rank, f.evidence.document, f.evidence.page)

    return key


def decide(ruleset: RuleSet, facts: CaseFacts) -> Decision:
    """The decision for this case; `unknown` naming the question when an unanswered profile question
    changes the outcome."""
    open_fits = _open_fits(ruleset, facts)
    if not open_fits:
        return decide_once(ruleset, facts)
    questions = questions_for(open_fits, facts.patient, facts.lexicon)
    combos = combinations(questions)
    if not questions or combos is None:
        return _unasked(decide_once(ruleset, facts), questions)
    outcomes = [(answers, decide_once(ruleset, facts.assuming(answers))) for answers in combos]
    asked, outcomes = _what_matters(questions, outcomes)
    if not asked:
        agreed = outcomes[0][1]
        asks = " or ".join(q.asks for q in questions)
        for t in agreed.trace:
            if t.winner:
                t.note += f"; the same answer whatever {asks}"
        return agreed
    return _depends(ruleset, facts, asked, outcomes)


def _what_matters(
    questions: list[Question], outcomes: list[tuple[dict[str, object], Decision]]
) -> tuple[list[Question], list[tuple[dict[str, object], Decision]]]:
    """Only the questions whose answer changes the verdict are asked: a question is dropped when,
    whatever the other answers, each of its answers gives the same verdict; the outcomes that then
    read alike are told once (the one with the most explicit basis, the first tried on a tie)."""
    kept = list(questions)
    for q in questions:
        others = [k.key for k in kept if k.key != q.key]
        verdicts: dict[tuple[object, ...], set[str]] = {}
        for answers, d in outcomes:
            verdicts.setdefault(tuple(answers.get(k) for k in others), set()).add(d.verdict)
        if all(len(v) == 1 for v in verdicts.values()):
            kept = [k for k in kept if k.key != q.key]
    keys = [k.key for k in kept]
    merged: dict[tuple[object, ...], tuple[dict[str, object], Decision]] = {}
    for answers, d in outcomes:  # in the order tried; per kept answer, the most explicit basis
        key = tuple(answers[k] for k in keys)
        if key not in merged or _basis_rank(d) < _basis_rank(merged[key][1]):
            merged[key] = ({k: answers[k] for k in keys}, d)
    return kept, list(merged.values())


def _basis_rank(d: Decision) -> int:
    return BASES.index(d.basis) if d.basis in BASES else len(BASES)


def _open_fits(ruleset: RuleSet, facts: CaseFacts) -> list[Fit]:
    concepts = {facts.profile.treatment if c == "treatment" else c for c in ruleset.concepts}
    out = []
    for concept in sorted(concepts):
        for st in facts.statements.scoped_about(concept):
            f = facts.fit(st)
            if f.status == "open":
                out.append(f)
    return out


def decide_once(ruleset: RuleSet, facts: CaseFacts) -> Decision:
    """The decision with every statement's scope settled (applies or not) for this case."""
    matched = ruleset.matched(facts)
    treatment = facts.profile.treatment
    documents = sorted(facts.document_kinds)
    if not matched:
        return Decision(
            treatment,
            "unknown",
            "none",
            "No rule applies to these documents and this profile (the rule set has no fallback rule).",
            documents=documents,
            insurer=facts.insurer,
            next_steps=["Ask the insurer directly, or add a fallback rule to the rule set."],
        )
    ranked = sorted(matched, key=lambda r: (-(r.priority or 0), r.order))
    winner = ranked[0]
    evidence = _evidence(ruleset, facts, winner)
    values = _values(facts, winner, evidence)
    trace = _trace(ranked, winner, evidence, facts) + _not_applying(ruleset, facts, matched)
    trace.sort(key=lambda t: -t.priority)  # stable: matched rules before those that do not apply
    criteria, notes = checklist(ruleset, facts, winner, evidence) if winner.verdict == "pa_required" else ([], [])
    next_steps = [fill(s, values) for s in winner.next_steps] + notes
    for c in criteria:
        if c.status == "not_met":
            next_steps.append(
                f"Not met: {c.description} ({c.detail}). Ask your doctor whether an exception "
                "or another route applies before the request is sent."
            )
        elif c.status == "not_given":
            step = f"Gather: {c.proof}" if c.proof else f"Find out: {c.description}"
            next_steps.append(f"{step} — needed for “{c.description}”.")
    next_steps += [s for s in DEFAULT_NEXT.get(winner.verdict, []) if s not in next_steps]
    return Decision(
        treatment=treatment,
        verdict=winner.verdict,
        basis=winner.basis,
        reason=fill(winner.reason, values) if winner.reason else f"Rule {winner.name} decided.",
        evidence=evidence,
        trace=trace,
        criteria=criteria,
        next_steps=next_steps,
        insurer=facts.insurer,
        rule=winner.name,
        source=values["source"],
        documents=documents,
    )


def _evidence(ruleset: RuleSet, facts: CaseFacts, winner: Rule) -> list[Evidence]:
    """The passages behind the winner's condition, the plan's own documents first."""
    params = ruleset.params_for(winner)
    found = (
        sorted(support(winner.when, facts, ruleset.lowerer, params), key=_evidence_order(winner.verdict))
        if winner.when is not None
        else []
    )
    evidence: list[Evidence] = []
    for f in found:
        if all(
            (e.document, e.page, e.quote) != (f.evidence.document, f.evidence.page, f.evidence.quote) for e in evidence
        ):
            evidence.append(f.evidence)
    if not evidence and winner.basis == "insurer_policy" and facts.insurer_source not in ("", "profile"):
        # The pack applies because the documents name the insurer: show where they do.
        evidence = [f.evidence for f in facts.findings if f.kind == "insurer" and f.concept == facts.insurer][:1]
    return evidence


def _insurer_label(facts: CaseFacts, insurer: str) -> str:
    if insurer in facts.lexicon.insurers:
        return facts.lexicon.insurers[insurer].label
    return insurer.replace("_", " ").title() if insurer else "your insurer"


def _values(facts: CaseFacts, winner: Rule, evidence: list[Evidence]) -> dict[str, str]:
    """What a rule's reason and next steps may name: {treatment}, {quote}, {carriers} ..."""
    first = evidence[0] if evidence else None
    non_medical = [
        f"{name} is {_article(facts.about.get(name) or 'non-medical')} document"
        for name, kind in sorted(facts.document_kinds.items())
        if kind == "non_medical"
    ]
    return {
        "treatment": _label(facts.profile.treatment),
        "insurer": _insurer_label(facts, facts.insurer),
        "carriers": ", ".join(_insurer_label(facts, c) for c in facts.carriers),
        "non_medical": "; ".join(non_medical),
        "insurer_policy": _insurer_policy(facts),
        "document": first.document if first else "",
        "page": str(first.page) if first else "",
        "quote": first.quote if first else "",
        "row": (first.row or first.section) if first else "",
        "source": winner.source.cite() if winner.source else "",
    }


def _insurer_policy(facts: CaseFacts) -> str:
    """Why no insurer policy decided, naming the carrier (or the candidates) where known."""
    treatment = _label(facts.profile.treatment)
    if facts.carriers:
        names = ", ".join(_insurer_label(facts, c) for c in facts.carriers)
        return (
            f"Your documents name more than one carrier ({names}), so it is not clear whose medical policy "
            "applies: add your medical insurer (as on your member ID card) to your answers."
        )
    if not facts.insurer:
        return "Your insurer is not known from your answers or your documents, so no insurer policy could be applied."
    label = _insurer_label(facts, facts.insurer)
    if facts.profile.treatment in facts.packs.get(facts.insurer, ()):
        return f"{label}'s published policy, as encoded here, does not decide this case."
    return (
        f"No published policy of {label} on {treatment} is encoded in these rules: ask {label} for its medical policy."
    )


def _article(words: str) -> str:
    return ("an " if words[:1].lower() in "aeiou" else "a ") + words


def _trace(ranked: list[Rule], winner: Rule, evidence: list[Evidence], facts: CaseFacts) -> list[TraceEntry]:
    first = evidence[0] if evidence else None
    trace = []
    for r in ranked:
        if r is winner:
            note = "highest priority"
            if first:
                place = f"entry {first.pointer}" if first.pointer else f"page {first.page}"  # JSON files: pointer
                note += f"; decided by {first.document} {place}"
                if first.document_kind:
                    note += f" ({first.document_kind})"
                note += _replaces(facts, first)
            if r.version is not None:
                note += f"; policy version {version_text(r.version)}, in force on {facts.service_date}"
        elif (r.priority or 0) == (winner.priority or 0):
            note = f"same priority as {winner.name}, declared later"
        else:
            note = f"lower priority than {winner.name} ({r.priority} < {winner.priority})"
        trace.append(_entry(r, r is winner, note))
    return trace


def _entry(r: Rule, winner: bool, note: str) -> TraceEntry:
    version = r.version.date if r.version is not None else ""
    return TraceEntry(r.name, r.priority or 0, r.verdict, r.basis, r.pos.file, r.pos.line, winner, note, version)


def _replaces(facts: CaseFacts, first: Evidence) -> str:
    """'; it replaces eoc.pdf page 40' when the deciding passage is a rider's that replaced another."""
    mark = f"replaced by {first.document} page {first.page} "
    replaced = [a.statement.finding.evidence for a in facts.statements.set_aside if a.reason.startswith(mark)]
    return "".join(f"; it replaces {e.document} page {e.page}" for e in replaced[:3])


def _not_applying(ruleset: RuleSet, facts: CaseFacts, matched: list[Rule]) -> list[TraceEntry]:
    """Rules that would have matched if every statement counted, with why the ones they need do not
    hold for this patient ("does not apply: out-of-network providers only (sbc.pdf page 3)")."""
    st = facts.statements
    if not st.set_aside and not any(
        s.scoped and facts.fit(s).status != "applies" for ss in st.by_concept.values() for s in ss
    ):
        return []
    loose = facts.ignoring_scope()
    out = []
    for r in sorted(ruleset.matched(loose), key=lambda r: (-(r.priority or 0), r.order)):
        if r in matched or r.when is None:
            continue
        reasons = []
        for f in support(r.when, loose, ruleset.lowerer, ruleset.params_for(r)):
            why = facts.why_not(f)
            if why:
                reasons.append(f"{why} ({f.evidence.document} page {f.evidence.page})")
        if reasons:
            note = "does not apply: " + "; ".join(dict.fromkeys(reasons))
            out.append(_entry(r, False, note))
    return out


def _depends(
    ruleset: RuleSet, facts: CaseFacts, questions: list[Question], outcomes: list[tuple[dict[str, object], Decision]]
) -> Decision:
    """`unknown`: the answer turns on questions the profile leaves open; say what each answer gives
    (with the page that decides it) and what settles it. No passage decides, so no evidence."""
    asks = " and ".join(q.asks for q in questions)
    parts = []
    trace: list[TraceEntry] = []
    for answers, d in outcomes:
        where = f" ({d.evidence[0].document} page {d.evidence[0].page})" if d.evidence else ""
        parts.append(f"{describe(questions, answers)}: {VERDICT_WORDS.get(d.verdict, d.verdict)}{where}")
        for t in d.trace:
            if t.winner:
                trace.append(replace(t, winner=False, note=f"decides {describe(questions, answers)}"))
    trace.sort(key=lambda t: -t.priority)
    criteria_source = next((d for _, d in outcomes if d.verdict == "pa_required"), None)
    next_steps = [q.step for q in questions]
    if criteria_source is not None:
        next_steps += [s for s in criteria_source.next_steps if s.startswith(("Gather:", "Not met:"))]
    return Decision(
        treatment=facts.profile.treatment,
        verdict="unknown",
        basis="none",
        reason=f"It depends on {asks}, which your answers don't give yet: " + "; ".join(parts) + ".",
        evidence=[],  # no passage decides: the reason names each answer's page
        trace=trace,
        criteria=criteria_source.criteria if criteria_source else [],
        next_steps=next_steps,
        insurer=facts.insurer,
        rule="",
        documents=sorted(facts.document_kinds),
    )


def _unasked(d: Decision, questions: list[Question]) -> Decision:
    """Too many open questions to try every answer: statements they leave open did not count."""
    d.next_steps = [q.step for q in questions] + d.next_steps
    return d
