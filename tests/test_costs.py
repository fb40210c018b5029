"""Cost shares read from benefits-chart cells, and self-pay vs plan estimates."""

from __future__ import annotations

import pytest

from policyeval.advise import costs
from policyeval.advise.costs import CostShare, estimate, find_plan_row, parse_cost_share
from policyeval.models import Decision, Evidence, Finding, Scope


@pytest.mark.parametrize(
    "text, kind, amount",
    [
        ("$30 copay", "copay", 30),
        ("$30 copay/visit", "copay", 30),
        ("$50 co-pay not subject to deductible for first 3 visits", "copay", 50),
        ("$70 co-pay after deductible/30-day prescription (retail)", "copay", 70),
        ("$35 / individual visit. No charge for other outpatient services.", "copay", 35),
        ("Copay of $25", "copay", 25),
        ("20% coinsurance", "coinsurance", 20),
        ("20% coinsurance up to $250 / prescription", "coinsurance", 20),
        ("30% coinsurance after deductible", "coinsurance", 30),
        ("Not covered", "not_covered", None),
        ("Not Covered", "not_covered", None),
        ("No charge", "no_charge", 0),
        ("$0 copayment/prescription subject to deductible", "no_charge", 0),
        ("0% coinsurance", "no_charge", 0),
        ("", "unknown", None),
        ("See your drug list", "unknown", None),
    ],
)
def test_parse_cost_share(text, kind, amount):
    share = parse_cost_share(text)
    assert share.kind == kind
    if amount is not None:
        assert share.amount == amount


def test_deductible_and_cap():
    s = parse_cost_share("20% coinsurance up to $250 / prescription after deductible")
    assert (s.cap, s.after_deductible) == (250, True)
    assert parse_cost_share("$50 co-pay not subject to deductible").after_deductible is False
    assert parse_cost_share("$30 copay").after_deductible is None
    assert "after your deductible" in parse_cost_share("30% coinsurance after deductible").describe()


def test_self_pay_is_data_with_sources():
    for _treatment, sp in costs.SELF_PAY.items():
        assert 0 < sp.low < sp.high and sp.sessions > 0 and sp.sources
    assert "http" in costs.__doc__  # where the ranges come from


def _row(
    cells: dict[str, str], concept="specialty_drugs", kind="category", row="Specialty drugs", page=2, consequence=""
):
    """A row finding as the plan file carries it: the row's cells on its evidence."""
    ev = Evidence("sbc.pdf", page, f"{row} | " + " | ".join(cells.values()), [(40, 100, 560, 140)], "drugs", row)
    ev.cells = dict(cells)
    return Finding(concept, kind, ev, frozenset({"covered"}), scope=Scope(consequence=consequence), device="row")


def _decision(verdict="pa_required", treatment="esketamine_nasal", evidence=()):
    return Decision(treatment, verdict, "inferred", "because", evidence=[f.evidence for f in evidence])


def test_row_from_the_deciding_fact_and_coinsurance_estimate():
    f = _row(
        {"in_network": "20% coinsurance", "out_of_network": "Not covered", "limitations": "Preauthorization required"}
    )
    d = _decision(evidence=[f])
    row = find_plan_row(d, [f])
    assert row and row.from_evidence and row.in_network.kind == "coinsurance"
    est = estimate(d, [f])
    sp = costs.SELF_PAY["esketamine_nasal"]
    assert est.plan_low == pytest.approx(sp.low * 0.2) and est.plan_high == pytest.approx(sp.high * 0.2)
    assert "20% coinsurance" in est.summary
    labels = [b.label for b in est.bars()]
    assert labels[0].startswith("Self-pay") and "With your plan, once approved, per session" in labels
    assert "Self-pay, first year" in labels and "Self-pay, induction" in labels
    assert any("Out of network" in n for n in est.notes)
    assert any("HSA" in n for n in est.notes)
    assert est.table()[0] == {"what": "Self-pay, per session", "cost": "$600–$1,300"}  # the chart's text alternative


def test_an_edited_fact_changes_the_estimate():
    """Costs come from the plan file: correcting a fact's cell changes the figure."""
    f = _row({"in_network": "$30 copay"})
    d = _decision(evidence=[f])
    assert estimate(d, [f]).plan_low == 30
    f.evidence.cells["in_network"] = "$45 copay"
    assert estimate(d, [f]).plan_low == 45


@pytest.mark.parametrize(
    "cell, treatment, kind, amount",
    [
        # office visits by copay, "other outpatient services" by coinsurance: a treatment takes the latter
        (
            "$35 / individual visit. 20% coinsurance for other outpatient services.",
            "esketamine_nasal",
            "coinsurance",
            20,
        ),
        ("Office visit: $20 copay; Other outpatient services: 30% coinsurance", "iv_ketamine", "coinsurance", 30),
        ("$25 copay per office visit; infusion: 10% coinsurance after deductible", "iv_ketamine", "coinsurance", 10),
        ("$40 copay/visit", "iv_ketamine", "copay", 40),
    ],
)
def test_the_sub_service_for_the_treatment(cell, treatment, kind, amount):
    f = _row({"in_network": cell}, concept="mh_outpatient", row="Outpatient services")
    est = estimate(_decision("unknown", treatment), [f])
    assert est.row is not None and (est.row.in_network.kind, est.row.in_network.amount) == (kind, amount)


def test_the_row_names_the_sub_service_the_treatment_is_under():
    cell = "$20 copay per office visit; no charge for other outpatient services"
    lim = "Spravato is covered as an office visit with a psychiatrist."
    f = _row({"in_network": cell, "limitations": lim}, concept="mh_outpatient", row="Outpatient services")
    est = estimate(_decision("unknown", "esketamine_nasal"), [f])
    assert est.row.in_network.kind == "copay" and est.row.in_network.amount == 20


def test_a_drug_tier_row_beats_the_mental_health_office_copay_for_spravato():
    mh = _row({"in_network": "$20 copay/office visit"}, concept="mh_outpatient", row="Office visit")
    tier = _row({"in_network": "25% coinsurance"}, concept="prescription_drugs", row="Tier 4 drugs")
    est = estimate(_decision("unknown", "esketamine_nasal"), [mh, tier])
    assert est.row.label == "Tier 4 drugs" and est.row.in_network.amount == 25


def test_out_of_network_rate_and_preauthorization_penalty():
    f = _row(
        {
            "in_network": "20% coinsurance",
            "out_of_network": "50% coinsurance",
            "limitations": "Preauthorization required; benefits reduced by 50% if not preauthorized.",
        },
        concept="infusion_therapy",
        row="Infusion therapy",
    )
    est = estimate(_decision("pa_required", "iv_ketamine", [f]), [f])
    assert est.out_low == pytest.approx(400 * 0.5) and "Out of network, per session" in [b.label for b in est.bars()]
    assert any("benefits reduced by 50%" in n for n in est.notes)
    g = _row(
        {"in_network": "$50 copay"}, concept="infusion_therapy", consequence="a $500 penalty applies without approval"
    )
    assert any("$500 penalty" in n for n in estimate(_decision("pa_required", "iv_ketamine", [g]), [g]).notes)


def test_exclusion_means_self_pay_and_the_row_is_what_an_appeal_would_win():
    f = _row({"in_network": "$30 copay"}, concept="infusion_therapy", row="Infusion therapy")
    est = estimate(_decision("experimental_exclusion", "iv_ketamine", [f]), [f])
    assert (est.plan_low, est.plan_high) == (30, 30)
    assert "does not pay" in est.summary and "If an appeal succeeds" in est.summary
    assert "If an appeal succeeds, per session" in [b.label for b in est.bars()]
    est = estimate(_decision("experimental_exclusion", "iv_ketamine"), [])
    assert est.plan_low is None and len(est.bars()) == 3 and "ask the insurer" not in est.summary


def test_not_covered_row_means_you_pay_it_all():
    f = _row({"in_network": "Not covered"}, concept="infusion_therapy")
    est = estimate(_decision("unknown", "iv_ketamine"), [f])
    assert est.plan_low is None and "you would pay it all" in est.summary


def test_category_row_fallback_and_no_row():
    f = _row({"in_network": "$40 copay"}, concept="mh_outpatient", row="Outpatient services")
    d = Decision("iv_ketamine", "unknown", "none", "silent")
    est = estimate(d, [f])
    assert est.row is not None and not est.row.from_evidence and est.plan_low == 40
    est = estimate(d, [])
    assert est.row is None and est.plan_low is None and "ask the insurer" in est.summary
    assert len(est.bars()) == 3


def test_self_pay_shows_induction_and_a_year_with_sources():
    est = estimate(Decision("iv_ketamine", "unknown", "none", ""), [])
    assert "6–12 sessions" in est.summary and "first year" in est.summary
    year = next(b for b in est.bars() if b.label == "Self-pay, first year")
    sp = costs.SELF_PAY["iv_ketamine"]
    assert year.low == sp.low * (sp.induction_low + sp.maintenance_low)
    assert all(s.where for s in costs.price_sources("iv_ketamine"))


def test_unknown_treatment_has_no_estimate():
    assert estimate(Decision("other", "unknown", "none", ""), []) is None


def test_describe():
    assert CostShare("copay", 30).describe() == "a $30 copay per session"
    assert CostShare("unknown").describe().startswith("a cost share")


def test_cost_share_from_a_sample_plan_row():
    from pathlib import Path

    import policyeval

    pdf = Path(__file__).resolve().parent.parent / "samples" / "sbc01_named_pa.pdf"
    if not pdf.is_file():
        pytest.skip("samples not generated")
    result = policyeval.evaluate([pdf], {"treatment": "esketamine_nasal"})
    if not any(f.evidence.cells for f in result.findings):
        pytest.skip("the reader does not put row cells on findings yet (find helper, issue 9 §4)")
    est = estimate(result.decision, result.findings)
    assert est.row is not None and est.row.page == 2
    assert "Specialty drugs" in est.row.label
    assert (est.row.in_network.kind, est.row.in_network.amount, est.row.in_network.cap) == ("coinsurance", 20, 250)
    assert est.row.out_of_network.kind == "not_covered"
    assert est.plan_high <= 250
