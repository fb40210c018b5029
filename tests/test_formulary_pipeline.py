"""Formulary files through the whole pipeline: recognised among PDFs and plan files, read for the plan
ID, decided by the rules (ranked with the plan's PDFs), written to and read back from the plan file,
and priced from plans.json's tier cost sharing."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import policyeval
from policyeval.advise.costs import estimate
from policyeval.errors import InputError

sys.path.insert(0, str(Path(__file__).parent))
import formulary_gen as gen  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
IDS = gen.plan_ids(3, state="FL", issuer="54321")
ESK = {"treatment": "esketamine_nasal", "age": 41, "diagnoses": ["F33.2"], "failed_antidepressant_trials": 2}


@pytest.fixture
def files(tmp_path: Path) -> list[Path]:
    drugs = [
        *gen.filler_drugs(10, IDS),
        gen.spravato([gen.Listing(IDS[0], "SPECIALTY", True, False, True), gen.Listing(IDS[1], "PREFERRED-BRAND")]),
    ]
    plans = [gen.plan_entry(pid, f"Gulf Bronze {n}") for n, pid in enumerate(IDS)]
    return [gen.write_drugs(tmp_path / "drugs.json", drugs), gen.write_plans(tmp_path / "plans.json", plans)]


def test_each_plan_gets_its_own_answer(files):
    answers = {pid: policyeval.evaluate(files, ESK, plan_id=pid).decision for pid in IDS}
    assert (answers[IDS[0]].verdict, answers[IDS[0]].basis) == ("pa_required", "explicit")
    assert (answers[IDS[1]].verdict, answers[IDS[1]].basis) == ("covered", "explicit")
    assert "PREFERRED-BRAND" in answers[IDS[1]].reason
    assert answers[IDS[2]].verdict == "unknown"
    assert "does not list" in answers[IDS[2]].reason and "formulary exception" in answers[IDS[2]].reason
    ev = answers[IDS[0]].evidence[0]
    assert ev.document == "drugs.json" and ev.pointer.startswith("/10/plans/") and "Spravato" in ev.quote


def test_iv_ketamine_is_never_decided_by_a_formulary(files):
    d = policyeval.evaluate(files, {"treatment": "iv_ketamine", "age": 41}, plan_id=IDS[0]).decision
    assert d.verdict == "unknown" and all(e.document != "drugs.json" for e in d.evidence)


def test_the_plan_file_round_trip_keeps_the_decision(files, tmp_path):
    text, pdfs = policyeval.plan_from_inputs(files, plan_id=IDS[0])
    assert pdfs == []  # formulary files are not PDFs to render
    assert "device formulary_file" in text and 'pointer "/10/plans/0"' in text and 'tier "SPECIALTY"' in text
    assert "kind formulary" in text and "Gulf Bronze 0" in text
    plan = tmp_path / "plan.policy"
    plan.write_text(text)
    again = policyeval.evaluate([plan], ESK).decision
    assert again.to_json() == policyeval.evaluate(files, ESK, plan_id=IDS[0]).decision.to_json()


def test_with_the_plans_pdf_the_stricter_named_statement_wins(files):
    """A PDF naming Spravato with prior authorization outranks a listing without it (trace says so)."""
    sbc = ROOT / "samples" / "sbc01_named_pa.pdf"
    d = policyeval.evaluate([*files, sbc], {**ESK, "provider_in_network": True}, plan_id=IDS[1]).decision
    assert d.verdict == "pa_required"
    lost = [t for t in d.trace if t.rule == "formulary_lists_covered"]
    assert lost and not lost[0].winner and "lower priority" in lost[0].note


def test_cost_estimate_from_the_tier_cost_sharing(files):
    result = policyeval.evaluate(files, ESK, plan_id=IDS[1])
    est = estimate(result.decision, result.findings)
    assert est is not None and "$40" in est.row.in_network.text


def test_without_a_plan_id_the_choices_are_listed(files):
    plans = policyeval.formulary_plans(files)
    assert [(p.plan_id, p.name) for p in plans] == [(pid, f"Gulf Bronze {n}") for n, pid in enumerate(IDS)]
    with pytest.raises(InputError, match="covers 3 plans"):
        policyeval.evaluate(files, ESK)
    assert policyeval.formulary_plans([ROOT / "samples" / "sbc01_named_pa.pdf"]) == []


def test_a_plan_id_of_the_wrong_shape_is_bad_input(files):
    with pytest.raises(InputError, match="not a HIOS plan ID"):
        policyeval.evaluate(files, ESK, plan_id="12345")
