"""Table rows -> findings. A modifier binds to all the cells of its row: the service named in the
row takes the row's prior authorization, its cost cells say covered (a priced in-network cell) or
not covered, and an out-of-network "Not covered" beside a priced in-network cell means covered in
network, not excluded. A concept named inside a cell (not the row's service) takes its own
clause's wording, or the row's when its clause says nothing ("Includes Spravato")."""

from __future__ import annotations

import re

from ..lexicon import Lexicon, normalize, squash
from ..models import Page, Row, Word
from .build import Builder, Hit, hits_in, merge_hits
from .clauses import (
    PSYCHIATRIC,
    Verdict,
    clause_modifiers,
    conditions,
    covered,
    excluded,
    experimental,
    own_verdict,
    pa_state,
    settle,
)
from .scope import ONLY_WORDS, Qualifiers, clause_qualifiers, merge, out_of_network
from .sentences import CONCEPT_KINDS, SUBJECT_KINDS, Clause, Matcher, Passage, cell_sentences, clauses
from .statements import Unit, emit_statements, split_units, unit_mods
from .tables import ANSWER, yes_no

PRICE = re.compile(
    r"\$\s?\d|\d\s?%|\bno\s+charge\b|\bco-?pay|\bco-?ins|\bcoinsurance\b|\bdeductible\b|"
    r"\bcovered\s+(in\s+)?full\b|\bfree\b|\bno\s+cost\b|\b0\s*%",
    re.I,
)
NOT_COVERED_CELL = re.compile(r"^\s*(not\s+(a\s+)?covered|excluded|no\s+coverage|n/?a|not\s+applicable)\b", re.I)
# "these services" after a sentence about out-of-network care inherits its network.
OON_ANAPHORA = ("these services", "such services", "this service", "these providers")
CONDITIONAL = ANSWER + "conditional"  # a column of coverage only under conditions: its marks neither cover nor exclude
# A Limitations-column clause this short is about the row itself (content words).
SHORT_CLAUSE_WORDS = 4


def _about_others(c: Clause, passage: Passage, subject: set[str] | None) -> bool:
    """A note (not a cost cell, not the service cell) naming services, none of them the row's subject."""
    if subject is None or passage.cell_of.get(id(c)) == "service" or cost_role(passage.cell_of.get(id(c))):
        return False
    named = {m.key for m in c.concepts(SUBJECT_KINDS)}
    return bool(named) and not named & subject


def cost_role(role: str | None) -> bool:
    """A chart's cost column: a network tier (in_network, in_network_2, ...) or out_of_network."""
    return role is not None and (role == "out_of_network" or role.startswith("in_network"))


def network_tiers(row: Row) -> list[str]:
    """The row's in-network cost cells, first tier first."""
    return [row.cells[k] for k in row.cells if k.startswith("in_network") and row.cells[k]]


def row_passage(row: Row, match: Matcher) -> Passage:
    """The row's clauses, cell by cell, with the cell each clause came from."""
    found: list[Clause] = []
    cell_of: dict[int, str] = {}
    for role in ["service"] + [k for k in row.cells]:
        words = row.cell_words.get(role, [])
        prev_oon = False
        for sent in cell_sentences(words):
            cls = clauses(sent, match)
            low = " ".join(normalize(w.text) for w in sent)
            anaphora = any(k in low for k in OON_ANAPHORA)
            for cl in cls:
                cl.oon_context = prev_oon and anaphora
                found.append(cl)
                cell_of[id(cl)] = role
            prev_oon = any(out_of_network(c) for c in cls)
    parts = [row.service] + [v for v in row.cells.values() if v]
    quote = " | ".join(p for p in parts if p)
    return Passage(found, quote, section=row.section, row=row.service, cell_of=cell_of, cells=dict(row.cells))


def row_findings(b: Builder, page: Page, row: Row) -> None:
    """Findings of one row: the concepts its service (or its section + service) names, and the
    concepts named inside its cells."""
    lex = b.lex
    passage = row_passage(row, b.match)
    hits = _row_hits(lex, passage, row)
    if not hits:
        return
    shared = [c for c in passage.clauses if not c.concepts(SUBJECT_KINDS) and c.shared]
    conds = conditions(passage.clauses)
    for group in merge_hits(hits):
        first = next((h for h in group if h.clause is None), group[0])
        if first.kind == "exclusion" and first.clause is not None and first.clause.concepts(("treatment",)):
            continue
        always = {"experimental"} if first.kind == "exclusion" else set()
        own = list(dict.fromkeys(h.clause for h in group if h.clause is not None))
        if first.clause is None or (not own_verdict(own) and not any(experimental(c) for c in own)):
            # the row's own subject, or "Includes Spravato": part of this row's benefit, so the row's terms apply
            extra = always | _named_extra(b, passage, row, first, own, conds)
            _row_subject(b, page, row, passage, first, extra, conds)
        else:
            cells = {passage.cell_of.get(id(c)) for c in own}
            same_cell = [c for c in shared if passage.cell_of.get(id(c)) in cells]
            emit_statements(b, page, passage, first, own, same_cell, "row", row.service, always=always)


def _named_extra(b: Builder, passage: Passage, row: Row, first: Hit, own: list[Clause], conds: list[str]) -> set[str]:
    """Modifiers the row's subject takes besides the row's: non_psychiatric (an anesthesia row)."""
    if own:
        return clause_modifiers(own, passage, first.kind, [], row.service).mods & {"non_psychiatric"}
    extra = set()
    service_text = row.service
    if (
        first.kind == "treatment"
        and any(
            m.group == "modifier" and m.key == "non_psychiatric"
            for m in b.lex.match(service_text.split() + row.section.split())
        )
        and not (set(conds) & PSYCHIATRIC)
    ):
        extra.add("non_psychiatric")
    return extra


def _row_subject(
    b: Builder, page: Page, row: Row, passage: Passage, first: Hit, extra: set[str], conds: list[str]
) -> None:
    """The row's statements about its subject: one, unless its Limitations clauses say opposite
    things or name different networks ("In-network: approval required. Out-of-network: none")."""
    units, base, cost = _units(b, row, passage, first)
    groups = split_units([base] + units)
    subject = {first.concept} | {
        m.key for c in passage.clauses if passage.cell_of.get(id(c)) == "service" for m in c.concepts(SUBJECT_KINDS)
    }
    sec_pa = section_requirement(b, row)
    emitted = 0
    for g in groups:
        notes_here = [u.clause for u in g if u.clause is not None]
        if len(groups) == 1:
            v = row_modifiers(passage, row, b.lex, subject)
        elif base in g:
            sub = Passage(cost + notes_here, passage.quote, passage.section, passage.row, cell_of=passage.cell_of)
            v = row_modifiers(sub, row, b.lex, subject)
        else:
            v = clause_modifiers(notes_here, passage, first.kind, [], row.service)
        v.mods |= set().union(*(u.mods for u in g)) & {"quantity_limit", "step_therapy"}
        mark_mods, mark_quals = b.marks(row.cell_words.get("service", []), page.number)
        note_mods, note_quals = b.notes([w for ws in row.cell_words.values() for w in ws], page.number)
        mark_mods, mark_quals = mark_mods | note_mods, mark_quals + note_quals
        device = "mark_legend" if mark_mods else "row"
        if "excluded" in mark_mods and "covered" in v.mods:
            # a priced row whose mark says "not covered out of network": covered in network, excluded outside
            mark_mods.discard("excluded")
            if any(mq.network == "out_of_network" for mq in mark_quals):
                v.oon_excluded = True
                mark_quals = [Qualifiers(**{**vars(mq), "network": ""}) for mq in mark_quals]
        v.mods |= mark_mods | extra
        if sec_pa and not v.mods & {"pa_not_required", "prior_authorization"}:
            v.mods.add("prior_authorization")  # "(all services require prior authorization)" under the event
            v.deciding += sec_pa
        q = merge([u.quals for u in g] + mark_quals)
        for stmt_v, stmt_q in _by_network(v, q):
            stmt_mods, scope = settle(stmt_v, stmt_q, b.doc.kind)
            if emitted and not stmt_mods - {"non_psychiatric", "experimental"} | ({"experimental"} & extra):
                continue  # a further statement that says nothing in these modifiers
            b.emit(page, first, stmt_mods, conds, passage, v.deciding, scope, device)
            emitted += 1


def _units(b: Builder, row: Row, passage: Passage, first: Hit) -> tuple[list[Unit], Unit, list[Clause]]:
    """The row's pieces for `split_units`: its notes about the subject, a requirement printed only in the
    out-of-network cost cell (for that network), and the cost cells' own unit; with the cost clauses."""
    notes = [
        c
        for c in passage.clauses
        if not cost_role(passage.cell_of.get(id(c)))
        and not _answered(row, passage.cell_of.get(id(c)))
        and not any(m.key != first.concept for m in c.concepts(SUBJECT_KINDS))
    ]
    words = tuple(first.words)
    conditional = {id(c) for c in passage.clauses if passage.cell_of.get(id(c)) == CONDITIONAL}
    units = [
        Unit(
            c,
            set() if id(c) in conditional else unit_mods(clause_modifiers([c], passage, first.kind, [], row.service)),
            _note_qualifiers(c, b, first, words),
            False,
        )
        for c in notes
    ]
    cost = [c for c in passage.clauses if cost_role(passage.cell_of.get(id(c)))]
    net_reqs = _network_requirements(passage, cost, row)
    for c, network in net_reqs:
        # "50% coinsurance; prior authorization required" in the out-of-network cell: for that network only
        cost.remove(c)
        q = _note_qualifiers(c, b, first, words)
        q.network = network
        units.append(Unit(c, unit_mods(clause_modifiers([c], passage, first.kind, [], row.service)), q, False))
    base_v = row_modifiers(Passage(cost, passage.quote, cell_of=passage.cell_of), row, b.lex)
    base = Unit(None, unit_mods(base_v), _cost_qualifiers(cost, b, first, words), True)
    if net_reqs:  # the cost cells then speak for the network: "covered" there, no requirement
        base.quals.network = "in_network"
    return units, base, cost


def _network_requirements(passage: Passage, cost: list[Clause], row: Row) -> list[tuple[Clause, str]]:
    """Prior-authorization clauses printed only in the out-of-network cost cell, each with that
    network; none when a network cell prints one too."""
    found = [
        (c, "out_of_network" if passage.cell_of.get(id(c)) == "out_of_network" else "in_network")
        for c in cost
        if pa_state(c, row.service) == "positive" and not c.concepts(SUBJECT_KINDS)
    ]
    # only an out-of-network cell's requirement is narrowed: one printed in a network cell may well be
    # meant for every provider, and reading it as network-only would tell others "no approval needed"
    return found if found and all(n == "out_of_network" for _c, n in found) else []


def section_requirement(b: Builder, row: Row) -> list[Word]:
    """The words of a prior-authorization requirement printed in the row's Common Medical Event cell
    ("If you need mental health services (all services require prior authorization)"): it applies to
    every row of that event. Empty when the cell states none, or states it only of some services
    ("prior authorization is required for inpatient care" binds the inpatient row only)."""
    words = row.cell_words.get("section", [])
    if not words:
        return []
    for sent in cell_sentences(words):
        for cl in clauses(sent, b.match):
            if pa_state(cl, row.service) != "positive" or cl.concepts(SUBJECT_KINDS):
                continue
            m = cl.mods("prior_authorization")
            return cl.words[m[0].start : m[0].end] if m else list(cl.words)
    return []


def _by_network(v: Verdict, q: Qualifiers) -> list[tuple[Verdict, Qualifiers]]:
    """A row priced in network and "Not covered" out of network is two statements: covered in network
    (with the row's conditions), excluded out of network (for everyone there)."""
    if not v.oon_excluded or "covered" not in v.mods:
        return [(Verdict(v.mods, v.deciding, oon_excluded=v.oon_excluded), q)]
    inside = Qualifiers(**{**vars(q), "network": q.network or "in_network"})
    # "Not covered" in the out-of-network column holds for every out-of-network use: the row's
    # conditions of coverage (indication, setting, route, age) limit only the covered statement
    outside = Qualifiers(network="out_of_network")
    out_v = Verdict({"excluded"} | (v.mods & {"non_psychiatric"}), v.deciding)
    return [(Verdict(v.mods, v.deciding), inside), (out_v, outside)]


def _row_hits(lex: Lexicon, passage: Passage, row: Row) -> list[Hit]:
    """Concepts named in the row's cells (a service-cell name binds to the row itself), plus the
    categories the chart's structure names: a Common Medical Event plus the row's service."""
    hits: list[Hit] = []
    for cl in passage.clauses:
        role = passage.cell_of[id(cl)]
        for h in hits_in(cl, CONCEPT_KINDS):
            if role == "service":
                h.clause = None
            hits.append(h)
    if not row.section:
        return hits
    service_text = row.service
    svc_words = row.cell_words.get("service", [])
    sec_matches = {m.key for m in lex.match_row_terms(row.section.split()) if m.group == "section"}
    row_matches = (
        {m.key for m in lex.match_row_terms(service_text.split()) if m.group == "row"} if service_text else set()
    )
    for cid in sec_matches:
        c = lex.concepts[cid]
        if "*" in c.row_terms or cid in row_matches:
            if lex.excluded_in(cid, service_text.split()) and not any(
                m.group == "section" and m.key == cid for m in lex.match_row_terms(service_text.split())
            ):
                continue
            hits.append(Hit(cid, c.kind, list(svc_words), service_text, None))
    return hits


def _cost_qualifiers(cost: list[Clause], b: Builder, first: Hit, words: tuple[Word, ...]) -> Qualifiers:
    """The scope a cost cell states when it words coverage ("Covered only for members 18 and older with
    treatment-resistant depression"): its indications, ages, settings and limits. Its network is the
    column's, and a price alone ("$20 copay for ages 19+") limits cost, not coverage."""
    said = [c for c in cost if covered(c) or c.mods("restriction")]
    q = merge([clause_qualifiers(c, b.lex, first.concept, words) for c in said])
    q.network = ""
    return q


def _note_qualifiers(c: Clause, b: Builder, first: Hit, words: tuple[Word, ...]) -> Qualifiers:
    """A Limitations note's qualifiers for the row's subject. A route it names ("oral contraceptives",
    "oral anticancer drugs") is about something the note lists, unless the note says "only" or
    names the subject itself."""
    q = clause_qualifiers(c, b.lex, first.concept, words)
    limits_route = any(c.token(i) in ONLY_WORDS for i in range(len(c.words))) or any(
        m.key == first.concept for m in c.concepts(CONCEPT_KINDS)
    )
    if not limits_route:
        q.routes, q.other_routes, q.native = [], False, ""
    return q


def row_modifiers(passage: Passage, row: Row, lex: Lexicon, subject: set[str] | None = None) -> Verdict:
    """What the row says about its own service: PA from any cell, coverage from the cost cells,
    an exclusion or experimental note from the Limitations column when it is about the row. Given
    the row subject's concepts (`subject`), a note that names only other services ("Prior
    authorization required for ketamine infusion therapy" in an outpatient row) is about those."""
    v = Verdict(set(), [])
    mods, deciding = v.mods, v.deciding
    states = [(pa_state(c, row.service), c) for c in passage.clauses if not _about_others(c, passage, subject)]
    pos = [c for s, c in states if s == "positive"]
    if pos:
        mods.add("prior_authorization")
        m = pos[0].mods("prior_authorization")[0]
        deciding += pos[0].words[m.start : m.end]
    elif any(s == "negated" for s, _ in states):
        mods.add("pa_not_required")
    tiers = network_tiers(row) or [""]
    out = row.cells.get("out_of_network", "")
    # in network: priced if any tier is priced, "not covered" only if every tier says so
    in_not = all(says_not_covered(t, lex) for t in tiers)
    in_priced = any(_priced(t, lex) for t in tiers)
    out_not = says_not_covered(out, lex)
    out_priced = bool(PRICE.search(out))
    if in_not and not in_priced:
        mods.add("excluded")
        deciding += [w for k, ws in row.cell_words.items() if k.startswith("in_network") for w in ws]
    elif in_priced:
        mods.add("covered")
        if out_not and not out_priced:
            v.oon_excluded = True
    _answers(row, v)
    # the Limitations column: an exclusion binds the row only when it is about the row itself
    subject_terms = squash(row.service)
    for cl in passage.clauses:
        if cost_role(passage.cell_of.get(id(cl))):
            continue
        ex, oon = excluded(cl)
        exp = experimental(cl)
        if not ex and not exp:
            continue
        content = [w for w in cl.words if squash(w.text) not in ("", "|")]
        about_row = (
            len(content) <= SHORT_CLAUSE_WORDS
            or passage.cell_of.get(id(cl)) == "service"
            or (subject_terms and any(squash(m.term) in subject_terms for m in cl.concepts(CONCEPT_KINDS)))
        )
        if not about_row:
            continue
        if ex:
            if oon:
                v.oon_excluded = True
            else:
                mods.add("excluded")
                mods.discard("covered")
                deciding += cl.words[ex[0].start : ex[0].end]
        if exp:
            mods.add("experimental")
            deciding += cl.words[exp[0].start : exp[0].end]
    return v


def _answered(row: Row, role: str | None) -> bool:
    """The cell is a Yes / No under a header that asks (read by `_answers`, not as a note). A mark
    under "Covered only under specific conditions" stays a note: its words are the conditions."""
    return (
        bool(role)
        and str(role).startswith(ANSWER)
        and role != CONDITIONAL
        and yes_no(row.cells.get(str(role), "")) is not None
    )


def _answers(row: Row, v: Verdict) -> None:
    """Yes / No cells under a header that asks ("Covered?", "Prior authorization required?"): a Yes
    states what the header names, a No denies it (a No under "Covered?" is an exclusion, under a
    requirement it waives it); an "Excluded?" No states nothing."""
    mods = v.mods
    for role, text in row.cells.items():
        if not role.startswith(ANSWER):
            continue
        asked, said = role[len(ANSWER) :], yes_no(text)
        if said is None:
            continue
        v.deciding += row.cell_words.get(role, [])
        if asked == "covered":
            if said and "excluded" not in mods:
                mods.add("covered")
            elif not said:
                mods.discard("covered")
                mods.add("excluded")
        elif asked == "conditional":
            mods.discard("covered")  # covered only under the cell's conditions: the conditions are its scope
        elif asked == "excluded":
            if said:
                mods.discard("covered")
                mods.add("excluded")
        elif asked == "prior_authorization":
            if said:
                mods.discard("pa_not_required")
                mods.add("prior_authorization")
            elif "prior_authorization" not in mods:
                mods.add("pa_not_required")
        elif said:
            mods.add(asked)


def _priced(text: str, lex: Lexicon) -> bool:
    """A cost cell that prices the service (or says "covered"): coverage in that column's network."""
    return bool(PRICE.search(text)) or (bool(re.search(r"\bcovered\b", text, re.I)) and not says_not_covered(text, lex))


def says_not_covered(text: str, lex: Lexicon) -> bool:
    if not text:
        return False
    matches = lex.match(text.split(), groups=("modifier",))
    return any(m.key == "excluded" for m in matches) or bool(NOT_COVERED_CELL.match(text))
