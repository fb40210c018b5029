"""The CRD output: a CDS Hooks response whose shape is checked with a JSON Schema (the CDS Hooks card
and system action) and whose annotated orders are validated as FHIR R4 resources by `fhir.resources`
(R4B models); the coverage-information extension keeps the CRD invariants crd-ci-q1..q4 for every
verdict; document text in the card links nowhere."""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

import jsonschema
import pytest

import policyeval
from policyeval.advise.crd import CRD_EXTENSION, crd_response
from policyeval.models import CriterionResult, Decision, Evidence

fhir_mr = pytest.importorskip("fhir.resources.R4B.medicationrequest")
fhir_sr = pytest.importorskip("fhir.resources.R4B.servicerequest")

sys.path.insert(0, str(Path(__file__).parent))
import formulary_gen as gen  # noqa: E402
from crd_check import CDS_HOOKS_RESPONSE, CODES, check_invariants, coverage_information  # noqa: E402

TODAY = dt.date(2026, 12, 5)


def decision(
    verdict: str, treatment: str = "esketamine_nasal", quote: str = "Spravato: prior authorization required"
) -> Decision:
    return Decision(
        treatment,
        verdict,
        "explicit" if verdict != "unknown" else "none",
        f"Because the plan says so: “{quote}”.",
        evidence=[Evidence("sbc.pdf", 3, quote, section="If you need drugs", row="Specialty drugs")],
        criteria=[CriterionResult("min_age", "Adult (18 or older)", "not_met", "age 16")]
        if verdict == "pa_required"
        else [],
        next_steps=["Ask your prescriber to submit the request."],
        insurer="aetna",
    )


@pytest.mark.parametrize("verdict", ["covered", "pa_required", "experimental_exclusion", "unknown"])
@pytest.mark.parametrize("treatment", ["esketamine_nasal", "iv_ketamine"])
def test_every_verdict_gives_a_valid_response(verdict, treatment):
    resp = crd_response(decision(verdict, treatment), today=TODAY)
    jsonschema.validate(resp, CDS_HOOKS_RESPONSE)
    (action,) = resp["systemActions"]
    resource = action["resource"]
    model = fhir_mr.MedicationRequest if treatment == "esketamine_nasal" else fhir_sr.ServiceRequest
    assert resource["resourceType"] == model.__name__
    model.model_validate(resource)  # FHIR R4 structure, extension included
    info = coverage_information(resource)
    check_invariants(info)
    assert info["date"] == ["2026-12-05"]
    (card,) = resp["cards"]
    assert card["source"]["label"] == "Aetna"
    assert "sbc.pdf, page 3" in card["detail"]


def test_the_verdicts_map_as_domain_section_6_1_says():
    def codes(verdict):
        info = coverage_information(crd_response(decision(verdict), today=TODAY)["systemActions"][0]["resource"])
        return {k: v[0] for k, v in info.items() if k in CODES}

    assert codes("covered") == {"covered": "covered", "pa-needed": "no-auth"}
    assert codes("pa_required") == {
        "covered": "covered",
        "pa-needed": "auth-needed",
        "doc-needed": "clinical",
        "doc-purpose": "withpa",
    }
    assert codes("experimental_exclusion") == {"covered": "not-covered"}
    assert codes("unknown") == {"covered": "conditional", "info-needed": "performer"}


def test_indicator_follows_the_crd_card_guidance():
    ind = {
        v: crd_response(decision(v), today=TODAY)["cards"][0]["indicator"]
        for v in ("covered", "pa_required", "experimental_exclusion", "unknown")
    }
    assert ind == {"covered": "info", "pa_required": "warning", "experimental_exclusion": "warning", "unknown": "info"}
    met = decision("pa_required")
    met.criteria = [CriterionResult("min_age", "Adult", "met")]
    assert crd_response(met, today=TODAY)["cards"][0]["indicator"] == "info"
    assert all(i != "critical" for i in ind.values())


def test_order_codes_are_the_billing_codes():
    esk = crd_response(decision("covered"), today=TODAY)["systemActions"][0]["resource"]
    assert [c["code"] for c in esk["medicationCodeableConcept"]["coding"]] == ["J0013"]
    iv = crd_response(decision("covered", "iv_ketamine"), today=TODAY)["systemActions"][0]["resource"]
    assert [c["code"] for c in iv["code"]["coding"]] == ["96365", "J3490"]
    billing = coverage_information(iv)["billingCode"]
    assert [c["code"] for c in billing] == ["96365", "J3490"]


def test_the_request_order_is_annotated_not_replaced():
    order = {
        "resourceType": "MedicationRequest",
        "id": "mr-77",
        "status": "draft",
        "intent": "order",
        "medicationCodeableConcept": {
            "coding": [{"system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": "999"}]
        },
        "subject": {"reference": "Patient/p1"},
        "extension": [
            {"url": "http://example.org/other", "valueString": "kept"},
            {"url": CRD_EXTENSION, "extension": [{"url": "covered", "valueCode": "covered"}]},
        ],
    }
    resp = crd_response(
        decision("pa_required"), order=order, coverage={"id": "cov-1"}, payer="Lone Star Health", today=TODAY
    )
    out = resp["systemActions"][0]["resource"]
    assert out["id"] == "mr-77" and out["subject"] == {"reference": "Patient/p1"}
    assert out["medicationCodeableConcept"] == order["medicationCodeableConcept"]
    assert [e["url"] for e in out["extension"]] == ["http://example.org/other", CRD_EXTENSION]  # old CRD one replaced
    assert coverage_information(out)["coverage"] == [{"reference": "Coverage/cov-1"}]
    assert resp["cards"][0]["source"]["label"] == "Lone Star Health"
    assert len(order["extension"]) == 2  # the caller's order is not changed
    fhir_mr.MedicationRequest.model_validate(out)


def test_the_same_answer_gets_the_same_assertion_id():
    a = coverage_information(crd_response(decision("covered"), today=TODAY)["systemActions"][0]["resource"])
    b = coverage_information(crd_response(decision("covered"), today=TODAY)["systemActions"][0]["resource"])
    c = coverage_information(crd_response(decision("unknown"), today=TODAY)["systemActions"][0]["resource"])
    assert a["coverage-assertion-id"] == b["coverage-assertion-id"] != c["coverage-assertion-id"]
    other = {"resourceType": "MedicationRequest", "id": "mr-9", "status": "draft", "intent": "order", "subject": {}}
    d = coverage_information(
        crd_response(decision("covered"), order=other, today=TODAY)["systemActions"][0]["resource"]
    )
    assert d["coverage-assertion-id"] != a["coverage-assertion-id"]  # another order, another assertion


@pytest.mark.parametrize(
    "quote",
    [
        "See [our site](https://evil.example/pa) for details",
        "Call us or visit www.evil.example today",
        "Write to appeals@evil.example",
        "<a href='http://x.example'>click</a> ![img](http://x.example/i.png)",
        "https://evil.example/plain",
    ],
)
def test_document_text_in_the_card_links_nowhere(quote):
    detail = crd_response(decision("covered", quote=quote), today=TODAY)["cards"][0]["detail"]
    assert not re.search(r"(?<!\\)\[[^\]]*(?<!\\)\]\(", detail)  # no [text](url)
    assert not re.search(r"(?<!\\)<[a-z]", detail)  # no raw HTML
    assert not re.search(r"https?://|www\.|\w@\w", detail)  # no autolinks
    assert quote.split()[0].strip("<[!").replace("https", "") in detail.replace("\\", "").replace("\u200b", "")


def test_formulary_answer_carries_the_entry_and_its_rxnorm_code(tmp_path):
    ids = gen.plan_ids(1)
    drugs = gen.write_drugs(
        tmp_path / "drugs.json", [gen.spravato([gen.Listing(ids[0], "SPECIALTY", True)], "1234567")]
    )
    result = policyeval.evaluate([drugs], {"treatment": "esketamine_nasal"}, plan_id=ids[0])
    resp = crd_response(result.decision, today=TODAY)
    order = resp["systemActions"][0]["resource"]
    codes = [(c["system"].rsplit("/", 1)[-1], c["code"]) for c in order["medicationCodeableConcept"]["coding"]]
    assert codes == [("rxnorm", "1234567"), ("HCPCSReleaseCodeSets", "J0013")]
    assert "entry /0/plans/0" in resp["cards"][0]["detail"]
    check_invariants(coverage_information(order))
