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
