"""What a treatment may cost: self-pay for induction and a year of maintenance, against the plan's own
cost share for this treatment — read from the plan file's facts (the benefits-chart row's cells that the
reader put on each row finding), never from the PDF again, so an edited fact changes the estimate and a
plan file given as input gets one.

Which cell: the row the decision rests on when it names the treatment; else the row of the category the
treatment is billed under (IV ketamine: infusion, then outpatient mental health; Spravato: the specialty /
drug-tier row, then outpatient mental health). Inside a cell that prices several sub-services
("$35 / office visit; 20% coinsurance for other outpatient services") the part for this treatment is
taken: the sub-service the row's own text files the treatment under, else infusion / drug tier, then
"other outpatient services", then office visits.

The self-pay ranges and session counts are data (`SELF_PAY`), each with where it comes from:

IV ketamine (racemic ketamine infusion for depression; clinics price per infusion):
  - $400–$800 per IV session: Rejuvenate, "Ketamine Therapy Cost Guide 2025",
    https://rejuvenate-az.com/insights/ketamine-therapy-cost-guide-2025-pricing-insurance-how-to-afford-treatment
  - $400–$1,000 per session, "typical course: 6–8 sessions over 2–3 weeks": KAIR Program,
    https://www.kair-program.com/blog/ketamine-therapy-cost
  - an initial series of six infusions over 10–12 days, then a single booster about every 4–6 weeks:
    https://wvkit.com/faq ; average relief between boosters 4–6 weeks: https://nyketamine.com/?p=433
  We show $400–$1,000 per session, induction of 6–12 infusions, and 8–12 boosters in the rest of the year.

Spravato (esketamine nasal spray; given at a REMS-certified clinic with 2 hours of observation):
  - list price "roughly $600 to nearly $900 per dose": The People's Pharmacy,
    https://www.peoplespharmacy.com/articles/high-cost-of-spravato-esketamine-for-depression
  - the clinic visit that bundles drug and observation, 2026 Medicare physician fee schedule: G2082 (up to
    56 mg) ≈ $906.51, G2083 (over 56 mg) ≈ $1,289.82 (docs/domain notes §3.1)
  - the label's schedule: twice weekly in weeks 1–4 (8 sessions), weekly in weeks 5–8, then weekly or every
    2 weeks (Spravato prescribing information): 26–48 maintenance sessions in the rest of the first year.

These are national ranges to help a patient compare, not a quote.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..models import Decision, Evidence, Finding


@dataclass(frozen=True)
class PriceSource:
    what: str  # the figure it supports
    where: str  # URL or citation


@dataclass(frozen=True)
class SelfPay:
    treatment: str
    low: float  # US dollars per session
    high: float
    induction_low: int  # sessions in the first (induction) series
    induction_high: int
    induction: str  # the series in words
    maintenance_low: int  # sessions in the rest of the first year
    maintenance_high: int
    maintenance: str
    session: str  # what one session is
    sources: tuple[PriceSource, ...]

    @property
    def sessions(self) -> int:
        return self.induction_low


SELF_PAY: dict[str, SelfPay] = {
    "iv_ketamine": SelfPay(
        "iv_ketamine",
        400,
        1000,
        6,
        12,
        "an induction series over 2–3 weeks (usually 6 infusions, some clinics give up to 12)",
        8,
        12,
        "a booster infusion about every 4–6 weeks",
        "one IV infusion (about 40–60 minutes, monitored)",
        (
            PriceSource(
                "$400–$1,000 per infusion",
                "https://rejuvenate-az.com/insights/ketamine-therapy-cost-guide-2025-pricing-insurance-how-to-afford-treatment",
            ),
            PriceSource(
                "$400–$1,000 per infusion; 6–8 sessions", "https://www.kair-program.com/blog/ketamine-therapy-cost"
            ),
            PriceSource("6 infusions, then a booster every 4–6 weeks", "https://wvkit.com/faq"),
        ),
    ),
    "esketamine_nasal": SelfPay(
        "esketamine_nasal",
        600,
        1300,
        8,
        8,
        "the induction phase, twice a week for 4 weeks",
        26,
        48,
        "weekly in weeks 5–8, then weekly or every 2 weeks",
        "one dose at a certified clinic with 2 hours of observation",
        (
            PriceSource(
                "$600–$900 per dose (list price)",
                "https://www.peoplespharmacy.com/articles/high-cost-of-spravato-esketamine-for-depression",
            ),
            PriceSource(
                "up to $1,300 per observed clinic visit",
                "2026 Medicare fee schedule: G2082 ≈ $906.51, G2083 ≈ $1,289.82",
            ),
            PriceSource("8 induction sessions, then weekly or every 2 weeks", "Spravato prescribing information"),
        ),
    ),
}

HSA_FSA_NOTE = (
    "HSA and FSA money can usually pay for treatment a doctor prescribes for a medical condition, such as "
    "depression, even when your plan does not cover it (IRS Publication 502, “Medical and Dental Expenses”). "
    "Ask your HSA/FSA administrator before you pay, and keep the itemised receipt (superbill)."
)

# The categories (lexicon concept ids) a treatment is billed under, most specific first.
BILLED_UNDER = {
    "iv_ketamine": ("infusion_therapy", "mh_outpatient"),
    "esketamine_nasal": ("specialty_drugs", "prescription_drugs", "mh_outpatient"),
}
# Sub-services a cell may price separately, with the words that name them, and each treatment's order.
SUB_SERVICES = {
    "infusion": r"infusion",
    "drug tier": r"\btier\b|specialty|prescription|/\s*fill|per\s+fill",
    "other outpatient services": r"other\s+outpatient|outpatient\s+services|facility",
    "office visit": r"office|individual\s+visit|/\s*visit|per\s+visit|\bvisit\b",
    "group visit": r"group",
}
PREFERENCE = {
    "iv_ketamine": ("infusion", "other outpatient services", "office visit"),
    "esketamine_nasal": ("drug tier", "other outpatient services", "office visit"),
}
TREATMENT_WORDS = {"iv_ketamine": r"ketamine", "esketamine_nasal": r"spravato|esketamine"}


@dataclass(frozen=True)
class CostShare:
    """One priced part of a benefits-chart cell, understood."""

    kind: str  # "copay" | "coinsurance" | "no_charge" | "not_covered" | "unknown"
    amount: float | None = None  # dollars for a copay, percent for coinsurance
    cap: float | None = None  # "20% coinsurance up to $250"
    after_deductible: bool | None = None  # True: deductible applies first; False: explicitly not
    text: str = ""  # the part as printed
    service: str = ""  # the sub-service it prices ("office visit", "infusion" ...), "" = the whole row

    def describe(self) -> str:
        if self.kind == "copay":
            out = f"a ${self.amount or 0:,.0f} copay per session"
        elif self.kind == "coinsurance":
            out = f"{self.amount or 0:g}% coinsurance" + (f" (up to ${self.cap:,.0f})" if self.cap else "")
        elif self.kind == "no_charge":
            out = "no charge"
        elif self.kind == "not_covered":
            out = "not covered"
        else:
            return "a cost share these rules could not read"
        if self.after_deductible:
            out += " after your deductible"
        return out


_MONEY = r"\$\s?(\d{1,3}(?:,\d{3})*(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?)"
_NOT_COVERED = re.compile(r"^\W*(not\s+covered|no\s+coverage|excluded|no\s+benefits?)\b", re.I)
_NO_CHARGE = re.compile(r"\bno\s+(charge|cost)\b|\b(100\s?%\s+covered)\b", re.I)
_COINS = re.compile(r"(\d{1,3}(?:\.\d+)?)\s?%\s*(co-?\s?insurance|coins\.?|of\s+(the\s+)?allowed|after|$)", re.I)
_PCT = re.compile(r"(\d{1,3}(?:\.\d+)?)\s?%")
_COPAY = re.compile(
    _MONEY
    + r"\s*(co-?\s?pay(ment)?s?|copay|/\s*(\w+\s+)?(visit|session|treatment|infusion|dose)|per\s+(\w+\s+)?(visit|session|treatment|infusion|dose))",
    re.I,
)
_COPAY_WORD_FIRST = re.compile(r"co-?\s?pay(ment)?\s*(of\s*)?" + _MONEY, re.I)
_CAP = re.compile(r"(up\s+to|max(imum)?( of)?|not\s+to\s+exceed)\s*" + _MONEY, re.I)
_NOT_DEDUCTIBLE = re.compile(
    r"(not\s+subject\s+to|deductible\s+(does\s+not|doesn't)\s+apply|no\s+deductible|"
    r"before\s+(the\s+)?deductible|waived)",
    re.I,
)
_DEDUCTIBLE = re.compile(
    r"(after\s+(the\s+)?(\w+\s+)?deductible|deductible\s+applies|subject\s+to\s+(the\s+)?deductible)", re.I
)
# A cell's parts: "; " and sentence ends separate sub-services ("$35 / visit. No charge for other ...").
_PART_SPLIT = re.compile(r";\s*|(?<=[a-z)])\.\s+(?=[A-Z$0-9])|\n+")
_PENALTY = (
    re.compile(r"(?:reduced|reduction)\s+(?:by\s+)?(?:up\s+to\s+)?(\d{1,3})\s?%", re.I),
    re.compile(r"(\d{1,3})\s?%\s+(?:penalty|reduction|less)", re.I),
    re.compile(r"penalty\s+of\s+" + _MONEY, re.I),
    re.compile(_MONEY + r"\s+penalty", re.I),
)


def _num(s: str) -> float:
    return float(s.replace(",", ""))


def parse_cost_share(text: str) -> CostShare:
    """'$30 copay', '20% coinsurance', 'Not covered', 'No charge', '$70 co-pay after deductible/30-day ...'."""
    t = " ".join((text or "").split())
    if not t:
        return CostShare("unknown", text=t)
    if _NOT_COVERED.search(t):
        return CostShare("not_covered", text=t)
    deductible: bool | None = None
    if _NOT_DEDUCTIBLE.search(t):
        deductible = False
    elif _DEDUCTIBLE.search(t):
        deductible = True
    m = _COINS.search(t)
    if m and "copay" not in t[: m.start()].lower().replace("-", ""):
        pct = _num(m.group(1))
        if 0 < pct <= 100:
            cap = _CAP.search(t)
            capped = _num(cap.group(cap.lastindex or 0)) if cap else None
            return CostShare("coinsurance", pct, capped, deductible, t)
        if pct == 0:
            return CostShare("no_charge", 0.0, None, deductible, t)
    m = _COPAY.search(t) or _COPAY_WORD_FIRST.search(t)
    if m:
        money = m.group(1) if m.re is _COPAY else m.group(m.lastindex or 0)
        amount = _num(money)
        return CostShare("no_charge" if amount == 0 else "copay", amount, None, deductible, t)
    if _NO_CHARGE.search(t):
        return CostShare("no_charge", 0.0, None, deductible, t)
    m = _PCT.search(t)
    if m and 0 < _num(m.group(1)) <= 100:
        return CostShare("coinsurance", _num(m.group(1)), None, deductible, t)
    m = re.search(_MONEY, t)
    if m and re.fullmatch(r"\W*" + _MONEY + r"\W*(\w+\W*){0,3}", t):
        return CostShare("no_charge" if _num(m.group(1)) == 0 else "copay", _num(m.group(1)), None, deductible, t)
    return CostShare("unknown", text=t)


def _service_of(text: str) -> str:
    for name, pattern in SUB_SERVICES.items():
        if re.search(pattern, text, re.I):
            return name
    return ""


def cost_parts(cell: str) -> list[CostShare]:
    """Each priced part of a cell with the sub-service it names; one part when the cell prices one thing.
    A deductible said once for the cell applies to every part that doesn't say otherwise."""
    whole = parse_cost_share(cell)
    pieces = [p.strip() for p in _PART_SPLIT.split(cell or "") if p and p.strip()]
    parts = []
    for piece in pieces:
        share = parse_cost_share(piece)
        if share.kind == "unknown":
            continue
        deductible = share.after_deductible if share.after_deductible is not None else whole.after_deductible
        parts.append(
            CostShare(share.kind, share.amount, share.cap, deductible, share.text, _service_of(piece.split(":")[0]))
        )
    if len(parts) <= 1:
        return [whole] if whole.kind != "unknown" or not parts else parts
    return parts


def _pick(parts: list[CostShare], treatment: str, row_text: str) -> CostShare:
    """The part for this treatment: the sub-service the row files it under, else the treatment's order."""
    if len(parts) == 1:
        return parts[0]
    named = re.search(rf"[^.;|]*\b({TREATMENT_WORDS.get(treatment, '$^')})[^.;|]*", row_text, re.I)
    if named:
        service = _service_of(named.group(0).replace(named.group(1), ""))
        for p in parts:
            if service and p.service == service:
                return p
    for service in PREFERENCE.get(treatment, ()):
        for p in parts:
            if p.service == service:
                return p
    return parts[0]


@dataclass
class PlanRow:
    """The chart row the cost comes from (a plan-file fact's cells), with where it is."""

    document: str
    page: int
    section: str
    service: str
    in_network: CostShare
    out_of_network: CostShare
    limitations: str = ""
    from_evidence: bool = True  # False: the row of the category the treatment is billed under
    penalty: str = ""  # what skipping preauthorization costs, as the plan prints it

    @property
    def label(self) -> str:
        """The row as a person would name it: 'Specialty drugs', else a short form of its section."""
        if self.service:
            return self.service
        section = re.split(r"(?<=[a-z])\s+(?=More information|See |For more)|[.;:]", self.section)[0].strip()
        return (section[:70] + "…") if len(section) > 70 else (section or "benefits chart")


def penalty_of(text: str) -> str:
    """'benefits reduced by 50%' / '$500 penalty' when the text states a penalty for skipping approval."""
    for pattern in _PENALTY:
        m = pattern.search(text or "")
        if m:
            value = m.group(1)
            return f"${_num(value):,.0f} penalty" if "$" in m.group(0) else f"benefits reduced by {value}%"
    return ""


def _plan_row(ev: Evidence, treatment: str, scope_consequence: str, from_evidence: bool) -> PlanRow:
    cells = ev.cells
    row_text = " | ".join([ev.row, *cells.values()])
    inn = _pick(cost_parts(cells.get("in_network", "")), treatment, row_text)
    outs = cost_parts(cells.get("out_of_network", ""))
    out = next((p for p in outs if inn.service and p.service == inn.service), None) or _pick(outs, treatment, row_text)
    limitations = cells.get("limitations", "")
    penalty = penalty_of(limitations) or penalty_of(scope_consequence)
    return PlanRow(ev.document, ev.page, ev.section, ev.row, inn, out, limitations, from_evidence, penalty)


def _priced(ev: Evidence) -> bool:
    return bool(ev.cells.get("in_network") or ev.cells.get("out_of_network"))


def find_plan_row(decision: Decision, findings: Iterable[Finding] = ()) -> PlanRow | None:
    """The benefits-chart row this treatment is paid under, from the plan file's facts: a deciding row that
    names the treatment; else the row of the category it is billed under (deciding rows first); else any
    deciding row with cells."""
    rows = [f for f in findings if _priced(f.evidence)]
    deciding = {(e.document, e.page, e.quote) for e in decision.evidence}

    def decides(f: Finding) -> bool:
        return (f.evidence.document, f.evidence.page, f.evidence.quote) in deciding

    def row(f: Finding, from_evidence: bool) -> PlanRow:
        return _plan_row(f.evidence, decision.treatment, f.scope.consequence, from_evidence)

    for f in rows:
        if f.kind == "treatment" and f.concept == decision.treatment and decides(f):
            return row(f, True)
    for f in rows:
        if f.kind == "treatment" and f.concept == decision.treatment and "excluded" not in f.modifiers:
            return row(f, True)
    for concept in BILLED_UNDER.get(decision.treatment, ()):
        matches = [f for f in rows if f.concept == concept]
        if concept == "prescription_drugs":  # a drug row counts only at the specialty / top tiers
            matches = [f for f in matches if re.search(r"specialty|tier\s*[4-6]", f.evidence.row, re.I)]
        matches.sort(key=lambda f: not decides(f))
        for f in matches:
            r = row(f, decides(f))
            if r.in_network.kind != "unknown":
                return r
    for e in decision.evidence:
        if _priced(e):
            return _plan_row(e, decision.treatment, "", True)
    return None


@dataclass
class CostBar:
    label: str
    low: float
    high: float

    @property
    def range_text(self) -> str:
        return _money(self.low) if self.low == self.high else f"{_money(self.low)}–{_money(self.high)}"


PLAN_LEADS = {  # what the plan figures mean under each verdict
    "covered": "With your plan",
    "pa_required": "Once approved",
    "experimental_exclusion": "If an appeal succeeds",
    "unknown": "If your plan pays",
}


@dataclass
class CostEstimate:
    treatment: str
    self_pay: SelfPay
    row: PlanRow | None
    plan_low: float | None  # per session at the plan's in-network cost share (None: nothing to compare)
    plan_high: float | None
    summary: str  # plain sentences
    notes: list[str] = field(default_factory=list)
    plan_label: str = "With your plan"
    out_low: float | None = None  # per session out of network, where the plan prices it
    out_high: float | None = None

    @property
    def sessions(self) -> int:
        return self.self_pay.induction_low

    def bars(self) -> list[CostBar]:
        """Per session, the induction series and the first year (induction + maintenance), self-pay then plan."""
        sp = self.self_pay
        year_low, year_high = sp.induction_low + sp.maintenance_low, sp.induction_high + sp.maintenance_high
        out = [
            CostBar("Self-pay, per session", sp.low, sp.high),
            CostBar("Self-pay, induction", sp.low * sp.induction_low, sp.high * sp.induction_high),
            CostBar("Self-pay, first year", sp.low * year_low, sp.high * year_high),
        ]
        if self.plan_low is not None and self.plan_high is not None:
            lo, hi = self.plan_low, self.plan_high
            out += [
                CostBar(f"{self.plan_label}, per session", lo, hi),
                CostBar(f"{self.plan_label}, induction", lo * sp.induction_low, hi * sp.induction_high),
                CostBar(f"{self.plan_label}, first year", lo * year_low, hi * year_high),
            ]
        if self.out_low is not None and self.out_high is not None:
            out.append(CostBar("Out of network, per session", self.out_low, self.out_high))
        return out

    def table(self) -> list[dict[str, str]]:
        """The chart as rows of text (its text alternative)."""
        return [{"what": b.label, "cost": b.range_text} for b in self.bars()]


def _money(v: float) -> str:
    return f"${v:,.0f}"


def _plan_range(share: CostShare, sp: SelfPay) -> tuple[float, float] | None:
    if share.kind == "copay" and share.amount is not None:
        return share.amount, share.amount
    if share.kind == "coinsurance" and share.amount is not None:
        low, high = sp.low * share.amount / 100, sp.high * share.amount / 100
        if share.cap:
            low, high = min(low, share.cap), min(high, share.cap)
        return low, high
    if share.kind == "no_charge":
        return 0.0, 0.0
    return None


def _self_pay_sentence(sp: SelfPay) -> str:
    ind = sp.induction_low if sp.induction_low == sp.induction_high else f"{sp.induction_low}–{sp.induction_high}"
    return (
        f"Paying yourself, {sp.session} usually costs {_money(sp.low)}–{_money(sp.high)}. Treatment starts with "
        f"{sp.induction} ({ind} sessions: about {_money(sp.low * sp.induction_low)}–"
        f"{_money(sp.high * sp.induction_high)}); after that, {sp.maintenance} adds {sp.maintenance_low}–"
        f"{sp.maintenance_high} sessions in the first year."
    )


def estimate(decision: Decision, findings: Iterable[Finding] = ()) -> CostEstimate | None:
    """Self-pay vs the plan's cost share for the decision's treatment, from the plan file's facts; None for
    a treatment without price data."""
    sp = SELF_PAY.get(decision.treatment)
    if sp is None:
        return None
    row = find_plan_row(decision, findings)
    share = row.in_network if row else CostShare("unknown")
    lead = PLAN_LEADS.get(decision.verdict, "With your plan")
    summary = _self_pay_sentence(sp)
    notes: list[str] = []
    rng = _plan_range(share, sp)
    if decision.verdict == "experimental_exclusion":
        summary += " Your plan does not pay for it as things stand, so this is what you would pay."
    if row is not None and rng is not None:
        per = CostBar("", *rng).range_text
        under = f" ({share.service})" if share.service else ""
        summary += f" {lead}, its row for {row.label}{under} says {share.describe()}: about {per} a session."
        notes += _plan_notes(decision, row, share)
    elif row is not None and share.kind == "not_covered":
        summary += f" Your plan's row for {row.label} says “{share.text}” in network: you would pay it all."
    elif decision.verdict != "experimental_exclusion":
        summary += " Your documents don't show a cost share for this treatment; ask the insurer what you would pay per session."
    out_rng = _plan_range(row.out_of_network, sp) if row is not None and rng is not None else None
    if row is not None and row.out_of_network.kind == "not_covered" and decision.verdict != "experimental_exclusion":
        notes.append("Out of network this benefit is not covered: use an in-network clinic.")
    elif row is not None and out_rng is not None:
        notes.append(
            f"Out of network the plan's row says {row.out_of_network.describe()}: about "
            f"{CostBar('', *out_rng).range_text} a session, and the clinic may bill you the rest of its price."
        )
    notes.append(HSA_FSA_NOTE)
    low, high = rng if rng is not None else (None, None)
    out_low, out_high = out_rng if out_rng is not None else (None, None)
    label = {"pa_required": "With your plan, once approved"}.get(decision.verdict, lead)
    return CostEstimate(decision.treatment, sp, row, low, high, summary, notes, label, out_low, out_high)


def _plan_notes(decision: Decision, row: PlanRow, share: CostShare) -> list[str]:
    notes = []
    if share.kind == "coinsurance":
        notes.append(
            "Coinsurance is a share of the plan's allowed amount, which is usually lower than a clinic's "
            "self-pay price; the range uses the self-pay price as an upper estimate."
        )
    if share.after_deductible:
        notes.append("Your deductible applies first: until it is met you pay the plan's full allowed amount.")
    if row.penalty:
        notes.append(f"Without prior authorization: {row.penalty}, as your plan's row for {row.label} says.")
    if not row.from_evidence:
        notes.append(
            f"The plan's cost share comes from its row for {row.label} ({row.document}, page {row.page}), "
            "the benefit this treatment is usually billed under; confirm it with the insurer."
        )
    if decision.verdict == "unknown":
        notes.append("Your documents don't settle whether the plan pays; the plan figures apply only if it does.")
    return notes


def price_sources(treatment: str) -> list[PriceSource]:
    sp = SELF_PAY.get(treatment)
    return list(sp.sources) if sp else []
