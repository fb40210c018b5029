"""Matched rules -> one Decision: the highest priority wins, with its evidence, the full trace,
the prior-authorization criteria checked against the profile, and what to do next."""

from __future__ import annotations

from ..dsl.versions import version_text
from ..models import Decision, Evidence, Finding, TraceEntry
from .case import CaseFacts
from .criteria import check_criteria
from .ruleset import RuleSet
from .threevalued import support
from .wording import fill

TREATMENT_LABELS = {"iv_ketamine": "IV ketamine infusion", "esketamine_nasal": "Spravato (esketamine nasal spray)"}
# The plan's own documents outrank its summary, which outranks an insurer's general policy.
DOCUMENT_RANK = {"eoc": 0, "sbc": 1, "policy": 2, "other": 3}
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
        "(your SBC's 'Your Grievance and Appeals Rights' section names who to contact).",
    ],
    "unknown": [],
}


def _label(treatment: str) -> str:
    return TREATMENT_LABELS.get(treatment, treatment)


def _evidence_order(f: Finding) -> tuple[int, str, int]:
    return (DOCUMENT_RANK.get(f.evidence.document_kind, 3), f.evidence.document, f.evidence.page)


def decide(ruleset: RuleSet, facts: CaseFacts) -> Decision:
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
    params = ruleset.params_for(winner)
    found = (
        sorted(support(winner.when, facts, ruleset.lowerer, params), key=_evidence_order)
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
    first = evidence[0] if evidence else None
    insurer_label = (
        facts.lexicon.insurers[facts.insurer].label
        if facts.insurer in facts.lexicon.insurers
        else (facts.insurer or "your insurer")
    )
    values = {
        "treatment": _label(treatment),
        "insurer": insurer_label,
        "document": first.document if first else "",
        "page": str(first.page) if first else "",
        "quote": first.quote if first else "",
        "row": (first.row or first.section) if first else "",
        "source": winner.source.cite() if winner.source else "",
    }
    trace = []
    for r in ranked:
        note = ""
        if r is winner:
            note = "highest priority"
            if first:
                note += f"; decided by {first.document} page {first.page}"
                if first.document_kind:
                    note += f" ({first.document_kind})"
            if r.version is not None:
                note += f"; policy version {version_text(r.version)}, in force on {facts.service_date}"
        elif (r.priority or 0) == (winner.priority or 0):
            note = f"same priority as {winner.name}, declared later"
        else:
            note = f"lower priority than {winner.name} ({r.priority} < {winner.priority})"
        version = r.version.date if r.version is not None else ""
        trace.append(
            TraceEntry(r.name, r.priority or 0, r.verdict, r.basis, r.pos.file, r.pos.line, r is winner, note, version)
        )
    criteria = check_criteria(ruleset, facts) if winner.verdict == "pa_required" else []
    next_steps = [fill(s, values) for s in winner.next_steps]
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
