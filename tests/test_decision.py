"""The default policy, step by step, over plan facts written in the DSL (no PDF reading involved)."""

import pytest
from conftest import plan

from policyeval.decide.ruleset import load_rules_text
from policyeval.pipeline import evaluate_plan_text

ESK = {
    "treatment": "esketamine_nasal",
    "age": 40,
    "diagnoses": ["F33.2"],
    "failed_antidepressant_trials": 2,
    "rems_certified_site": True,
    "scores": {"PHQ-9": 19},
}
IV = {"treatment": "iv_ketamine", "age": 40, "diagnoses": ["treatment-resistant depression"]}

EXCLUDED_IV = 'fact treatment iv_ketamine [excluded] in "eoc.pdf" page 40 quote "Ketamine infusions are not covered."'
PA_ESK = (
    'fact treatment esketamine_nasal [covered, prior_authorization] in "sbc.pdf" page 3 row "Specialty drugs" '
    'quote "Spravato: prior authorization required."'
)
COVERED_ESK = (
    'fact treatment esketamine_nasal [covered] in "sbc.pdf" page 3 row "Specialty drugs" quote "Spravato $50 copay"'
)
RESTRICTED_IV = (
    'fact treatment iv_ketamine [covered] in "eoc.pdf" page 12 indications [trd] '
    'quote "Ketamine infusion is covered only for treatment-resistant depression."'
)
GENERIC_EI = (
    'fact exclusion experimental_services [excluded, experimental] in "eoc.pdf" page 30 '
    'quote "Experimental or investigational services are not covered."'
)
INFUSION_PA = (
    'fact category infusion_therapy [prior_authorization] in "sbc.pdf" page 4 row "Infusion therapy" '
    'quote "Preauthorization required."'
)
SPECIALTY_PA = (
    'fact category specialty_drugs [prior_authorization] in "sbc.pdf" page 3 row "Specialty drugs" '
    'quote "Prior authorization is required."'
)
ANESTHETIC_IV = (
    'fact treatment iv_ketamine [excluded, non_psychiatric] in "eoc.pdf" page 9 '
    'quote "ketamine used as an anesthetic during surgery is not covered separately"'
)
SBC_AND_EOC = 'document "sbc.pdf" kind sbc pages 4\ndocument "eoc.pdf" kind eoc pages 60'


def decide(plan_text, profile, rules=None):
    d, _ = evaluate_plan_text(plan_text, profile, rules)
    return d


@pytest.mark.parametrize(
    "facts, profile, verdict, basis, rule",
    [
        ([EXCLUDED_IV], IV, "experimental_exclusion", "explicit", "named_exclusion"),
        ([RESTRICTED_IV], {**IV, "diagnoses": ["PTSD"]}, "experimental_exclusion", "explicit", "indication_not_met"),
        ([RESTRICTED_IV], IV, "covered", "explicit", "named_covered"),
        ([PA_ESK], ESK, "pa_required", "explicit", "named_with_prior_authorization"),
        ([COVERED_ESK], ESK, "covered", "explicit", "named_covered"),
        ([GENERIC_EI], IV, "experimental_exclusion", "inferred", "generic_experimental_exclusion"),
        ([GENERIC_EI], ESK, "unknown", "none", "summary_only"),
        ([INFUSION_PA], IV, "pa_required", "inferred", "infusion_category_prior_authorization"),
        ([SPECIALTY_PA], ESK, "pa_required", "inferred", "drug_category_prior_authorization"),
        ([SPECIALTY_PA], IV, "unknown", "none", "summary_only"),
        ([], ESK, "unknown", "none", "summary_only"),
        ([ANESTHETIC_IV], IV, "unknown", "none", "summary_only"),
    ],
)
def test_default_policy_steps(facts, profile, verdict, basis, rule):
    d = decide(plan(*facts, docs='document "sbc.pdf" kind sbc pages 4'), profile)
    assert (d.verdict, d.basis, d.rule) == (verdict, basis, rule)


def test_higher_step_wins_and_trace_lists_every_match():
    d = decide(plan(EXCLUDED_IV, INFUSION_PA, GENERIC_EI, docs=SBC_AND_EOC), IV)
    assert d.rule == "named_exclusion"
    names = [t.rule for t in d.trace]
    assert names[0] == "named_exclusion" and d.trace[0].winner
    assert {"generic_experimental_exclusion", "infusion_category_prior_authorization", "documents_silent"} <= set(names)
    assert [t.priority for t in d.trace] == sorted((t.priority for t in d.trace), reverse=True)
    assert sum(t.winner for t in d.trace) == 1


def test_evidence_is_the_deciding_passage():
    d = decide(plan(SPECIALTY_PA, INFUSION_PA), ESK)
    assert [(e.document, e.page, e.row) for e in d.evidence] == [("sbc.pdf", 3, "Specialty drugs")]
    assert "page 3" in d.reason


def test_unknown_has_no_evidence_and_says_what_to_get():
    d = decide(plan(), ESK)
    assert d.verdict == "unknown" and d.evidence == []
    assert any("Evidence of Coverage" in s for s in d.next_steps)


def test_pa_criteria_met_not_met_not_given():
    d = decide(plan(PA_ESK), {"treatment": "esketamine_nasal", "age": 16, "diagnoses": ["F33.2"]})
    status = {c.name: c.status for c in d.criteria}
    assert status["adult"] == "not_met"
    assert status["depression_diagnosis"] == "met"
    assert status["failed_antidepressants"] == "not_given"
    assert status["rems_setting"] == "not_given"
    assert any(s.startswith("Not met: Adult") for s in d.next_steps)


def test_detailed_trials_count_only_adequate_failures():
    profile = {
        **ESK,
        "failed_antidepressant_trials": None,
        "antidepressant_trials": [
            {"drug": "sertraline", "weeks": 8, "improvement_pct": 10},
            {"drug": "bupropion", "weeks": 3, "improvement_pct": 0},  # too short
            {"drug": "escitalopram", "weeks": 8, "improvement_pct": 60},
        ],
    }  # responded
    profile = {k: v for k, v in profile.items() if v is not None}
    d = decide(plan(PA_ESK), profile)
    assert {c.name: c.status for c in d.criteria}["failed_antidepressants"] == "not_met"


def test_covered_never_inferred_from_category():
    covered_category = (
        'fact category infusion_therapy [covered] in "sbc.pdf" page 4 quote "Infusion therapy 20% coinsurance"'
    )
    d = decide(plan(covered_category), IV)
    assert d.verdict != "covered"


def test_custom_rules_tie_break_and_no_match():
    rules = load_rules_text(
        {
            "r.policy": """
rule a { priority 5 when age >= 18 then unknown basis none reason "a" }
rule b { priority 5 when age >= 18 then unknown basis none reason "b" }
"""
        }
    )
    d = decide(plan(), {"treatment": "iv_ketamine", "age": 30}, rules)
    assert d.rule == "a" and "declared later" in d.trace[1].note
    d = decide(plan(), {"treatment": "iv_ketamine"}, rules)
    assert d.verdict == "unknown" and d.rule == "" and "no rule" in d.reason.lower()


def test_eoc_outranks_sbc_in_evidence_order():
    eoc_pa = (
        'fact treatment esketamine_nasal [prior_authorization] in "eoc.pdf" page 33 '
        'quote "Esketamine requires precertification."'
    )
    d = decide(plan(PA_ESK, eoc_pa, docs=SBC_AND_EOC), ESK)
    assert d.evidence[0].document == "eoc.pdf"
    assert "eoc.pdf" in next(t.note for t in d.trace if t.winner)


POLICY_DOCS = 'document "sbc.pdf" kind sbc pages 4\ndocument "cpb.pdf" kind policy pages 9'


def test_insurer_policy_document_decides_with_insurer_policy_basis():
    cpb = (
        'fact treatment iv_ketamine [experimental] in "cpb.pdf" page 1 '
        'quote "Aetna considers ketamine experimental and investigational for depression."'
    )
    d = decide(plan(cpb, docs=POLICY_DOCS), IV)
    assert (d.verdict, d.basis, d.rule) == ("experimental_exclusion", "insurer_policy", "policy_document_exclusion")
    assert d.evidence[0].document == "cpb.pdf"
    # the same words in the plan's own document are an explicit exclusion
    own = cpb.replace('"cpb.pdf"', '"sbc.pdf"')
    assert decide(plan(own, docs=POLICY_DOCS), IV).basis == "explicit"


def test_policy_document_covering_with_criteria_means_prior_authorization():
    covered = (
        'fact treatment iv_ketamine [covered] in "cpb.pdf" page 2 indications [trd] '
        'quote "IV ketamine is medically necessary for treatment-resistant depression when ..."'
    )
    d = decide(plan(covered, docs=POLICY_DOCS), IV)
    assert (d.verdict, d.basis) == ("pa_required", "insurer_policy")
    d = decide(plan(covered, docs=POLICY_DOCS), {**IV, "diagnoses": ["PTSD"]})
    assert (d.verdict, d.basis) == ("experimental_exclusion", "insurer_policy")


def test_pack_evidence_is_where_the_documents_name_the_insurer():
    named = 'fact insurer aetna [] in "sbc.pdf" page 1 quote "Aetna Life Insurance Company"'
    d = decide(plan(named), IV)
    assert (d.verdict, d.basis, d.insurer) == ("experimental_exclusion", "insurer_policy", "aetna")
    assert [(e.document, e.page) for e in d.evidence] == [("sbc.pdf", 1)]
    d = decide(plan(), {**IV, "insurer": "Aetna"})
    assert d.basis == "insurer_policy" and d.evidence == []


@pytest.mark.parametrize(
    "profile, verdict",
    [
        ({"treatment": "iv_ketamine", "diagnoses": ["F33.2"], "failed_antidepressant_trials": 3}, "covered"),
        (
            {"treatment": "iv_ketamine", "diagnoses": ["F33.2"], "failed_antidepressant_trials": 1},
            "experimental_exclusion",
        ),
        ({"treatment": "iv_ketamine", "diagnoses": ["F33.2"]}, "unknown"),  # TRD not settled: not "not met"
        ({"treatment": "iv_ketamine"}, "unknown"),
        (
            {"treatment": "iv_ketamine", "diagnoses": ["PTSD"], "failed_antidepressant_trials": 3},
            "experimental_exclusion",
        ),
    ],
)
def test_trd_restriction_reads_mdd_with_failed_trials_as_trd(profile, verdict):
    assert decide(plan(RESTRICTED_IV), profile).verdict == verdict
