"""Appeal route, letter draft, phone questions and documents to request."""

from __future__ import annotations

from datetime import date

from policyeval.advise.appeal import (
    appeal_letter,
    appeal_route,
    call_script,
    contacts,
    criteria_checklist,
    documents_to_request,
    phone_questions,
)
from policyeval.models import CriterionResult, Decision, Evidence, Finding
from policyeval.profile import profile_from_dict


def _exclusion(treatment="iv_ketamine", basis="explicit"):
    ev = Evidence(
        "eoc.pdf",
        7,
        "Ketamine infusion therapy for depression is experimental and not covered.",
        [(1, 2, 3, 4)],
        "Exclusions",
        "",
    )
    return Decision(
        treatment,
        "experimental_exclusion",
        basis,
        "excluded",
        evidence=[ev],
        insurer="aetna",
        source="Aetna CPB 0938 (2024-06-01)",
    )


def test_letter_filled_from_evidence_and_profile():
    prof = profile_from_dict(
        {
            "treatment": "iv_ketamine",
            "age": 42,
            "diagnoses": ["F33.2"],
            "antidepressant_trials": [{"drug": "sertraline", "weeks": 8, "improvement_pct": 10}],
            "scores": {"PHQ-9": 19},
            "psychotherapy_tried": True,
        }
    )
    text = appeal_letter(_exclusion(), prof, "Aetna", today=date(2026, 3, 5))
    assert "March 5, 2026" in text
    assert "Aetna" in text and "Appeals" in text
    assert "“Ketamine infusion therapy for depression is experimental and not covered.” (eoc.pdf, page 7" in text
    assert "Aetna CPB 0938" in text
    assert "I am 42 years old." in text and "F33.2" in text
    assert "sertraline — 8 weeks — 10% improvement" in text
    assert "PHQ-9 19" in text and "psychotherapy" in text
    assert "[member ID]" in text  # placeholders the patient fills in


def test_letter_for_spravato_argues_fda_approval_and_met_criteria():
    d = _exclusion("esketamine_nasal", "inferred")
    d.criteria = [
        CriterionResult("adult", "Age 18 or older", "met"),
        CriterionResult("trials", "Two failed antidepressant trials", "not_given"),
    ]
    text = appeal_letter(d, None)
    assert "FDA approved" in text and "general clause" in text
    assert "Age 18 or older" in text and "Two failed antidepressant trials" not in text
    assert "[Insurer name]" not in text  # decision.insurer used when no label is given


def test_route_and_phone_questions():
    route = appeal_route(_exclusion(), "Aetna")
    assert any("180 days" in s for s in route) and any("external review" in s for s in route)
    pa = Decision("esketamine_nasal", "pa_required", "explicit", "", criteria=[CriterionResult("x", "X", "not_given")])
    qs = phone_questions(pa)
    assert any("REMS" in q for q in qs) and any("reauthorization" in q for q in qs)
    assert any("J0013" in q for q in qs) and any("criteria" in q for q in qs)
    assert any("ketamine clinic" in q for q in phone_questions(_exclusion()))


def test_documents_to_request_depend_on_what_was_read():
    unknown = Decision("iv_ketamine", "unknown", "none", "silent")
    docs = documents_to_request(unknown, ["sbc"])
    assert docs[0].startswith("Your plan's Evidence of Coverage")
    assert any("medical policy" in d for d in docs) and any("name of your insurer" in d for d in docs)
    unknown.insurer = "cigna"
    docs = documents_to_request(unknown, ["sbc", "eoc", "policy"], "Cigna")
    assert len(docs) == 1 and "Cigna" in docs[0]


def test_checklist():
    rows = criteria_checklist(
        [
            CriterionResult("a", "Adult", "met", proof="ID"),
            CriterionResult("b", "Trials", "not_met"),
            CriterionResult("c", "Score", "not_given"),
        ]
    )
    assert [r[2] for r in rows] == ["met", "not met", "not given"] and rows[0][3] == "ID"


def test_the_appeal_route_cites_the_document_given():
    d = _exclusion()
    only_eoc = " ".join(appeal_route(d, "Aetna", {"my-eoc.pdf": "eoc"}))
    assert "my-eoc.pdf" in only_eoc and "Evidence of Coverage" in only_eoc and "SBC" not in only_eoc
    sbc = " ".join(appeal_route(d, "Aetna", {"summary.pdf": "sbc"}))
    assert "summary.pdf" in sbc and "Grievance and Appeals" in sbc
    nothing = " ".join(appeal_route(d, "Aetna", {}))
    assert "denial letter" in nothing and "SBC" not in nothing


def _contact(role, number, doc="policy.pdf", kind="policy", page=1):
    ev = Evidence(doc, page, f"Call {number}", document_kind=kind)
    return Finding(role, "contact", ev, value=number)


def test_the_call_script_uses_the_numbers_the_documents_print():
    d = Decision("esketamine_nasal", "pa_required", "insurer_policy", "")
    found = [
        _contact("member_services", "1-800-555-0100", "sbc.pdf", "sbc"),
        _contact("precertification", "1-888-555-0199", "policy.pdf", "policy", 4),
        _contact("precertification", "1-877-555-0000", "sbc.pdf", "sbc"),
    ]
    whom, questions = call_script(d, found)
    assert whom.index("1-888-555-0199") < whom.index("1-800-555-0100")  # the PA line first, the policy's own
    assert "1-877-555-0000" not in whom and "policy.pdf, page 4" in whom
    assert questions == phone_questions(d)
    whom, _ = call_script(d, [])
    assert "back of your insurance card" in whom
    assert [c.role for c in contacts(found)] == ["precertification", "member_services"]
