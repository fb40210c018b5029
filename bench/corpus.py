"""What the bench reads: documents it generates (deterministic, so runs compare) and the plan
documents on this machine, in the groups the figures are given for.

Groups (each document in one group):
- `real_sbc`: `../shared/real-sbc/*.pdf` (real Summaries of Benefits and Coverage), when present;
- `other`: the other text plan documents under 25 pages: `samples/*.pdf` and `../shared/real-docs/*.pdf`;
- `long`: those of 25 pages or more (a 44-page EOC, a 419-page plan description, real brochures);
- `generated`: the bench's own `sbc_4p.pdf`, `sbc_12p.pdf` and `eoc_60p.pdf` (always present).
Scanned documents (no text layer) are left out of reading: OCR has its own figure.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
LONG_PAGES = 25  # a document of this many pages or more is "long" (issue 13: <= 4x raw there)
GROUPS = ("real_sbc", "other", "long", "generated")


@dataclass(frozen=True)
class BenchDoc:
    name: str
    group: str
    pages: int
    data: bytes


def _styles():
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet

    ss = getSampleStyleSheet()
    cell = ParagraphStyle("cell", parent=ss["Normal"], fontName="Helvetica", fontSize=7.2, leading=8.6)
    head = ParagraphStyle("head", parent=cell, fontName="Helvetica-Bold")
    return ss, cell, head


SERVICES = [
    (
        "If you visit a health care provider's office or clinic",
        [
            ("Primary care visit to treat an injury or illness", "$30 copay/visit", "40% coinsurance", "None"),
            ("Specialist visit", "$60 copay/visit", "40% coinsurance", "Referral not required."),
            (
                "Preventive care/screening/immunization",
                "No charge",
                "40% coinsurance",
                "You may have to pay for services that aren't preventive.",
            ),
        ],
    ),
    (
        "If you have a test",
        [
            ("Diagnostic test (x-ray, blood work)", "20% coinsurance", "40% coinsurance", "None"),
            (
                "Imaging (CT/PET scans, MRIs)",
                "20% coinsurance",
                "40% coinsurance",
                "Preauthorization required. Benefits could be reduced by 50% if not preauthorized.",
            ),
        ],
    ),
    (
        "If you need drugs to treat your illness or condition",
        [
            ("Generic drugs (Tier 1)", "$15 copay/prescription", "Not covered", "Covers up to a 30-day supply."),
            ("Preferred brand drugs (Tier 2)", "$50 copay/prescription", "Not covered", "None"),
            (
                "Specialty drugs (Tier 4)",
                "20% coinsurance",
                "Not covered",
                "Prior authorization required. Includes Spravato (esketamine) nasal spray given at a REMS-certified "
                "treatment center.",
            ),
        ],
    ),
    (
        "If you need mental health, behavioral health, or substance abuse services",
        [
            (
                "Outpatient services",
                "$30 copay/office visit; 20% coinsurance other outpatient services",
                "40% coinsurance",
                "Preauthorization required for infusion therapy and intensive outpatient programs.",
            ),
            (
                "Inpatient services",
                "20% coinsurance",
                "40% coinsurance",
                "Preauthorization required. However, preauthorization is not required for emergency admissions.",
            ),
        ],
    ),
    (
        "If you have outpatient surgery",
        [
            ("Facility fee (e.g., ambulatory surgery center)", "20% coinsurance", "40% coinsurance", "None"),
            ("Physician/surgeon fees", "20% coinsurance", "40% coinsurance", "None"),
        ],
    ),
    (
        "If you need home health care",
        [
            ("Home health care", "20% coinsurance", "40% coinsurance", "Limited to 60 visits per year."),
            ("Infusion therapy", "20% coinsurance", "Not covered", "Prior authorization required."),
        ],
    ),
]

EXCLUDED = [
    "Acupuncture",
    "Bariatric surgery",
    "Cosmetic surgery",
    "Dental care (Adult)",
    "Hearing aids",
    "Infertility treatment",
    "Long-term care",
    "Experimental or investigational services",
    "Private-duty nursing",
    "Routine eye care (Adult)",
    "Routine foot care",
    "Weight loss programs",
]


def make_sbc(pages: int) -> bytes:
    """An SBC-like PDF of exactly `pages` landscape pages: header, Important Questions, the 5-column
    benefits chart (two header rows), and the excluded-services box on the last page."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import landscape, letter
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    ss, cell, head = _styles()
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=landscape(letter),
        leftMargin=30,
        rightMargin=30,
        topMargin=40,
        bottomMargin=36,
        title="Summary of Benefits and Coverage",
    )
    width = landscape(letter)[0] - 60
    colw = [w * width for w in (0.16, 0.18, 0.15, 0.15, 0.36)]

    def on_page(c, d):
        c.setFont("Helvetica", 7)
        c.drawString(30, 20, f"Page {d.page} of {pages}")
        c.drawRightString(
            width + 30,
            landscape(letter)[1] - 22,
            "Summary of Benefits and Coverage: Northwind Silver 3000 PPO | 01/01/2026 - 12/31/2026",
        )

    def chart(rows):
        data = [
            [
                Paragraph("Common Medical Event", head),
                Paragraph("Services You May Need", head),
                Paragraph("What You Will Pay", head),
                "",
                Paragraph("Limitations, Exceptions, &amp; Other Important Information", head),
            ],
            [
                "",
                "",
                Paragraph("Network Provider (You will pay the least)", head),
                Paragraph("Out-of-Network Provider (You will pay the most)", head),
                "",
            ],
        ]
        styles = [
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("SPAN", (2, 0), (3, 0)),
            ("SPAN", (0, 0), (0, 1)),
            ("SPAN", (1, 0), (1, 1)),
            ("SPAN", (4, 0), (4, 1)),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
        for event, services in rows:
            first = len(data)
            for i, (svc, inn, oon, lim) in enumerate(services):
                data.append(
                    [
                        Paragraph(event, cell) if i == 0 else "",
                        Paragraph(svc, cell),
                        Paragraph(inn, cell),
                        Paragraph(oon, cell),
                        Paragraph(lim, cell),
                    ]
                )
            if len(services) > 1:
                styles.append(("SPAN", (0, first), (0, len(data) - 1)))
        t = Table(data, colWidths=colw, repeatRows=2)
        t.setStyle(TableStyle(styles))
        return t

    story = [
        Paragraph(
            "Summary of Benefits and Coverage: What this Plan Covers &amp; What You Pay for Covered Services",
            ss["Title"],
        ),
        Paragraph(
            "Northwind Health Plan: Northwind Silver 3000 PPO. Coverage Period: 01/01/2026 - 12/31/2026. "
            "Coverage for: Individual + Family | Plan Type: PPO",
            cell,
        ),
        Spacer(1, 8),
    ]
    iq = [
        [Paragraph("Important Questions", head), Paragraph("Answers", head), Paragraph("Why This Matters:", head)],
        [
            Paragraph("What is the overall deductible?", cell),
            Paragraph("$3,000 individual / $6,000 family", cell),
            Paragraph(
                "Generally, you must pay all of the costs from providers up to the deductible amount before "
                "this plan begins to pay.",
                cell,
            ),
        ],
        [
            Paragraph("Do you need a referral to see a specialist?", cell),
            Paragraph("No.", cell),
            Paragraph("You can see the specialist you choose without a referral.", cell),
        ],
    ]
    t = Table(iq, colWidths=[0.25 * width, 0.3 * width, 0.45 * width])
    t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story += [t, PageBreak()]
    for p in range(2, pages):  # one chart chunk per middle page
        chunk = [SERVICES[(p - 2 + k) % len(SERVICES)] for k in range(3)]
        story += [chart(chunk), PageBreak()]
    box = [
        [
            Paragraph(
                "Services Your Plan Generally Does NOT Cover (Check your policy or plan document for more "
                "information and a list of any other excluded services.)",
                head,
            ),
            "",
            "",
        ]
    ]
    for i in range(0, len(EXCLUDED), 3):
        box.append([Paragraph("\u2022 " + x, cell) for x in EXCLUDED[i : i + 3]])
    t = Table(box, colWidths=[width / 3] * 3)
    t.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 1, colors.black), ("SPAN", (0, 0), (2, 0))]))
    story += [t]
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buf.getvalue()


EOC_TEXT = (
    "Covered services must be medically necessary and provided by a participating provider unless this "
    "Evidence of Coverage says otherwise. The Plan pays benefits according to the Schedule of Benefits. "
    "Cost sharing applies as shown in your Schedule of Benefits; the deductible applies unless stated. "
    "Prior authorization is required for services listed in the Utilization Management section. "
)


def make_eoc(pages: int) -> bytes:
    """An EOC-like text document of exactly `pages` portrait pages; page 41 holds the exclusions section
    with the experimental/investigational clause, page 17 names Spravato under prescription drugs."""
    from reportlab.lib.pagesizes import letter
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    ss, cell, head = _styles()
    body = ss["BodyText"]
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=letter, title="Evidence of Coverage", topMargin=50, bottomMargin=50)

    def on_page(c, d):
        c.setFont("Helvetica", 8)
        c.drawString(72, 30, f"Northwind Health Plan Evidence of Coverage 2026 - page {d.page}")

    story = []
    for p in range(1, pages + 1):
        story.append(Paragraph(f"Section {p}. Your benefits, continued", ss["Heading2"]))
        for k in range(7):
            story.append(Paragraph(EOC_TEXT if k % 2 else EOC_TEXT[::-1].swapcase()[::-1], body))
        if p == 17:
            story.append(
                Paragraph(
                    "Specialty prescription drugs. Spravato (esketamine) nasal spray is covered "
                    "when administered in a certified setting; prior authorization is required.",
                    body,
                )
            )
        if p == 41:
            story.append(Paragraph("Exclusions and limitations", ss["Heading2"]))
            story.append(
                Paragraph(
                    "We do not cover experimental or investigational services, treatments, drugs or "
                    "devices, as determined by the Plan's medical director.",
                    body,
                )
            )
        if p < pages:
            story.append(PageBreak())
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buf.getvalue()


def make_scanned(pdf: bytes, pages: int = 2, dpi: int = 200) -> bytes:
    """The first pages of `pdf` rendered to images and re-wrapped as an image-only PDF (a 'scan')."""
    import pymupdf

    src = pymupdf.open(stream=pdf, filetype="pdf")
    out = pymupdf.open()
    for i in range(min(pages, len(src))):
        pix = src[i].get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
        page = out.new_page(width=src[i].rect.width, height=src[i].rect.height)
        page.insert_image(page.rect, stream=pix.tobytes("png"))
    return out.tobytes(deflate=True)


def corpus() -> dict[str, bytes]:
    return {"sbc_4p.pdf": make_sbc(4), "sbc_12p.pdf": make_sbc(12), "eoc_60p.pdf": make_eoc(60)}


def _pages_and_text(data: bytes) -> tuple[int, bool]:
    import pymupdf

    with pymupdf.open(stream=data, filetype="pdf") as doc:
        pages = len(doc)
        has_text = any(page.get_text("words") for page in doc)
    return pages, has_text


def documents(groups: tuple[str, ...] = GROUPS) -> list[BenchDoc]:
    """Every bench document of the given groups, in a fixed order (group, then name)."""
    found: list[BenchDoc] = []
    files = [(p, "real_sbc") for p in sorted((SHARED / "real-sbc").glob("*.pdf"))]
    files += [(p, "") for p in sorted((ROOT / "samples").glob("*.pdf"))]
    files += [(p, "") for p in sorted((SHARED / "real-docs").glob("*.pdf"))]
    for path, group in files:
        data = path.read_bytes()
        pages, has_text = _pages_and_text(data)
        if not has_text:  # a scan: OCR is measured on its own
            continue
        group = group or ("long" if pages >= LONG_PAGES else "other")
        if group in groups:
            found.append(BenchDoc(path.name, group, pages, data))
    if "generated" in groups:
        for name, data in corpus().items():
            found.append(BenchDoc(name, "generated", _pages_and_text(data)[0], data))
    order = {g: i for i, g in enumerate(GROUPS)}
    return sorted(found, key=lambda d: (order[d.group], d.name))
