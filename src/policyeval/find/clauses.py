"""What one clause says about the concepts in it: prior authorization (stated or negated, and
whether it binds this service and network), exclusion, experimental, coverage, restriction to an
indication. Modifiers bind to their own clause and the sentence's concept-free clauses, never to
the page: "Preauthorization is not required for emergency admissions" says nothing about the
outpatient row below it."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..lexicon import Match, squash
from ..models import Scope, Word
from .scope import Qualifiers, consequence_clause, out_of_network, to_scope
from .sentences import Clause, Passage

PSYCHIATRIC = {"trd", "mdd", "mdsi", "ptsd", "anxiety", "bipolar", "ocd", "sud"}
# How far (in squashed characters) a negation may sit from the PA phrase it negates.
NEGATION_REACH_AFTER = 6
NEGATION_REACH_BEFORE = 4
# "will not pay more", "do not pay extra": about cost, not coverage.
COST_AFTER = {"more", "extra", "anything", "than", "twice"}
# A PA phrase followed by one of these names something ("the Prior Authorization section").
NAMES_AFTER = {"penalty", "penalties", "section", "chapter", "part", "program", "department", "team", "unit"}
# How many tokens before an experimental word a "not" still negates it ("not considered experimental or
# investigational").
NEGATION_TOKENS = 4
# How far (squashed characters) after a PA phrase an out-of-network qualifier still scopes it.
OON_REACH = 10

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
    "yes",  # "Covered: Yes"
}


def pa_state(cl: Clause, service: str = "") -> str | None:
    """'positive', 'negated', 'oon' (required only of out-of-network providers) or None for the
    prior-authorization wording of one clause. A requirement for inpatient care does not bind an
    outpatient row. A consequence of skipping approval ("benefits are reduced by 50% if you don't get
    precertification") and coverage gated by criteria are requirements too."""
    pas = cl.mods("prior_authorization")
    negs = cl.mods("pa_negation")
    conseq = consequence_clause(cl)
    if not pas and (cl.mods("criteria_gate") or cl.criteria_met()) and not negs:
        return "positive"  # "medically necessary when all of the following are met": coverage subject to PA
    if not pas and conseq:
        pas = [m for m in cl.mods("consequence")]  # "claims not pre-approved will be denied"
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
        if cl.token(pa.end) in NAMES_AFTER:
            continue  # "Pre-Authorization Penalties", "the Prior Authorization section": a name, not a requirement
        negated = not conseq and any(
            n.start <= pa.end + NEGATION_REACH_AFTER
            and n.end >= pa.start - NEGATION_REACH_BEFORE
            and "only" not in (cl.token(n.end), cl.token(n.end + 1))  # "waived only in an emergency"
            and not any(pa.end <= e.start < n.start for e in cl.mods("exception"))  # "..., except that no PA ..."
            and not _after_exclusion(cl, n)  # "not covered without prior authorization": required
            for n in negs
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
            state = "oon"
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


def covered(cl: Clause) -> list[Match]:
    """Coverage wording; a bare 'covered' counts as a predicate ('... is covered when'), not as the
    adjective in 'a covered procedure' or 'covered services'. A question or an open decision
    ("whether it is covered is decided case by case") states no coverage."""
    if cl.mods("hypothetical") or (cl.words and cl.words[-1].text.endswith("?")):
        return []
    out = []
    for m in cl.mods("covered"):
        if squash(m.term) == "covered" and cl.token(m.end) not in COVERED_NEXT:
            continue
        if any(cl.token(i) == "neither" for i in range(m.start)):
            continue
        out.append(m)
    return out


# How many words after an exclusion "unless" / "without <approval>" makes it a condition.
UNLESS_REACH = 4
WITHOUT_REACH = 2


def unless_after(cl: Clause, m: Match) -> bool:
    """ "not covered unless ...", "not covered without prior authorization": a condition (the
    double negation states a requirement), not an exclusion."""
    if any(cl.token(i) == "unless" for i in range(m.end, min(len(cl.words), m.end + UNLESS_REACH))):
        return True
    for i in range(m.end, min(len(cl.words), m.end + WITHOUT_REACH + 1)):
        if cl.token(i - 1) in ("or", "and") or cl.words[i - 1].text.endswith((",", ";")):
            return False  # "not covered, with or without prior authorization"
        if cl.token(i) == "without" and (
            any(i <= p.start <= i + 3 for p in cl.mods("prior_authorization"))
            or any(n.start == i for n in cl.mods("pa_negation"))
        ):
            return True
    return False


def _after_exclusion(cl: Clause, n: Match) -> bool:
    """A "without ..." right after an exclusion is its condition, not a negated requirement."""
    return cl.token(n.start) == "without" and any(unless_after(cl, e) for e in cl.mods("excluded"))


def experimental(cl: Clause, other_uses: bool = False) -> list[Match]:
    """Experimental wording not negated ("not experimental", "no longer investigational"); one
    about "any other indication" only when `other_uses` asks for it."""
    if cl.other_uses() and not other_uses:
        return []  # "for any other indication ... investigational": about other uses
    out = []
    for m in cl.mods("experimental"):
        before = {cl.token(m.start - k) for k in range(1, NEGATION_TOKENS + 1)}
        if before & {"not", "never", "longer"}:
            continue  # "not considered experimental or investigational", "no longer investigational"
        out.append(m)
    return out


def excluded(cl: Clause, other_uses: bool = False) -> tuple[list[Match], bool]:
    """Exclusion wording of a clause that is not conditional ("not covered unless pre-authorized"),
    nor the consequence of skipping approval ("we will not pay if you don't get approval first"),
    and whether it is limited to out-of-network care."""
    if (cl.other_uses() and not other_uses) or cl.mods("exclusion_negation") or consequence_clause(cl):
        return [], False
    ex = [
        m
        for m in cl.mods("excluded")
        if not unless_after(cl, m) and not cl.token(m.end).isdigit() and cl.token(m.end) not in COST_AFTER
    ]
    if ex and cl.mods("all_networks"):
        return ex, False  # "excluded, whether you see a network or an out-of-network provider"
    neither = next((i for i in range(len(cl.words)) if cl.token(i) == "neither"), None)
    if not ex and neither is not None:
        ex = [m for m in cl.mods("covered") if m.start > neither]  # "neither X nor Y is covered"
    return ex, bool(ex and out_of_network(cl))


# Words that make a limit a statement of coverage ("coverage of X is limited to ...").
BENEFIT_WORDS = {"coverage", "benefits", "benefit"}


def _limits_a_benefit(c: Clause) -> bool:
    if not (c.mods("restriction") or any(c.token(i) in ("solely", "only") for i in range(len(c.words)))):
        return False
    return any(c.token(i) in BENEFIT_WORDS for i in range(len(c.words))) and not c.mods("pa_negation")


def own_verdict(clauses: list[Clause]) -> bool:
    return any(
        c.mods("prior_authorization") or covered(c) or c.mods("excluded") or c.mods("pa_negation") for c in clauses
    )


def conditions(clauses: list[Clause]) -> list[str]:
    return [m.key for cl in clauses for m in cl.concepts(("condition",))]


@dataclass
class Verdict:
    """What a statement's clauses say: the modifiers they state for the statement's own subject, and
    what belongs to the scope instead (`settle` turns both into the statement's modifiers and Scope)."""

    mods: set[str]
    deciding: list[Word]  # the words that decided (boxed in the evidence)
    other_mods: set[str] = field(default_factory=set)  # excluded / experimental about "any other indication"
    carve_out: bool = False  # "excluded except for <condition>": covered in `mods` until settled
    oon_pa: bool = False  # prior authorization asked of out-of-network providers only
    oon_excluded: bool = False  # "not covered" said of out-of-network care only


def settle(v: Verdict, q: Qualifiers, document_kind: str = "") -> tuple[set[str], Scope]:
    """The statement's modifiers and scope: what is said only of out-of-network care or of "any other
    indication" becomes the modifier with that scope ("not covered out of network" = `excluded` with
    network out_of_network; "excluded except for TRD" = `excluded` for every indication other than TRD).
    Coverage in an insurer policy is coverage when its criteria are met: prior authorization."""
    mods = set(v.mods)
    if document_kind == "policy" and "covered" in mods:
        mods.add("prior_authorization")
    if v.oon_excluded and "covered" not in mods:
        mods.add("excluded")
        q.network = "out_of_network"
    if v.other_mods:
        mods |= v.other_mods
        q.other_indications = True
    if v.carve_out:
        mods = (mods - {"covered"}) | {"excluded"}
        q.other_indications = True
    if v.oon_pa:
        mods.add("prior_authorization")
        q.network = "out_of_network"
    return mods, to_scope(q)


def clause_modifiers(
    hit_clauses: list[Clause], passage: Passage, kind: str, shared: list[Clause], service: str = ""
) -> Verdict:
    """Modifiers from a concept's own clauses plus the sentence's concept-free clauses.

    Long because the interactions are the point: PA first (positive beats negated), then "other
    uses" (the exclusion is about the other indications), exclusion and experimental per clause,
    the anesthetic carve-out and the indication carve-out ("excluded except for TRD")."""
    family = [c for c in passage.clauses if any(c.group == h.group for h in hit_clauses)] or hit_clauses
    v = Verdict(set(), [])
    mods = v.mods
    bind = hit_clauses + [c for c in shared if c not in hit_clauses]
    states = [(pa_state(c, service), c) for c in bind]
    if any(s == "positive" for s, _ in states):
        mods.add("prior_authorization")
        for s, c in states:
            if s == "positive":
                for m in c.mods("prior_authorization"):
                    v.deciding += c.words[m.start : m.end]
                break
    elif any(s == "negated" for s, _ in states):
        mods.add("pa_not_required")
    v.oon_pa = "prior_authorization" not in mods and any(s == "oon" for s, _ in states)
    other_uses = any(c.other_uses() for c in family + hit_clauses + (bind if not hit_clauses else []))
    appeals = kind == "exclusion" and any(c.mods("appeals") for c in bind + family)
    for c in bind:
        if other_uses:
            if covered(c) and not c.mods("excluded"):
                mods.add("covered")
            if excluded(c, other_uses=True)[0]:
                v.other_mods.add("excluded")
            if experimental(c, other_uses=True):
                v.other_mods.add("experimental")
            continue  # "... for any other indication is investigational": about the other uses
        ex, oon = excluded(c)
        if kind == "exclusion":
            # "not Medically Necessary or Experimental" lists two denial grounds; appeal text names
            # grounds for a denial: neither is the plan excluding experimental services
            ex = [] if appeals else [m for m in ex if squash(m.term) != "notmedicallynecessary"]
        if ex:
            if oon:
                v.oon_excluded = True
            else:
                mods.add("excluded")
                v.deciding += c.words[ex[0].start : ex[0].end]
        exp = experimental(c)
        if exp:
            mods.add("experimental")
            v.deciding += c.words[exp[0].start : exp[0].end]
        if covered(c) and not ex:
            mods.add("covered")
        elif not ex and not exp and _limits_a_benefit(c):
            mods.add("covered")  # "coverage is limited to TRD", "benefits are limited to 6 infusions a year"
    for c in bind:
        for m in c.mods("quantity_limit") + c.mods("step_therapy"):
            mods.add(m.key)
    # "not covered, except as an anesthetic": the exclusion is aimed at every other (psychiatric) use
    anesthetic_carve_out = "excluded" in mods and any(c.mods("exception") and c.mods("non_psychiatric") for c in family)
    if (
        kind == "treatment"
        and not anesthetic_carve_out
        and any(c.mods("non_psychiatric") for c in family)
        and not (set(conditions(family)) & PSYCHIATRIC)
    ):
        mods.add("non_psychiatric")  # anesthesia / controlled-substance context, no psychiatric indication
    if "excluded" in mods and any(c.mods("exception") and conditions([c]) for c in family):
        # "excluded except for members with treatment-resistant depression": excluded for every other indication
        mods -= {"excluded"}
        mods.add("covered")
        v.carve_out = True
    if "excluded" in mods or "experimental" in mods:
        if not any(covered(c) and not excluded(c)[0] for c in hit_clauses):
            mods.discard("covered")
    return v
