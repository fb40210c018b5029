"""Sentence-level reading of what a coverage cue says (find/polarity.py, find/approval.py, excepted
lists and elliptic negation in find/sentences.py, unmet criteria, requirement sentences after a
coverage sentence): each trigger family with wording of its own, and a twin where the trigger is
absent or out of reach so the plain reading still holds. Never `covered` where the words take it back."""

from __future__ import annotations

import pdfbuild as B
import pytest

from policyeval.find import find
from policyeval.read.document import read_pdf

SUBJECTS = ("treatment", "category")


def statements(*paragraphs: str, title: str = "", font: str = "") -> dict[str, list[tuple[frozenset[str], dict]]]:
    """concept -> [(modifiers, non-empty scope fields)] for the prose's subject findings."""
    layout: dict[str, str] = {"title": title} if title else {}
    if font:
        layout["font"] = font
    doc = read_pdf(B.build_prose(list(paragraphs), **layout), "plan.pdf")
    out: dict[str, list[tuple[frozenset[str], dict]]] = {}
    for f in find([doc]):
        if f.kind in SUBJECTS:
            scope = {k: v for k, v in vars(f.scope).items() if v not in ((), "", None, False)}
            out.setdefault(f.concept, []).append((frozenset(f.modifiers - {"non_psychiatric"}), scope))
    return out


def said(paragraph: str, concept: str, **kw) -> set[str]:
    """Every modifier any statement about `concept` carries (a blank line separates paragraphs)."""
    return {m for mods, _ in statements(*paragraph.split("\n\n"), **kw).get(concept, []) for m in mods}


# ============================================================================ negated cues
@pytest.mark.parametrize(
    "sentence, concept",
    [
        ("Esketamine nasal spray will never be covered by this plan.", "esketamine_nasal"),
        ("Intravenous ketamine is no longer considered a covered benefit.", "iv_ketamine"),
        ("The plan discontinued covering ketamine infusions in 2024.", "iv_ketamine"),
        ("Starting in March we will stop covering Spravato.", "esketamine_nasal"),
        ("Ketamine infusion therapy is not deemed eligible for coverage.", "iv_ketamine"),
    ],
)
def test_negated_coverage_cue_is_an_exclusion(sentence, concept):
    got = said(sentence, concept)
    assert "excluded" in got and "covered" not in got, got


def test_negation_out_of_reach_does_not_negate():
    # "not" belongs to another predicate; the comma ends its reach
    got = said("Spravato, which is not a generic drug, is covered in full.", "esketamine_nasal")
    assert got == {"covered"}, got


# ============================================================================ hedged cues
@pytest.mark.parametrize(
    "sentence, concept",
    [
        ("Spravato might be covered for some members.", "esketamine_nasal"),
        ("IV ketamine could possibly be covered in rare cases.", "iv_ketamine"),
        ("If IV ketamine is covered for you, your coinsurance is 20%.", "iv_ketamine"),
        ("In the event that esketamine nasal spray is covered, a specialty copay applies.", "esketamine_nasal"),
        (
            "Ketamine infusions for depression are paid only within an approved research study and are covered there.",
            "iv_ketamine",
        ),
    ],
)
def test_possible_or_conditional_coverage_states_nothing(sentence, concept):
    got = said(sentence, concept)
    assert not got & {"covered", "excluded"}, got


def test_condition_before_a_comma_still_leaves_coverage():
    got = statements("If you have treatment-resistant depression, Spravato is covered.")["esketamine_nasal"]
    assert (frozenset({"covered"}), {"indications": ("trd",)}) in got, got


# ============================================================================ excepted lists
@pytest.mark.parametrize(
    "sentence",
    [
        "Outpatient behavioral health care is covered, except ketamine infusion therapy.",
        "We cover infusion services apart from IV ketamine.",
        "Behavioral health services, with the exception of ketamine infusions, are covered in full.",
        "We cover mental health care excluding ketamine infusion therapy.",
    ],
)
def test_excepted_from_coverage_is_excluded(sentence):
    got = said(sentence, "iv_ketamine")
    assert "excluded" in got and "covered" not in got, got


def test_the_head_of_an_excepted_list_keeps_its_coverage():
    got = statements("Outpatient mental health services are covered, except ketamine infusion therapy.")
    assert any("covered" in mods for mods, _ in got["mh_outpatient"]), got


def test_excepted_from_an_exclusion_takes_no_verdict_from_it():
    got = statements("Ketamine in any form, other than Spravato, is excluded.")
    assert not any(mods for mods, _ in got["esketamine_nasal"]), got
    assert any("excluded" in mods for mods, _ in got["iv_ketamine"]), got


def test_indication_carve_out_is_not_an_excepted_list():
    # conditions after "except" limit the exclusion; no treatment is excepted
    got = statements("Ketamine infusions are excluded except for treatment-resistant depression.")["iv_ketamine"]
    assert not any(mods == {"excluded"} and not scope for mods, scope in got), got


# ============================================================================ elliptic negation
@pytest.mark.parametrize(
    "sentence, covered_for, excluded_for",
    [
        ("IV ketamine is covered for chronic pain but not for depression.", "chronic_pain", "mdd"),
        (
            "Ketamine infusions are covered when used for chronic pain, but not when given for PTSD.",
            "chronic_pain",
            "ptsd",
        ),
    ],
)
def test_but_not_takes_coverage_back_for_what_it_names(sentence, covered_for, excluded_for):
    got = statements(sentence)["iv_ketamine"]
    assert any("excluded" in m and s.get("indications") == (excluded_for,) for m, s in got), got
    assert not any("covered" in m and excluded_for in s.get("indications", ()) for m, s in got), got


def test_but_not_limited_to_is_an_example_list():
    got = statements(
        "Ketamine infusions are covered for all psychiatric indications, including but not limited to depression."
    )
    assert not any("excluded" in m for m, _ in got["iv_ketamine"]), got


# ============================================================================ drug as the object
@pytest.mark.parametrize(
    "sentence",
    [
        "Laboratory toxicology testing for ketamine, PCP and opioids is covered.",
        "Detox for members with dependence on alcohol, sedatives, ketamine or stimulants is a covered service.",
        "We cover drug screening for substances like ketamine when your doctor orders it.",
    ],
)
def test_ketamine_as_object_of_another_service_is_not_the_treatment(sentence):
    assert "covered" not in said(sentence, "iv_ketamine")


def test_treatment_named_after_the_service_sentence_is_still_the_treatment():
    got = said("Drug testing is covered. Ketamine infusions are covered with prior authorization.", "iv_ketamine")
    assert "prior_authorization" in got, got


# ============================================================================ approval by a verb
@pytest.mark.parametrize(
    "sentence",
    [
        "We cover Spravato only after your medical group has authorized it.",
        "Esketamine nasal spray is covered if the plan approves the treatment in advance.",
        "Benefits for IV ketamine are available only once the care management team has approved them.",
        "Claims for Spravato are paid only if a plan pharmacist authorizes them ahead of time.",
        "Ketamine infusion therapy is covered and is subject to utilization management.",
    ],
)
def test_approval_said_with_a_verb_is_prior_authorization(sentence):
    concept = "esketamine_nasal" if "pravato" in sentence or "sketamine" in sentence else "iv_ketamine"
    assert "prior_authorization" in said(sentence, concept)


@pytest.mark.parametrize(
    "sentence",
    [
        "Spravato is covered only when used for an approved indication.",
        "Spravato is covered when it is FDA approved for your condition.",
        "Esketamine nasal spray was approved by the FDA in 2019 and is covered.",
    ],
)
def test_approved_as_an_adjective_or_by_the_fda_is_no_requirement(sentence):
    assert "prior_authorization" not in said(sentence, "esketamine_nasal")


# ============================================================================ requirement sentence after coverage
@pytest.mark.parametrize(
    "second",
    [
        "You need approval from us before each course of treatment.",
        "Your doctor must obtain prior authorization first.",
        "It is subject to medical necessity review.",
    ],
)
def test_requirement_sentence_after_a_coverage_sentence_binds_to_it(second):
    got = said(f"Our plan covers esketamine nasal spray in a certified office. {second}", "esketamine_nasal")
    assert "prior_authorization" in got, got


def test_exclusion_sentence_after_coverage_does_not_bind():
    got = statements("We cover Spravato at certified sites. It is not available by mail order for members.")
    assert all("excluded" not in m for m, _ in got["esketamine_nasal"]), got


# ============================================================================ unmet criteria
@pytest.mark.parametrize(
    "closing",
    [
        "Esketamine is not medically necessary for members who fail to meet these criteria.",
        "If any criterion in section A. is not met, esketamine is considered not medically necessary.",
        "Requests that do not meet the requirements above are denied as not medically necessary for esketamine.",
    ],
)
def test_unmet_criteria_never_exclude_the_covered_indication(closing):
    got = statements(
        "Esketamine is medically necessary for members with treatment-resistant depression who meet all criteria"
        " listed in section A.",
        closing,
        title="Medical Policy: Esketamine",
    )["esketamine_nasal"]
    plain = [s for m, s in got if "excluded" in m and not s.get("other_indications")]
    assert not plain, got
    assert any("prior_authorization" in m and "trd" in s.get("indications", ()) for m, s in got), got


# ============================================================================ double negation, answers, benefits
@pytest.mark.parametrize(
    "sentence",
    [
        "Ketamine infusions are not covered without prior approval from the plan.",
        "IV ketamine will not be paid for without getting precertification.",
    ],
)
def test_not_covered_without_approval_is_a_requirement(sentence):
    got = said(sentence, "iv_ketamine")
    assert "prior_authorization" in got and "excluded" not in got, got


def test_not_covered_with_or_without_approval_stays_excluded():
    assert "excluded" in said("Ketamine infusions are not covered, with or without prior approval.", "iv_ketamine")


def test_label_answers_say_yes_or_no():
    got = said(
        "Esketamine nasal spray\n\nCovered: Yes\n\nStep therapy: None\n\nPrior authorization: Yes", "esketamine_nasal"
    )
    assert {"covered", "prior_authorization"} <= got and "step_therapy" not in got, got
    got = said("Ketamine infusion therapy\n\nCovered: No", "iv_ketamine")
    assert "excluded" in got and "covered" not in got, got


@pytest.mark.parametrize(
    "text",
    [
        "Esketamine is excluded from the prescription drug benefit. It is covered under the medical benefit with"
        " prior authorization when your psychiatrist's office bills for it.",
        "Spravato is not covered under Medicare Part D since it is covered under Part B with prior authorization.",
    ],
)
def test_excluded_under_one_benefit_covered_under_another_is_no_exclusion(text):
    got = statements(text)["esketamine_nasal"]
    assert not any("excluded" in m for m, _ in got), got
    assert any("prior_authorization" in m for m, _ in got), got


def test_excluded_under_a_benefit_with_nothing_else_stays_excluded():
    assert "excluded" in said("Esketamine is not covered under the prescription drug benefit.", "esketamine_nasal")


# ============================================================================ riders, status lines, other payers
def test_struck_quotation_says_nothing_and_its_replacement_holds():
    got = said(
        "Section 4 is amended: the words “Spravato is excluded” are removed and replaced with “Spravato is covered"
        " once we have authorized it”.",
        "esketamine_nasal",
    )
    assert "excluded" not in got and "prior_authorization" in got, got


def test_lifted_exclusion_is_no_exclusion():
    got = said("Effective March 1, the exclusion for ketamine infusion therapy no longer applies.", "iv_ketamine")
    assert "excluded" not in got, got


def test_status_lines_are_one_statement_each():
    got = statements(
        "Group therapy – Covered", "IV ketamine – Excluded", "Esketamine nasal spray – Covered, prior approval required"
    )
    assert any("excluded" in m for m, _ in got["iv_ketamine"]), got
    assert not any("prior_authorization" in m for m, _ in got["iv_ketamine"]), got
    assert any("prior_authorization" in m for m, _ in got["esketamine_nasal"]), got
    assert not any("excluded" in m for m, _ in got["esketamine_nasal"]), got


def test_coverage_by_another_payer_is_not_the_plans():
    got = said("Esketamine nasal spray is covered by Original Medicare, not by this plan.", "esketamine_nasal")
    assert "covered" not in got, got
    assert "covered" in said("Esketamine nasal spray is covered by our plan under Part B.", "esketamine_nasal")


# ============================================================================ ellipsis, ages in words, more exclusion wording
@pytest.mark.parametrize(
    "sentence, concept, want, never",
    [
        (
            "Ketamine infusions require prior authorization; Spravato does not.",
            "esketamine_nasal",
            "pa_not_required",
            "prior_authorization",
        ),
        (
            "Esketamine nasal spray needs no precertification, but IV ketamine does.",
            "iv_ketamine",
            "prior_authorization",
            "pa_not_required",
        ),
        ("Spravato is covered, but ketamine infusions are not.", "iv_ketamine", "excluded", "covered"),
    ],
)
def test_an_auxiliary_stands_for_the_verb_phrase_before_it(sentence, concept, want, never):
    got = said(sentence, concept)
    assert want in got and never not in got, got


def test_affirmative_ellipsis_never_makes_coverage():
    assert "covered" not in said("Spravato is not covered, but ketamine infusions are.", "iv_ketamine")


@pytest.mark.parametrize(
    "sentence, field, value",
    [
        ("Spravato is not covered for children younger than twelve years of age.", "age_max", 11),
        ("Members aged seventy-five or older need precertification for esketamine.", "age_min", 75),
    ],
)
def test_ages_written_in_words(sentence, field, value):
    got = statements(sentence)["esketamine_nasal"]
    assert any(s.get(field) == value for _, s in got), got


@pytest.mark.parametrize(
    "sentence, concept, network",
    [
        (
            "Ketamine infusion therapy received from an out-of-network clinic is ineligible for reimbursement.",
            "iv_ketamine",
            "out_of_network",
        ),
        ("The plan provides no benefits for esketamine nasal spray.", "esketamine_nasal", ""),
        (
            "If a non-network doctor gives you Spravato, neither we nor your secondary insurer will pay.",
            "esketamine_nasal",
            "out_of_network",
        ),
        (
            "When you use a non-participating infusion center for IV ketamine you pay all charges.",
            "iv_ketamine",
            "out_of_network",
        ),
    ],
)
def test_more_ways_to_say_not_covered(sentence, concept, network):
    got = statements(sentence)[concept]
    assert any("excluded" in m and s.get("network", "") == network for m, s in got), got
    assert not any("covered" in m for m, _ in got), got


# ============================================================================ anaphora and class rules
@pytest.mark.parametrize(
    "text, concept, want",
    [
        (
            "Your psychiatrist may order esketamine nasal spray treatments. These treatments are covered in full.",
            "esketamine_nasal",
            "covered",
        ),
        (
            "A member asked us about ketamine infusion therapy. After review we found that this treatment is investigational.",
            "iv_ketamine",
            "experimental",
        ),
        (
            "Members may receive IV ketamine at an infusion center. The infusions need approval before they begin.",
            "iv_ketamine",
            "prior_authorization",
        ),
    ],
)
def test_a_definite_description_stands_for_the_treatment_before(text, concept, want):
    assert want in said(text, concept)


def test_a_rule_for_the_class_the_treatment_belongs_to():
    got = said(
        "Spravato is a specialty product in this plan. Every specialty product needs precertification.",
        "esketamine_nasal",
    )
    assert "prior_authorization" in got, got
    got = said(
        "Spravato is a specialty product in this plan. All generic products need no precertification.",
        "esketamine_nasal",
    )
    assert "pa_not_required" not in got, got


# ============================================================================ title lines inside an exclusions section
def test_title_lines_inside_an_exclusions_section_keep_its_exclusion():
    doc = read_pdf(
        B.build_prose(
            [
                "# Exclusions",
                "Everything listed in this section is excluded from coverage under this certificate.",
                "Hearing aids",
                "Devices worn in or behind the ear.",
                "Ketamine infusion therapy",
                "Infusions of ketamine for mood disorders or any other psychiatric illness.",
            ]
        ),
        "eoc.pdf",
    )
    got = [f for f in find([doc]) if f.concept == "iv_ketamine"]
    assert got and all("excluded" in f.modifiers and "covered" not in f.modifiers for f in got), got


@pytest.mark.parametrize(
    "sentence",
    [
        "If you get Spravato before the plan has approved it, we will not pay for the treatment.",
        "IV ketamine is covered for treatment-resistant depression when the care manager preauthorizes it.",
    ],
)
def test_approval_before_or_by_a_pa_verb(sentence):
    concept = "esketamine_nasal" if "Spravato" in sentence else "iv_ketamine"
    got = said(sentence, concept)
    assert "prior_authorization" in got and "excluded" not in got, got


# ============================================================================ a lead-in's indications listed below it
def test_conditions_listed_under_a_lead_in_are_its_indications():
    got = statements(
        "Esketamine nasal spray is covered with prior authorization for these diagnoses:",
        "• Treatment-resistant depression",
        "• Major depressive disorder with acute suicidal ideation",
        "Other services are described in Section 5.",
    )["esketamine_nasal"]
    assert any("prior_authorization" in m and set(s.get("indications", ())) == {"trd", "mdsi"} for m, s in got), got


def test_a_list_of_treatments_under_a_lead_in_is_not_a_list_of_indications():
    got = statements(
        "We do not cover the following for depression:", "• Ketamine infusions", "• Esketamine nasal spray"
    )
    assert any("excluded" in m for m, _ in got["iv_ketamine"]), got
    assert any("excluded" in m for m, _ in got["esketamine_nasal"]), got


# ============================================================================ exceptions by setting or network, appositive "not"
@pytest.mark.parametrize(
    "sentence, concept, field, value",
    [
        (
            "Esketamine nasal spray is covered except when it is administered at home.",
            "esketamine_nasal",
            "settings",
            ("home",),
        ),
        (
            "IV ketamine is covered, except from out-of-network infusion centers.",
            "iv_ketamine",
            "network",
            "out_of_network",
        ),
    ],
)
def test_an_excepted_setting_or_network_is_excluded_there_only(sentence, concept, field, value):
    got = statements(sentence)[concept]
    assert any("excluded" in m and s.get(field) == value for m, s in got), got
    assert not any("covered" in m and s.get(field) == value for m, s in got), got


def test_appositive_not_excepts_the_treatment():
    got = statements("Esketamine nasal spray, not IV ketamine, is a covered benefit.")
    assert any("excluded" in m for m, _ in got["iv_ketamine"]), got
    assert not any("covered" in m for m, _ in got["iv_ketamine"]), got


def test_not_in_network_is_out_of_network():
    got = statements("IV ketamine is covered only when the psychiatrist giving it is not in our network.")[
        "iv_ketamine"
    ]
    assert all(s.get("network") != "in_network" for _, s in got), got


def test_an_exclusion_inside_an_if_frame_excludes_nothing():
    assert "excluded" not in said("Ask us what you will owe if IV ketamine is not covered for you.", "iv_ketamine")
    got = said("If you see a non-network provider, IV ketamine is not covered.", "iv_ketamine")
    assert "excluded" in got, got


# ============================================================================ check-box forms
def test_only_the_ticked_box_speaks():
    got = said(
        "Medication: IV ketamine infusion\n\nDetermination\n\n☐ Prior authorization is not needed\n\n"
        "☑ Prior authorization is needed",
        "iv_ketamine",
        font="dejavu",  # the check-box glyphs need a full font
    )
    assert "prior_authorization" in got and "pa_not_required" not in got, got
    got = said("Medication: IV ketamine infusion\n\n☐ Prior authorization is needed", "iv_ketamine", font="dejavu")
    assert "prior_authorization" not in got, got


def test_a_class_rule_anywhere_on_the_page_reaches_its_members():
    got = said(
        "Tier 1 drugs need no prior authorization. Specialty drugs need prior authorization from us first."
        "\n\nThe pharmacy section lists mail-order rules.\n\nEsketamine nasal spray is a specialty drug on this plan.",
        "esketamine_nasal",
    )
    assert "prior_authorization" in got and "pa_not_required" not in got, got
    got = said(
        "Specialty drugs need prior authorization.\n\nEsketamine nasal spray is a generic drug.", "esketamine_nasal"
    )
    assert "prior_authorization" not in got, got
