"""A passage's statements about one concept. A concept named in a sentence usually makes one
statement, bound to its own clause and the sentence's clauses that name nothing; but clauses that
say opposite things ("covered in network; not covered out of network", "covered in an office and
not covered at home") or name different networks, routes or settings are separate statements, each
with its own scope. A clause with no subject of its own binds to the concept before it."""

from __future__ import annotations

from dataclasses import dataclass

from ..models import Page, Word
from .build import Builder, Hit
from .clauses import Verdict, clause_modifiers, conditions, own_verdict, settle
from .polarity import HEDGED
from .scope import Qualifiers, benefit_of, clause_qualifiers, merge
from .sentences import Clause, Passage

POSITIVE = {"covered"}
NEGATIVE = {"excluded", "experimental"}


@dataclass
class Unit:
    """A clause as one piece of a statement: what it says alone and for whom."""

    clause: Clause | None  # None: the row's own cost cells
    mods: set[str]
    quals: Qualifiers
    own: bool  # names the concept itself


def opposed(a: set[str], b: set[str]) -> bool:
    """Modifier sets that cannot be one statement."""
    if (a & POSITIVE and b & NEGATIVE) or (b & POSITIVE and a & NEGATIVE):
        return True
    if ("prior_authorization" in a and "pa_not_required" in b) or (
        "prior_authorization" in b and "pa_not_required" in a
    ):
        return True
    return bool(("prior_authorization" in a and b & NEGATIVE) or ("prior_authorization" in b and a & NEGATIVE))


def _for_whom(q: Qualifiers) -> tuple[object, ...]:
    return (
        q.benefit,
        q.network,
        frozenset(q.routes),
        q.other_routes,
        frozenset(q.settings),
        frozenset(q.indications),
        q.other_indications,
        q.age_min,
        q.age_max,
    )


def split_units(units: list[Unit]) -> list[list[Unit]]:
    """Group units into statements. A unit joins the first statement it does not contradict: one
    that names a different network, route or setting, or says the opposite for different people
    ("covered in network" / "not covered out of network"), starts its own. Opposite wording for
    the same people stays one statement, read as before (PA required beats "not required for
    emergencies"). A unit that says nothing is dropped; one with only qualifiers joins every
    statement whose own clauses leave that field open."""
    groups: list[list[Unit]] = []
    loose: list[Unit] = []
    for u in units:
        if not u.mods and not u.own:
            if not u.quals.empty():
                loose.append(u)
            continue
        for g in groups:
            said = [x for x in g if x.mods or x.own]
            gm = set().union(*(x.mods for x in said))
            if opposed(gm, u.mods) and any(_for_whom(x.quals) != _for_whom(u.quals) for x in said):
                continue
            if u.mods and any(x.quals.network != u.quals.network for x in said if x.mods):
                continue  # "covered" for everyone, "prior authorization for out-of-network providers"
            g.append(u)
            break
        else:
            groups.append([u])
    for g in groups:
        g.extend(loose)
    return groups


def emit_statements(
    b: Builder,
    page: Page,
    passage: Passage,
    first: Hit,
    own: list[Clause],
    shared: list[Clause],
    device: str,
    service: str = "",
    context: set[str] | None = None,
    always: set[str] | None = None,
) -> list[tuple[set[str], Verdict]]:
    """Emit the concept's statements in this passage; `context` adds modifiers a heading or lead-in
    gives every statement without a verdict of its own, `always` modifiers every statement has."""
    kind = first.kind
    words = tuple(first.words)
    units = [
        Unit(
            c,
            unit_mods(clause_modifiers([c], passage, kind, [], service)),
            _quals(b, c, first, words),
            c in own,
        )
        for c in _in_order(passage, own + [c for c in shared if c not in own])
    ]
    out: list[tuple[set[str], Verdict]] = []
    groups = split_units(units) or [[u for u in units if u.own]]
    for g in groups:
        g_own = [u.clause for u in g if u.own and u.clause is not None]
        g_shared = [u.clause for u in g if not u.own and u.clause is not None]
        v = clause_modifiers(g_own, passage, kind, g_shared, service)
        q = merge([u.quals for u in g])
        family = [c for c in passage.clauses if any(c.group == o.group for o in g_own)]
        if not (q.indications or q.other_indications):
            q = merge([q] + [_quals(b, c, first, words) for c in family if c not in g_own])
        mods, scope = settle(v, q, b.doc.kind)
        if q.benefit and mods & NEGATIVE and not mods & POSITIVE and _routed(q.benefit, passage):
            mods -= NEGATIVE  # "not covered under Part D because it is covered under Part B": where, not whether
        how = device
        if (
            passage.adjacent >= 0
            and not own_verdict(g_own)
            and any(_index(passage, c) >= passage.adjacent for c in g_shared)
        ):
            how = "adjacent_sentence"
        if context and not own_verdict(g_own + g_shared):
            mods |= context
            if context & {"excluded", "experimental"}:
                mods.discard("covered")
            how = "list_heading"
        mods |= always or set()
        if out and not mods - {"non_psychiatric"}:
            continue  # a further statement that says nothing in these modifiers
        b.emit(page, first, mods, conditions(g_own + g_shared), passage, v.deciding, scope, how)
        out.append((mods, v))
    return out


def _routed(benefit: str, passage: Passage) -> bool:
    """An exclusion under one benefit in a passage that says (or gives as the reason) coverage under
    another benefit: the treatment is routed to the other benefit, not excluded."""
    return any(
        benefit_of(c) not in ("", benefit) and (c.mods("covered") or c.mods(HEDGED) or c.mods("prior_authorization"))
        for c in passage.clauses
    )


def unit_mods(v: Verdict) -> set[str]:
    """What one clause says, in full (what only its scope will say included): for splitting."""
    mods = set(v.mods)
    if v.oon_excluded and "covered" not in v.mods:
        mods.add("excluded")
    if v.oon_pa:
        mods.add("prior_authorization")
    return mods | v.other_mods


def _quals(b: Builder, c: Clause, first: Hit, words: tuple[Word, ...]) -> Qualifiers:
    return clause_qualifiers(c, b.lex, first.concept, words)


def _index(passage: Passage, c: Clause) -> int:
    return next((i for i, x in enumerate(passage.clauses) if x is c), -1)


def _in_order(passage: Passage, clauses: list[Clause]) -> list[Clause]:
    index = {id(c): i for i, c in enumerate(passage.clauses)}
    return sorted(clauses, key=lambda c: index.get(id(c), 0))
