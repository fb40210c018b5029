"""Cost shares read from benefits-chart cells, and self-pay vs plan estimates."""

from __future__ import annotations

import pytest

from policyeval.advise import costs
from policyeval.advise.costs import CostShare, estimate, find_plan_row, parse_cost_share
from policyeval.models import Decision, Document, Evidence, Page, Row


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


def _doc(cells: dict[str, str], service="Specialty drugs", section="If you need drugs to treat your illness"):
    row = Row(page=2, section=section, service=service, cells=cells, bbox=(40, 100, 560, 140))
    page = Page(2, 612, 792, "", [], rows=[row])
    return Document("sbc.pdf", "sbc", [Page(1, 612, 792, "", []), page])


def _decision(verdict="pa_required", treatment="esketamine_nasal", row="Specialty drugs", bboxes=()):
    ev = Evidence("sbc.pdf", 2, "Specialty drugs ... Preauthorization required", list(bboxes), "drugs", row)
    return Decision(treatment, verdict, "inferred", "because", evidence=[ev])


def test_row_found_from_evidence_and_coinsurance_estimate():
    doc = _doc(
        {"in_network": "20% coinsurance", "out_of_network": "Not covered", "limitations": "Preauthorization required"}
    )
    row = find_plan_row(_decision(), [doc])
    assert row and row.from_evidence and row.in_network.kind == "coinsurance"
    est = estimate(_decision(), [doc])
    sp = costs.SELF_PAY["esketamine_nasal"]
    assert est.plan_low == pytest.approx(sp.low * 0.2) and est.plan_high == pytest.approx(sp.high * 0.2)
    assert "20% coinsurance" in est.summary
    labels = [b.label for b in est.bars()]
    assert labels[0].startswith("Self-pay") and "With your plan, once approved, per session" in labels
    assert any("Out of network" in n for n in est.notes)
    assert any("HSA" in n for n in est.notes)


def test_row_found_by_bbox_when_service_differs():
    doc = _doc({"in_network": "$30 copay"})
    d = _decision(row="", bboxes=[(100, 110, 200, 120)])
    est = estimate(d, [doc])
    assert est.plan_low == est.plan_high == 30
    assert "$180" not in est.summary and "$240" in est.summary  # 8 sessions x $30


def test_exclusion_means_self_pay_and_the_row_is_what_an_appeal_would_win():
    doc = _doc({"in_network": "$30 copay"})
    est = estimate(_decision("experimental_exclusion", "iv_ketamine"), [doc])
    assert (est.plan_low, est.plan_high) == (30, 30)
    assert "does not pay" in est.summary and "If an appeal succeeds" in est.summary
    assert est.bars()[2].label == "If an appeal succeeds, per session"
    est = estimate(_decision("experimental_exclusion", "iv_ketamine"), [])
    assert est.plan_low is None and len(est.bars()) == 2 and "ask the insurer" not in est.summary


def test_not_covered_row_means_you_pay_it_all():
    doc = _doc({"in_network": "Not covered"})
    est = estimate(_decision("unknown"), [doc])
    assert est.plan_low is None and "you would pay it all" in est.summary


def test_category_row_fallback_and_no_row():
    doc = _doc({"in_network": "$40 copay"}, service="Outpatient services", section="If you need mental health")
    d = Decision("iv_ketamine", "unknown", "none", "silent")
    est = estimate(d, [doc])
    assert est.row is not None and not est.row.from_evidence and est.plan_low == 40
    est = estimate(d, [])
    assert est.row is None and est.plan_low is None and "ask the insurer" in est.summary
    assert len(est.bars()) == 2


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
    est = estimate(result.decision, result.documents)
    assert est.row is not None and est.row.page == 2
    assert "Specialty drugs" in est.row.label
    assert (est.row.in_network.kind, est.row.in_network.amount, est.row.in_network.cap) == ("coinsurance", 20, 250)
    assert est.row.out_of_network.kind == "not_covered"
    assert est.plan_high <= 250
