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


def facts(findings, kinds=SUBJECTS) -> set[tuple[str, frozenset, tuple]]:
    return {(f.concept, f.modifiers, f.conditions) for f in findings if f.kind in kinds}


def prose_findings(*paragraphs: str, **layout):
    doc = read_pdf(B.build_prose(list(paragraphs), **layout), "eoc.pdf")
    return find([doc])


def one(findings, concept: str):
    got = [f for f in findings if f.concept == concept]
    assert len(got) == 1, [(f.concept, sorted(f.modifiers), f.evidence.quote) for f in findings]
    return got[0]


def mods(findings, concept: str) -> set[str]:
    return set(one(findings, concept).modifiers)


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
        ("Out-of-network infusion therapy requires prior authorization.", "infusion_therapy", set()),
        (
            "Specialty drugs must be approved by the plan before you fill them.",
            "specialty_drugs",
            {"prior_authorization"},
        ),
        ("Specialty drugs must be approved by the FDA.", "specialty_drugs", set()),
        (
            "Preauthorization is required for infusion services from non-participating providers.",
            "infusion_therapy",
            set(),
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


def test_covered_only_for_trd_is_restricted():
    f = one(prose_findings("IV ketamine is covered only for treatment-resistant depression."), "iv_ketamine")
    assert {"restricted", "covered"} <= f.modifiers and f.conditions == ("trd",)


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
    assert "experimental" not in mods(found, "iv_ketamine")


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
    assert mods(found, "specialty_drugs") == {"covered", "out_of_network_only"}
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
    assert "prior_authorization" not in mods(chart_findings, "specialty_drugs")


def test_out_of_network_not_covered_is_not_an_exclusion(chart_findings):
    assert mods(chart_findings, "specialty_drugs") == {"covered", "out_of_network_only"}


def test_row_evidence(chart_findings):
    f = one(chart_findings, "specialty_drugs")
    ev = f.evidence
    assert ev.document == "sbc.pdf" and ev.page == 1 and ev.document_kind == "sbc" and not ev.ocr
    assert ev.section == B.DRUGS and ev.row == "Specialty drugs (Tier 4)"
    assert ev.quote == "Specialty drugs (Tier 4) | 20% coinsurance | Not covered | None"
    assert f.matched == "Specialty drugs" and ev.bboxes


def test_row_evidence_carries_the_cost_cells(chart_findings):
    """The cost estimate reads a row's cells from the plan file, never from the PDF."""
    ev = one(chart_findings, "specialty_drugs").evidence
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
    assert mods(found, "specialty_drugs") == {"covered", "out_of_network_only", "prior_authorization"}
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
        ("prescription_drugs", frozenset({"covered", "out_of_network_only"}), ()),
        ("prescription_drugs", frozenset({"covered", "out_of_network_only", "prior_authorization"}), ()),
        ("specialty_drugs", frozenset({"covered", "out_of_network_only", "prior_authorization"}), ()),
        ("mh_outpatient", frozenset({"covered"}), ()),
    }


def test_pa_moved_to_another_row_moves_the_finding():
    found = _rows_with({2: "Prior authorization is required."})
    assert "prior_authorization" not in mods(found, "specialty_drugs")
    generic = [f for f in found if f.evidence.row.startswith("Generic")]
    assert generic and all("prior_authorization" in f.modifiers for f in generic)


def test_merged_limitations_pa_applies_to_each_spanned_row():
    found = _rows_with({2: "Prior authorization required for select drugs."}, merge_limitations=[(2, 3)])
    assert "prior_authorization" in mods(found, "specialty_drugs")


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
    assert ("prior_authorization" in mods(found, "infusion_therapy")) is binds
    assert "excluded" not in mods(found, "infusion_therapy")


def test_treatment_named_in_a_row():
    rows = B.standard_rows()
    rows.insert(
        4,
        B.ChartRow(
            "", "Ketamine infusion therapy", "$100 copay/infusion", "Not covered", "Prior authorization required."
        ),
    )
    found = find([read_pdf(B.build_sbc(rows), "sbc.pdf")])
    assert mods(found, "iv_ketamine") == {"covered", "out_of_network_only", "prior_authorization"}
    assert mods(found, "infusion_therapy") == {"covered", "out_of_network_only", "prior_authorization"}


def test_treatment_in_limitations_inherits_its_row():
    rows = B.standard_rows()
    rows[3].limitations = "Prior authorization required. Includes Spravato (esketamine) nasal spray."
    assert mods(find([read_pdf(B.build_sbc(rows), "sbc.pdf")]), "esketamine_nasal") == {
        "covered",
        "out_of_network_only",
        "prior_authorization",
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
        # an exclusion with a carve-out for a condition is coverage restricted to that condition
        (
            "Esketamine is excluded from coverage except for members with treatment resistant depression.",
            "esketamine_nasal",
            {"covered", "restricted"},
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
