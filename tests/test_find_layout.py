"""Table and layout devices (redteam classes A3, B2, B3, B6 and the layout misses of C): what a column's
header says, where a cell's text belongs, which heading governs which items. Every PDF is built here,
wording varied on purpose; each device has a negative twin so a test can fail both ways."""

from __future__ import annotations

import io

import pdfbuild as B
import pytest
from reportlab.lib import colors
from reportlab.lib.pagesizes import landscape, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from policyeval.find.findings import find
from policyeval.read.chart import cost_column_roles
from policyeval.read.document import read_pdf

FONT = B.FONTS.get("dejavu", B.FONTS["helvetica"])


def table_pdf(
    header: list[str] | None,
    rows: list[list[str]],
    *,
    before: list[str] | None = None,
    after: list[str] | None = None,
    grid: bool = True,
    size: float = 8.0,
    widths: list[float] | None = None,
    wide: bool = False,
) -> bytes:
    """A page with paragraphs, one table (header row first unless None) and paragraphs after it."""
    body = ParagraphStyle("b", fontName=FONT[0], fontSize=size, leading=size * 1.25)
    head = ParagraphStyle("h", fontName=FONT[1], fontSize=size, leading=size * 1.25)
    title = ParagraphStyle("t", fontName=FONT[1], fontSize=12, leading=15)
    story: list = []
    for p in before or []:
        story += [Paragraph(p[2:], title) if p.startswith("# ") else Paragraph(p, body), Spacer(1, 4)]
    data = ([[Paragraph(h, head) for h in header]] if header else []) + [[Paragraph(c, body) for c in r] for r in rows]
    style = [("VALIGN", (0, 0), (-1, -1), "TOP")]
    style.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black) if grid else ("TOPPADDING", (0, 0), (-1, -1), 4))
    story += [Table(data, colWidths=widths, style=TableStyle(style)), Spacer(1, 6)]
    for p in after or []:
        story += [Paragraph(p[2:], title) if p.startswith("# ") else Paragraph(p, body), Spacer(1, 4)]
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=landscape(letter) if wide else letter, title="t", author="tests").build(story)
    return buf.getvalue()


def findings_of(pdf: bytes, name: str = "plan.pdf"):
    return find([read_pdf(pdf, name)])


def statements(found, concept: str) -> list[tuple[frozenset, str]]:
    """(modifiers, network) of each statement about `concept`."""
    return [(f.modifiers, f.scope.network) for f in found if f.concept == concept]


def never_covered(found, concept: str) -> None:
    assert not any("covered" in f.modifiers for f in found if f.concept == concept), statements(found, concept)


# ================================================================================ B2: cost columns by header
MH = "If you need mental health, behavioral health, or substance abuse services"
SBC_HEAD = ["Common Medical Event", "Services You May Need"]
LIMITS = "Limitations, Exceptions, &amp; Other Important Information"


@pytest.mark.parametrize(
    ("heads", "want"),
    [
        (["tier1network", "tier2network", "outofnetworkprovider"], ["in_network", "in_network_2", "out_of_network"]),
        (["designatedprovider", "nonparticipatingprovider"], ["in_network", "out_of_network"]),
        (["preferred", "nonpreferred", "x"], ["in_network", "out_of_network", "in_network_2"]),
        (["innetwork", "outofnetwork"], ["in_network", "out_of_network"]),
        (["whatyouwillpay", "cost"], ["in_network", "out_of_network"]),  # nothing said: by position
    ],
)
def test_cost_column_roles_come_from_their_headers(heads, want):
    assert cost_column_roles([None] * len(heads), heads) == want  # type: ignore[list-item]


@pytest.mark.parametrize(
    ("tiers", "grid"),
    [
        (["Tier 1 Network Provider (You will pay the least)", "Tier 2 Network Provider"], True),
        (["Designated Network Provider", "Other Network Provider"], True),
        (["Preferred Provider (Tier 1)", "Participating Provider (Tier 2)"], False),
    ],
)
@pytest.mark.parametrize("oon", ["Out-of-Network Provider (You will pay the most)", "Non-Participating Provider"])
def test_two_network_tiers_and_out_of_network(tiers, grid, oon):
    """The out-of-network 'Not covered' excludes out of network only; the service cell's second line
    ('including ketamine infusions') stays in its row and takes the row's preauthorization."""
    pdf = table_pdf(
        [*SBC_HEAD, *tiers, oon, LIMITS],
        [
            [MH, "Outpatient services", "$30 copay/visit", "$60 copay/visit", "50% coinsurance", "None"],
            [
                "",
                "Infusion therapy, including ketamine infusions",
                "20% coinsurance",
                "35% coinsurance",
                "Not covered",
                "Preauthorization is required.",
            ],
        ],
        grid=grid,
        size=7,
        wide=True,
        widths=[110, 120, 95, 95, 95, 150],
    )
    found = findings_of(pdf)
    got = statements(found, "iv_ketamine")
    assert any("prior_authorization" in m and "excluded" not in m and n != "out_of_network" for m, n in got), got
    assert any("excluded" in m and n == "out_of_network" for m, n in got), got
    assert not any("excluded" in m and n != "out_of_network" for m, n in got), got


def test_three_cost_columns_all_not_covered_is_an_exclusion_everywhere():
    """Negative twin: every column says 'Not covered' -> excluded for every network."""
    pdf = table_pdf(
        [*SBC_HEAD, "Network (Tier 1)", "Network (Tier 2)", "Out-of-Network", LIMITS],
        [[MH, "Ketamine infusion therapy", "Not covered", "Not covered", "Not covered", "None"]],
        size=7,
        wide=True,
    )
    found = findings_of(pdf)
    got = statements(found, "iv_ketamine")
    assert any("excluded" in m and n == "" for m, n in got), got
    never_covered(found, "iv_ketamine")


def test_second_tier_priced_first_not_covered_is_still_network_coverage():
    """Only the first tier says 'Not covered', the second is priced: covered in network (some tier)."""
    pdf = table_pdf(
        [*SBC_HEAD, "Tier 1 Network", "Tier 2 Network", "Out-of-Network", LIMITS],
        [[MH, "Esketamine nasal spray treatment", "Not covered", "$75 copay", "Not covered", "None"]],
        size=7,
        wide=True,
    )
    got = statements(findings_of(pdf), "esketamine_nasal")
    assert any("covered" in m and n == "in_network" for m, n in got), got
    assert not any("excluded" in m and n != "out_of_network" for m, n in got), got


# ================================================================================ A3: Yes / No columns
@pytest.mark.parametrize(
    ("header", "yes"),
    [
        (["Treatment", "Is it covered?", "Precertification required?"], "Yes"),
        (["Benefit", "Covered", "Needs approval first"], "Y"),
        (["Service", "Covered?", "Service authorization needed?"], "Yes, your doctor asks us"),
    ],
)
def test_yes_no_columns_read_through_their_headers(header, yes):
    pdf = table_pdf(
        header,
        [["Spravato (esketamine) nasal spray", "Yes", yes], ["Ketamine infusion therapy", "No", "N/A"]],
        widths=[200, 110, 150],
    )
    found = findings_of(pdf)
    esk = statements(found, "esketamine_nasal")
    assert any("prior_authorization" in m and "excluded" not in m for m, _n in esk), esk
    iv = statements(found, "iv_ketamine")
    assert any("excluded" in m for m, _n in iv), iv
    never_covered(found, "iv_ketamine")


def test_no_under_an_approval_header_waives_it():
    pdf = table_pdf(
        ["Service", "What we cover", "Prior approval needed?"],
        [["Esketamine treatment sessions", "Office sessions with a network psychiatrist", "No"]],
        widths=[170, 200, 110],
    )
    got = statements(findings_of(pdf), "esketamine_nasal")
    assert any("pa_not_required" in m for m, _n in got), got
    assert not any("prior_authorization" in m for m, _n in got), got


def test_description_column_and_unlabelled_yes_are_not_answers():
    """Negative twins: a 'What we cover' column of descriptions is not a Yes/No column, and a Yes under
    a header that asks nothing ('Available by telehealth') requires nothing."""
    pdf = table_pdf(
        ["Service", "What we cover", "Available by telehealth"],
        [["Ketamine infusion therapy", "Infusions at a network infusion center", "Yes"]],
        widths=[170, 200, 110],
    )
    got = statements(findings_of(pdf), "iv_ketamine")
    assert not any(m & {"prior_authorization", "excluded"} for m, _n in got), got


# ================================================================================ A3: notes and footnotes
@pytest.mark.parametrize(
    ("ref", "notes"),
    [
        (
            "See note 2",
            ["1. Limited to 20 visits per year.", "2. Precertification is required before the first session."],
        ),
        (
            "Notes 1 and 3",
            ["1. Copay applies per session.", "2. Limited to one per day.", "3. You need prior approval."],
        ),
        ("see footnote 4", ["Note 4: Prior authorization is required."]),
    ],
)
def test_a_note_reference_binds_the_note(ref, notes):
    pdf = table_pdf(
        ["Benefit", "In network", "Notes"],
        [["Esketamine (Spravato) sessions", "$40 copay", ref], ["Psychotherapy", "$20 copay", ""]],
        after=["Notes", *notes],
        widths=[200, 100, 150],
    )
    got = statements(findings_of(pdf), "esketamine_nasal")
    assert any("prior_authorization" in m and "excluded" not in m for m, _n in got), got


def test_a_note_that_requires_nothing_binds_nothing():
    """Negative twin: the row points at note 1 (a visit limit); note 2 (approval) is another row's."""
    pdf = table_pdf(
        ["Benefit", "In network", "Notes"],
        [["Ketamine infusion therapy", "$60 copay", "See note 1"], ["Inpatient stays", "$500 copay", "See note 2"]],
        after=["1. Limited to 12 infusions per year.", "2. Prior authorization is required."],
        widths=[200, 100, 150],
    )
    got = statements(findings_of(pdf), "iv_ketamine")
    assert not any("prior_authorization" in m for m, _n in got), got


@pytest.mark.parametrize(("mark", "other"), [("(a)", "(b)"), ("(c)", "(a)")])
def test_letter_footnote_on_a_two_column_table(mark, other):
    pdf = table_pdf(
        ["Service", "You pay"],
        [[f"Ketamine infusion {mark}", "20% coinsurance"], [f"Office visit {other}", "$25 copay"]],
        after=[f"{mark} Requires preauthorization.", f"{other} No referral required."],
        widths=[200, 150],
    )
    got = statements(findings_of(pdf), "iv_ketamine")
    assert any("prior_authorization" in m for m, _n in got), got


def test_letter_footnote_of_another_row_does_not_bind():
    pdf = table_pdf(
        ["Service", "You pay"],
        [["Ketamine infusion (b)", "20% coinsurance"], ["Inpatient stay (a)", "$250 copay"]],
        after=["(a) Requires preauthorization.", "(b) Limited to six sessions a month."],
        widths=[200, 150],
    )
    got = statements(findings_of(pdf), "iv_ketamine")
    assert not any("prior_authorization" in m for m, _n in got), got


# ================================================================================ A3: the Common Medical Event cell
@pytest.mark.parametrize(
    "section",
    [
        f"{MH} (all services require prior authorization)",
        f"{MH}. Precertification is required for every service in this section.",
    ],
)
def test_requirement_in_the_event_cell_applies_to_its_rows(section):
    rows = [
        B.ChartRow(section, "Outpatient services, including esketamine", "$30 copay/visit", "40% coinsurance", "None"),
        B.ChartRow("", "Inpatient services", "$500 copay/admission", "40% coinsurance", "None"),
    ]
    found = findings_of(B.build_sbc(rows))
    got = statements(found, "esketamine_nasal")
    assert any("prior_authorization" in m and "excluded" not in m for m, _n in got), got


def test_event_cell_without_a_requirement_adds_none():
    """Negative twin: an event cell that only names the event; and one whose requirement names another
    service ('for inpatient stays') does not bind the outpatient row."""
    for section in (MH, f"{MH} (prior authorization is required for inpatient stays)"):
        rows = [
            B.ChartRow(section, "Outpatient services, including esketamine", "$30 copay/visit", "40% coinsurance"),
            B.ChartRow("", "Inpatient services", "$500 copay/admission", "40% coinsurance", "None"),
        ]
        got = statements(findings_of(B.build_sbc(rows)), "esketamine_nasal")
        assert not any("prior_authorization" in m for m, _n in got), (section, got)


# ================================================================================ B3: a heading after a list
def prose_pdf(*paragraphs: str) -> bytes:
    return B.build_prose(list(paragraphs))


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Prior Authorization Required", "No Prior Authorization Required"),
        ("Services That Need Approval First", "Services That Do Not Require Prior Approval"),
        ("Precertification Is Required For:", "Prior Authorization Not Required"),
    ],
)
def test_heading_after_a_list_heads_the_next_list(first, second):
    """'• Spravato' then the next heading: the heading speaks of the items under it, not of Spravato."""
    pdf = prose_pdf(
        f"# {first}",
        "• Electroconvulsive therapy",
        "• Spravato",
        f"# {second}",
        "• Psychotherapy",
        "• Ketamine infusions",
    )
    found = findings_of(pdf)
    esk = statements(found, "esketamine_nasal")
    assert esk and all("pa_not_required" not in m for m, _n in esk), esk
    assert any("prior_authorization" in m for m, _n in esk), esk
    iv = statements(found, "iv_ketamine")
    assert iv and all("prior_authorization" not in m for m, _n in iv), iv


def test_items_under_a_no_approval_heading():
    pdf = prose_pdf(
        "# Services that do not need prior authorization",
        "• Visits with a network psychiatrist",
        "• Esketamine (Spravato) treatment at a network clinic",
        "# Services that need prior authorization",
        "• Inpatient admissions",
    )
    got = statements(findings_of(pdf), "esketamine_nasal")
    assert any("pa_not_required" in m for m, _n in got), got
    assert not any("prior_authorization" in m for m, _n in got), got


def test_a_sentence_after_a_name_still_binds():
    """Twin: a subject-less requirement sentence right after a bare name (not a heading) binds to it."""
    pdf = prose_pdf("Spravato (esketamine) nasal spray.", "Prior authorization required.")
    got = statements(findings_of(pdf), "esketamine_nasal")
    assert any("prior_authorization" in m for m, _n in got), got


# ================================================================================ B6: check-mark exclusion charts
CHECK_HEAD = [
    "Services not covered by Medicare",
    "Not covered under any condition",
    "Covered only under specific conditions",
]


@pytest.mark.parametrize("mark", ["✔", "✓"])
def test_check_mark_chart_reads_each_column_by_its_header(mark):
    """The first column's text is read (not lost beside the marks), a mark under 'Not covered under any
    condition' excludes, a mark under 'Covered only under specific conditions' does not exclude and
    is no plain coverage either: the cell's conditions are its scope."""
    pdf = table_pdf(
        CHECK_HEAD,
        [
            ["Cosmetic surgery or procedures", "", f"{mark} Covered after an accidental injury"],
            ["Ketamine infusions for depression", mark, ""],
            ["Esketamine (Spravato) nasal spray", "", f"{mark} Covered only for treatment-resistant depression"],
            ["Routine foot care", "", f"{mark} Some coverage under Medicare guidelines"],
        ],
        before=["# Services we do not cover (exclusions)"],
        widths=[170, 130, 190],
    )
    found = findings_of(pdf)
    iv = statements(found, "iv_ketamine")
    assert any("excluded" in m for m, _n in iv), iv
    esk = [f for f in found if f.concept == "esketamine_nasal"]
    assert esk and not any(f.modifiers & {"excluded", "covered"} for f in esk), statements(found, "esketamine_nasal")
    assert any("trd" in f.scope.indications for f in esk), [f.scope for f in esk]


def test_check_mark_chart_header_worded_otherwise():
    pdf = table_pdf(
        ["Service", "Excluded", "Limited coverage"],
        [["Ketamine infusion therapy", "", "✓ Only for members in an approved clinical trial"], ["Spravato", "✓", ""]],
        widths=[170, 100, 220],
    )
    found = findings_of(pdf)
    assert any("excluded" in m for m, _n in statements(found, "esketamine_nasal")), statements(
        found, "esketamine_nasal"
    )
    assert not any("excluded" in m for m, _n in statements(found, "iv_ketamine")), statements(found, "iv_ketamine")
    never_covered(found, "iv_ketamine")


# ================================================================================ A3: a note closing a list in a cell
@pytest.mark.parametrize(
    "closing", ["Prior authorization may be required.", "Precertification is required.", "Requires prior approval."]
)
def test_note_closing_a_list_in_a_cell_speaks_for_its_items(closing):
    cell = (
        "Part B drugs<br/>Covered drugs include:<br/>• Infusion drugs given in a clinic<br/>"
        "• Spravato (esketamine) nasal spray given in a certified office<br/>• Certain oral anti-cancer drugs<br/>"
        + closing
    )
    pdf = table_pdf(
        ["Services that are covered for you", "What you pay"], [[cell, "20% coinsurance"]], widths=[300, 150]
    )
    got = statements(findings_of(pdf), "esketamine_nasal")
    assert any("prior_authorization" in m for m, _n in got), got


def test_sentence_with_its_own_subject_after_a_list_does_not_close_it():
    """Twin: a sentence naming what it requires approval for is about that, not the list's items."""
    cell = (
        "Covered drugs include:<br/>• Spravato (esketamine) nasal spray<br/>• Allergy antigens<br/>"
        "Inpatient stays require prior authorization."
    )
    pdf = table_pdf(
        ["Services that are covered for you", "What you pay"], [[cell, "20% coinsurance"]], widths=[300, 150]
    )
    got = statements(findings_of(pdf), "esketamine_nasal")
    assert not any("prior_authorization" in m for m, _n in got), got


def test_reader_keeps_the_first_column_beside_check_marks():
    """read/: a check-mark chart under a 'services not covered' header is a table, not a bulleted list,
    and no line of it is lost from the page's words."""
    pdf = table_pdf(
        CHECK_HEAD,
        [["Hearing aids", "✔", ""], ["Acupuncture visits", "", "✔ For chronic low back pain"]],
        widths=[170, 130, 190],
    )
    doc = read_pdf(pdf, "chart.pdf")
    text = " ".join(w.text for p in doc.pages for w in p.words)
    assert "Hearing aids" in text and "Acupuncture visits" in text, text
    assert not any(lb.role == "excluded" for p in doc.pages for lb in p.lists)


# ================================================================================ status columns, network-labelled lines
def test_status_column_states_each_rows_status():
    pdf = table_pdf(
        ["Service", "Status"],
        [
            ["Group therapy", "Covered"],
            ["Ketamine infusion therapy", "Not covered"],
            ["Spravato (esketamine)", "Covered with prior authorization"],
        ],
        before=["# Behavioral health services"],
        widths=[220, 200],
    )
    found = findings_of(pdf)
    assert any("excluded" in m for m, _n in statements(found, "iv_ketamine")), statements(found, "iv_ketamine")
    never_covered(found, "iv_ketamine")
    esk = statements(found, "esketamine_nasal")
    assert any("prior_authorization" in m and "excluded" not in m for m, _n in esk), esk


def test_a_price_column_alone_is_not_a_status():
    """Twin: a lone price cell ('$35 copay') beside a label is not read as a row by the status device."""
    pdf = table_pdf(["Benefit", "You pay"], [["Ketamine infusion therapy", "$35 copay per visit"]], widths=[220, 200])
    got = [f for f in findings_of(pdf) if f.concept == "iv_ketamine"]
    assert not any(f.device == "row" for f in got), [(f.device, f.modifiers) for f in got]


@pytest.mark.parametrize(
    "oon",
    ["Non-participating: You pay all charges", "Out-of-network: Not covered", "Non-network providers: Not covered"],
)
def test_cost_cell_lines_labelled_by_network(oon):
    pdf = table_pdf(
        ["Benefit", "Description", "You pay"],
        [
            [
                "Esketamine (Spravato) treatment",
                "Given in a certified provider's office",
                f"Preferred: $35 copayment<br/>Participating: 35% of the allowance<br/>{oon}",
            ]
        ],
        widths=[150, 150, 200],
    )
    got = statements(findings_of(pdf), "esketamine_nasal")
    assert any("excluded" in m and n == "out_of_network" for m, n in got), got
    assert not any("excluded" in m and n != "out_of_network" for m, n in got), got


# ================================================================================ drug lists (C)
GROUP_HEAD = ["Drug Name", "Tier", "Notes"] * 3


@pytest.mark.parametrize(
    ("row", "want_pa", "tier"),
    [
        (["fluoxetine cap", "1", "QL", "Spravato 28 mg kit", "5", "PA", "bupropion tab", "2", "ST"], True, "5"),
        (["quetiapine tab", "4", "PA", "Spravato 56 mg dose", "4", "", "zuranolone cap", "5", "PA; QL"], False, "4"),
        (["Spravato nasal spray", "3", "", "lithium tab", "1", "QL", "olanzapine tab", "2", "PA"], False, "3"),
    ],
)
def test_drug_list_groups_side_by_side_are_not_read_across(row, want_pa, tier):
    pdf = table_pdf(
        GROUP_HEAD,
        [row, ["sertraline tab", "1", "", "citalopram tab", "1", "", "venlafaxine cap", "2", ""]],
        before=["# Drug List 2026", "PA = Prior Authorization. QL = Quantity Limit. ST = Step Therapy."],
        size=7,
        wide=True,
    )
    coded = [
        f for f in findings_of(pdf, "druglist.pdf") if f.concept == "esketamine_nasal" and f.device == "formulary_code"
    ]
    assert coded, "no drug-list statement"
    f = coded[0]
    assert ("prior_authorization" in f.modifiers) == want_pa, f.modifiers
    assert not f.modifiers & {"quantity_limit", "step_therapy"}, f.modifiers
    assert f.tier == tier


def test_code_key_in_the_tables_first_row_and_lower_case_codes():
    pdf = table_pdf(
        ["Drug", "Tier", "Requirements"],
        [
            ["KEY: PA = Prior Authorization; QL = Quantity Limits; ST = Step Therapy", "", ""],
            ["Spravato 28 mg", "5", "PA QL"],
        ],
        widths=[250, 60, 120],
    )
    f = next(f for f in findings_of(pdf) if f.concept == "esketamine_nasal" and f.device == "formulary_code")
    assert {"prior_authorization", "quantity_limit"} <= f.modifiers and "step_therapy" not in f.modifiers
    pdf = table_pdf(
        ["Drug", "Tier", "Requirements"],
        [["esketamine nasal spray", "4", "pa"], ["clozapine tab", "2", "ql"]],
        before=["pa – prior authorization required; ql – quantity limit applies."],
        widths=[200, 60, 120],
    )
    f = next(f for f in findings_of(pdf) if f.concept == "esketamine_nasal" and f.device == "formulary_code")
    assert "prior_authorization" in f.modifiers and "quantity_limit" not in f.modifiers, f.modifiers


def test_lower_case_words_are_not_codes_unless_their_key_requires_something():
    pdf = table_pdf(
        ["Drug", "Tier", "Notes"],
        [["esketamine nasal spray", "4", "mo"]],
        before=["mo – mail order available; pa – prior authorization required."],
        widths=[200, 60, 120],
    )
    coded = [f for f in findings_of(pdf) if f.concept == "esketamine_nasal" and f.device == "formulary_code"]
    assert not any("prior_authorization" in f.modifiers for f in coded), [f.modifiers for f in coded]


def test_a_tier_digit_near_the_top_of_the_page_is_not_a_page_number():
    """read/: a lone '5' in the first row of a table high on the page is a cell, not page furniture."""
    pdf = table_pdf(["Drug Name", "Tier", "Notes"], [["Spravato 56 mg", "5", "PA"]], widths=[200, 60, 120])
    words = [w.text for p in read_pdf(pdf, "list.pdf").pages for w in p.words]
    assert "5" in words, words


# ================================================================================ requirement inside a cost cell; (PA) codes
def test_requirement_in_the_out_of_network_cell_is_for_out_of_network_care():
    rows = [
        B.ChartRow(MH, "Ketamine infusions", "$45 copay/visit", "50% coinsurance; precertification required", "None")
    ]
    got = statements(findings_of(B.build_sbc(rows)), "iv_ketamine")
    assert any("prior_authorization" in m and n == "out_of_network" for m, n in got), got
    assert not any("prior_authorization" in m and n != "out_of_network" for m, n in got), got


def test_requirement_in_the_network_cell_stays_for_everyone():
    """Twin: printed in the network cell, the requirement is not narrowed (it may be meant for all)."""
    rows = [
        B.ChartRow(MH, "Ketamine infusions", "$45 copay/visit; preauthorization required", "50% coinsurance", "None")
    ]
    got = statements(findings_of(B.build_sbc(rows)), "iv_ketamine")
    assert any("prior_authorization" in m and n == "" for m, n in got), got


@pytest.mark.parametrize("code", ["PA", "AR"])
def test_parenthesised_code_explained_as_marked(code):
    pdf = table_pdf(
        ["Benefit", "What you pay"],
        [
            ["Day treatment", "$55 copay"],
            [f"Ketamine infusion therapy ({code})", "20% coinsurance"],
            ["Counseling", "$30"],
        ],
        before=[f"Services marked ({code}) in the chart below need our approval before you get them."],
        widths=[220, 180],
    )
    got = statements(findings_of(pdf), "iv_ketamine")
    assert any("prior_authorization" in m for m, _n in got), got


def test_parenthesised_code_without_its_explanation_binds_nothing():
    pdf = table_pdf(
        ["Benefit", "What you pay"],
        [["Ketamine infusion therapy (PA)", "20% coinsurance"], ["Counseling", "$30"]],
        before=["Services marked (OV) are office visits."],
        widths=[220, 180],
    )
    got = statements(findings_of(pdf), "iv_ketamine")
    assert not any("prior_authorization" in m for m, _n in got), got


def test_code_key_set_as_a_two_column_table():
    """The key is a table ('PA' | 'Prior authorization: ...'), the drug list a table after it."""
    pdf = table_pdf(
        ["Drug name", "Tier", "Requirements"],
        [["Spravato (esketamine) nasal spray", "5", "PA; QL"], ["sertraline tablet", "1", ""]],
        before=["# How to read this list"],
        widths=[220, 60, 120],
    )
    key = table_pdf(
        None,
        [["PA", "Prior authorization: the plan must approve the drug first."], ["QL", "Quantity limit applies."]],
        widths=[60, 300],
        grid=False,
    )
    import pymupdf

    doc = pymupdf.open(stream=key, filetype="pdf")
    doc.insert_pdf(pymupdf.open(stream=pdf, filetype="pdf"))
    f = next(
        f
        for f in findings_of(doc.tobytes(), "list.pdf")
        if f.concept == "esketamine_nasal" and f.device == "formulary_code"
    )
    assert {"prior_authorization", "quantity_limit"} <= f.modifiers, f.modifiers


# ================================================================================ check-box notices
@pytest.mark.parametrize(
    ("ticked", "unticked", "want", "never"),
    [
        ("Prior authorization required", "No prior authorization required", "prior_authorization", "pa_not_required"),
        ("No prior authorization required", "Prior authorization required", "pa_not_required", "prior_authorization"),
    ],
)
def test_only_the_ticked_box_speaks(ticked, unticked, want, never):
    pdf = table_pdf(
        ["Requirement", "Status"],
        [[f"☐ {unticked}", ""], [f"☒ {ticked}", "See the attached criteria"]],
        before=["# Coverage Determination Notice", "Medication: Spravato (esketamine) nasal spray"],
        widths=[220, 200],
    )
    got = statements(findings_of(pdf), "esketamine_nasal")
    assert any(want in m for m, _n in got), got
    assert not any(never in m for m, _n in got), got


# ================================================================================ notes about other services
@pytest.mark.parametrize(
    "note",
    [
        "PRIOR AUTHORIZATION REQUIRED FOR KETAMINE INFUSION THERAPY. OTHERWISE NONE.",
        "Preauthorization is required for esketamine treatment.",
    ],
)
def test_note_naming_another_service_does_not_bind_the_row(note):
    rows = [B.ChartRow(MH, "Outpatient services", "$35 copay/visit", "50% coinsurance", note)]
    found = findings_of(B.build_sbc(rows))
    row = [f for f in found if f.concept == "mh_outpatient"]
    assert row and not any("prior_authorization" in f.modifiers for f in row), [f.modifiers for f in row]
    named = [f for f in found if f.concept in ("iv_ketamine", "esketamine_nasal")]
    assert any("prior_authorization" in f.modifiers for f in named), [(f.concept, f.modifiers) for f in named]


def test_note_naming_the_rows_own_service_binds_it():
    rows = [
        B.ChartRow(
            MH,
            "Outpatient services",
            "$35 copay/visit",
            "50% coinsurance",
            "Prior authorization required for outpatient services.",
        )
    ]
    row = [f for f in findings_of(B.build_sbc(rows)) if f.concept == "mh_outpatient"]
    assert any("prior_authorization" in f.modifiers for f in row), [f.modifiers for f in row]
