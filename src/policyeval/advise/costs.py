"""What a treatment may cost: the self-pay price of a session and of a first series, against the plan's own
cost share (copay / coinsurance / "Not covered") read from the benefits-chart row the decision rests on.

The self-pay ranges are data, not code (`SELF_PAY` below). Where they come from:

IV ketamine (racemic ketamine infusion for depression; clinics price per infusion, rarely billed to insurance):
  - $400–$800 per IV session: Rejuvenate (Dr James Dill), "Ketamine Therapy Cost Guide 2025", 20 Nov 2025,
    https://rejuvenate-az.com/insights/ketamine-therapy-cost-guide-2025-pricing-insurance-how-to-afford-treatment
  - $400–$1,000 per session, "typical course: 6–8 sessions over 2–3 weeks": KAIR Program, "Counting the Cost of
    Ketamine Therapy", https://www.kair-program.com/blog/ketamine-therapy-cost
  - $400–$1,200 per session, induction of "four to six infusions over two to three weeks":
    https://biologyinsights.com/how-much-does-a-ketamine-infusion-cost
  - $300–$1,500 per infusion, 4–6 for depression: https://healingmaps.com/ketamine-infusion-therapy-treatment-cost/
  We show $400–$1,000 per session (the range the first three sources share) and a series of 6 infusions.

Spravato (esketamine nasal spray; given at a REMS-certified clinic with 2 hours of observation):
  - list price "roughly $600 to nearly $900 per dose" (56 mg / 84 mg): The People's Pharmacy, "High Cost of
    Spravato (Esketamine) for Depression", https://www.peoplespharmacy.com/articles/high-cost-of-spravato-esketamine-for-depression
    ("$600–$900 per treatment": KAIR Program, above)
  - the clinic visit that bundles drug and observation, 2026 Medicare physician fee schedule: G2082 (up to 56 mg)
    ≈ $906.51, G2083 (over 56 mg) ≈ $1,289.82 (../shared/reference/domain.md §3.1: carepatron.com, codingahead.com,
    osmind.org)
  We show $600–$1,300 per session (drug alone at list price up to the bundled 84 mg visit) and the label's
  induction phase: twice weekly for 4 weeks = 8 sessions (Spravato prescribing information; domain.md §2.1).

These are national ranges to help a patient compare, not a quote: a clinic's own price and the plan's allowed
amount decide the real figure.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..models import Decision, Document, Evidence, Row


@dataclass(frozen=True)
class SelfPay:
    treatment: str
    low: float  # US dollars per session
    high: float
    sessions: int  # length of the first series
    series: str  # the series in words
    session: str  # what one session is
    sources: tuple[str, ...]


SELF_PAY: dict[str, SelfPay] = {
    "iv_ketamine": SelfPay(
        "iv_ketamine",
        400,
        1000,
        6,
        "an initial series of 6 infusions over 2–3 weeks",
        "one IV infusion (about 40–60 minutes, monitored)",
        (
            "https://rejuvenate-az.com/insights/ketamine-therapy-cost-guide-2025-pricing-insurance-how-to-afford-treatment",
            "https://www.kair-program.com/blog/ketamine-therapy-cost",
            "https://biologyinsights.com/how-much-does-a-ketamine-infusion-cost",
        ),
    ),
    "esketamine_nasal": SelfPay(
        "esketamine_nasal",
        600,
        1300,
        8,
        "the induction phase: twice a week for 4 weeks (8 sessions)",
        "one dose at a certified clinic with 2 hours of observation",
        (
            "https://www.peoplespharmacy.com/articles/high-cost-of-spravato-esketamine-for-depression",
            "https://www.kair-program.com/blog/ketamine-therapy-cost",
            "2026 Medicare fee schedule, G2082 ≈ $906.51 / G2083 ≈ $1,289.82",
        ),
    ),
}

HSA_FSA_NOTE = (
    "HSA and FSA money can usually pay for treatment a doctor prescribes for a medical condition, such as "
    "depression, even when your plan does not cover it (IRS Publication 502, “Medical and Dental Expenses”). "
    "Ask your HSA/FSA administrator before you pay, and keep the itemised receipt (superbill)."
)

# The benefits-chart rows a treatment is usually paid under when the decision's own evidence has no row.
CATEGORY_ROWS = {
    "iv_ketamine": (r"infusion", r"outpatient (surgery|facility|services)", r"mental|behavioral|behavioural"),
    "esketamine_nasal": (r"specialty drug", r"mental|behavioral|behavioural", r"prescription drug|generic|brand"),
}


@dataclass
class CostShare:
    """One cell of a benefits chart, understood."""

    kind: str  # "copay" | "coinsurance" | "no_charge" | "not_covered" | "unknown"
    amount: float | None = None  # dollars for a copay, percent for coinsurance
    cap: float | None = None  # "20% coinsurance up to $250"
    after_deductible: bool | None = None  # True: deductible applies first; False: explicitly not; None: not said
    text: str = ""  # the cell as printed

    def describe(self) -> str:
        if self.kind == "copay":
            out = f"a ${self.amount:,.0f} copay per session"
        elif self.kind == "coinsurance":
            out = f"{self.amount:g}% coinsurance" + (f" (up to ${self.cap:,.0f})" if self.cap else "")
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
            return CostShare("coinsurance", pct, _num(cap.group(cap.lastindex)) if cap else None, deductible, t)
        if pct == 0:
            return CostShare("no_charge", 0.0, None, deductible, t)
    m = _COPAY.search(t) or _COPAY_WORD_FIRST.search(t)
    if m:
        money = m.group(1) if m.re is _COPAY else m.group(m.lastindex)
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


@dataclass
class PlanRow:
    """The chart row the cost comes from, with where it is."""

    document: str
    page: int
    section: str
    service: str
    in_network: CostShare
    out_of_network: CostShare
    limitations: str = ""
    from_evidence: bool = True  # False: a category row found by name, not the decision's own evidence

    @property
    def label(self) -> str:
        """The row as a person would name it: 'Specialty drugs', else a short form of its section."""
        if self.service:
            return self.service
        section = re.split(r"(?<=[a-z])\s+(?=More information|See |For more)|[.;:]", self.section)[0].strip()
        return (section[:70] + "…") if len(section) > 70 else (section or "benefits chart")


def _norm(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", (s or "").lower()).strip()


def _overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _plan_row(doc: Document, row: Row, from_evidence: bool) -> PlanRow:
    return PlanRow(
        doc.name,
        row.page,
        row.section,
        row.service,
        parse_cost_share(row.cells.get("in_network", "")),
        parse_cost_share(row.cells.get("out_of_network", "")),
        row.cells.get("limitations", ""),
        from_evidence,
    )


def _row_for(e: Evidence, docs: dict[str, Document]) -> tuple[Document, Row] | None:
    doc = docs.get(e.document)
    if doc is None or not (1 <= e.page <= len(doc.pages)):
        return None
    rows = doc.pages[e.page - 1].rows
    want = _norm(e.row)
    if want:
        for r in rows:
            if _norm(r.service) == want:
                return doc, r
        for r in rows:
            if want and (want in _norm(r.service) or _norm(r.service) in want) and _norm(r.service):
                return doc, r
    for r in rows:
        if any(_overlaps(r.bbox, b) for b in e.bboxes):
            return doc, r
    return None


def find_plan_row(decision: Decision, documents: Iterable[Document]) -> PlanRow | None:
    """The benefits-chart row of the decision's evidence; failing that, the plan's row for the treatment's
    usual category (infusion / specialty drugs / outpatient mental health)."""
    docs = {d.name: d for d in documents}
    for e in decision.evidence:
        found = _row_for(e, docs)
        if found:
            return _plan_row(*found, True)
    for pattern in CATEGORY_ROWS.get(decision.treatment, ()):
        for doc in docs.values():
            for page in doc.pages:
                for r in page.rows:
                    if (
                        re.search(pattern, f"{r.service}", re.I)
                        and parse_cost_share(r.cells.get("in_network", "")).kind != "unknown"
                    ):
                        return _plan_row(doc, r, False)
    return None


@dataclass
class CostBar:
    label: str
    low: float
    high: float


PLAN_LABELS = {  # what the plan figures mean under each verdict
    "covered": "With your plan",
    "pa_required": "With your plan, once approved",
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
    summary: str  # one or two plain sentences
    notes: list[str] = field(default_factory=list)
    plan_label: str = "With your plan"

    @property
    def sessions(self) -> int:
        return self.self_pay.sessions

    def bars(self) -> list[CostBar]:
        """Per-session and whole-series ranges, for a small chart."""
        n = self.sessions
        out = [
            CostBar("Self-pay, per session", self.self_pay.low, self.self_pay.high),
            CostBar(f"Self-pay, {n} sessions", self.self_pay.low * n, self.self_pay.high * n),
        ]
        if self.plan_low is not None and self.plan_high is not None:
            out += [
                CostBar(f"{self.plan_label}, per session", self.plan_low, self.plan_high),
                CostBar(f"{self.plan_label}, {n} sessions", self.plan_low * n, self.plan_high * n),
            ]
        return out


def _money(v: float) -> str:
    return f"${v:,.0f}"


def _plan_range(share: CostShare, sp: SelfPay) -> tuple[float, float] | None:
    if share.kind == "copay":
        return float(share.amount), float(share.amount)
    if share.kind == "coinsurance":
        low, high = sp.low * share.amount / 100, sp.high * share.amount / 100
        if share.cap:
            low, high = min(low, share.cap), min(high, share.cap)
        return low, high
    if share.kind == "no_charge":
        return 0.0, 0.0
    return None


def estimate(decision: Decision, documents: Iterable[Document] = ()) -> CostEstimate | None:
    """Self-pay vs plan cost share for the decision's treatment; None for a treatment without price data."""
    sp = SELF_PAY.get(decision.treatment)
    if sp is None:
        return None
    row = find_plan_row(decision, documents)
    share = row.in_network if row else CostShare("unknown")
    n = sp.sessions
    label = PLAN_LABELS.get(decision.verdict, "With your plan")
    summary = (
        f"Paying yourself, {sp.session} usually costs {_money(sp.low)}–{_money(sp.high)}; "
        f"{sp.series} comes to about {_money(sp.low * n)}–{_money(sp.high * n)}."
    )
    notes: list[str] = []
    rng = _plan_range(share, sp)
    if decision.verdict == "experimental_exclusion":
        summary += " Your plan does not pay for it as things stand, so this is what you would pay."
    if rng is not None:
        low, high = rng
        per = _money(low) if low == high else f"{_money(low)}–{_money(high)}"
        series = _money(low * n) if low == high else f"{_money(low * n)}–{_money(high * n)}"
        lead = {
            "covered": "With your plan",
            "pa_required": "Once approved",
            "experimental_exclusion": "If an appeal succeeds",
            "unknown": "If your plan pays",
        }.get(decision.verdict, "With your plan")
        summary += (
            f" {lead}, its row for {row.label} says {share.describe()}: about {per} a session, {series} for the series."
        )
        if share.kind == "coinsurance":
            notes.append(
                "Coinsurance is a share of the plan's allowed amount, which is usually lower than a clinic's "
                "self-pay price; the range uses the self-pay price as an upper estimate."
            )
    elif share.kind == "not_covered":
        summary += f" Your plan's row for {row.label} says “{share.text}” in network: you would pay it all."
    elif decision.verdict != "experimental_exclusion":
        summary += " Your documents don't show a cost share for this treatment; ask the insurer what you would pay per session."
    if rng is not None and share.after_deductible:
        notes.append("Your deductible applies first: until it is met you pay the plan's full allowed amount.")
    if rng is not None and not row.from_evidence:
        notes.append(
            f"The plan's cost share comes from its row for {row.label} ({row.document}, page {row.page}), "
            "the benefit this treatment is usually billed under; confirm it with the insurer."
        )
    if rng is not None and decision.verdict == "unknown":
        notes.append("Your documents don't settle whether the plan pays; the plan figures apply only if it does.")
    if row is not None and row.out_of_network.kind == "not_covered" and decision.verdict != "experimental_exclusion":
        notes.append("Out of network this benefit is not covered: use an in-network clinic.")
    notes.append(HSA_FSA_NOTE)
    low, high = rng if rng is not None else (None, None)
    return CostEstimate(decision.treatment, sp, row, low, high, summary, notes, label)
