"""What one clause says about the concepts in it: prior authorization (stated or negated, and
whether it binds this service and network), exclusion, experimental, coverage, restriction to an
indication. Modifiers bind to their own clause and the sentence's concept-free clauses, never to
the page: "Preauthorization is not required for emergency admissions" says nothing about the
outpatient row below it."""

from __future__ import annotations

from ..lexicon import Match, squash
from ..models import Word
from .sentences import Clause, Passage

PSYCHIATRIC = {"trd", "mdd", "mdsi", "ptsd", "anxiety", "bipolar", "ocd", "sud"}
# How far (in squashed characters) a negation may sit from the PA phrase it negates.
NEGATION_REACH_AFTER = 6
NEGATION_REACH_BEFORE = 4
# How far (squashed characters) after a PA phrase an out-of-network qualifier still scopes it.
OON_REACH = 10

# 'non-preferred' before one of these is a drug tier, not a provider network.
DRUG_TIER_WORDS = {
    "brand",
    "generic",
    "drug",
    "drugs",
    "formulary",
    "specialty",
    "tier",
    "medication",
    "medications",
    "prescription",
    "prescriptions",
    "brand-name",
    "name",
}
# A bare 'covered' is a predicate when followed by one of these ("is covered when ..."), not the
# adjective of "covered services".
COVERED_NEXT = {
    "",
    "when",
    "if",
    "for",
    "under",
    "as",
    "only",
    "with",
    "at",
    "in",
    "by",
    "subject",
    "unless",
    "and",
    "or",
    "but",
    "after",
    "once",
    "up",
    "to",
    "through",
    "from",
    "on",
    "if/when",
    "even",
}


def pa_state(cl: Clause, service: str = "") -> str | None:
    """'positive', 'negated' or None for the prior-authorization wording of one clause.
    A requirement scoped to out-of-network providers, or to inpatient care when the row is an
    outpatient one, does not bind."""
    pas = cl.mods("prior_authorization")
    negs = cl.mods("pa_negation")
    if not pas:
        # "no prior authorization" alone
        return (
            "negated"
            if any(
                squash("authoriz") in squash(m.term) or "precert" in squash(m.term) or "approval" in m.term
                for m in negs
            )
            else None
        )
    oon = out_of_network(cl)
    state = None
    for pa in pas:
        if cl.token(pa.end) in ("penalty", "penalties"):
            continue  # "Pre-Authorization Penalties": a noun, not a requirement
        negated = any(
            n.start <= pa.end + NEGATION_REACH_AFTER and n.end >= pa.start - NEGATION_REACH_BEFORE for n in negs
        )
        if negated:
            state = state or "negated"
            continue
        if (
            cl.oon_context
            or any(o.end <= pa.start for o in oon)
            or any(
                0 <= o.start - pa.end <= OON_REACH
                and cl.token(o.start - 1) in ("for", "from", "by", "with", "at")
                and not {cl.token(o.start - 2), cl.token(o.start - 3)} & {"including", "also", "even", "and"}
                for o in oon
            )
        ):
            continue  # out-of-network only
        if service:
            svc = squash(service)
            inp = cl.mods("inpatient")
            outp = cl.mods("outpatient")
            if "outpatient" in svc and "inpatient" not in svc and inp and not outp:
                continue
            if "inpatient" in svc and "outpatient" not in svc and outp and not inp:
                continue
        return "positive"
    return state


def out_of_network(cl: Clause) -> list[Match]:
    """Out-of-network qualifiers of a clause; 'non-preferred' before a drug word is a drug tier."""
    return [
        m
        for m in cl.mods("out_of_network")
        if not (squash(m.term) == "nonpreferred" and cl.token(m.end).strip("/-") in DRUG_TIER_WORDS)
    ]


def covered(cl: Clause) -> list[Match]:
    """Coverage wording; a bare 'covered' counts as a predicate ('... is covered when'), not as the
    adjective in 'a covered procedure' or 'covered services'."""
    out = []
    for m in cl.mods("covered"):
        if squash(m.term) == "covered" and cl.token(m.end) not in COVERED_NEXT:
            continue
        out.append(m)
    return out


def unless_after(cl: Clause, m: Match) -> bool:
    return any(cl.token(i) == "unless" for i in range(m.end, min(len(cl.words), m.end + 4)))


def experimental(cl: Clause) -> list[Match]:
    if cl.mods("other_uses"):
        return []  # "for any other indication ... investigational": about other uses
    out = []
    for m in cl.mods("experimental"):
        before = {cl.token(m.start - 1), cl.token(m.start - 2)}
        if before & {"not", "never", "longer"}:
            continue
        out.append(m)
    return out


def excluded(cl: Clause) -> tuple[list[Match], bool]:
    """Exclusion wording of a clause that is not conditional ("not covered unless pre-authorized"),
    and whether it is limited to out-of-network care."""
    if cl.mods("other_uses") or cl.mods("exclusion_negation"):
        return [], False
    ex = [m for m in cl.mods("excluded") if not unless_after(cl, m)]
    return ex, bool(ex and out_of_network(cl))


def restricts(c: Clause) -> bool:
    """'covered only for <condition>' — but not 'not covered for <condition>'."""
    ex = c.mods("excluded")
    return bool(conditions([c])) and any(
        not any(e.span[0] < r.span[1] and r.span[0] < e.span[1] for e in ex) for r in c.mods("restriction")
    )


def own_verdict(clauses: list[Clause]) -> bool:
    return any(
        c.mods("prior_authorization") or covered(c) or c.mods("excluded") or c.mods("pa_negation") for c in clauses
    )


def conditions(clauses: list[Clause]) -> list[str]:
    return [m.key for cl in clauses for m in cl.concepts(("condition",))]


def clause_modifiers(
    hit_clauses: list[Clause], passage: Passage, kind: str, shared: list[Clause], service: str = ""
) -> tuple[set[str], list[Word]]:
    """Modifiers from a concept's own clauses plus the sentence's concept-free clauses, and the
    words that decided them (boxed in the evidence).

    Long because the interactions are the point: PA first (positive beats negated), then "other
    uses" (the exclusion is about the other indications), exclusion and experimental per clause,
    the anesthetic carve-out and the indication carve-out ("excluded except for TRD")."""
    family = [c for c in passage.clauses if any(c.group == h.group for h in hit_clauses)] or hit_clauses
    mods: set[str] = set()
    deciding: list[Word] = []
    bind = hit_clauses + [c for c in shared if c not in hit_clauses]
    states = [(pa_state(c, service), c) for c in bind]
    if any(s == "positive" for s, _ in states):
        mods.add("prior_authorization")
        for s, c in states:
            if s == "positive":
                for m in c.mods("prior_authorization"):
                    deciding += c.words[m.start : m.end]
                break
    elif any(s == "negated" for s, _ in states):
        mods.add("pa_not_required")
    other_uses = any(c.mods("other_uses") for c in family + hit_clauses)
    appeals = kind == "exclusion" and any(c.mods("appeals") for c in bind + family)
    for c in bind:
        if other_uses:
            if covered(c) and not c.mods("excluded"):
                mods.add("covered")
            continue  # "... for any other indication is investigational": about the other uses
        ex, oon = excluded(c)
        if kind == "exclusion":
            # "not Medically Necessary or Experimental" lists two denial grounds; appeal text names
            # grounds for a denial: neither is the plan excluding experimental services
            ex = [] if appeals else [m for m in ex if squash(m.term) != "notmedicallynecessary"]
        if ex:
            if oon:
                mods.add("out_of_network_only")
            else:
                mods.add("excluded")
                deciding += c.words[ex[0].start : ex[0].end]
        exp = experimental(c)
        if exp:
            mods.add("experimental")
            deciding += c.words[exp[0].start : exp[0].end]
        if covered(c) and not ex:
            mods.add("covered")
    # "not covered, except as an anesthetic": the exclusion is aimed at every other (psychiatric) use
    anesthetic_carve_out = "excluded" in mods and any(c.mods("exception") and c.mods("non_psychiatric") for c in family)
    if (
        kind == "treatment"
        and not anesthetic_carve_out
        and any(c.mods("non_psychiatric") for c in family)
        and not (set(conditions(family)) & PSYCHIATRIC)
    ):
        mods.add("non_psychiatric")  # anesthesia / controlled-substance context, no psychiatric indication
    if any(restricts(c) for c in family):
        mods.add("restricted")
    if "excluded" in mods and any(c.mods("exception") and conditions([c]) for c in family):
        # "excluded except for members with treatment-resistant depression": coverage restricted to it
        mods -= {"excluded"}
        mods |= {"covered", "restricted"}
    if "excluded" in mods or "experimental" in mods:
        if not any(covered(c) and not excluded(c)[0] for c in hit_clauses):
            mods.discard("covered")
    return mods, deciding
