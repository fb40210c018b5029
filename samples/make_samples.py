#!/usr/bin/env python3
"""Build the policyeval sample corpus: SBC, EOC and medical-policy PDFs, one scanned copy, and
manifest.yaml (the expected outcome of every case, with the deciding pages looked up in the PDFs).

    .venv/bin/python samples/make_samples.py            # rebuild everything
    .venv/bin/python samples/make_samples.py --check    # rebuild, then verify the corpus

Content is data: sbc_plans.py (one dict per SBC), eoc_text.py (EOC and medical-policy prose),
sample_cases.py (the cases and the text that anchors each deciding page). This file holds layout only:
one function per layout style. Output is deterministic (reportlab `invariant=1`, fixed metadata), so a
rebuild on the same machine gives identical bytes. The TTF fonts come from Debian's fonts-liberation and
fonts-dejavu; where a font file is missing the nearest built-in PDF font is used instead.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import landscape, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from sbc_plans import SBC_PLANS  # noqa: E402

SUBJECT = "Synthetic sample document for policyeval tests. Not a real plan document."

# ----------------------------------------------------------------------------------------------------
# Fonts
# ----------------------------------------------------------------------------------------------------
FONT_DIR = Path("/usr/share/fonts/truetype")
BUILTIN = {
    "Helvetica": ("Helvetica", "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique"),
    "Times": ("Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic"),
}
TTF = {  # family -> (files regular, bold, italic, bold italic), built-in fallback
    "ArialNarrow": (
        [
            "liberation/LiberationSansNarrow-Regular.ttf",
            "liberation/LiberationSansNarrow-Bold.ttf",
            "liberation/LiberationSansNarrow-Italic.ttf",
            "liberation/LiberationSansNarrow-BoldItalic.ttf",
        ],
        "Helvetica",
    ),
    "Arial": (
        [
            "liberation/LiberationSans-Regular.ttf",
            "liberation/LiberationSans-Bold.ttf",
            "liberation/LiberationSans-Italic.ttf",
            "liberation/LiberationSans-BoldItalic.ttf",
        ],
        "Helvetica",
    ),
    "Serif": (
        [
            "liberation/LiberationSerif-Regular.ttf",
            "liberation/LiberationSerif-Bold.ttf",
            "liberation/LiberationSerif-Italic.ttf",
            "liberation/LiberationSerif-BoldItalic.ttf",
        ],
        "Times",
    ),
    "Condensed": (
        [
            "dejavu/DejaVuSansCondensed.ttf",
            "dejavu/DejaVuSansCondensed-Bold.ttf",
            "dejavu/DejaVuSansCondensed-Oblique.ttf",
            "dejavu/DejaVuSansCondensed-BoldOblique.ttf",
        ],
        "Helvetica",
    ),
}
_registered: dict[str, tuple[str, str, str, str]] = {}


def font(family: str) -> tuple[str, str, str, str]:
    """(regular, bold, italic, bold italic) font names for a family, registering TTFs once."""
    if family in BUILTIN:
        return BUILTIN[family]
    if family in _registered:
        return _registered[family]
    files, fallback = TTF[family]
    paths = [FONT_DIR / f for f in files]
    if not all(p.exists() for p in paths):
        print(f"note: {family} font files missing, using {fallback}", file=sys.stderr)
        _registered[family] = BUILTIN[fallback]
        return BUILTIN[fallback]
    names = tuple(f"{family}{suffix}" for suffix in ("", "-Bold", "-Italic", "-BoldItalic"))
    for name, path in zip(names, paths):
        pdfmetrics.registerFont(TTFont(name, str(path)))
    pdfmetrics.registerFontFamily(names[0], normal=names[0], bold=names[1], italic=names[2], boldItalic=names[3])
    _registered[family] = names
    return names


# ----------------------------------------------------------------------------------------------------
# Text helpers
# ----------------------------------------------------------------------------------------------------
def md(text: str, underline: bool = True) -> str:
    """Tiny markup -> reportlab para markup: **bold**, __underline__ (dropped if underline=False),
    newline -> <br/>. '&' is escaped; raw <b>/<i>/<u>/<font> tags pass through."""
    t = re.sub(r"&(?!(amp|lt|gt|#\d+|nbsp);)", "&amp;", text)
    t = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", t, flags=re.S)
    t = re.sub(r"__(.+?)__", (r"<u>\1</u>" if underline else r"\1"), t, flags=re.S)
    return t.replace("\n", "<br/>")


def plain(text: str) -> str:
    return re.sub(r"__(.+?)__", r"\1", re.sub(r"\*\*(.+?)\*\*", r"\1", text))


def hexcolor(h: str | None):
    return colors.HexColor(h) if h else None


def pstyle(name: str, fam, size: float, *, bold=False, italic=False, align=TA_LEFT, leading=None, **kw):
    r, b, i, bi = fam
    fn = bi if (bold and italic) else b if bold else i if italic else r
    kw.setdefault("embeddedHyphenation", 1)
    return ParagraphStyle(
        name,
        fontName=fn,
        fontSize=size,
        leading=leading or round(size * 1.2, 2),
        alignment=align,
        splitLongWords=0,
        **kw,
    )


# ====================================================================================================
# SBC
# ====================================================================================================
EVENTS = [  # (Common Medical Event, [(row key, Services You May Need)])
    (
        "If you visit a health care __provider's__ office or clinic",
        [
            ("pcp", "__Primary care__ visit to treat an injury or illness"),
            ("spec", "__Specialist__ visit"),
            ("prev", "__Preventive care__/__screening__/ __immunization__"),
        ],
    ),
    (
        "If you have a test",
        [("diag", "__Diagnostic test__ (x-ray, blood work)"), ("img", "Imaging (CT/PET scans, MRIs)")],
    ),
    (
        "If you need drugs to treat your illness or condition\nMore information about __prescription drug "
        "coverage__ is available at {rx_url}.",
        [
            ("generic", "Generic drugs (Tier 1)"),
            ("preferred", "Preferred brand drugs (Tier 2)"),
            ("nonpref", "Non-preferred brand drugs (Tier 3)"),
            ("specialty", "__Specialty drugs__ (Tier 4)"),
        ],
    ),
    (
        "If you have outpatient surgery",
        [("os_fac", "Facility fee (e.g., ambulatory surgery center)"), ("os_phys", "Physician/surgeon fees")],
    ),
    (
        "If you need immediate medical attention",
        [
            ("er", "__Emergency room care__"),
            ("amb", "__Emergency medical transportation__"),
            ("urgent", "__Urgent care__"),
        ],
    ),
    (
        "If you have a hospital stay",
        [("hs_fac", "Facility fee (e.g., hospital room)"), ("hs_phys", "Physician/surgeon fees")],
    ),
    (
        "If you need mental health, behavioral health, or substance abuse services",
        [("mh_out", "Outpatient services"), ("mh_in", "Inpatient services")],
    ),
    (
        "If you are pregnant",
        [
            ("preg", "Office visits"),
            ("deliv_prof", "Childbirth/delivery professional services"),
            ("deliv_fac", "Childbirth/delivery facility services"),
        ],
    ),
    (
        "If you need help recovering or have other special health needs",
        [
            ("home", "__Home health care__"),
            ("rehab", "__Rehabilitation services__"),
            ("habil", "__Habilitation services__"),
            ("snf", "__Skilled nursing care__"),
            ("dme", "__Durable medical equipment__"),
            ("hospice", "__Hospice services__"),
        ],
    ),
    (
        "If your child needs dental or eye care",
        [
            ("ch_eye", "Children's eye exam"),
            ("ch_glasses", "Children's glasses"),
            ("ch_dental", "Children's dental check-up"),
        ],
    ),
]

DEFAULT_COST = {  # in-network column; {coins} = the plan's coinsurance
    "pcp": "$30 copay/visit",
    "spec": "$60 copay/visit",
    "prev": "No charge",
    "diag": "{coins}",
    "img": "{coins}",
    "generic": "$10 copay/prescription",
    "preferred": "$40 copay/prescription",
    "nonpref": "$80 copay/prescription",
    "specialty": "{coins}",
    "os_fac": "{coins}",
    "os_phys": "{coins}",
    "er": "$350 copay/visit",
    "amb": "{coins}",
    "urgent": "$50 copay/visit",
    "hs_fac": "{coins}",
    "hs_phys": "{coins}",
    "mh_out": "$30 copay/visit",
    "mh_in": "{coins}",
    "preg": "No charge",
    "deliv_prof": "{coins}",
    "deliv_fac": "{coins}",
    "home": "{coins}",
    "rehab": "{coins}",
    "habil": "{coins}",
    "snf": "{coins}",
    "dme": "{coins}",
    "hospice": "No charge",
    "ch_eye": "No charge",
    "ch_glasses": "No charge",
    "ch_dental": "No charge",
}
_SUPPLY = "Covers up to a 30-day supply (retail prescription); 31-90 day supply (mail order prescription)."
DEFAULT_LIMITS = {  # {pa} = the plan's prior-authorization phrase; {none} = "None"
    "pcp": "{none}",
    "spec": "{none}",
    "prev": "You may have to pay for services that aren't preventive. Ask your __provider__ if the services "
    "needed are preventive. Then check what your __plan__ will pay for.",
    "diag": "{none}",
    "img": "{pa}",
    "generic": _SUPPLY,
    "preferred": _SUPPLY,
    "nonpref": _SUPPLY,
    "specialty": "Up to a 30-day supply. Must be filled at a network specialty pharmacy.",
    "os_fac": "{none}",
    "os_phys": "{none}",
    "er": "Copay waived if admitted.",
    "amb": "{none}",
    "urgent": "{none}",
    "hs_fac": "{pa}",
    "hs_phys": "{none}",
    "mh_out": "{none}",
    "mh_in": "{pa}",
    "preg": "Cost sharing does not apply for preventive services. Depending on the type of services, a "
    "__copayment__, __coinsurance__, or __deductible__ may apply. Maternity care may include tests and "
    "services described elsewhere in the SBC (i.e. ultrasound).",
    "deliv_prof": "{none}",
    "deliv_fac": "{none}",
    "home": "{pa} Limited to 100 visits per year.",
    "rehab": "Limited to 30 visits per year for physical, occupational and speech therapy combined.",
    "habil": "Limited to 30 visits per year for physical, occupational and speech therapy combined.",
    "snf": "{pa} Limited to 60 days per year.",
    "dme": "Covers rental or purchase, at our option. {pa}",
    "hospice": "{none}",
    "ch_eye": "Limited to one exam per year.",
    "ch_glasses": "Limited to one pair of glasses per year.",
    "ch_dental": "Limited to two check-ups per year.",
}
OON_SAME_AS_NETWORK = ("er", "amb")  # emergency care is paid at the network level
SHY = "\u00ad"
HYPHENATION = {  # word (regex, case-insensitive start) -> where a soft hyphen may break it
    r"(?i)\bpreauthorization": 3,
    r"(?i)\bprecertification": 3,
    r"(?i)\bcoinsurance": 2,
    r"(?i)\bprescription": 3,
    r"(?i)\badministered": 5,
    r"(?i)\bspecialty": 3,
    r"(?i)\bemergency": 5,
}


@dataclass
class ChartRow:
    event: int  # index into EVENTS
    key: str
    service: str
    inn: str
    oon: str
    lim: str
    continued: bool = False


def chart_rows(plan: dict) -> list[ChartRow]:
    coins = plan.get("coins", "20% coinsurance")
    cost = {**{k: v.format(coins=coins) for k, v in DEFAULT_COST.items()}, **plan.get("cost", {})}
    none = plan.get("none", "None")
    pa = plan["pa"]
    rows: list[ChartRow] = []
    for ei, (_, services) in enumerate(EVENTS):
        for key, label in services:
            inn = cost[key]
            oon = inn if key in OON_SAME_AS_NETWORK else plan["oon"]
            lim = DEFAULT_LIMITS[key].format(pa=pa, none=none).strip()
            over = plan.get("rows", {}).get(key)
            if over:
                inn = over[0] if over[0] is not None else inn
                oon = over[1] if over[1] is not None else oon
                lim = over[2] if over[2] is not None else lim
            rows.append(ChartRow(ei, key, label, inn, oon, lim))
            for after, nkey, nlabel, ninn, noon, nlim in plan.get("insert", []):
                if after == key:
                    rows.append(ChartRow(ei, nkey, nlabel, ninn, noon, nlim))
    return rows


class SBC:
    """Layout of one SBC. The chart is paginated here (not by reportlab) so that the Common Medical Event
    cell can span its rows on every page and one chosen row can be split across a page break."""

    def __init__(self, plan: dict):
        self.plan = plan
        self.pagesize = landscape(letter) if plan["orientation"] == "landscape" else letter
        self.margin = 36
        self.width = self.pagesize[0] - 2 * self.margin
        self.fam = font(plan["font"])
        size = plan["size"]
        u = plan.get("underline_glossary", False)
        self.u = u
        self.s = SimpleNamespace(
            cell=pstyle("cell", self.fam, size),
            cellb=pstyle("cellb", self.fam, size, bold=True),
            head=pstyle("head", self.fam, size + 0.4, bold=True, align=TA_CENTER),
            headl=pstyle("headl", self.fam, size + 0.4, bold=True),
            body=pstyle("body", self.fam, size + 0.6, embeddedHyphenation=0 if u else 1),
            small=pstyle("small", self.fam, size - 1.2),
            tiny=pstyle("tiny", self.fam, 6),
            title=pstyle("title", self.fam, size + 5.5, bold=True, leading=(size + 5.5) * 1.15),
            top=pstyle("top", self.fam, size + 2.5, bold=True),
            topr=pstyle("topr", self.fam, size + 1.5, align=TA_RIGHT),
            h2=pstyle("h2", self.fam, size + 2, bold=True, spaceBefore=4, spaceAfter=2),
            bullet=pstyle("bullet", self.fam, size + 0.4, leftIndent=9, bulletIndent=0),
        )
        self.colw = [self.width * f for f in plan["colw"]]
        self.pad = 3

    # -- paragraphs ------------------------------------------------------------------------------
    def P(self, text: str, style=None) -> Paragraph:
        return Paragraph(md(self.typeset(text), self.u), style or self.s.cell)

    def typeset(self, text: str) -> str:
        """Per-plan typography, as word processors leave it: curly quotes, no-break spaces, soft hyphens."""
        plan = self.plan
        if plan.get("curly"):
            text = re.sub(r"(?<=\w)'(?=\w)", "\u2019", text)
            text = re.sub(r'"([^"]*)"', "\u201c\\1\u201d", text)
        if plan.get("nbsp"):
            text = re.sub(r"(\$[\d,.]+) (copay|co-pay)", "\\1\u00a0\\2", text)
            text = re.sub(r"(\d+%) (coinsurance)", "\\1\u00a0\\2", text)
        if plan.get("hyphenate"):
            for word, cut in HYPHENATION.items():
                text = re.sub(word, lambda m, c=cut: m.group(0)[:c] + SHY + m.group(0)[c:], text)
        return text

    # -- page furniture ----------------------------------------------------------------------------
    def decorate(self, total: int):
        plan, _s = self.plan, self.s
        R, B, _, _ = self.fam
        W, H = self.pagesize

        def on_page(c: rl_canvas.Canvas, doc):
            n = c.getPageNumber()
            c.saveState()
            if n > 1 and plan.get("running_header", True):
                c.setFont(B, 8)
                c.drawString(self.margin, H - 24, plain(f"{plan['insurer']}: {plan['plan_name']}"))
                c.setFont(R, 8)
                c.drawRightString(W - self.margin, H - 24, f"Coverage Period: {plan['period']}")
                c.drawRightString(
                    W - self.margin, H - 33, f"Coverage for: {plan['coverage_for']} | Plan Type: {plan['plan_type']}"
                )
            c.setFont(R, 7)
            if n > 1:
                c.drawString(
                    self.margin,
                    20,
                    f"* For more information about limitations and exceptions, see the "
                    f"plan or policy document at {plan['url']}.",
                )
            c.drawRightString(W - self.margin, 20, f"Page {n} of {total or '?'}")
            c.setFont(R, 5.5)
            c.drawString(self.margin, 11, plan["form_id"])
            c.restoreState()

        return on_page

    def make_doc(self, target, total):
        top = 40 if self.plan.get("running_header", True) else 30
        doc = SimpleDocTemplate(
            target,
            pagesize=self.pagesize,
            leftMargin=self.margin,
            rightMargin=self.margin,
            topMargin=top,
            bottomMargin=32,
            invariant=1,
        )
        self._on_page = self.decorate(total)
        return doc

    # -- page 1 ----------------------------------------------------------------------------------------
    def first_page(self) -> list:
        plan, s = self.plan, self.s
        head = Table(
            [
                [
                    self.P(f"**{plan['insurer']}: {plan['plan_name']}**", s.top),
                    self.P(f"**Coverage Period: {plan['period']}**", s.topr),
                ],
                [
                    self.P(
                        "Summary of Benefits and Coverage: What this Plan Covers & What You Pay for Covered Services",
                        s.title,
                    ),
                    self.P(f"Coverage for: {plan['coverage_for']} | Plan Type: {plan['plan_type']}", s.topr),
                ],
            ],
            colWidths=[self.width * 0.66, self.width * 0.34],
        )
        head.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                    ("LINEBELOW", (0, 1), (-1, 1), 1.5, colors.black),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
        intro = (
            f"**The Summary of Benefits and Coverage (SBC) document will help you choose a health __plan__. The SBC "
            f"shows you how you and the __plan__ would share the cost for covered health care services. NOTE: "
            f"Information about the cost of this __plan__ (called the __premium__) will be provided separately.** "
            f"This is only a summary. For more information about your coverage, or to get a copy of the complete "
            f"terms of coverage, visit {plan['url']} or call {plan['phone']}. For general definitions of common "
            f"terms, such as __allowed amount__, __balance billing__, __coinsurance__, __copayment__, "
            f"__deductible__, __provider__, or other underlined terms, see the Glossary. You can view the "
            f"Glossary at www.healthcare.gov/sbc-glossary or call {plan['phone']} to request a copy."
        )
        box = Table([[self.P(intro, s.body)]], colWidths=[self.width])
        box.setStyle(
            TableStyle(
                [
                    ("BOX", (0, 0), (-1, -1), 0.8, colors.black),
                    ("BACKGROUND", (0, 0), (-1, -1), hexcolor(plan.get("header_fill")) or colors.white),
                ]
            )
        )
        return [head, Spacer(1, 6), box, Spacer(1, 8), self.important_questions()]

    def important_questions(self) -> Table:
        plan, s = self.plan, self.s
        ref_yes = (
            "This __plan__ will pay some or all of the costs to see a __specialist__ for covered services but "
            "only if you have a __referral__ before you see the __specialist__."
        )
        ref_no = "You can see the __specialist__ you choose without a __referral__."
        network = (
            "This __plan__ uses a __provider__ __network__. You will pay less if you use a __provider__ in the "
            "__plan's__ __network__. You will pay the most if you use an __out-of-network provider__, and you "
            "might receive a bill from a __provider__ for the difference between the __provider's__ charge and "
            "what your __plan__ pays (__balance billing__). Be aware, your __network provider__ might use an "
            "__out-of-network provider__ for some services (such as lab work). Check with your __provider__ "
            "before you get services."
        )
        if plan["oon"] == "Not covered":
            network = (
                "This __plan__ uses a __provider__ __network__. You will pay less if you use a __provider__ in "
                "the __plan's__ __network__. This plan does not cover services from __out-of-network "
                "providers__ except emergency care. Be aware, your __network provider__ might use an "
                "__out-of-network provider__ for some services (such as lab work). Check with your "
                "__provider__ before you get services."
            )
        rows = [
            (
                "What is the overall __deductible__?",
                plan["ded"],
                "Generally, you must pay all of the costs from __providers__ up to the __deductible__ amount before this "
                "__plan__ begins to pay. If you have other family members on the __plan__, each family member must meet "
                "their own individual __deductible__ until the total amount of __deductible__ expenses paid by all "
                "family members meets the overall family __deductible__.",
            ),
            (
                "Are there services covered before you meet your __deductible__?",
                plan["before_ded"],
                "This __plan__ covers some items and services even if you haven't yet met the __deductible__ amount. But "
                "a __copayment__ or __coinsurance__ may apply. For example, this __plan__ covers certain __preventive "
                "services__ without __cost sharing__ and before you meet your __deductible__. See a list of covered "
                "__preventive services__ at https://www.healthcare.gov/coverage/preventive-care-benefits/.",
            ),
            (
                "Are there other __deductibles__ for specific services?",
                "No.",
                "You don't have to meet __deductibles__ for specific services.",
            ),
            (
                "What is the __out-of-pocket limit__ for this __plan__?",
                plan["oop"],
                "The __out-of-pocket limit__ is the most you could pay in a year for covered services. If you have other "
                "family members in this __plan__, they have to meet their own __out-of-pocket limits__ until the "
                "overall family __out-of-pocket limit__ has been met.",
            ),
            (
                "What is not included in the __out-of-pocket limit__?",
                "__Premiums__, __balance-billed__ charges, and health care this __plan__ doesn't cover.",
                "Even though you pay these expenses, they don't count toward the __out-of-pocket limit__.",
            ),
            (
                "Will you pay less if you use a __network provider__?",
                f"Yes. See {plan['url']}/find-a-doctor or call {plan['phone']} for a list of __network providers__.",
                network,
            ),
            (
                "Do you need a __referral__ to see a __specialist__?",
                "Yes." if plan["referral"] else "No.",
                ref_yes if plan["referral"] else ref_no,
            ),
        ]
        data = [[self.P("Important Questions", s.head), self.P("Answers", s.head), self.P("Why This Matters:", s.head)]]
        for q, a, w in rows:
            data.append([self.P(f"**{q}**", s.body), self.P(a, s.body), self.P(w, s.body)])
        t = Table(data, colWidths=[self.width * 0.22, self.width * 0.28, self.width * 0.50], repeatRows=1)
        t.setStyle(
            TableStyle(
                self.rule_commands(len(data), header_rows=1, groups=None) + [("VALIGN", (0, 0), (-1, -1), "TOP")]
            )
        )
        return t

    # -- table rulings: one function per style -------------------------------------------------------------
    def rule_commands(self, nrows: int, header_rows: int, groups) -> list:
        return {"grid": self.rules_grid, "hrules": self.rules_horizontal, "open": self.rules_none}[self.plan["layout"]](
            nrows, header_rows, groups
        )

    def _header_fill(self, header_rows):
        fill = hexcolor(self.plan.get("header_fill"))
        return [("BACKGROUND", (0, 0), (-1, header_rows - 1), fill)] if fill else []

    def rules_grid(self, nrows, header_rows, groups):
        """Fully gridded: every cell boxed (the common Word-table SBC)."""
        return [("GRID", (0, 0), (-1, -1), 0.6, colors.black)] + self._header_fill(header_rows)

    def rules_horizontal(self, nrows, header_rows, groups):
        """Ruled only horizontally: a rule under the header, under every service row (from the second column),
        and a heavier rule where a Common Medical Event ends. No vertical lines."""
        cmds = [
            ("LINEABOVE", (0, 0), (-1, 0), 1.2, colors.black),
            ("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 1.2, colors.black),
        ]
        cmds += self._header_fill(header_rows)
        for r in range(header_rows, nrows):
            end_of_group = groups is None or groups[r - header_rows]
            if end_of_group:
                cmds.append(("LINEBELOW", (0, r), (-1, r), 0.9, colors.black))
            else:
                cmds.append(("LINEBELOW", (1, r), (-1, r), 0.4, colors.HexColor("#808080")))
        return cmds

    def rules_none(self, nrows, header_rows, groups):
        """No rulings at all: columns exist only as whitespace (an optional header colour band)."""
        return self._header_fill(header_rows)

    # -- the benefits chart ------------------------------------------------------------------------------
    def chart_header(self) -> tuple[list, list]:
        s = self.s
        net = self.P("**Network Provider**\n(You will pay the least)", s.head)
        oon = self.P("**Out-of-Network Provider**\n(You will pay the most)", s.head)
        lim = self.P("Limitations, Exceptions, & Other Important Information", s.head)
        pay = self.P("What You Will Pay", s.head)
        svc = self.P("Services You May Need", s.head)
        if self.plan.get("header_variant") == "split_common":
            # "Common" and "Medical Event" in two separate header rows (seen in real BCBS SBCs)
            rows = [[self.P("Common", s.head), svc, pay, "", lim], [self.P("Medical Event", s.head), "", net, oon, ""]]
            spans = [("SPAN", (1, 0), (1, 1)), ("SPAN", (2, 0), (3, 0)), ("SPAN", (4, 0), (4, 1))]
        else:
            rows = [[self.P("Common Medical Event", s.head), svc, pay, "", lim], ["", "", net, oon, ""]]
            spans = [
                ("SPAN", (0, 0), (0, 1)),
                ("SPAN", (1, 0), (1, 1)),
                ("SPAN", (2, 0), (3, 0)),
                ("SPAN", (4, 0), (4, 1)),
            ]
        return rows, spans

    def event_text(self, ei: int) -> str:
        return (
            "**"
            + EVENTS[ei][0].format(rx_url=self.plan["rx_url"]).replace("\nMore", "**\nMore", 1)
            + ("" if "\nMore" in EVENTS[ei][0] else "**")
        )

    def chart_table(self, rows: list[ChartRow]) -> Table:
        head, spans = self.chart_header()
        data = list(head)
        cmds = list(spans)
        nh = len(head)
        # group consecutive rows of the same event: label on the first, spanning the group
        groups_end = []
        i = 0
        while i < len(rows):
            j = i
            while j + 1 < len(rows) and rows[j + 1].event == rows[i].event:
                j += 1
            label = "" if rows[i].continued else self.event_text(rows[i].event)  # continued row: no label
            for k in range(i, j + 1):
                r = rows[k]
                data.append(
                    [
                        self.P(label, self.s.cell) if k == i else "",
                        self.P(f"**{r.service}**" if r.service else "", self.s.cell),
                        self.P(r.inn),
                        self.P(r.oon),
                        self.P(r.lim),
                    ]
                )
                groups_end.append(k == j)
            if j > i:
                cmds.append(("SPAN", (0, nh + i), (0, nh + j)))
            i = j + 1
        cmds += self.rule_commands(len(data), nh, groups_end)
        cmds += [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("VALIGN", (0, 0), (-1, nh - 1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), self.pad),
            ("BOTTOMPADDING", (0, 0), (-1, -1), self.pad),
        ]
        return Table(data, colWidths=self.colw, style=TableStyle(cmds))

    def height(self, rows: list[ChartRow]) -> float:
        return self.chart_table(rows).wrap(self.width, 10_000)[1]

    def fit_prefix(self, text: str, width: float, max_h: float) -> tuple[str, str]:
        """Longest word prefix of `text` that fits max_h in a cell of `width`; (prefix, rest)."""
        words = text.split(" ")
        lo, hi = 0, len(words)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            h = Paragraph(md(self.typeset(" ".join(words[:mid])), self.u), self.s.cell).wrap(width - 2 * 6, 10_000)[1]
            if h <= max_h:
                lo = mid
            else:
                hi = mid - 1
        return " ".join(words[:lo]), " ".join(words[lo:])

    def split_row(self, row: ChartRow, room: float, force: bool) -> tuple[ChartRow | None, ChartRow]:
        """Cut `row` so its first part fits `room` points; force=True cuts about a third off even if it fits."""
        inner = room - 2 * self.pad - 2
        if force:
            full = Paragraph(md(self.typeset(row.lim), self.u), self.s.cell).wrap(self.colw[4] - 12, 10_000)[1]
            inner = min(inner, full * 0.62)
        parts = [
            self.fit_prefix(t, w, inner)
            for t, w in ((row.inn, self.colw[2]), (row.oon, self.colw[3]), (row.lim, self.colw[4]))
        ]
        if not parts[2][0] or not parts[2][1]:
            return None, row
        a = ChartRow(row.event, row.key, row.service, parts[0][0], parts[1][0], parts[2][0])
        b = ChartRow(row.event, row.key, "", parts[0][1], parts[1][1], parts[2][1], continued=True)
        return a, b

    def paginate(self, rows: list[ChartRow], avail_first: float, avail: float) -> list[list[ChartRow]]:
        split_key = self.plan.get("split_row")
        pages: list[list[ChartRow]] = []
        cur: list[ChartRow] = []
        room = avail_first
        queue = list(rows)
        while queue:
            r = queue[0]
            if self.height(cur + [r]) <= room:
                cur.append(queue.pop(0))
                nxt = queue[0] if queue else None
                # the designated row is last on its page: force it to continue on the next page
                if (
                    split_key
                    and r.key == split_key
                    and not r.continued
                    and nxt is not None
                    and self.height(cur + [nxt]) > room
                ):
                    cur.pop()
                    a, b = self.split_row(r, room - self.height(cur), force=True)
                    if a is None:
                        cur.append(r)
                    else:
                        cur.append(a)
                        queue.insert(0, b)
                        pages.append(cur)
                        cur, room = [], avail
                continue
            if split_key and r.key == split_key and not r.continued and cur:
                a, b = self.split_row(r, room - self.height(cur), force=False)
                if a is not None:
                    cur.append(a)
                    queue[0] = b
            pages.append(cur)
            cur, room = [], avail
        if cur:
            pages.append(cur)
        if split_key and not any(r.continued for p in pages for r in p):
            print(f"warning: {self.plan['file']}: row {split_key!r} did not fall on a page break", file=sys.stderr)
        return pages

    # -- after the chart ------------------------------------------------------------------------------------
    def bullet_box(self, heading: str, items: list[str], ncols: int) -> Table:
        s = self.s
        per = -(-len(items) // ncols)
        cols = [items[i * per : (i + 1) * per] for i in range(ncols)]
        cells = [[Paragraph(md(it, self.u), s.bullet, bulletText="\u2022") for it in col] for col in cols]
        inner = Table([cells], colWidths=[(self.width - 12) / ncols] * ncols)
        inner.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 2)]))
        box = Table([[self.P(heading, s.body)], [inner]], colWidths=[self.width])
        cmds = [("BACKGROUND", (0, 0), (-1, 0), hexcolor(self.plan.get("header_fill")) or colors.white)]
        if self.plan["layout"] != "open":
            cmds += [("BOX", (0, 0), (-1, -1), 0.8, colors.black), ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black)]
        box.setStyle(TableStyle(cmds))
        return box

    def after_chart(self) -> list:
        plan, s = self.plan, self.s
        st = plan["state"]
        out = [
            Spacer(1, 6),
            self.P("**Excluded Services & Other Covered Services:**", s.h2),
            self.bullet_box(
                "**Services Your __Plan__ Generally Does NOT Cover** (Check your policy or __plan__ "
                "document for more information and a list of any other __excluded services__.)",
                plan["excluded"],
                plan.get("excluded_cols", 3),
            ),
            Spacer(1, 6),
            self.bullet_box(
                "**Other Covered Services** (Limitations may apply to these services. This isn't a "
                "complete list. Please see your __plan__ document.)",
                plan["other_covered"],
                2 if len(plan["other_covered"]) < 5 else 3,
            ),
            Spacer(1, 8),
        ]
        if plan.get("employer"):
            agencies = (
                "the U.S. Department of Labor's Employee Benefits Security Administration at 1-866-444-EBSA "
                "(3272) or www.dol.gov/ebsa/healthreform"
            )
        else:
            agencies = (
                f"the {st['regulator']} at {st['phone']} or {st['web']}, or the Department of Health and "
                f"Human Services, Center for Consumer Information and Insurance Oversight, at 1-877-267-2323 "
                f"x61565 or www.cciio.cms.gov"
            )
        paras = [
            f"**Your Rights to Continue Coverage:** There are agencies that can help if you want to continue your "
            f"coverage after it ends. The contact information for those agencies is: {agencies}. Other coverage "
            f"options may be available to you too, including buying individual insurance coverage through the "
            f"__Health Insurance Marketplace__. For more information about the __Marketplace__, visit "
            f"www.HealthCare.gov or call 1-800-318-2596.",
            f"**Your Grievance and Appeals Rights:** There are agencies that can help if you have a complaint against "
            f"your __plan__ for a denial of a __claim__. This complaint is called a __grievance__ or __appeal__. For "
            f"more information about your rights, look at the explanation of benefits you will receive for that "
            f"medical __claim__. Your __plan__ documents also provide complete information on how to submit a "
            f"__claim__, __appeal__, or a __grievance__ for any reason to your __plan__. For more information about "
            f"your rights, this notice, or assistance, contact: {plain(plan['insurer'])} Member Services at "
            f"{plan['phone']}, or the {st['regulator']} at {st['phone']} or {st['web']}."
            + (
                " If your plan is subject to ERISA, you may also contact the Department of Labor's Employee Benefits "
                "Security Administration at 1-866-444-EBSA (3272) or www.dol.gov/ebsa/healthreform."
                if plan.get("employer") or "Employee" in plan["coverage_for"]
                else ""
            ),
            "**Does this plan provide Minimum Essential Coverage? Yes**\nMinimum Essential Coverage generally "
            "includes __plans__, __health insurance__ available through the __Marketplace__ or other individual "
            "market policies, Medicare, Medicaid, CHIP, TRICARE, and certain other coverage. If you are eligible for "
            "certain types of Minimum Essential Coverage, you may not be eligible for the __premium tax credit__.",
            f"**Does this plan meet the Minimum Value Standards? {plan.get('mv', 'Yes')}**\nIf your __plan__ doesn't "
            f"meet the Minimum Value Standards, you may be eligible for a __premium tax credit__ to help you pay for "
            f"a __plan__ through the __Marketplace__.",
        ]
        for p in paras:
            out += [self.P(p, s.body), Spacer(1, 5)]
        out += [
            self.P("**Language Access Services:**", s.body),
            self.P(
                f"Spanish (Espa\u00f1ol): Para obtener asistencia en Espa\u00f1ol, llame al {plan['phone']}.\n"
                f"Tagalog (Tagalog): Kung kailangan ninyo ang tulong sa Tagalog tumawag sa {plan['phone']}.\n"
                f"Navajo (Dine): Dinek'ehgo shika at'ohwol ninisingo, kwiijigo holne' {plan['phone']}.",
                s.small,
            ),
            Spacer(1, 6),
            self.P(
                "\u2013\u2013\u2013\u2013\u2013\u2013\u2013\u2013\u2013\u2013 To see examples of how this "
                "__plan__ might cover costs for a sample medical situation, see the next section. "
                "\u2013\u2013\u2013\u2013\u2013\u2013\u2013\u2013\u2013\u2013",
                pstyle("c", self.fam, self.plan["size"] + 0.6, align=TA_CENTER),
            ),
        ]
        return out

    def coverage_examples(self) -> list:
        plan, s = self.plan, self.s
        ded = int(re.sub(r"[^\d]", "", plan["ded"].split()[0]))
        m = re.match(r"(\d+)%", plan.get("coins", "20% coinsurance"))
        pct = int(m.group(1)) / 100 if m else 0.0
        spec = plan.get("cost", {}).get("spec", DEFAULT_COST["spec"])
        hosp = plan.get("coins", "20% coinsurance")

        def example(title, sub, services, total, who, d_cap, copays, limits):
            d = min(ded, d_cap)
            coins = int(round(max(total - d - copays, 0) * pct * 0.55, -1))
            pay = d + copays + coins + limits
            lines = [
                f"**{title}**",
                f"({sub})",
                "",
                f"\u25a0 The __plan's__ overall __deductible__ ${ded:,}",
                f"\u25a0 __Specialist__ {plain(spec.split('/')[0])}",
                f"\u25a0 Hospital (facility) {plain(hosp)}",
                f"\u25a0 Other {plain(hosp)}",
                "",
                "**This EXAMPLE event includes services like:**",
                services,
                "",
                f"**Total Example Cost ${total:,}**",
                "",
                f"**In this example, {who} would pay:**",
                "__Cost Sharing__",
                f"__Deductibles__ ${d:,}",
                f"__Copayments__ ${copays:,}",
                f"__Coinsurance__ ${coins:,}",
                "**What isn't covered**",
                f"Limits or exclusions ${limits:,}",
                f"**The total {who} would pay is ${pay:,}**",
            ]
            return self.P("\n".join(lines), s.body)

        cells = [
            example(
                "Peg is Having a Baby",
                "9 months of in-network pre-natal care and a hospital delivery",
                "__Specialist__ office visits (prenatal care)\nChildbirth/Delivery Professional Services\n"
                "Childbirth/Delivery Facility Services\n__Diagnostic tests__ (ultrasounds and blood work)\n"
                "__Specialist__ visit (anesthesia)",
                12700,
                "Peg",
                12700,
                10 if "copay" in spec else 0,
                60,
            ),
            example(
                "Managing Joe's Type 2 Diabetes",
                "a year of routine in-network care of a well-controlled condition",
                "__Primary care physician__ office visits (including disease education)\n"
                "__Diagnostic tests__ (blood work)\n__Prescription drugs__\n__Durable medical equipment__ "
                "(glucose meter)",
                5600,
                "Joe",
                900,
                500 if "copay" in spec else 0,
                20,
            ),
            example(
                "Mia's Simple Fracture",
                "in-network emergency room visit and follow up care",
                "__Emergency room care__ (including medical supplies)\n__Diagnostic test__ (x-ray)\n"
                "__Durable medical equipment__ (crutches)\n__Rehabilitation services__ (physical therapy)",
                2800,
                "Mia",
                2800,
                300 if "copay" in spec else 0,
                0,
            ),
        ]
        t = Table([cells], colWidths=[self.width / 3] * 3)
        cmds = [("VALIGN", (0, 0), (-1, -1), "TOP")]
        if self.plan["layout"] != "open":
            cmds.append(("BOX", (0, 0), (-1, -1), 0.8, colors.black))
            cmds.append(("INNERGRID", (0, 0), (-1, -1), 0.5, colors.black))
        t.setStyle(TableStyle(cmds))
        about = (
            "**About these Coverage Examples:** This is not a cost estimator. Treatments shown are just "
            "examples of how this __plan__ might cover medical care. Your actual costs will be different "
            "depending on the actual care you receive, the prices your __providers__ charge, and many other "
            "factors. Focus on the __cost sharing__ amounts (__deductibles__, __copayments__ and "
            "__coinsurance__) and __excluded services__ under the __plan__. Use this information to compare the "
            "portion of costs you might pay under different health __plans__. Please note these coverage "
            "examples are based on self-only coverage."
        )
        pra = (
            "PRA Disclosure Statement: According to the Paperwork Reduction Act of 1995, no persons are required "
            "to respond to a collection of information unless it displays a valid OMB control number. The valid "
            "OMB control number for this information collection is 0938-1146. The time required to complete this "
            "information collection is estimated to average 0.08 hours per response, including the time to "
            "review instructions, search existing data resources, gather the data needed, and complete and "
            "review the information collection."
        )
        return [
            self.P(about, s.body),
            Spacer(1, 8),
            t,
            Spacer(1, 6),
            self.P("The __plan__ would be responsible for the other costs of these EXAMPLE covered services.", s.body),
            Spacer(1, 6),
            self.P(pra, s.tiny),
        ]

    # -- assemble ------------------------------------------------------------------------------------------
    def story(self) -> list:
        s = self.s
        story = self.first_page() + [PageBreak()]
        pre = self.P(
            "**All __copayment__ and __coinsurance__ costs shown in this chart are after your "
            "__deductible__ has been met, if a __deductible__ applies.**",
            s.body,
        )
        pre_h = pre.wrap(self.width, 1000)[1] + 6
        frame_h = self.pagesize[1] - (40 if self.plan.get("running_header", True) else 30) - 32 - 14
        pages = self.paginate(chart_rows(self.plan), frame_h - pre_h, frame_h)
        story += [pre, Spacer(1, 6)]
        for i, rows in enumerate(pages):
            story.append(self.chart_table(rows))
            if i < len(pages) - 1:
                story.append(PageBreak())
        story += self.after_chart()
        story += [PageBreak()] + self.coverage_examples()
        return story

    def build(self, out_dir: Path) -> int:
        """Build once to count pages, then again with the total known ('Page 2 of 5')."""
        path = out_dir / self.plan["file"]
        buf = io.BytesIO()
        doc = self.make_doc(buf, 0)
        self._meta(doc)
        doc.build(self.story(), onFirstPage=self._on_page, onLaterPages=self._on_page)
        total = doc.page
        doc = self.make_doc(str(path), total)
        self._meta(doc)
        doc.build(self.story(), onFirstPage=self._on_page, onLaterPages=self._on_page)
        return total

    def _meta(self, doc):
        doc.title = plain(f"Summary of Benefits and Coverage: {self.plan['plan_name']}")
        doc.author = plain(self.plan["insurer"])
        doc.subject = SUBJECT
        doc.creator = "policyeval samples/make_samples.py"


# ====================================================================================================
# EOC / certificate / medical policy ("booklets": running prose)
# ====================================================================================================
class Booklet:
    """Prose documents: one column (EOC excerpt, long EOC, medical policy) or two columns (certificate).
    Layout comes from the document dict in eoc_text.py / eoc_long.py."""

    def __init__(self, d: dict):
        self.d = d
        self.fam = font(d["font"])
        size = d["size"]
        lead = d.get("leading", 1.25)
        self.pagesize = letter
        self.margin = 54 if d.get("columns", 1) == 2 else 72
        self.width = self.pagesize[0] - 2 * self.margin
        self.gutter = 18
        self.colwidth = (self.width - self.gutter) / 2 if d.get("columns", 1) == 2 else self.width
        self.s = SimpleNamespace(
            p=pstyle(
                "p",
                self.fam,
                size,
                leading=size * lead,
                spaceAfter=size * 0.55,
                align=TA_JUSTIFY if d.get("columns", 1) == 2 else TA_LEFT,
            ),
            d=pstyle("d", self.fam, size, leading=size * lead, spaceAfter=size * 0.5, leftIndent=0),
            h1=pstyle(
                "h1", self.fam, size + 3, bold=True, leading=(size + 3) * 1.25, spaceBefore=size, spaceAfter=size * 0.6
            ),
            h2=pstyle(
                "h2",
                self.fam,
                size + 0.8,
                bold=True,
                leading=(size + 0.8) * 1.25,
                spaceBefore=size * 0.6,
                spaceAfter=size * 0.3,
            ),
            bul=pstyle(
                "bul",
                self.fam,
                size,
                leading=size * lead,
                leftIndent=16,
                bulletIndent=4,
                spaceAfter=size * 0.3,
                bulletFontName=self.fam[0],
                bulletFontSize=size,
            ),
            title=pstyle(
                "title", self.fam, size + 9, bold=True, leading=(size + 9) * 1.2, align=TA_CENTER, spaceAfter=4
            ),
            subtitle=pstyle("subtitle", self.fam, size + 2, leading=(size + 2) * 1.3, align=TA_CENTER),
            cell=pstyle("cell", self.fam, size - 1, leading=(size - 1) * 1.22),
            cellb=pstyle("cellb", self.fam, size - 1, bold=True, leading=(size - 1) * 1.22),
            toc=pstyle("toc", self.fam, size + 0.5, leading=(size + 0.5) * 1.6),
        )
        self.toc_pages: dict[str, int] = {}

    def P(self, text, style):
        return Paragraph(md(text), style)

    # -- page templates ---------------------------------------------------------------------------------
    def make_doc(self, target, total):
        d, W, H, m = self.d, self.pagesize[0], self.pagesize[1], self.margin
        R, B, _, _ = self.fam

        def deco(c, doc):
            n = c.getPageNumber()
            c.saveState()
            if n > 1 or d.get("kind") == "policy":
                c.setFont(R, 7.5)
                c.drawString(m, H - 40, plain(d["running"]))
                c.setLineWidth(0.5)
                c.line(m, H - 44, W - m, H - 44)
            c.setFont(R, 7.5)
            c.drawString(m, 30, d["footer"])
            label = f"Page {n} of {total}" if d.get("page_of", True) else f"{n}"
            c.drawRightString(W - m, 30, label)
            c.restoreState()

        top, bottom = 54, 50
        body_h = H - top - bottom - 6
        if d.get("columns", 1) == 2:
            title_h = 96
            first = [
                Frame(m, bottom + body_h - title_h, self.width, title_h, id="title", showBoundary=0),
                Frame(m, bottom, self.colwidth, body_h - title_h - 4, id="c1"),
                Frame(m + self.colwidth + self.gutter, bottom, self.colwidth, body_h - title_h - 4, id="c2"),
            ]
            later = [
                Frame(m, bottom, self.colwidth, body_h, id="c1"),
                Frame(m + self.colwidth + self.gutter, bottom, self.colwidth, body_h, id="c2"),
            ]
        else:
            first = [Frame(m, bottom, self.width, body_h, id="f")]
            later = [Frame(m, bottom, self.width, body_h, id="f")]
        doc = BaseDocTemplate(
            target,
            pagesize=self.pagesize,
            invariant=1,
            pageTemplates=[PageTemplate("first", first, onPage=deco), PageTemplate("later", later, onPage=deco)],
        )
        doc.title = plain(f"{d['insurer']} \u2013 {d['title']}")
        doc.author, doc.subject, doc.creator = plain(d["insurer"]), SUBJECT, "policyeval samples/make_samples.py"
        booklet = self

        def after(flowable):
            key = getattr(flowable, "_toc_key", None)
            if key:
                booklet.toc_pages.setdefault(key, doc.page)

        doc.afterFlowable = after
        return doc

    # -- blocks ---------------------------------------------------------------------------------------------
    def story(self) -> list:
        from reportlab.platypus.doctemplate import FrameBreak

        d, s = self.d, self.s
        out: list = [NextPageTemplate("later")]
        blocks = d["blocks"]
        title_done = False
        first_h1 = True
        for b in blocks:
            kind = b[0]
            if kind in ("title", "subtitle", "cover"):
                if kind != "cover":
                    out.append(self.P(b[1], getattr(s, kind)))
                continue
            if not title_done:
                title_done = True
                if d.get("columns", 1) == 2:
                    out.append(FrameBreak())
                else:
                    out.append(Spacer(1, 10))
            if kind == "meta":
                out += [Spacer(1, 6), self.meta_table(), Spacer(1, 8)]
            elif kind == "h1":
                if d.get("new_page_sections") and not first_h1:
                    out.append(PageBreak())
                first_h1 = False
                h = self.P(b[1], s.h1)
                h._toc_key = plain(b[1])
                out.append(h)
            elif kind == "h2":
                out += [CondPageBreak(40), self.P(b[1], s.h2)]
            elif kind == "p":
                out.append(self.P(b[1], s.p))
            elif kind == "def":
                out.append(self.P(f"**{b[1]}** {b[2]}", s.d))
            elif kind == "bul":
                out += [Paragraph(md(it), s.bul, bulletText="\u2022") for it in b[1]]
                out.append(Spacer(1, 4))
            elif kind == "num":
                out += [Paragraph(md(it), s.bul, bulletText=f"{i}.") for i, it in enumerate(b[1], 1)]
                out.append(Spacer(1, 4))
            elif kind == "table":
                out += [self.table(b[1], b[2], b[3]), Spacer(1, 8)]
            elif kind == "br":
                out.append(PageBreak())
            elif kind == "toc":
                out += self.toc()
            else:
                raise ValueError(f"unknown block {kind!r}")
        return out

    def meta_table(self) -> Table:
        rows = [[self.P(f"**{k}**", self.s.cell), self.P(v, self.s.cell)] for k, v in self.d["meta_table"]]
        t = Table(rows, colWidths=[self.width * 0.28, self.width * 0.72])
        t.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#7F7F7F")),
                    ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#EDEDED")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        return t

    def table(self, header, rows, fracs) -> Table:
        w = self.colwidth
        data = [[self.P(f"**{h}**", self.s.cellb) for h in header]]
        data += [[self.P(c, self.s.cell) for c in r] for r in rows]
        t = Table(data, colWidths=[w * f for f in fracs], repeatRows=1)
        t.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#D9D9D9")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        return t

    def toc(self) -> list:
        heads = [plain(b[1]) for b in self.d["blocks"] if b[0] == "h1"]
        rows = [[self.P(h, self.s.toc), self.P(str(self.toc_pages.get(h, "")), self.s.toc)] for h in heads]
        t = Table(rows, colWidths=[self.width - 40, 40])
        t.setStyle(
            TableStyle(
                [("ALIGN", (1, 0), (1, -1), "RIGHT"), ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#BFBFBF"))]
            )
        )
        return [self.P("Table of Contents", self.s.h1), t]

    def build(self, out_dir: Path) -> int:
        buf = io.BytesIO()
        doc = self.make_doc(buf, 0)
        doc.build(self.story())
        total = doc.page
        doc = self.make_doc(str(out_dir / self.d["file"]), total)
        pages_first = dict(self.toc_pages)
        self.toc_pages = pages_first  # the TOC shows the page numbers of the first pass
        doc.build(self.story())
        return total


# ====================================================================================================
# Scanned copy: pages rendered to images, no text layer
# ====================================================================================================
def scanned_copy(src: Path, dst: Path, dpi: int = 200, skew_deg: float = 0.35) -> int:
    """Render each page of `src` at `dpi` (grayscale PNG), tilt it slightly like a sheet fed through a scanner,
    and write a PDF whose pages are only those images (no text layer)."""
    import pymupdf
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    doc = pymupdf.open(src)
    c = rl_canvas.Canvas(str(dst), invariant=1, pageCompression=1)
    c.setTitle(f"Scan of {src.name}")
    c.setAuthor("scanner")
    c.setSubject(SUBJECT)
    c.setCreator("policyeval samples/make_samples.py")
    for i, page in enumerate(doc):
        pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
        png = pix.tobytes("png")
        im = Image.open(io.BytesIO(png)).convert("L")
        im = im.rotate(skew_deg if i % 2 == 0 else -skew_deg * 0.6, resample=Image.BICUBIC, expand=False, fillcolor=255)
        im = im.point(lambda v: 238 if v > 238 else v)  # paper is never pure white
        out = io.BytesIO()
        im.save(out, format="PNG", optimize=False)
        w, h = page.rect.width, page.rect.height
        c.setPageSize((w, h))
        c.drawImage(ImageReader(io.BytesIO(out.getvalue())), 0, 0, width=w, height=h)
        c.showPage()
    c.save()
    return len(doc)


# ====================================================================================================
# main
# ====================================================================================================
def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", help="build only files whose name contains this")
    ap.add_argument("--no-manifest", action="store_true", help="do not rewrite manifest.yaml")
    ap.add_argument("--check", action="store_true", help="verify the corpus after building")
    args = ap.parse_args(argv)
    from eoc07_long import EOC07
    from eoc_long import EOC03
    from eoc_text import DOCUMENTS
    from sample_cases import SCANS
    from scoped_docs import DOCUMENTS as SCOPED

    for plan in SBC_PLANS:
        if args.only and args.only not in plan["file"]:
            continue
        n = SBC(plan).build(HERE)
        print(f"{plan['file']}: {n} pages")
    for d in DOCUMENTS + [EOC03] + SCOPED + [EOC07]:
        if args.only and args.only not in d["file"]:
            continue
        n = Booklet(d).build(HERE)
        print(f"{d['file']}: {n} pages")
    from redteam_build import build_all
    from redteam_docs import documents as redteam_documents

    for name, n in build_all(redteam_documents(), HERE, args.only):
        print(f"{name}: {n} pages")
    for src, dst in SCANS.items():
        if args.only and args.only not in dst and args.only not in src:
            continue
        n = scanned_copy(HERE / src, HERE / dst)
        print(f"{dst}: {n} pages (image only)")
    import manifest

    if not args.only and not args.no_manifest:
        manifest.write_manifest(HERE)
    if args.check:
        return 1 if manifest.check(HERE) else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
