"""Decisions apply each statement's scope to the patient: every scope field, with the profile
including the patient, excluding them, or leaving it open. Plan text written in the DSL (no PDFs)."""

from __future__ import annotations

import pytest
from conftest import plan

from policyeval.pipeline import evaluate_plan_text

EOC = 'document "eoc.pdf" kind eoc pages 60'
SBC = 'document "sbc.pdf" kind sbc pages 4'


def fact(
    concept: str, mods: str, scope: str = "", doc: str = "eoc.pdf", page: int = 12, kind: str = "treatment"
) -> str:
    return f'fact {kind} {concept} [{mods}] in "{doc}" page {page} {scope} quote "statement on page {page}"'


def iv(**profile: object) -> dict[str, object]:
    return {"treatment": "iv_ketamine", **profile}


def esk(**profile: object) -> dict[str, object]:
    return {"treatment": "esketamine_nasal", **profile}


def decide(facts: list[str], profile: dict[str, object], docs: str = EOC):
    d, _ = evaluate_plan_text(plan(*facts, docs=docs), profile)
    return d


PA_IV = fact("iv_ketamine", "covered, prior_authorization", page=12)
TRD = ["treatment-resistant depression"]

# (id, facts, profile, verdict, basis, rule); rule None = an "it depends" answer (no single rule)
CASES = [
    # ---- network
    ("oon-exclusion/in", [fact("iv_ketamine", "excluded", "network out_of_network", page=40), PA_IV],
     iv(provider_in_network=True), "pa_required", "explicit", "named_with_prior_authorization"),
    ("oon-exclusion/out", [fact("iv_ketamine", "excluded", "network out_of_network", page=40), PA_IV],
     iv(provider_in_network=False), "experimental_exclusion", "explicit", "named_exclusion"),
    ("oon-exclusion/open", [fact("iv_ketamine", "excluded", "network out_of_network", page=40), PA_IV],
     iv(), "unknown", "none", None),
    ("in-network-coverage/in", [fact("esketamine_nasal", "covered", "network in_network")],
     esk(provider_in_network=True), "covered", "explicit", "named_covered"),
    ("in-network-coverage/out", [fact("esketamine_nasal", "covered", "network in_network")],
     esk(provider_in_network=False), "unknown", "none", "documents_silent"),
    ("in-network-coverage/open", [fact("esketamine_nasal", "covered", "network in_network")],
     esk(), "unknown", "none", None),
    ("pa-both-networks/open", [fact("esketamine_nasal", "prior_authorization", "network in_network"),
                               fact("esketamine_nasal", "prior_authorization", "network out_of_network", page=13)],
     esk(), "pa_required", "explicit", "named_with_prior_authorization"),
    # ---- route
    ("oral-ketamine-excluded/iv", [fact("iv_ketamine", "excluded", "routes [oral]"), PA_IV],
     iv(), "pa_required", "explicit", "named_with_prior_authorization"),
    ("non-iv-routes-excluded/iv", [fact("iv_ketamine", "excluded", "other_routes [intravenous]"), PA_IV],
     iv(), "pa_required", "explicit", "named_with_prior_authorization"),
    ("iv-route-excluded/iv", [fact("iv_ketamine", "excluded", "routes [intravenous]")],
     iv(), "experimental_exclusion", "explicit", "named_exclusion"),
    ("no-route-stated/iv", [fact("iv_ketamine", "excluded")],
     iv(), "experimental_exclusion", "explicit", "named_exclusion"),
    ("oral-drugs-pa/spravato", [fact("specialty_drugs", "prior_authorization", "routes [oral]", "sbc.pdf", 3, "category")],
     esk(), "unknown", "none", "documents_silent"),
    ("intranasal-pa/spravato", [fact("esketamine_nasal", "prior_authorization", "routes [intranasal]")],
     esk(), "pa_required", "explicit", "named_with_prior_authorization"),
    # ---- age
    ("adults-covered/16", [fact("esketamine_nasal", "covered", "age_min 18")],
     esk(age=16), "unknown", "none", "documents_silent"),
    ("adults-covered/40", [fact("esketamine_nasal", "covered", "age_min 18")],
     esk(age=40), "covered", "explicit", "named_covered"),
    ("adults-covered/open", [fact("esketamine_nasal", "covered", "age_min 18")],
     esk(), "unknown", "none", None),
    ("minors-excluded/40", [fact("esketamine_nasal", "excluded", "age_max 17"), fact("esketamine_nasal", "prior_authorization", page=13)],
     esk(age=40), "pa_required", "explicit", "named_with_prior_authorization"),
    ("minors-excluded/16", [fact("esketamine_nasal", "excluded", "age_max 17"), fact("esketamine_nasal", "prior_authorization", page=13)],
     esk(age=16), "experimental_exclusion", "explicit", "named_exclusion"),
    # ---- setting
    ("rems-only-pa/not-rems", [fact("esketamine_nasal", "prior_authorization", "settings [rems_certified_site]")],
     esk(rems_certified_site=False), "unknown", "none", "documents_silent"),
    ("rems-only-pa/rems", [fact("esketamine_nasal", "prior_authorization", "settings [rems_certified_site]")],
     esk(rems_certified_site=True), "pa_required", "explicit", "named_with_prior_authorization"),
    ("rems-only-pa/open: a requirement the patient meets", [fact("esketamine_nasal", "prior_authorization", "settings [rems_certified_site]")],
     esk(), "pa_required", "explicit", "named_with_prior_authorization"),
    ("psychiatrist-pa: a requirement, no profile field", [fact("iv_ketamine", "prior_authorization", "settings [psychiatrist]")],
     iv(), "pa_required", "explicit", "named_with_prior_authorization"),
    ("home-exclusion/open", [fact("iv_ketamine", "excluded", "settings [home]")],
     iv(), "unknown", "none", None),
    # ---- indications
    ("trd-only/trd", [fact("iv_ketamine", "covered", "indications [trd]")],
     iv(diagnoses=TRD), "covered", "explicit", "named_covered"),
    ("trd-only/ptsd", [fact("iv_ketamine", "covered", "indications [trd]")],
     iv(diagnoses=["PTSD"]), "experimental_exclusion", "explicit", "indication_not_met"),
    ("trd-only/mdd-3-trials", [fact("iv_ketamine", "covered", "indications [trd]")],
     iv(diagnoses=["F33.2"], failed_antidepressant_trials=3), "covered", "explicit", "named_covered"),
    ("trd-only/mdd-1-trial", [fact("iv_ketamine", "covered", "indications [trd]")],
     iv(diagnoses=["F33.2"], failed_antidepressant_trials=1), "experimental_exclusion", "explicit", "indication_not_met"),
    ("trd-only/mdd-trials-open", [fact("iv_ketamine", "covered", "indications [trd]")],
     iv(diagnoses=["F33.2"]), "unknown", "none", None),
    ("trd-only/diagnoses-open", [fact("iv_ketamine", "covered", "indications [trd]")],
     iv(), "unknown", "none", None),
    ("trd-only beats a general statement/ptsd", [fact("iv_ketamine", "covered", "indications [trd]"), fact("iv_ketamine", "covered", page=3)],
     iv(diagnoses=["PTSD"]), "experimental_exclusion", "explicit", "indication_not_met"),
    ("pa-for-trd/ptsd: says nothing about PTSD", [fact("iv_ketamine", "prior_authorization", "indications [trd]")],
     iv(diagnoses=["PTSD"]), "unknown", "none", "documents_silent"),
    ("pa-for-trd/trd", [fact("iv_ketamine", "prior_authorization", "indications [trd]")],
     iv(diagnoses=TRD), "pa_required", "explicit", "named_with_prior_authorization"),
    ("trd or mdsi in two statements/mdsi", [fact("esketamine_nasal", "covered, prior_authorization", "indications [trd]"),
                                           fact("esketamine_nasal", "covered, prior_authorization", "indications [mdsi]", page=13)],
     esk(diagnoses=["suicidal ideation"]), "pa_required", "explicit", "named_with_prior_authorization"),
    ("ptsd-excluded/trd", [fact("iv_ketamine", "excluded", "indications [ptsd]"), PA_IV],
     iv(diagnoses=TRD), "pa_required", "explicit", "named_with_prior_authorization"),
    ("ptsd-excluded/ptsd", [fact("iv_ketamine", "excluded", "indications [ptsd]"), PA_IV],
     iv(diagnoses=["PTSD"]), "experimental_exclusion", "explicit", "named_exclusion"),
    ("other-uses-experimental/trd", [fact("iv_ketamine", "experimental", "other_indications [trd]"), PA_IV],
     iv(diagnoses=TRD), "pa_required", "explicit", "named_with_prior_authorization"),
    ("other-uses-experimental/ptsd", [fact("iv_ketamine", "experimental", "other_indications [trd]"), PA_IV],
     iv(diagnoses=["PTSD"]), "experimental_exclusion", "explicit", "named_exclusion"),
]  # fmt: skip


@pytest.mark.parametrize("facts, profile, verdict, basis, rule", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_scope_meets_the_patient(facts, profile, verdict, basis, rule):
    d = decide(facts, profile)
    assert (d.verdict, d.basis) == (verdict, basis), d.reason
    if rule is None:
        assert d.rule == "" and d.reason.startswith("It depends on"), d.reason
    else:
        assert d.rule == rule, d.reason


def test_an_open_question_names_itself_and_what_each_answer_gives():
    d = decide([fact("iv_ketamine", "excluded", "network out_of_network", page=40), PA_IV], iv())
    assert "whether your provider is in your plan's network" in d.reason
    assert "in network: covered with prior authorization (eoc.pdf page 12)" in d.reason
    assert "out of network: not covered (excluded) (eoc.pdf page 40)" in d.reason
    assert any("provider directory" in s for s in d.next_steps)
    assert {(t.rule, t.note) for t in d.trace} >= {
        ("named_with_prior_authorization", "decides if your provider is in network"),
        ("named_exclusion", "decides if your provider is out of network"),
    }
    assert d.evidence == []  # no passage decides; the reason names each answer's page


def test_an_open_age_tries_each_band_the_statements_draw():
    d = decide([fact("esketamine_nasal", "covered", "age_min 18 age_max 64")], esk())
    assert "younger than 18" in d.reason and "18 to 64" in d.reason and "65 or older" in d.reason


def test_the_same_answer_whatever_the_open_question_settles_it():
    facts = [
        fact("esketamine_nasal", "prior_authorization", "network in_network"),
        fact("esketamine_nasal", "prior_authorization", "network out_of_network", page=13),
    ]
    d = decide(facts, esk())
    winner = next(t for t in d.trace if t.winner)
    assert "the same answer whatever whether your provider is in your plan's network" in winner.note


def test_a_statement_that_does_not_apply_stays_in_the_trace_with_why():
    d = decide(
        [fact("iv_ketamine", "excluded", "network out_of_network", page=40), PA_IV], iv(provider_in_network=True)
    )
    entry = next(t for t in d.trace if t.rule == "named_exclusion")
    assert not entry.winner
    assert entry.note == "does not apply: out-of-network providers only (eoc.pdf page 40)"
    assert [t.priority for t in d.trace] == sorted((t.priority for t in d.trace), reverse=True)


def test_a_covered_statement_the_patient_does_not_meet_is_never_covered():
    for profile in (esk(age=16), esk(provider_in_network=False), esk(rems_certified_site=False), esk()):
        facts = [fact("esketamine_nasal", "covered", "age_min 18 network in_network settings [rems_certified_site]")]
        assert decide(facts, profile).verdict != "covered"


def test_conditions_named_are_no_limit_only_indications_are():
    limited = 'fact treatment iv_ketamine [covered] in "eoc.pdf" page 12 indications [trd] quote "only TRD"'
    assert decide([limited], iv(diagnoses=["PTSD"])).rule == "indication_not_met"
    assert decide([limited], iv(diagnoses=TRD)).rule == "named_covered"
    named = 'fact treatment iv_ketamine [covered] in "eoc.pdf" page 12 conditions [trd] quote "mentions TRD"'
    assert decide([named], iv(diagnoses=["PTSD"])).rule == "named_covered"


def test_only_the_questions_that_change_the_verdict_are_asked():
    """An open setting that only changes the basis (explicit vs the category's inferred PA) is not
    asked; the open network, which changes the verdict, is, once per answer."""
    facts = [
        fact("esketamine_nasal", "covered, prior_authorization", "network in_network settings [rems_certified_site]"),
        fact("esketamine_nasal", "excluded", "network out_of_network", page=13),
        fact("prescription_drugs", "covered, prior_authorization", page=14, kind="category"),
    ]
    d = decide(facts, esk())
    assert d.verdict == "unknown" and "whether your provider is in your plan's network" in d.reason
    assert "REMS" not in d.reason and d.reason.count("if your provider is in network") == 1
    assert "in network: covered with prior authorization (eoc.pdf page 12)" in d.reason  # the explicit basis
    settled = decide(facts, esk(provider_in_network=True))
    assert (settled.verdict, settled.basis) == ("pa_required", "explicit")
    # a setting that does change the verdict is still asked
    d2 = decide([fact("iv_ketamine", "excluded", "settings [home]", page=30), PA_IV], iv())
    assert d2.verdict == "unknown" and "whether the treatment is given at home" in d2.reason
