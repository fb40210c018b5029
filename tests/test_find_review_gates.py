"""Coverage that waits for a reviewer's decision is prior authorization, whatever the review is
called: written here in wordings the clause table does not use."""

from __future__ import annotations

import pdfbuild as B
import pytest

import policyeval

IV = {"treatment": "iv_ketamine", "age": 44, "diagnoses": ["F33.2"], "failed_antidepressant_trials": 3}
ESK = {**IV, "treatment": "esketamine_nasal"}


def _verdict(sentence: str, profile: dict[str, object]) -> str:
    pdf = B.build_prose(["Evidence of Coverage", "Covered services", sentence], title="Evidence of Coverage")
    return policyeval.evaluate([("eoc.pdf", pdf)], {**profile, "provider_in_network": True}).decision.verdict


@pytest.mark.parametrize(
    "sentence, profile",
    [
        ("Ketamine infusions are eligible for coverage pending clinical review.", IV),
        ("IV ketamine treatment is covered, pending approval by the behavioral health team.", IV),
        ("Spravato is a covered drug subject to prior approval by the pharmacy program.", ESK),
        (
            "Benefits for ketamine infusion therapy are available when the Medical Director determines in "
            "advance that the services are medically necessary.",
            IV,
        ),
        ("Esketamine nasal spray is covered once approved by Care Management.", ESK),
        ("We cover Spravato after the prescriber's request is reviewed and approved.", ESK),
    ],
)
def test_coverage_waiting_for_a_review_is_prior_authorization(sentence, profile):
    assert _verdict(sentence, profile) == "pa_required"


def test_plain_coverage_stays_covered():
    assert _verdict("Spravato nasal spray is covered under the medical benefit.", ESK) == "covered"
