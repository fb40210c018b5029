"""Documents -> findings. The scope rules (a modifier binds to its row or clause, never the page)
and the traps they exist for, each with a negative twin; and invariance: the same clause laid out
differently must give the same findings."""

from __future__ import annotations

import pdfbuild as B
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policyeval.find.findings import find
from policyeval.lexicon import load_lexicon
from policyeval.read.document import read_pdf

SUBJECTS = ("treatment", "category", "exclusion")


def facts(findings, kinds=SUBJECTS) -> set[tuple[str, frozenset, tuple, str]]:
    return {(f.concept, f.modifiers, f.conditions, f.scope.network) for f in findings if f.kind in kinds}


def prose_findings(*paragraphs: str, **layout):
    doc = read_pdf(B.build_prose(list(paragraphs), **layout), "eoc.pdf")
    return find([doc])


def one(findings, concept: str):
    got = [f for f in findings if f.concept == concept]
    assert len(got) == 1, [(f.concept, sorted(f.modifiers), f.evidence.quote) for f in findings]
    return got[0]


def mods(findings, concept: str) -> set[str]:
    return set(one(findings, concept).modifiers)


def by_network(findings, concept: str) -> dict[str, set[str]]:
    """A row's statements about the concept by the network they hold for ("" = any)."""
    got: dict[str, set[str]] = {}
    for f in findings:
        if f.concept == concept:
            assert f.scope.network not in got, [(x.concept, sorted(x.modifiers), x.scope) for x in findings]
            got[f.scope.network] = set(f.modifiers)
    return got


def in_network(findings, concept: str) -> set[str]:
    """What the statements about the concept that hold in network say."""
    return {m for f in findings if f.concept == concept and f.scope.network != "out_of_network" for m in f.modifiers}


# A priced row whose out-of-network cell says "Not covered": covered in network, excluded outside.
PRICED_IN_NETWORK_ONLY = {"in_network": {"covered"}, "out_of_network": {"excluded"}}


# =============================================================================== prose traps
@pytest.mark.parametrize(
    "sentence, concept, expected",
    [
        ("Ketamine infusions are not covered.", "iv_ketamine", {"excluded"}),
        ("Ketamine infusions are covered.", "iv_ketamine", {"covered"}),
        ("Ketamine used as an anesthetic during surgery is covered.", "iv_ketamine", {"non_psychiatric", "covered"}),
        ("Ketamine is a Schedule III controlled substance under federal law.", "iv_ketamine", {"non_psychiatric"}),
        ("Ketamine, an anesthetic, is not covered for the treatment of depression.", "iv_ketamine", {"excluded"}),
        (
            "Spravato (esketamine) nasal spray requires prior authorization.",
            "esketamine_nasal",
            {"prior_authorization"},
        ),
        ("Spravato does not require prior authorization.", "esketamine_nasal", {"pa_not_required"}),
        (
            "Prior authorization is not required for outpatient mental health services.",
            "mh_outpatient",
            {"pa_not_required"},
        ),
        ("Outpatient mental health services require prior authorization.", "mh_outpatient", {"prior_authorization"}),
        (
            "Infusion therapy must be pre-certified; benefits could be reduced by 50% if you don't get "
            "precertification.",
            "infusion_therapy",
            {"prior_authorization"},
        ),
        (
            "We do not cover experimental or investigational services.",
            "experimental_services",
            {"excluded", "experimental"},
        ),
        (
            "Experimental or investigational services means a drug or procedure under study.",
            "experimental_services",
            {"experimental"},
        ),
        (
            "Aetna considers intravenous ketamine experimental and investigational for depression.",
            "iv_ketamine",
            {"experimental"},
        ),
        ("Esketamine is not considered experimental when used as labeled.", "esketamine_nasal", set()),
        ("This exclusion does not apply to ketamine used as an anesthetic.", "iv_ketamine", {"non_psychiatric"}),
        ("Anesthesia for a covered procedure may include ketamine.", "iv_ketamine", {"non_psychiatric"}),
        ("Spravato is covered when given at a certified treatment center.", "esketamine_nasal", {"covered"}),
        ("We cover organ transplants that are not experimental or investigational.", "experimental_services", None),
        (
            "If we deny a service as not medically necessary or as experimental or investigational, you may request "
            "an external review.",
            "experimental_services",
            {"experimental"},
        ),
        ("Home infusion therapy requires prior authorization.", "infusion_therapy", {"prior_authorization"}),
        ("Non-preferred brand drugs require prior authorization.", "prescription_drugs", {"prior_authorization"}),
        ("Out-of-network infusion therapy requires prior authorization.", "infusion_therapy", {"prior_authorization"}),
        (
            "Specialty drugs must be approved by the plan before you fill them.",
            "specialty_drugs",
            {"prior_authorization"},
        ),
        ("Specialty drugs must be approved by the FDA.", "specialty_drugs", set()),
        (
            "Preauthorization is required for infusion services from non-participating providers.",
            "infusion_therapy",
            {"prior_authorization"},
        ),
        (
            "Preauthorization is required for infusion services, including from out-of-network providers.",
            "infusion_therapy",
            {"prior_authorization"},
        ),
    ],
)
def test_prose_trap(sentence, concept, expected):
    found = prose_findings(sentence)
    if expected is None:
        assert not [f for f in found if f.concept == concept]
    else:
        assert mods(found, concept) == expected


@pytest.mark.parametrize(
    "sentence, network",
    [
        ("Out-of-network infusion therapy requires prior authorization.", "out_of_network"),
        ("Preauthorization is required for infusion services from non-participating providers.", "out_of_network"),
        ("Preauthorization is required for infusion services, including from out-of-network providers.", ""),
    ],
)
def test_pa_asked_of_out_of_network_providers_only_says_so_in_its_scope(sentence, network):
    assert one(prose_findings(sentence), "infusion_therapy").scope.network == network


def test_covered_only_for_trd_is_coverage_limited_to_trd():
    f = one(prose_findings("IV ketamine is covered only for treatment-resistant depression."), "iv_ketamine")
    assert f.modifiers == {"covered"} and f.scope.indications == ("trd",) and not f.scope.other_indications


def test_clauses_do_not_leak_into_each_other():
    found = prose_findings("Ketamine infusions are not covered, but Spravato is covered with prior authorization.")
    assert mods(found, "iv_ketamine") == {"excluded"}
    assert mods(found, "esketamine_nasal") == {"covered", "prior_authorization"}


def test_modifier_never_binds_to_the_page():
    found = prose_findings(
        "Prior authorization is required for inpatient admissions.", "Spravato is covered under your pharmacy benefit."
    )
    assert mods(found, "esketamine_nasal") == {"covered"}


def test_other_indications_clause_is_not_an_exclusion_of_the_covered_use():
    found = prose_findings(
        "Ketamine for any other indication, including bipolar depression and anxiety, is considered investigational."
    )
    f = one(found, "iv_ketamine")
    assert "experimental" in f.modifiers and f.scope.other_indications


def test_list_of_things_is_not_one_scope():
    found = prose_findings(
        "Premiums, balance-billed charges, pre-authorization penalties, health care this "
        "plan doesn't cover, and prescription drugs covered under the drug plan."
    )
    assert not ({"excluded", "prior_authorization"} & mods(found, "prescription_drugs"))


def test_exclusion_heading_governs_its_items():
    found = prose_findings(
        "# Exclusions", "Ketamine infusions for depression.", "Experimental or investigational services."
    )
    assert mods(found, "iv_ketamine") == {"excluded"}
    assert mods(found, "experimental_services") == {"excluded", "experimental"}
    twin = prose_findings("# Covered services", "Ketamine infusions for depression.")
    assert mods(twin, "iv_ketamine") == set()


def test_two_column_exclusion_list():
    left = [
        "# What is not covered",
        "We do not cover:",
        "• Cosmetic surgery",
        "• Experimental or investigational services",
        "• Ketamine infusions for depression",
    ] + [f"Filler sentence {i} about dental care." for i in range(16)]
    right = [f"Other sentence {i} about covered hearing aids." for i in range(20)] + [
        "Spravato is covered with prior authorization."
    ]
    found = prose_findings(*left, *right, columns=2, width=468)
    assert mods(found, "experimental_services") == {"excluded", "experimental"}
    assert mods(found, "iv_ketamine") == {"excluded"}
    assert mods(found, "esketamine_nasal") == {"covered", "prior_authorization"}


def test_schedule_of_benefits_table_rows():
    """A table that is not the SBC chart (an EOC's schedule of benefits) is still read row by row."""
    import io

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import letter
    from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

    data = [
        ["Benefit", "In-Network", "Out-of-Network", "Notes"],
        ["Infusion therapy", "20% coinsurance", "40% coinsurance", "Prior authorization required"],
        ["Acupuncture", "$20 copay", "Not covered", "Limited to 12 visits"],
        ["Specialty drugs", "30% coinsurance", "Not covered", "None"],
    ]
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=letter).build(
        [Table(data, colWidths=[120, 110, 110, 150], style=TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))]
    )
    found = find([read_pdf(buf.getvalue(), "schedule.pdf")])
    assert mods(found, "infusion_therapy") == {"covered", "prior_authorization"}
    assert by_network(found, "specialty_drugs") == PRICED_IN_NETWORK_ONLY
    assert (
        one(found, "infusion_therapy").evidence.quote
        == "Infusion therapy | 20% coinsurance | 40% coinsurance | Prior authorization required"
    )


def test_lead_in_sentence_governs_the_bullets():
    found = prose_findings(
        "The following services are not covered:", "• Ketamine-assisted psychotherapy", "• Acupuncture"
    )
    assert mods(found, "iv_ketamine") == {"excluded"}


# =============================================================================== invariance
TRAPS = [
    "Ketamine infusions for treatment-resistant depression are not covered.",
    "Spravato (esketamine) nasal spray is covered with prior authorization.",
    "Preauthorization is not required for outpatient mental health office visits.",
    "We do not cover experimental or investigational services.",
]
BASELINE = None


def _baseline():
    global BASELINE
    if BASELINE is None:
        BASELINE = facts(prose_findings(*TRAPS))
    return BASELINE


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    width=st.sampled_from([140, 200, 300, 468]),
    columns=st.sampled_from([1, 2]),
    font=st.sampled_from(sorted(B.FONTS)),
    hyphenate=st.booleans(),
    soft=st.booleans(),
    nbsp=st.booleans(),
    quirk=st.sampled_from(["", "spaceless", "duplicate"]),
)
def test_same_clauses_any_layout_same_findings(width, columns, font, hyphenate, soft, nbsp, quirk):
    layout = dict(
        width=width if columns == 1 else max(width, 300),
        columns=columns,
        font=font,
        hyphenate=hyphenate,
        soft_hyphens=soft and hyphenate,
        nbsp_terms=("prior authorization", "treatment-resistant depression") if nbsp else (),
        spaceless=quirk == "spaceless",
        duplicate=quirk == "duplicate",
    )
    assert facts(prose_findings(*TRAPS, **layout)) == _baseline()


@pytest.mark.parametrize(
    "synonym",
    [
        "prior authorization",
        "preauthorization",
        "pre-authorization",
        "precertification",
        "pre-certification",
        "prior approval",
    ],
)
def test_pa_synonyms_are_one_finding(synonym):
    found = prose_findings(f"Spravato requires {synonym} from the plan.")
    assert mods(found, "esketamine_nasal") == {"prior_authorization"}


@pytest.mark.parametrize("name", ["esketamine", "es-ketamine", "Spravato", "SPRAVATO®", "esketamine nasal spray"])
def test_treatment_synonyms(name):
    found = prose_findings(f"{name} is covered with prior authorization.")
    assert mods(found, "esketamine_nasal") == {"covered", "prior_authorization"}
    assert not [f for f in found if f.concept == "iv_ketamine"]


# =============================================================================== chart rows
@pytest.fixture(scope="module")
def chart_findings():
    return find([read_pdf(B.build_sbc(excluded=B.EXCLUDED, other_covered=B.OTHER_COVERED), "sbc.pdf")])


def test_pa_in_another_row_does_not_bind(chart_findings):
    # the hospital row says "Preauthorization required ... not required for emergency admissions",
    # the MH inpatient row penalises missing preauthorization "for inpatient services"
    assert not {"prior_authorization", "pa_not_required"} & mods(chart_findings, "mh_outpatient")
    assert "prior_authorization" not in in_network(chart_findings, "specialty_drugs")


def test_out_of_network_not_covered_is_not_an_exclusion_in_network(chart_findings):
    assert by_network(chart_findings, "specialty_drugs") == PRICED_IN_NETWORK_ONLY


def test_row_evidence(chart_findings):
    f = next(f for f in chart_findings if f.concept == "specialty_drugs" and f.scope.network == "in_network")
    ev = f.evidence
    assert ev.document == "sbc.pdf" and ev.page == 1 and ev.document_kind == "sbc" and not ev.ocr
    assert ev.section == B.DRUGS and ev.row == "Specialty drugs (Tier 4)"
    assert ev.quote == "Specialty drugs (Tier 4) | 20% coinsurance | Not covered | None"
    assert f.matched == "Specialty drugs" and ev.bboxes


def test_row_evidence_carries_the_cost_cells(chart_findings):
    """The cost estimate reads a row's cells from the plan file, never from the PDF."""
    ev = next(f for f in chart_findings if f.concept == "specialty_drugs").evidence
    assert ev.cells == {"in_network": "20% coinsurance", "out_of_network": "Not covered", "limitations": "None"}
    prose = prose_findings("Spravato requires prior authorization.")
    assert one(prose, "esketamine_nasal").evidence.cells == {}


def _rows_with(limitations: dict[int, str], **kw):
    rows = B.standard_rows()
    for i, text in limitations.items():
        rows[i].limitations = text
    return find([read_pdf(B.build_sbc(rows, **kw), "sbc.pdf")])


@pytest.mark.parametrize("rulings", ["grid", "horizontal", "none"])
def test_specialty_row_pa_under_any_rulings(rulings):
    found = _rows_with({3: "Prior authorization is required for select drugs."}, rulings=rulings)
    assert by_network(found, "specialty_drugs") == {
        "in_network": {"covered", "prior_authorization"},
        "out_of_network": {"excluded"},
    }
    assert "prior_authorization" not in {m for f in found if f.evidence.row.startswith("Generic") for m in f.modifiers}


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rulings=st.sampled_from(["grid", "horizontal", "none"]),
    font=st.sampled_from(sorted(B.FONTS)),
    wrap=st.booleans(),
    widths=st.sampled_from([(120, 150, 120, 120, 210), (100, 190, 110, 100, 220)]),
    pa=st.sampled_from(
        [
            "Prior authorization required.",
            "Precertification is required.",
            "If you don't get preauthorization, benefits could be reduced by 50% of the total cost.",
        ]
    ),
)
def test_row_findings_same_under_any_chart_layout(rulings, font, wrap, widths, pa):
    rows = B.standard_rows()
    rows[3].limitations = pa
    found = find([read_pdf(B.build_sbc(rows, rulings=rulings, font=font, wrap_header=wrap, widths=widths), "s.pdf")])
    assert facts(found) == {
        ("prescription_drugs", frozenset({"covered"}), (), "in_network"),
        ("prescription_drugs", frozenset({"covered", "prior_authorization"}), (), "in_network"),
        ("prescription_drugs", frozenset({"excluded"}), (), "out_of_network"),
        ("specialty_drugs", frozenset({"covered", "prior_authorization"}), (), "in_network"),
        ("specialty_drugs", frozenset({"excluded"}), (), "out_of_network"),
        ("mh_outpatient", frozenset({"covered"}), (), ""),
    }


def test_pa_moved_to_another_row_moves_the_finding():
    found = _rows_with({2: "Prior authorization is required."})
    assert "prior_authorization" not in in_network(found, "specialty_drugs")
    generic = [f for f in found if f.evidence.row.startswith("Generic") and f.scope.network != "out_of_network"]
    assert generic and all("prior_authorization" in f.modifiers for f in generic)


def test_merged_limitations_pa_applies_to_each_spanned_row():
    found = _rows_with({2: "Prior authorization required for select drugs."}, merge_limitations=[(2, 3)])
    assert "prior_authorization" in in_network(found, "specialty_drugs")


@pytest.mark.parametrize(
    "text, binds",
    [
        ("Failure to obtain preauthorization for inpatient services may result in a 50% penalty.", False),
        (
            "Failure to obtain preauthorization for inpatient and outpatient facility visits may result in "
            "non-coverage.",
            True,
        ),
        ("Preauthorization is not required for office visits.", False),
        ("Prior authorization required except for office visits.", True),
        ("If you use a non-participating provider, preauthorization is required.", False),
        ("Benefits could be reduced by 50% if you don't get preauthorization.", True),
    ],
)
def test_mh_outpatient_row_pa_scope(text, binds):
    found = _rows_with({5: text})
    assert ("prior_authorization" in mods(found, "mh_outpatient")) is binds


@pytest.mark.parametrize(
    "text, binds",
    [
        ("Includes home infusion therapy. Prior approval required.", True),
        (
            "Up to 100 visits per year. Non-preferred home health care and home infusion are not covered unless "
            "pre-authorized. When these services are pre-authorized, you pay the preferred provider copayment.",
            False,
        ),
    ],
)
def test_home_infusion_pa_binds_only_in_network(text, binds):
    found = _rows_with({7: text})
    assert ("prior_authorization" in in_network(found, "infusion_therapy")) is binds
    assert "excluded" not in in_network(found, "infusion_therapy")


def test_treatment_named_in_a_row():
    rows = B.standard_rows()
    rows.insert(
        4,
        B.ChartRow(
            "", "Ketamine infusion therapy", "$100 copay/infusion", "Not covered", "Prior authorization required."
        ),
    )
    found = find([read_pdf(B.build_sbc(rows), "sbc.pdf")])
    for concept in ("iv_ketamine", "infusion_therapy"):
        assert by_network(found, concept) == {
            "in_network": {"covered", "prior_authorization"},
            "out_of_network": {"excluded"},
        }


def test_treatment_in_limitations_inherits_its_row():
    rows = B.standard_rows()
    rows[3].limitations = "Prior authorization required. Includes Spravato (esketamine) nasal spray."
    assert by_network(find([read_pdf(B.build_sbc(rows), "sbc.pdf")]), "esketamine_nasal") == {
        "in_network": {"covered", "prior_authorization"},
        "out_of_network": {"excluded"},
    }
    rows[3].limitations = "No benefits are provided for esketamine (Spravato)."
    assert mods(find([read_pdf(B.build_sbc(rows), "sbc.pdf")]), "esketamine_nasal") == {"excluded"}


def test_in_network_not_covered_is_excluded():
    rows = B.standard_rows()
    rows[3].in_network = "Not covered"
    assert mods(find([read_pdf(B.build_sbc(rows), "sbc.pdf")]), "specialty_drugs") == {"excluded"}


def test_excluded_box_items():
    items = B.EXCLUDED[:4] + ["Ketamine infusions", "Experimental or investigational treatments"] + B.EXCLUDED[4:]
    found = find([read_pdf(B.build_sbc(excluded=items, excluded_columns=3), "sbc.pdf")])
    assert mods(found, "iv_ketamine") == {"excluded"}
    f = one(found, "experimental_services")
    assert f.modifiers == {"excluded", "experimental"}
    assert f.evidence.section.startswith("Services Your Plan Generally Does NOT Cover")
    assert f.evidence.quote == "Experimental or investigational treatments"


def test_other_covered_box_items():
    found = find([read_pdf(B.build_sbc(other_covered=["Chiropractic care", "Spravato (esketamine)"]), "s.pdf")])
    assert mods(found, "esketamine_nasal") == {"covered"}


def test_insurer_finding():
    found = find([read_pdf(B.build_sbc(insurer="Cigna Healthcare"), "sbc.pdf")])
    ins = [f for f in found if f.kind == "insurer"]
    assert [f.concept for f in ins] == ["cigna"]
    assert ins[0].evidence.page == 1 and ins[0].evidence.bboxes


# =============================================================================== evidence and order
def test_bboxes_frame_the_matched_words():
    doc = read_pdf(B.build_prose(["Intro line.", "Spravato requires prior authorization."], width=200), "e.pdf")
    f = one(find([doc]), "esketamine_nasal")
    page = doc.pages[0]
    inside = [
        w.text
        for w in page.words
        for b in f.evidence.bboxes[:1]
        if b[0] - 1 <= (w.bbox[0] + w.bbox[2]) / 2 <= b[2] + 1 and b[1] - 1 <= (w.bbox[1] + w.bbox[3]) / 2 <= b[3] + 1
    ]
    assert inside == ["Spravato"]
    assert f.evidence.quote == "Spravato requires prior authorization."
    assert len(f.evidence.bboxes) == 2  # the treatment and the deciding phrase


def test_order_is_document_page_top_to_bottom():
    a = read_pdf(
        B.build_prose(
            ["Spravato is covered."] + ["Filler text about benefits."] * 90 + ["Ketamine infusions are not covered."]
        ),
        "a.pdf",
    )
    b = read_pdf(B.build_prose(["Infusion therapy requires prior authorization."]), "b.pdf")
    found = find([a, b])
    assert found == find([a, b])
    keys = [
        (
            ["a.pdf", "b.pdf"].index(f.evidence.document),
            f.evidence.page,
            min((bb[1] for bb in f.evidence.bboxes), default=0),
        )
        for f in found
    ]
    assert keys == sorted(keys)
    assert found[-1].evidence.document == "b.pdf"


def test_default_lexicon_is_used():
    doc = read_pdf(B.build_prose(["Spravato is covered."]), "e.pdf")
    assert facts(find([doc])) == facts(find([doc], load_lexicon()))


@pytest.mark.parametrize(
    "sentence, concept, expected, conditions",
    [
        # an exclusion with a carve-out for a condition excludes every other indication (scope below)
        (
            "Esketamine is excluded from coverage except for members with treatment resistant depression.",
            "esketamine_nasal",
            {"excluded"},
            ("trd",),
        ),
        # twin: a carve-out that names no condition leaves the exclusion standing
        ("Esketamine is excluded from coverage except in an emergency.", "esketamine_nasal", {"excluded"}, ()),
        # an exclusion whose only carve-out is the anesthetic use excludes the psychiatric use
        ("Ketamine is not covered except when used as an anesthetic.", "iv_ketamine", {"excluded"}, ()),
        # twin: the anesthetic use itself, not excluded, stays a non-psychiatric mention
        (
            "Ketamine used as an anesthetic during surgery is covered.",
            "iv_ketamine",
            {"non_psychiatric", "covered"},
            (),
        ),
    ],
)
def test_exclusion_with_exception(sentence, concept, expected, conditions):
    f = one(prose_findings(sentence), concept)
    assert set(f.modifiers) == expected and f.conditions == conditions
    # the carve-out is the scope: excluded for every indication other than the ones it names
    assert (f.scope.indications, f.scope.other_indications) == ((conditions, True) if conditions else ((), False))
