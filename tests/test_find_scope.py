"""Statements with scope, devices, document kinds, carriers and payer facts (find/), in wording
written for these tests and varied on purpose (the clause table in tests/data/clauses is the larger
exam). Each rule is checked with a twin that must not trigger it."""

from __future__ import annotations

import pdfbuild as B
import pytest

from policyeval.find import find
from policyeval.lexicon import load_lexicon
from policyeval.models import Finding
from policyeval.read.document import read_pdf


def read(*paragraphs: str, **layout) -> tuple[list[Finding], object]:
    doc = read_pdf(B.build_prose(list(paragraphs), **layout), "doc.pdf")
    return find([doc]), doc


def about(found: list[Finding], concept: str) -> list[Finding]:
    return [f for f in found if f.concept == concept]


def one(found: list[Finding], concept: str, **want) -> Finding:
    """The one statement about `concept` whose modifiers include want['mods'] (default: any)."""
    mods = set(want.get("mods", ()))
    got = [f for f in about(found, concept) if mods <= f.modifiers]
    assert got, [(f.concept, sorted(f.modifiers), f.scope, f.device) for f in found if f.kind != "insurer"]
    return got[0]


# ----------------------------------------------------------------------------------- scope fields
@pytest.mark.parametrize(
    "text, network",
    [
        ("Spravato is excluded when you get it from a non-participating pharmacy.", "out_of_network"),
        ("Esketamine received outside of the network is not a covered benefit.", "out_of_network"),
        ("Spravato dispensed by a participating pharmacy is not covered.", "in_network"),
        ("Spravato is not covered, in network or out of network.", ""),
    ],
)
def test_network_scope(text, network):
    found, _ = read(text)
    f = one(found, "esketamine_nasal", mods={"excluded"})
    assert f.scope.network == network


@pytest.mark.parametrize(
    "text, routes, other",
    [
        ("We exclude ketamine taken orally or as a troche.", {"oral", "sublingual"}, False),
        ("Ketamine in any form except by intravenous infusion is investigational.", {"intravenous"}, True),
        ("Ketamine is investigational whatever the route of administration, including IV.", set(), False),
        ("Ketamine lozenges made by a compounding pharmacy are excluded.", {"compounded"}, False),
    ],
)
def test_route_scope(text, routes, other):
    found, _ = read(text)
    f = one(found, "iv_ketamine")
    if not routes:  # "whatever the route": no limit (the lexicon may not know the phrase: then no route read)
        assert "oral" not in f.scope.routes
        return
    assert set(f.scope.routes) == routes and f.scope.other_routes is other


def test_native_route_is_no_limit_unless_only():
    found, _ = read("Esketamine nasal spray needs prior approval.")
    assert one(found, "esketamine_nasal").scope.routes == ()
    found, _ = read("Esketamine is covered only in its nasal spray form.")
    assert one(found, "esketamine_nasal").scope.routes == ("intranasal",)


@pytest.mark.parametrize(
    "text, lo, hi",
    [
        ("Spravato is covered for patients aged 18 or over.", 18, None),
        ("Ketamine infusions are excluded for anyone under the age of 21.", None, 20),
        ("Esketamine is covered for members 19 to 64 years old.", 19, 64),
        ("Spravato is covered; call 1-800-555-0100 if you are 65 and need help.", None, None),
    ],
)
def test_age_scope(text, lo, hi):
    found, _ = read(text)
    f = about(found, "esketamine_nasal") or about(found, "iv_ketamine")
    assert (f[0].scope.age_min, f[0].scope.age_max) == (lo, hi)


def test_limits_and_their_absence():
    found, _ = read("Ketamine infusions are covered, limited to 4 infusions every 2 weeks and 12 per year.")
    assert any("4 infusions every 2 weeks" in lim for lim in one(found, "iv_ketamine").scope.limits)
    found, _ = read("Spravato is covered. Massage therapy is limited to 10 visits per year.")
    assert one(found, "esketamine_nasal").scope.limits == ()


@pytest.mark.parametrize(
    "text",
    [
        "Unless we approve it beforehand, we will not pay for ketamine infusions.",
        "Ketamine infusions given without precertification will be denied.",
        "There is a $250 penalty if you do not obtain preauthorization for ketamine infusions.",
    ],
)
def test_consequence_is_prior_authorization_not_exclusion(text):
    found, _ = read(text)
    f = one(found, "iv_ketamine")
    assert "prior_authorization" in f.modifiers and "excluded" not in f.modifiers and f.scope.consequence


def test_plain_denial_without_approval_step_is_not_pa():
    found, _ = read("Ketamine infusions are not covered. Claims for them will be denied.")
    assert "prior_authorization" not in one(found, "iv_ketamine").modifiers


def test_opposite_statements_for_different_people_are_separate():
    found, _ = read("Spravato is covered at network pharmacies, but it is excluded at out-of-network pharmacies.")
    scopes = {
        (frozenset(f.modifiers & {"covered", "excluded"}), f.scope.network) for f in about(found, "esketamine_nasal")
    }
    assert (frozenset({"covered"}), "in_network") in scopes and (frozenset({"excluded"}), "out_of_network") in scopes


@pytest.mark.parametrize(
    "text, network",
    [
        ("Prior approval is needed for infusion services, also from non-participating providers.", ""),
        ("Prior approval is needed for infusion services even at out-of-network facilities.", ""),
        ("Prior approval is needed for infusion services at out-of-network facilities.", "out_of_network"),
    ],
)
def test_a_network_added_to_the_rest_is_no_network_limit(text, network):
    found, _ = read(text)
    assert one(found, "infusion_therapy", mods={"prior_authorization"}).scope.network == network


def test_a_cost_cell_that_words_coverage_carries_its_scope():
    rows = B.standard_rows()
    rows.insert(
        4,
        B.ChartRow("", "Esketamine nasal spray", "Covered only for adults 18 or older with PTSD", "Not covered", ""),
    )
    rows.insert(5, B.ChartRow("", "Ketamine infusions", "$40 copay for members 65 and over", "Not covered", ""))
    found = find([read_pdf(B.build_sbc(rows), "sbc.pdf")])
    esk = one(found, "esketamine_nasal", mods={"covered"})
    assert (esk.scope.indications, esk.scope.age_min) == (("ptsd",), 18)
    iv = one(found, "iv_ketamine", mods={"covered"})  # a price for an age group: cost, not a coverage limit
    assert (iv.scope.age_min, iv.scope.indications) == (None, ())


def test_an_out_of_network_exclusion_is_an_exclusion_with_its_network():
    found, _ = read("Ketamine infusions from out-of-network providers are not covered.")
    f = one(found, "iv_ketamine")
    assert "excluded" in f.modifiers and f.scope.network == "out_of_network"
    assert not {"out_of_network_only", "restricted"} & f.modifiers
    found, _ = read("Ketamine infusions are covered only for treatment-resistant depression.")
    f = one(found, "iv_ketamine", mods=["covered"])
    assert f.scope.indications == ("trd",) and "restricted" not in f.modifiers


@pytest.mark.parametrize(
    "text, indications, other",
    [
        ("Ketamine infusions for obsessive-compulsive disorder are excluded.", {"ocd"}, False),
        ("Ketamine is investigational for conditions other than major depression.", {"mdd"}, True),
        ("Ketamine infusions for anxiety or any other psychiatric condition are not covered.", set(), False),
        # "all / every ... indications" is every indication: the conditions after it are examples
        (
            "Ketamine by infusion is unproven for all mental health conditions, for instance PTSD, OCD, "
            "bipolar disorder and major depression.",
            set(),
            False,
        ),
        ("We consider IV ketamine investigational for every indication, such as anxiety or PTSD.", set(), False),
        # twin: naming the conditions alone is a limit
        ("IV ketamine is investigational for PTSD, OCD and anxiety.", {"ptsd", "ocd", "anxiety"}, False),
    ],
)
def test_indication_scope(text, indications, other):
    found, _ = read(text)
    f = one(found, "iv_ketamine")
    assert set(f.scope.indications) == indications and f.scope.other_indications is other


# ----------------------------------------------------------------------------------- devices
def test_adjacent_sentence_binds_only_after_a_bare_name():
    found, _ = read("Ketamine-assisted psychotherapy. Needs prior authorization.")
    f = one(found, "iv_ketamine", mods={"prior_authorization"})
    assert f.device == "adjacent_sentence"
    found, _ = read("Ketamine-assisted psychotherapy. Sleep studies need prior authorization.")
    assert not any("prior_authorization" in f.modifiers for f in about(found, "iv_ketamine"))


def test_lead_in_speaks_for_its_items():
    found, _ = read("You need our approval before you receive:", "• Ketamine infusions", "• Home infusion therapy")
    assert one(found, "iv_ketamine", mods={"prior_authorization"}).device == "list_heading"


def test_reference_is_followed_to_a_section_that_decides():
    found, _ = read(
        "Ketamine infusions are paid as described in the Special Procedures section.",
        "Special Procedures",
        "All special procedures must be precertified by the plan.",
    )
    f = one(found, "iv_ketamine", mods={"prior_authorization"})
    assert f.device == "reference"


# ----------------------------------------------------------------------------------- documents
@pytest.mark.parametrize(
    "title, kind, detail",
    [
        ("Vision Care Plan Highlights", "non_medical", "vision"),
        ("Long-Term Disability Insurance", "non_medical", "disability"),
        ("Prescription Drug List", "formulary", ""),
        ("Rider: Behavioral Health Amendment", "rider", ""),
        ("Clinical Criteria for Prior Authorization", "policy", ""),
    ],
)
def test_document_kinds(title, kind, detail):
    _, doc = read("This document describes what is covered and what you pay.", title=title)
    assert doc.kind == kind and detail in doc.kind_detail


def test_a_long_title_line_is_read_up_to_its_colon():
    """A title and its subtitle set on one line too long to be a title ("Summary of Benefits and
    Coverage: What this Plan Covers & What You Pay for Covered Health Care Services") still title."""
    title = "Summary of Benefits and Coverage: What this Plan Covers and What You Pay for Covered Health Care Services."
    text = ["See the formulary or drug list for covered drugs; the drug list is online."] * 4
    _, doc = read(title, *text, width=560, size=8)
    assert doc.kind == "sbc"
    twin_title = (
        "What this Plan Covers and What You Pay for Health Care Services: see the Summary of Benefits and Coverage."
    )
    _, twin = read(twin_title, *text, width=560, size=8)
    assert twin.kind != "sbc"


def test_carriers_primary_and_pbm():
    found, doc = read(
        "Humana members get prescriptions through Express Scripts.",
        "Call Humana with questions. Humana covers emergency care.",
        title="Humana Health Plan Inc. Evidence of Coverage",
    )
    ins = {f.concept: f.modifiers for f in found if f.kind == "insurer"}
    assert ins["humana"] == {"primary"} and ins["express_scripts"] == {"pbm"} and doc.insurer == "humana"


def test_criteria_only_from_payer_documents():
    text = "Approval requires age 18 or older and failure of at least three antidepressants for 8 weeks or more."
    found, _ = read(text, title="Pharmacy Prior Authorization Criteria")
    crit = {f.concept: f.value for f in found if f.kind == "criterion"}
    assert crit["min_age"] == "18" and crit["failed_trials"] == "3" and crit["trial_weeks"] == "8"
    found, _ = read(text, title="Evidence of Coverage")
    assert not [f for f in found if f.kind == "criterion"]


@pytest.mark.parametrize(
    "text, want",
    [
        (
            "Members must be ≥ 21 years old and have failed four (4) antidepressants, each for eight (8) weeks.",
            {"min_age": "21", "failed_trials": "4", "trial_weeks": "8"},
        ),
        ("Approval period: 3 months initial; 9 months renewal.", {"approval_months": "3", "renewal_months": "9"}),
    ],
)
def test_criteria_numbers_in_any_notation(text, want):
    found, _ = read(text, title="Prior Authorization Criteria: Esketamine")
    crit: dict[str, set[str]] = {}
    for f in found:
        if f.kind == "criterion":
            crit.setdefault(f.concept, set()).add(f.value)
    assert all(crit.get(k) == {v} for k, v in want.items()), crit


def test_contacts_with_their_purpose():
    found, _ = read("For pharmacy questions call 866-555-0147.", "Behavioral health crisis line: (800) 555-0190.")
    got = {f.concept: f.value for f in found if f.kind == "contact"}
    assert got == {"pharmacy": "866-555-0147", "behavioral_health": "(800) 555-0190"}


def test_lexicon_scope_vocabularies_are_data():
    lex = load_lexicon()
    assert lex.concepts["esketamine_nasal"].route == "intranasal"
    assert "route:oral" in lex.modifiers and "setting:rems_certified_site" in lex.modifiers
    assert lex.insurers["caremark"].role == "pbm"


@pytest.mark.parametrize("width", [260, 170, 468])  # 260 breaks "Express / Scripts"
def test_a_carrier_name_broken_over_a_line_end_is_still_named(width):
    found, _ = read(
        "This employer plan pays its own claims. Its outpatient drug benefit is run for us by the benefit manager"
        " Express Scripts, which fills mail-order prescriptions.",
        title="Summary Plan Description",
        width=width,
    )
    assert any(f.kind == "insurer" and f.concept == "express_scripts" and f.modifiers == {"pbm"} for f in found)


def test_list_items_read_with_the_lead_in_they_continue():
    found, _ = read(
        "Coverage requires that the member did not respond to one of the following:",
        "1. Three or more antidepressants, each taken for at least ten weeks; or",
        "2. Electroconvulsive therapy.",
        title="Prior Authorization Criteria: Esketamine",
    )
    crit = {f.concept: f.value for f in found if f.kind == "criterion"}
    assert crit.get("failed_trials") == "3" and crit.get("trial_weeks") == "10", crit
