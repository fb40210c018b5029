"""Documents -> findings: every concept the lexicon knows, where it is, and what its own scope
says about it.

Scope is the whole point. A modifier binds to the table row it is printed in (all the cells of that
row) or, in prose, to the clause it is printed in — never to the page. So "Preauthorization is not
required for emergency admissions" says nothing about the outpatient row below it; "Failure to
obtain preauthorization for inpatient ..." does not bind an outpatient row; an out-of-network
"Not Covered" beside a priced in-network cell means covered in network, not excluded; a ketamine
mention inside an anesthesia clause is flagged non_psychiatric so the rules can ignore it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..lexicon import Lexicon, Match, load_lexicon, normalize, squash
from ..models import BBox, Document, Evidence, Finding, ListBlock, Page, Row, Word

CONCEPT_KINDS = ("treatment", "category", "exclusion", "condition")
PSYCHIATRIC = {"trd", "mdd", "mdsi", "ptsd", "anxiety", "bipolar", "ocd", "sud"}
SUBJECT_KINDS = ("treatment", "category", "exclusion")
_PRICE = re.compile(
    r"\$\s?\d|\d\s?%|\bno\s+charge\b|\bco-?pay|\bco-?ins|\bcoinsurance\b|\bdeductible\b|"
    r"\bcovered\s+(in\s+)?full\b|\bfree\b|\bno\s+cost\b|\b0\s*%",
    re.I,
)
_ABBREV = {
    "e.g.",
    "i.e.",
    "u.s.",
    "inc.",
    "co.",
    "no.",
    "dr.",
    "vs.",
    "etc.",
    "approx.",
    "st.",
    "jr.",
    "sr.",
    "mr.",
    "mrs.",
    "ms.",
    "dept.",
    "fig.",
    "ref.",
    "sec.",
    "p.",
    "pp.",
    "vol.",
    "n.a.",
    "a.m.",
    "p.m.",
    "u.s.a.",
    "d.c.",
}
_CLAUSE_WORDS = {"however", "but", "whereas", "although", "though"}
_NEGATORS = {"not", "never", "non", "no"}
_BULLET_CHARS = set("•◦▪▫●○■□►▸‣⁃∙·❖➢➤✓✔")
_EXCLUSION_HEADINGS = (
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


# ============================================================================ scopes
@dataclass(eq=False)
class _Clause:
    words: list[Word]
    matches: list[Match]
    shared: bool = True  # may bind the sentence's other concepts (False: a middle item of a list)
    group: int = 0  # clauses split out of one enumeration share a group
    oon_context: bool = False  # "these services" after a sentence about out-of-network care

    def mods(self, name: str) -> list[Match]:
        return [m for m in self.matches if m.group == "modifier" and m.key == name]

    def concepts(self, kinds: tuple[str, ...] = SUBJECT_KINDS) -> list[Match]:
        return [m for m in self.matches if m.group == "concept" and m.kind in kinds]

    def token(self, i: int) -> str:
        return normalize(self.words[i].text).strip(".,;:()\"'") if 0 <= i < len(self.words) else ""


@dataclass
class _Scope:
    """A sentence (prose / list item) or a table row: the clauses a modifier may bind within."""

    clauses: list[_Clause]
    quote: str
    section: str = ""
    row: str = ""
    context_excluded: bool = False
    cell_of: dict[int, str] = field(default_factory=dict)  # id(clause) -> cell role (rows)


def _is_bullet(w: Word) -> bool:
    t = w.text
    return bool(t) and len(t) <= 2 and all(c in _BULLET_CHARS or "\ue000" <= c <= "\uf8ff" for c in t)


def _ends_sentence(w: Word, nxt: Word | None) -> bool:
    t = w.text.rstrip("\"'”’)]")
    if not t.endswith((".", "!", "?")):
        return False
    low = normalize(w.text).strip("\"'()[]")
    if low in _ABBREV or re.fullmatch(r"([a-z]\.)+", low) or re.fullmatch(r"\d+(\.\d+)*\.?", low):
        return False
    if nxt is None:
        return True
    first = nxt.text.lstrip("\"'“‘([")
    return not first[:1].islower()


def _sentences(words: list[Word]) -> list[list[Word]]:
    """Split words (in reading order) into sentences: at sentence punctuation, at a paragraph
    change, and at bullets."""
    out: list[list[Word]] = []
    cur: list[Word] = []
    for i, w in enumerate(words):
        if cur and w.block != cur[-1].block:
            out.append(cur)
            cur = []
        if _is_bullet(w):
            if cur:
                out.append(cur)
            cur = []
            continue
        cur.append(w)
        nxt = words[i + 1] if i + 1 < len(words) else None
        if _ends_sentence(w, nxt if nxt is not None and nxt.block == w.block else None):
            out.append(cur)
            cur = []
    if cur:
        out.append(cur)
    return [s for s in out if s]


def _clauses(sentence: list[Word], lexicon: Lexicon) -> list[_Clause]:
    parts: list[list[Word]] = []
    cur: list[Word] = []
    for w in sentence:
        low = normalize(w.text).strip(",.:;()")
        if cur and low in _CLAUSE_WORDS and (cur[-1].text.endswith((",", ";")) or low in ("however", "whereas")):
            parts.append(cur)
            cur = []
        cur.append(w)
        if w.text.endswith(";"):
            parts.append(cur)
            cur = []
    if cur:
        parts.append(cur)
    out: list[_Clause] = []
    for gi, p in enumerate(parts):
        if sum(1 for w in p[:-1] if w.text.endswith(",")) >= 3:
            items = _enumeration(p, lexicon)
            for it in items:
                it.group = gi
            out.extend(items)
        elif p:
            out.append(_Clause(p, lexicon.match([w.text for w in p]), group=gi))
    return out


def _enumeration(words: list[Word], lexicon: Lexicon) -> list[_Clause]:
    """'a, b, c, and d are not covered': each item is its own clause; a lead-in before the list and
    the predicate after the last item bind every item, the middle items bind only themselves."""
    items: list[list[Word]] = [[]]
    for w in words:
        items[-1].append(w)
        if w.text.endswith(","):
            items.append([])
    items = [it for it in items if it]
    out: list[_Clause] = []
    for i, it in enumerate(items):
        cl = _Clause(it, lexicon.match([w.text for w in it]))
        if i == len(items) - 1 and cl.concepts(SUBJECT_KINDS):
            cut = max(m.end for m in cl.concepts(SUBJECT_KINDS))
            head, tail = it[:cut], it[cut:]
            out.append(_Clause(head, lexicon.match([w.text for w in head]), shared=False))
            if tail:
                out.append(_Clause(tail, lexicon.match([w.text for w in tail]), shared=True))
            continue
        cl.shared = (i == 0) or (i == len(items) - 1)
        out.append(cl)
    return out


def _text(words: list[Word]) -> str:
    out = ""
    prev: Word | None = None
    for w in words:
        if not out:
            out = w.text
        elif (
            prev is not None
            and prev.line != w.line
            and out.endswith("-")
            and len(out) > 1
            and out[-2].isalpha()
            and w.text[:1].islower()
        ):
            out += w.text
        else:
            out += " " + w.text
        prev = w
    return out.strip()


# ============================================================================ clause facts
def _pa_state(cl: _Clause, service: str = "") -> str | None:
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
    oon = _oon(cl)
    state = None
    for pa in pas:
        if cl.token(pa.end) in ("penalty", "penalties"):
            continue  # "Pre-Authorization Penalties": a noun, not a requirement
        negated = any(n.start <= pa.end + 6 and n.end >= pa.start - 4 for n in negs)
        if negated:
            state = state or "negated"
            continue
        if (
            cl.oon_context
            or any(o.end <= pa.start for o in oon)
            or any(
                0 <= o.start - pa.end <= 10
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


_DRUG_TIER_WORDS = {
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


def _oon(cl: _Clause) -> list[Match]:
    """Out-of-network qualifiers of a clause; 'non-preferred' before a drug word is a drug tier."""
    return [
        m
        for m in cl.mods("out_of_network")
        if not (squash(m.term) == "nonpreferred" and cl.token(m.end).strip("/-") in _DRUG_TIER_WORDS)
    ]


_COVERED_NEXT = {
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


def _covered(cl: _Clause) -> list[Match]:
    """Coverage wording; a bare 'covered' counts as a predicate ('... is covered when'), not as the
    adjective in 'a covered procedure' or 'covered services'."""
    out = []
    for m in cl.mods("covered"):
        if squash(m.term) == "covered" and cl.token(m.end) not in _COVERED_NEXT:
            continue
        out.append(m)
    return out


def _unless_after(cl: _Clause, m: Match) -> bool:
    return any(cl.token(i) == "unless" for i in range(m.end, min(len(cl.words), m.end + 4)))


def _experimental(cl: _Clause) -> list[Match]:
    if cl.mods("other_uses"):
        return []  # "for any other indication ... investigational": about other uses
    out = []
    for m in cl.mods("experimental"):
        before = {cl.token(m.start - 1), cl.token(m.start - 2)}
        if before & {"not", "never", "longer"}:
            continue
        out.append(m)
    return out


def _excluded(cl: _Clause) -> tuple[list[Match], bool]:
    """Exclusion wording of a clause that is not conditional ("not covered unless pre-authorized"),
    and whether it is limited to out-of-network care."""
    if cl.mods("other_uses") or cl.mods("exclusion_negation"):
        return [], False
    ex = [m for m in cl.mods("excluded") if not _unless_after(cl, m)]
    return ex, bool(ex and _oon(cl))


# ============================================================================ finding assembly
def _boxes(words: list[Word]) -> list[BBox]:
    """One box per line of consecutive words."""
    boxes: list[list[float]] = []
    prev: Word | None = None
    for w in words:
        b = w.bbox
        if (
            boxes
            and prev is not None
            and abs((prev.bbox[1] + prev.bbox[3]) - (b[1] + b[3])) < 0.6 * (b[3] - b[1])
            and 0 <= b[0] - boxes[-1][2] < 2.5 * (b[3] - b[1])
        ):
            cur = boxes[-1]
            cur[0], cur[1], cur[2], cur[3] = min(cur[0], b[0]), min(cur[1], b[1]), max(cur[2], b[2]), max(cur[3], b[3])
        else:
            boxes.append(list(b))
        prev = w
    return [tuple(b) for b in boxes]  # type: ignore[misc]


@dataclass
class _Hit:
    concept: str
    kind: str
    words: list[Word]
    matched: str
    clause: _Clause | None  # None: named by the row itself (service cell / section)


class _Builder:
    def __init__(self, doc: Document, lexicon: Lexicon):
        self.doc = doc
        self.lex = lexicon
        self.out: list[Finding] = []

    def emit(
        self, page: Page, hit: _Hit, mods: set[str], conditions: list[str], scope: _Scope, extra_words: list[Word]
    ) -> None:
        boxes = _boxes(hit.words) + [b for b in _boxes(extra_words) if b not in _boxes(hit.words)]
        ev = Evidence(
            document=self.doc.name,
            page=page.number,
            quote=scope.quote,
            bboxes=boxes,
            section=scope.section,
            row=scope.row,
            ocr=page.ocr,
            document_kind=self.doc.kind,
        )
        conds = tuple(dict.fromkeys(c for c in conditions if c != hit.concept))
        self.out.append(Finding(hit.concept, hit.kind, ev, frozenset(mods), conds, hit.matched))


def _hits_in(cl: _Clause, kinds: tuple[str, ...]) -> list[_Hit]:
    return [
        _Hit(m.key, m.kind, cl.words[m.start : m.end], _text(cl.words[m.start : m.end]), cl) for m in cl.concepts(kinds)
    ]


def _negated_mention(h: _Hit) -> bool:
    cl = h.clause
    if cl is None or not h.words:
        return False
    i = next((k for k, w in enumerate(cl.words) if w is h.words[0]), None)
    return i is not None and cl.token(i - 1) in ("not", "never", "non")


def _merge_hits(hits: list[_Hit]) -> list[list[_Hit]]:
    """Group hits by concept (one finding per concept per scope), first occurrence first."""
    groups: dict[str, list[_Hit]] = {}
    for h in hits:
        groups.setdefault(h.concept, []).append(h)
    return list(groups.values())


def _conditions(clauses: list[_Clause]) -> list[str]:
    return [m.key for cl in clauses for m in cl.concepts(("condition",))]


def _clause_mods(
    hit_clauses: list[_Clause], scope: _Scope, kind: str, shared: list[_Clause], service: str = ""
) -> tuple[set[str], list[Word]]:
    """Modifiers from a concept's own clauses plus the sentence's concept-free clauses."""
    family = [c for c in scope.clauses if any(c.group == h.group for h in hit_clauses)] or hit_clauses
    mods: set[str] = set()
    deciding: list[Word] = []
    bind = hit_clauses + [c for c in shared if c not in hit_clauses]
    states = [(_pa_state(c, service), c) for c in bind]
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
            if _covered(c) and not c.mods("excluded"):
                mods.add("covered")
            continue  # "... for any other indication is investigational": about the other uses
        ex, oon = _excluded(c)
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
        exp = _experimental(c)
        if exp:
            mods.add("experimental")
            deciding += c.words[exp[0].start : exp[0].end]
        if _covered(c) and not ex:
            mods.add("covered")
    # "not covered, except as an anesthetic": the exclusion is aimed at every other (psychiatric) use
    anesthetic_carve_out = "excluded" in mods and any(c.mods("exception") and c.mods("non_psychiatric") for c in family)
    if (
        kind == "treatment"
        and not anesthetic_carve_out
        and any(c.mods("non_psychiatric") for c in family)
        and not (set(_conditions(family)) & PSYCHIATRIC)
    ):
        mods.add("non_psychiatric")  # anesthesia / controlled-substance context, no psychiatric indication
    if any(_restricts(c) for c in family):
        mods.add("restricted")
    if "excluded" in mods and any(c.mods("exception") and _conditions([c]) for c in family):
        # "excluded except for members with treatment-resistant depression": coverage restricted to it
        mods -= {"excluded"}
        mods |= {"covered", "restricted"}
    if "excluded" in mods or "experimental" in mods:
        if not any(_covered(c) and not _excluded(c)[0] for c in hit_clauses):
            mods.discard("covered")
    return mods, deciding


def _restricts(c: _Clause) -> bool:
    """'covered only for <condition>' — but not 'not covered for <condition>'."""
    ex = c.mods("excluded")
    return bool(_conditions([c])) and any(
        not any(e.span[0] < r.span[1] and r.span[0] < e.span[1] for e in ex) for r in c.mods("restriction")
    )


def _own_verdict(clauses: list[_Clause]) -> bool:
    return any(
        c.mods("prior_authorization") or _covered(c) or c.mods("excluded") or c.mods("pa_negation") for c in clauses
    )


def _prose(b: _Builder, page: Page, sentences: list[tuple[list[Word], str, bool]]) -> None:
    for words, heading, context in sentences:
        clauses = _clauses(words, b.lex)
        scope = _Scope(clauses, _text(words), section=heading, context_excluded=context)
        _emit_scope(b, page, scope)


def _emit_scope(b: _Builder, page: Page, scope: _Scope) -> None:
    clauses = scope.clauses
    shared = [c for c in clauses if not c.concepts(SUBJECT_KINDS) and c.shared]
    hits = [h for c in clauses for h in _hits_in(c, CONCEPT_KINDS)]
    treatments_here = {id(c) for c in clauses if c.concepts(("treatment",))}
    for group in _merge_hits(hits):
        first = group[0]
        if first.kind == "exclusion" and all(id(h.clause) in treatments_here for h in group):
            continue  # "ketamine is experimental and investigational": about ketamine, not a generic exclusion
        if first.kind == "exclusion" and all(_negated_mention(h) for h in group):
            continue  # "transplants that are not Experimental or Investigational"
        own = list(dict.fromkeys(h.clause for h in group if h.clause is not None))
        share = shared if first.kind != "condition" else [c for c in clauses if c not in own and c.shared]
        mods, deciding = _clause_mods(own, scope, first.kind, share)
        if first.kind == "exclusion":
            mods.add("experimental")
        if scope.context_excluded and not _own_verdict(own + shared):
            mods.add("excluded")
            mods.discard("covered")
        conds = _conditions(own + shared)
        b.emit(page, first, mods, conds, scope, deciding)


# ============================================================================ rows
def _row_scope(row: Row, lexicon: Lexicon) -> _Scope:
    clauses: list[_Clause] = []
    cell_of: dict[int, str] = {}
    for role in ["service"] + [k for k in row.cells]:
        words = row.cell_words.get(role, [])
        prev_oon = False
        for sent in _sentences_in_cell(words):
            cls = _clauses(sent, lexicon)
            low = " ".join(normalize(w.text) for w in sent)
            anaphora = any(k in low for k in ("these services", "such services", "this service", "these providers"))
            for cl in cls:
                cl.oon_context = prev_oon and anaphora
                clauses.append(cl)
                cell_of[id(cl)] = role
            prev_oon = any(_oon(c) for c in cls)
    parts = [row.service] + [v for v in row.cells.values() if v]
    quote = " | ".join(p for p in parts if p)
    return _Scope(clauses, quote, section=row.section, row=row.service, cell_of=cell_of)


def _sentences_in_cell(words: list[Word]) -> list[list[Word]]:
    if not words:
        return []
    # a cell is one paragraph even when its lines were numbered as separate blocks
    flat = [Word(w.text, w.bbox, 0, w.line) for w in words]
    ids = {id(f): w for f, w in zip(flat, words)}
    return [[ids[id(f)] for f in s] for s in _sentences(flat)]


def _row_findings(b: _Builder, page: Page, row: Row) -> None:
    lex = b.lex
    scope = _row_scope(row, lex)
    svc_words = row.cell_words.get("service", [])
    service_text = row.service
    hits: list[_Hit] = []
    for cl in scope.clauses:
        role = scope.cell_of[id(cl)]
        for h in _hits_in(cl, CONCEPT_KINDS):
            if role == "service":
                h.clause = None
            hits.append(h)
    # categories named by the chart's structure: a Common Medical Event plus the row's service
    if row.section:
        sec_matches = {m.key for m in lex.match_row_terms(row.section.split()) if m.group == "section"}
        row_matches = (
            {m.key for m in lex.match_row_terms(service_text.split()) if m.group == "row"} if service_text else set()
        )
        for cid in sec_matches:
            c = lex.concepts[cid]
            if "*" in c.row_terms or cid in row_matches:
                if (
                    cid not in ("",)
                    and lex.excluded_in(cid, service_text.split())
                    and not any(
                        m.group == "section" and m.key == cid for m in lex.match_row_terms(service_text.split())
                    )
                ):
                    continue
                hits.append(_Hit(cid, c.kind, list(svc_words), service_text, None))
    if not hits:
        return
    row_mods, row_deciding = _row_modifiers(scope, row, lex)
    shared = [c for c in scope.clauses if not c.concepts(SUBJECT_KINDS) and c.shared]
    conds = _conditions(scope.clauses)
    for group in _merge_hits(hits):
        first = next((h for h in group if h.clause is None), group[0])
        if first.kind == "exclusion" and first.clause is not None and first.clause.concepts(("treatment",)):
            continue
        if first.clause is None:
            mods = set(row_mods)
            deciding = list(row_deciding)
            if (
                first.kind == "treatment"
                and any(
                    m.group == "modifier" and m.key == "non_psychiatric"
                    for m in lex.match(service_text.split() + row.section.split())
                )
                and not (set(conds) & PSYCHIATRIC)
            ):
                mods.add("non_psychiatric")
            if first.kind == "exclusion":
                mods.add("experimental")
            # indications stated anywhere in the row restrict the row's own subject
            if any(_restricts(c) for c in scope.clauses):
                mods.add("restricted")
        else:
            own = list(dict.fromkeys(h.clause for h in group if h.clause is not None))
            if not _own_verdict(own) and not any(_experimental(c) for c in own):
                # "Includes Spravato": part of this row's benefit, so the row's terms apply to it
                mods, deciding = set(row_mods), list(row_deciding)
                mods |= _clause_mods(own, scope, first.kind, [], service_text)[0] & {"non_psychiatric", "restricted"}
            else:
                cells = {scope.cell_of.get(id(c)) for c in own}
                same_cell = [c for c in shared if scope.cell_of.get(id(c)) in cells]
                mods, deciding = _clause_mods(own, scope, first.kind, same_cell, service_text)
            if first.kind == "exclusion":
                mods.add("experimental")
        b.emit(page, first, mods, conds, scope, deciding)


def _row_modifiers(scope: _Scope, row: Row, lex: Lexicon) -> tuple[set[str], list[Word]]:
    mods: set[str] = set()
    deciding: list[Word] = []
    states = [(_pa_state(c, row.service), c) for c in scope.clauses]
    pos = [c for s, c in states if s == "positive"]
    if pos:
        mods.add("prior_authorization")
        m = pos[0].mods("prior_authorization")[0]
        deciding += pos[0].words[m.start : m.end]
    elif any(s == "negated" for s, _ in states):
        mods.add("pa_not_required")
    inn = row.cells.get("in_network", "")
    out = row.cells.get("out_of_network", "")
    in_not = _says_not_covered(inn, lex)
    in_priced = bool(_PRICE.search(inn)) or (bool(re.search(r"\bcovered\b", inn, re.I)) and not in_not)
    out_not = _says_not_covered(out, lex)
    out_priced = bool(_PRICE.search(out))
    if in_not and not in_priced:
        mods.add("excluded")
        deciding += row.cell_words.get("in_network", [])
    elif in_priced:
        mods.add("covered")
        if out_not and not out_priced:
            mods.add("out_of_network_only")
    # the Limitations column: an exclusion binds the row only when it is about the row itself
    subject_terms = squash(row.service)
    for cl in scope.clauses:
        if scope.cell_of.get(id(cl)) in ("in_network", "out_of_network"):
            continue
        ex, oon = _excluded(cl)
        exp = _experimental(cl)
        if not ex and not exp:
            continue
        content = [w for w in cl.words if squash(w.text) not in ("", "|")]
        about_row = (
            len(content) <= 4
            or scope.cell_of.get(id(cl)) == "service"
            or (subject_terms and any(squash(m.term) in subject_terms for m in cl.concepts(CONCEPT_KINDS)))
        )
        if not about_row:
            continue
        if ex:
            if oon:
                mods.add("out_of_network_only")
            else:
                mods.add("excluded")
                mods.discard("covered")
                deciding += cl.words[ex[0].start : ex[0].end]
        if exp:
            mods.add("experimental")
            deciding += cl.words[exp[0].start : exp[0].end]
    return mods, deciding


def _says_not_covered(text: str, lex: Lexicon) -> bool:
    if not text:
        return False
    matches = lex.match(text.split(), groups=("modifier",))
    return any(m.key == "excluded" for m in matches) or bool(
        re.match(r"^\s*(not\s+(a\s+)?covered|excluded|no\s+coverage|n/?a|not\s+applicable)\b", text, re.I)
    )


# ============================================================================ lists
def _list_findings(b: _Builder, page: Page, lb: ListBlock, words: list[Word]) -> None:
    heading = lb.heading.split("(")[0].strip() or lb.heading
    for text, box in lb.items:
        ws = [
            w
            for w in words
            if box[0] - 0.5 <= (w.bbox[0] + w.bbox[2]) / 2 <= box[2] + 0.5
            and box[1] - 0.5 <= (w.bbox[1] + w.bbox[3]) / 2 <= box[3] + 0.5
            and not _is_bullet(w)
        ]
        if not ws:
            continue
        clauses = _clauses(ws, b.lex)
        scope = _Scope(clauses, text, section=heading, context_excluded=(lb.role == "excluded"))
        hits = [h for c in clauses for h in _hits_in(c, CONCEPT_KINDS)]
        for group in _merge_hits(hits):
            first = group[0]
            own = list(dict.fromkeys(h.clause for h in group if h.clause is not None))
            mods, deciding = _clause_mods(own, scope, first.kind, [c for c in clauses if c not in own])
            if lb.role == "excluded" and not (mods & {"covered", "prior_authorization"}):
                mods.add("excluded")
                mods.discard("covered")
            elif lb.role == "other_covered" and "excluded" not in mods:
                mods.add("covered")
            if first.kind == "exclusion":
                mods.add("experimental")
            b.emit(page, first, mods, _conditions(clauses), scope, deciding)


# ============================================================================ prose
def _heading_of(line_words: list[Word]) -> bool:
    text = " ".join(w.text for w in line_words).strip()
    if not text or len(line_words) > 12:
        return False
    if text.endswith((".", ",", ";")) and not text.endswith(":"):
        return False
    first = line_words[0].text.lstrip("0123456789.)(•- ")
    return bool(first[:1].isupper() or first[:1].isdigit() or line_words[0].text[:1].isdigit())


def _prose_sentences(page: Page, skip: set[int], lex: Lexicon, state: dict) -> list[tuple[list[Word], str, bool]]:
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
        if len(lines) == 1 and _heading_of(bw):
            htext = " ".join(w.text for w in bw).strip()
            state["heading"] = htext.rstrip(":")
            sq = squash(htext)
            state["exclusion"] = any(k in sq for k in _EXCLUSION_HEADINGS) and "covered services" not in htext.lower()
            state["leadin"] = False
            # a heading is also a sentence (it may name a concept: "Experimental or investigational services")
            out.append((bw, state["heading"], state["exclusion"]))
            continue
        for sent in _sentences(bw):
            text = " ".join(w.text for w in sent)
            context = state.get("exclusion", False) or state.get("leadin", False)
            out.append((sent, state.get("heading", ""), context))
            if text.rstrip().endswith(":"):
                ms = lex.match([w.text for w in sent], groups=("modifier",))
                state["leadin"] = any(m.key == "excluded" for m in ms)
            elif len(sent) > 30 and state.get("leadin"):
                state["leadin"] = False
    return out


# ============================================================================ insurer
def _insurer_finding(doc: Document, lex: Lexicon) -> Finding | None:
    if not doc.insurer:
        return None
    for page in doc.pages:
        lines: dict[int, list[Word]] = {}
        for w in page.words:
            lines.setdefault(w.line, []).append(w)
        for ln in lines.values():
            found: list[Word] = []
            for m in lex.match([w.text for w in ln], groups=("insurer",)):
                if m.key == doc.insurer:
                    found = ln[m.start : m.end]
                    break
            if not found:
                found = [w for w in ln if "." in w.text and lex.insurer_for_domain(w.text) == doc.insurer][:1]
            if found:
                ev = Evidence(doc.name, page.number, _text(ln), _boxes(found), ocr=page.ocr, document_kind=doc.kind)
                return Finding(doc.insurer, "insurer", ev, frozenset(), (), _text(found))
    label = lex.insurers[doc.insurer].label if doc.insurer in lex.insurers else doc.insurer
    ev = Evidence(doc.name, 1, doc.title or label, [], ocr=bool(doc.pages and doc.pages[0].ocr), document_kind=doc.kind)
    return Finding(doc.insurer, "insurer", ev, frozenset(), (), label)


# ============================================================================ entry point
def _page_findings(b: _Builder, page: Page, state: dict) -> None:
    skip: set[int] = set()
    for row in page.rows:
        for ws in row.cell_words.values():
            skip.update(id(w) for w in ws)
    list_words: list[tuple[ListBlock, list[Word]]] = []
    for lb in page.lists:
        ws = []
        for _t, box in lb.items:
            for w in page.words:
                if (
                    box[0] - 0.5 <= (w.bbox[0] + w.bbox[2]) / 2 <= box[2] + 0.5
                    and box[1] - 0.5 <= (w.bbox[1] + w.bbox[3]) / 2 <= box[3] + 0.5
                ):
                    ws.append(w)
        skip.update(id(w) for w in ws)
        list_words.append((lb, ws))
    for row in page.rows:
        _row_findings(b, page, row)
    for lb, ws in list_words:
        _list_findings(b, page, lb, ws)
    for row in _table_rows(page, skip, b.lex, state.get("heading", "")):
        _row_findings(b, page, row)
        for ws in row.cell_words.values():
            skip.update(id(w) for w in ws)
    _prose(b, page, _prose_sentences(page, skip, b.lex, state))


def _table_rows(page: Page, skip: set[int], lex: Lexicon, heading: str) -> list[Row]:
    """Rows of tables other than the SBC chart (an EOC's schedule of benefits, a policy's code
    table). Prose order reads such a table column by column, which would part 'Infusion therapy'
    from its 'Prior authorization required' note; so a short label line that names a concept, with
    two or more other columns' text on the same band, is read as one row."""
    lines: dict[int, list[Word]] = {}
    for w in page.words:
        if id(w) not in skip:
            lines.setdefault(w.line, []).append(w)
    if len(lines) < 3:
        return []

    def box(ws: list[Word]) -> tuple[float, float, float, float]:
        return (
            min(w.bbox[0] for w in ws),
            min(w.bbox[1] for w in ws),
            max(w.bbox[2] for w in ws),
            max(w.bbox[3] for w in ws),
        )

    lb = {k: box(ws) for k, ws in lines.items()}
    block_of = {k: ws[0].block for k, ws in lines.items()}
    rows: list[Row] = []
    used: set[int] = set()
    for k, ws in lines.items():
        if k in used or len(ws) > 10:
            continue
        ms = lex.match([w.text for w in ws])
        if not any(m.group == "concept" and m.kind in SUBJECT_KINDS for m in ms) or any(
            m.group == "modifier" and m.key in ("prior_authorization", "excluded", "covered") for m in ms
        ):
            continue
        x0, y0, x1, y1 = lb[k]
        h = max(4.0, y1 - y0)
        # the row ends where the next line of the label's own column begins
        below = [
            b[1]
            for j, b in lb.items()
            if j != k and block_of[j] == block_of[k] and b[1] > y0 + 0.5 * h and b[0] < x1 and x0 < b[2]
        ]
        end = min(below) - 0.5 if below else y1 + 0.5 * h
        right = [
            j
            for j, b in lb.items()
            if j != k and j not in used and b[0] >= x1 - 1 and y0 - 0.5 * h <= (b[1] + b[3]) / 2 < end
        ]
        by_col: dict[int, list[int]] = {}
        for j in right:
            by_col.setdefault(block_of[j], []).append(j)
        # a cell that wraps runs on below the label's last line, line by line, until the next row
        limit = min(below) - 0.5 if below else float("inf")
        for js in by_col.values():
            more = True
            while more:
                more = False
                last = max(js, key=lambda j: lb[j][3])
                for j, bb in lb.items():
                    if j in js or j in used or j == k or block_of[j] != block_of[last]:
                        continue
                    if (
                        0 <= bb[1] - lb[last][3] < 0.8 * h
                        and bb[1] < limit
                        and bb[0] < lb[last][2]
                        and lb[last][0] < bb[2]
                    ):
                        js.append(j)
                        more = True
                        break
        cols = sorted(by_col.values(), key=lambda js: min(lb[j][0] for j in js))
        if len(cols) < 2:
            continue
        roles = ["in_network", "out_of_network", "limitations"]
        cells: dict[str, list[Word]] = {}
        for i, js in enumerate(cols):
            role = roles[min(i, 2)]
            cells[role] = cells.get(role, []) + [w for j in sorted(js, key=lambda j: lb[j][1]) for w in lines[j]]
        used.add(k)
        used.update(j for js in cols for j in js)
        all_boxes = [lb[k]] + [lb[j] for js in cols for j in js]
        rows.append(
            Row(
                page.number,
                heading,
                _text(ws),
                {r: _text(v) for r, v in cells.items()},
                (x0, min(b[1] for b in all_boxes), max(b[2] for b in all_boxes), max(b[3] for b in all_boxes)),
                False,
                {"section": [], "service": ws, **cells},
            )
        )
    return rows


def find(documents: list[Document], lexicon: Lexicon | None = None) -> list[Finding]:
    """Every concept occurrence in the documents, in document order, then page, then top to bottom."""
    lexicon = lexicon or load_lexicon()
    out: list[Finding] = []
    for _di, doc in enumerate(documents):
        b = _Builder(doc, lexicon)
        state: dict = {}
        for page in doc.pages:
            _page_findings(b, page, state)
        ins = _insurer_finding(doc, lexicon)
        found = b.out + ([ins] if ins else [])
        found.sort(key=lambda f: (f.evidence.page, _top(f), _left(f)))
        out.extend(found)
    return out


def _top(f: Finding) -> float:
    return min((b[1] for b in f.evidence.bboxes), default=0.0)


def _left(f: Finding) -> float:
    return min((b[0] for b in f.evidence.bboxes), default=0.0)
