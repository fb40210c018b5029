"""What a document may decide (kind, rider, drug list), which carrier's pack applies, and the payer
criteria a policy document states. Plan text written in the DSL (no PDFs)."""

from __future__ import annotations

from conftest import plan

from policyeval.pipeline import evaluate_plan_text

IV = {"treatment": "iv_ketamine", "age": 40, "diagnoses": ["F33.2"], "failed_antidepressant_trials": 3}
ESK = {"treatment": "esketamine_nasal", "age": 40, "diagnoses": ["treatment-resistant depression"]}
DENTAL = 'document "dental.pdf" kind non_medical pages 70 about "dental plan"'
EXPERIMENTAL_DENTAL = (
    'fact exclusion experimental_services [excluded, experimental] in "dental.pdf" page 30 '
    'quote "Experimental procedures are not covered."'
)


def decide(*facts: str, docs: str, profile: dict[str, object] = IV):
    d, _ = evaluate_plan_text(plan(*facts, docs=docs), profile)
    return d


# ---- document kinds ----------------------------------------------------------------------------------


def test_only_a_dental_plan_says_so_and_asks_for_the_medical_plan():
    d = decide(EXPERIMENTAL_DENTAL, docs=DENTAL)
    assert (d.verdict, d.basis, d.rule) == ("unknown", "none", "not_medical_coverage")
    assert "dental.pdf is a dental plan document" in d.reason
    assert any("medical plan's documents" in s for s in d.next_steps)
    aside = next(t for t in d.trace if t.rule == "generic_experimental_exclusion")
    assert aside.note.startswith("does not apply: dental.pdf is a dental plan document")


def test_a_dental_plan_beside_the_medical_plan_never_decides():
    d = decide(EXPERIMENTAL_DENTAL, docs=DENTAL + '\ndocument "sbc.pdf" kind sbc pages 4')
    assert (d.verdict, d.rule) == ("unknown", "summary_only")


def test_a_drug_list_speaks_for_drugs_only():
    docs = 'document "drugs.pdf" kind formulary pages 120'
    iv_listed = (
        'fact treatment iv_ketamine [covered, prior_authorization] in "drugs.pdf" page 40 quote "ketamine HCl inj PA"'
    )
    assert decide(iv_listed, docs=docs).verdict == "unknown"
    esk_listed = 'fact treatment esketamine_nasal [covered, prior_authorization] in "drugs.pdf" page 41 tier "4" quote "SPRAVATO PA QL"'
    d = decide(esk_listed, docs=docs, profile=ESK)
    assert (d.verdict, d.rule) == ("pa_required", "named_with_prior_authorization")


def test_a_rider_replaces_what_it_amends_and_the_trace_says_so():
    docs = 'document "eoc.pdf" kind eoc pages 60\ndocument "rider.pdf" kind rider pages 2 amends "eoc.pdf"'
    base = 'fact treatment iv_ketamine [excluded] in "eoc.pdf" page 40 quote "Ketamine infusions are not covered."'
    rider = 'fact treatment iv_ketamine [covered, prior_authorization] in "rider.pdf" page 1 quote "Ketamine infusions are covered with precertification."'
    d = decide(base, rider, docs=docs)
    assert (d.verdict, d.rule) == ("pa_required", "named_with_prior_authorization")
    assert d.evidence[0].document == "rider.pdf"
    winner = next(t for t in d.trace if t.winner)
    assert "it replaces eoc.pdf page 40" in winner.note
    replaced = next(t for t in d.trace if t.rule == "named_exclusion")
    assert "replaced by rider.pdf page 1" in replaced.note
    # the other way round: a rider that excludes what the certificate covered
    base_covers = base.replace("[excluded]", "[covered]").replace("not covered", "covered")
    rider_excludes = rider.replace("[covered, prior_authorization]", "[excluded]")
    assert decide(base_covers, rider_excludes, docs=docs).rule == "named_exclusion"


def test_a_rider_naming_no_base_amends_the_plan_documents_but_not_an_insurer_policy():
    docs = (
        'document "eoc.pdf" kind eoc pages 60\ndocument "rider.pdf" kind rider pages 2\n'
        'document "cpb.pdf" kind policy pages 9'
    )
    base = 'fact treatment iv_ketamine [excluded] in "eoc.pdf" page 40 quote "not covered"'
    policy = 'fact treatment iv_ketamine [experimental] in "cpb.pdf" page 2 quote "experimental"'
    rider = 'fact treatment iv_ketamine [covered] in "rider.pdf" page 1 quote "covered"'
    d = decide(base, rider, policy, docs=docs)
    assert d.rule == "named_covered"
    assert not any("replaced" in t.note for t in d.trace if t.rule == "policy_document_exclusion")


def test_a_rider_about_another_concept_replaces_nothing():
    docs = 'document "eoc.pdf" kind eoc pages 60\ndocument "rider.pdf" kind rider pages 2 amends "eoc.pdf"'
    base = 'fact treatment iv_ketamine [excluded] in "eoc.pdf" page 40 quote "not covered"'
    rider = 'fact treatment esketamine_nasal [covered] in "rider.pdf" page 1 quote "Spravato covered"'
    assert decide(base, rider, docs=docs).rule == "named_exclusion"


def test_coverage_gated_by_criteria_is_prior_authorization_not_plain_coverage():
    docs = 'document "eoc.pdf" kind eoc pages 60'
    covered = 'fact treatment esketamine_nasal [covered] in "eoc.pdf" page 33 quote "covered when all of the following are met"'
    crit = 'fact criterion failed_trials value "2" in "eoc.pdf" page 33 quote "two failed antidepressants"'
    assert decide(covered, docs=docs, profile=ESK).verdict == "covered"
    assert decide(covered, crit, docs=docs, profile=ESK).verdict == "pa_required"


# ---- carriers ----------------------------------------------------------------------------------------

SBC = 'document "sbc.pdf" kind sbc pages 4'


def insurer(iid: str, mods: str = "primary", doc: str = "sbc.pdf") -> str:
    return f'fact insurer {iid} [{mods}] in "{doc}" page 1 quote "{iid} header"'


def test_two_primary_carriers_apply_no_pack_and_are_named():
    d = decide(insurer("aetna"), insurer("cigna"), docs=SBC)
    assert d.insurer == "" and d.basis != "insurer_policy"
    assert "more than one carrier (Aetna, Cigna)" in d.reason


def test_the_profile_settles_which_carrier():
    d = decide(insurer("aetna"), insurer("cigna"), docs=SBC, profile={**IV, "insurer": "Aetna"})
    assert (d.insurer, d.basis) == ("aetna", "insurer_policy")


def test_a_pharmacy_benefit_manager_is_never_the_insurer():
    d = decide(insurer("aetna"), insurer("cigna", "pbm"), docs=SBC)
    assert (d.insurer, d.basis) == ("aetna", "insurer_policy")


def test_a_dental_plans_carrier_is_not_the_medical_carrier():
    d = decide(insurer("aetna", doc="dental.pdf"), docs=SBC + "\n" + DENTAL)
    assert d.insurer == ""


def test_a_recognised_carrier_without_a_pack_is_named():
    d = decide(insurer("oscar"), docs=SBC, profile=ESK)
    assert d.verdict == "unknown"
    assert "No published policy of Oscar" in d.reason and "ask Oscar" in d.reason
    assert any(s.startswith("Ask Oscar") for s in d.next_steps)


def test_a_pack_for_the_other_treatment_only_is_no_pack_for_this_one():
    d = decide(insurer("medica"), docs=SBC, profile=ESK)  # Medica's pack decides injectable ketamine only
    assert "No published policy of Medica on Spravato" in d.reason


# ---- payer criteria ------------------------------------------------------------------------------------

POLICY = 'document "sbc.pdf" kind sbc pages 4\ndocument "cpb.pdf" kind policy pages 9'
COVERS_TRD = (
    'fact treatment esketamine_nasal [covered, prior_authorization] in "cpb.pdf" page 2 indications [trd] '
    'quote "medically necessary for treatment-resistant depression when all of the following are met"'
)
OTHER_USES = 'fact treatment esketamine_nasal [experimental] in "cpb.pdf" page 5 other_indications [] quote "investigational for all other indications"'
CRITERIA = [
    'fact criterion min_age value "18" in "cpb.pdf" page 2 quote "18 years of age or older"',
    'fact criterion failed_trials value "3" in "cpb.pdf" page 3 quote "three antidepressants"',
    'fact criterion trial_weeks value "8" in "cpb.pdf" page 3 quote "at least 8 weeks each"',
    'fact criterion min_score value "PHQ-9 20" in "cpb.pdf" page 3 quote "PHQ-9 of 20 or more"',
    'fact criterion min_score value "MADRS 30" in "cpb.pdf" page 3 quote "or MADRS of 30 or more"',
    'fact criterion psychotherapy value "required" in "cpb.pdf" page 4 quote "after psychotherapy"',
    'fact criterion approval_months value "6" in "cpb.pdf" page 4 quote "approved for 6 months"',
]


def test_investigational_for_other_uses_leaves_the_covered_indication_to_prior_authorization():
    d = decide(COVERS_TRD, OTHER_USES, docs=POLICY, profile=ESK)
    assert (d.verdict, d.basis, d.rule) == ("pa_required", "insurer_policy", "policy_document_coverage")
    d = decide(COVERS_TRD, OTHER_USES, docs=POLICY, profile={**ESK, "diagnoses": ["PTSD"]})
    assert (d.verdict, d.basis) == ("experimental_exclusion", "insurer_policy")
    assert d.evidence[0].page == 5  # the exclusion itself comes first


def test_a_policy_documents_criteria_replace_the_generic_ones_each_citing_its_page():
    profile = {**ESK, "failed_antidepressant_trials": 2, "scores": {"MADRS": 32}}
    d = decide(COVERS_TRD, *CRITERIA, docs=POLICY, profile=profile)
    by_name = {c.name: c for c in d.criteria}
    assert set(by_name) == {"min_age", "failed_trials", "min_score", "psychotherapy"}
    assert (by_name["min_age"].status, by_name["min_age"].source) == ("met", "cpb.pdf page 2")
    assert by_name["failed_trials"].status == "not_met"
    assert "3 failed antidepressant trials of 8+ weeks" in by_name["failed_trials"].description
    assert by_name["min_score"].status == "met"  # either threshold will do
    assert by_name["psychotherapy"].status == "not_given"
    assert any("approval lasts 6 months" in s and "cpb.pdf page 4" in s for s in d.next_steps)
    assert all(c.source.startswith("cpb.pdf") for c in d.criteria)  # one policy for verdict and checklist


def test_a_policy_about_the_other_treatment_does_not_lend_its_criteria():
    d = decide(
        'fact treatment iv_ketamine [prior_authorization] in "sbc.pdf" page 3 quote "Ketamine: preauthorization required."',
        COVERS_TRD,
        *CRITERIA,
        docs=POLICY,
    )
    assert d.rule == "named_with_prior_authorization"
    assert "adult" in {c.name for c in d.criteria}  # the common criteria
