"""Test-side PDF builder: the same SBC chart or clause rendered many ways (rulings, column widths,
fonts, hyphenation, columns, text-layer quirks), so a test can vary one thing at a time and check
that the reader's findings do not move — or do move, for a negative twin."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import pymupdf
from reportlab.lib import colors
from reportlab.lib.pagesizes import landscape, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

_DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
_DEJAVU_B = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")

FONTS = {
    "helvetica": ("Helvetica", "Helvetica-Bold"),
    "times": ("Times-Roman", "Times-Bold"),
    "courier": ("Courier", "Courier-Bold"),
}
if _DEJAVU.exists() and _DEJAVU_B.exists():
    pdfmetrics.registerFont(TTFont("DejaVu", str(_DEJAVU)))
    pdfmetrics.registerFont(TTFont("DejaVu-Bold", str(_DEJAVU_B)))
    FONTS["dejavu"] = ("DejaVu", "DejaVu-Bold")


@dataclass
class ChartRow:
    section: str  # "" = same Common Medical Event as the row above
    service: str
    in_network: str
    out_of_network: str
    limitations: str = "None"
    page_break_before: bool = False


MH = "If you need mental health, behavioral health, or substance abuse services"
DRUGS = "If you need drugs to treat your illness or condition"
OFFICE = "If you visit a health care provider's office or clinic"
HOSPITAL = "If you have a hospital stay"
RECOVER = "If you need help recovering or have other special health needs"
OUTPT = "If you have outpatient surgery"


def standard_rows() -> list[ChartRow]:
    """A small benefits chart in the template's words, with nothing about ketamine."""
    return [
        ChartRow(OFFICE, "Primary care visit to treat an injury or illness", "$30 copay/visit", "40% coinsurance"),
        ChartRow("", "Specialist visit", "$50 copay/visit", "40% coinsurance"),
        ChartRow(
            DRUGS, "Generic drugs (Tier 1)", "$10 copay/prescription", "Not covered", "Covers up to a 30-day supply"
        ),
        ChartRow("", "Specialty drugs (Tier 4)", "20% coinsurance", "Not covered", "None"),
        ChartRow(
            HOSPITAL,
            "Facility fee (e.g., hospital room)",
            "$250 copay per admission",
            "40% coinsurance",
            "Preauthorization required. However, preauthorization is not required for emergency admissions.",
        ),
        ChartRow(MH, "Outpatient services", "$30 copay/office visit", "40% coinsurance", "None"),
        ChartRow(
            "",
            "Inpatient services",
            "$250 copay per admission",
            "40% coinsurance",
            "Failure to obtain preauthorization for inpatient services may result in a 50% penalty.",
        ),
        ChartRow(RECOVER, "Home health care", "20% coinsurance", "Not covered", "Limited to 60 visits per year"),
    ]


EXCLUDED = [
    "Acupuncture",
    "Bariatric surgery",
    "Cosmetic surgery",
    "Dental care (Adult)",
    "Hearing aids",
    "Long-term care",
    "Non-emergency care when traveling outside the U.S.",
    "Private-duty nursing",
    "Routine foot care",
    "Weight loss programs",
]
OTHER_COVERED = ["Chiropractic care", "Infertility treatment", "Routine eye care (Adult)"]


# ================================================================================ SBC chart
def build_sbc(
    rows: list[ChartRow] | None = None,
    *,
    rulings: str = "grid",
    font: str = "helvetica",
    size: float = 8.0,
    widths: tuple[float, ...] = (120, 150, 120, 120, 210),
    wrap_header: bool = False,
    merge_limitations: list[tuple[int, int]] | None = None,
    excluded: list[str] | None = None,
    excluded_columns: int = 3,
    other_covered: list[str] | None = None,
    insurer: str = "Acme Health Plan",
    plan: str = "Gold PPO 500",
    running_header: bool = True,
    page_numbers: bool = True,
    prose_after: list[str] | None = None,
    title: bool = True,
    bullet: str = "•",
) -> bytes:
    """An SBC-like PDF: page-1 title, the benefits chart, the excluded-services box.

    rulings: "grid" (every cell ruled), "horizontal" (lines between rows only), "none".
    merge_limitations: (first, last) row indexes whose Limitations cell is one merged cell
    (text from the first of them)."""
    rows = standard_rows() if rows is None else rows
    regular, bold = FONTS[font]
    buf = io.BytesIO()
    header_text = f"{insurer}: {plan}"

    def on_page(c: canvas.Canvas, doc) -> None:
        c.saveState()
        if running_header:
            c.setFont(bold, 10)
            c.drawString(36, 612 - 30, header_text)
            c.setFont(regular, 8)
            c.drawRightString(792 - 36, 612 - 30, "Coverage Period: 01/01/2026 - 12/31/2026")
            c.drawString(
                36,
                612 - 42,
                "Summary of Benefits and Coverage: What this Plan Covers & What You Pay for Covered Services",
            )
        if page_numbers:
            c.setFont(regular, 8)
            c.drawRightString(792 - 36, 24, f"Page {doc.page}")
            c.drawString(36, 24, "Questions: Call 1-800-555-0100 or visit us at www.example-health.test.")
        c.restoreState()

    cell = ParagraphStyle("cell", fontName=regular, fontSize=size, leading=size * 1.2)
    head = ParagraphStyle("head", fontName=bold, fontSize=size, leading=size * 1.2)
    sec_style = ParagraphStyle("sec", fontName=bold, fontSize=size, leading=size * 1.2)
    story: list = []
    if title:
        story.append(Paragraph(f"{insurer}: {plan}", ParagraphStyle("t", fontName=bold, fontSize=13, leading=16)))
        story.append(
            Paragraph(
                "Summary of Benefits and Coverage: What this Plan Covers & What You Pay for Covered Services",
                ParagraphStyle("t2", fontName=regular, fontSize=9, leading=12),
            )
        )
        story.append(Spacer(1, 8))
    common = "Common<br/>Medical Event" if wrap_header else "Common Medical Event"
    header = [
        Paragraph(common, head),
        Paragraph("Services You May Need", head),
        Paragraph("What You Will Pay: Network Provider (You will pay the least)", head),
        Paragraph("Out-of-Network Provider (You will pay the most)", head),
        Paragraph("Limitations, Exceptions, &amp; Other Important Information", head),
    ]
    merges = merge_limitations or []
    chunks: list[list[ChartRow]] = [[]]
    for r in rows:
        if r.page_break_before and chunks[-1]:
            chunks.append([])
        chunks[-1].append(r)
    index = 0
    for ci, chunk in enumerate(chunks):
        data = [header]
        style: list = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ]
        for i, r in enumerate(chunk):
            gi = index + i
            lim = r.limitations
            for a, b in merges:
                if a < gi <= b:
                    lim = ""
            data.append(
                [
                    Paragraph(r.section, sec_style) if r.section else "",
                    Paragraph(r.service, cell) if r.service else "",
                    Paragraph(r.in_network, cell),
                    Paragraph(r.out_of_network, cell),
                    Paragraph(lim, cell) if lim else "",
                ]
            )
        # spans: sections, merged limitations
        sections: list[tuple[int, int]] = []
        for i, r in enumerate(chunk, start=1):
            if r.section or i == 1:
                sections.append((i, i))
            else:
                sections[-1] = (sections[-1][0], i)
        for a, b in sections:
            if b > a:
                style.append(("SPAN", (0, a), (0, b)))
        for a, b in merges:
            la, lb = a - index + 1, b - index + 1
            if 1 <= la and lb <= len(chunk) and lb > la:
                style.append(("SPAN", (4, la), (4, lb)))
        if rulings == "grid":
            style += [("GRID", (0, 0), (-1, -1), 0.6, colors.black)]
        elif rulings == "horizontal":
            style += [
                ("LINEABOVE", (0, 0), (-1, 0), 0.8, colors.black),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
            ]
            for a, b in sections:
                style.append(("LINEBELOW", (0, b), (-1, b), 0.6, colors.black))
                for i in range(a, b):
                    spans = [(x, y) for x, y in merges if x - index + 1 <= i < y - index + 1]
                    last = 3 if spans else 4
                    style.append(("LINEBELOW", (1, i), (last, i), 0.6, colors.black))
        t = Table(data, colWidths=list(widths), repeatRows=1, style=TableStyle(style))
        story.append(t)
        index += len(chunk)
        if ci < len(chunks) - 1:
            story.append(PageBreak())
    if excluded is not None or other_covered is not None:
        story.append(Spacer(1, 10))
        story.append(
            Paragraph(
                "Excluded Services &amp; Other Covered Services:",
                ParagraphStyle("h", fontName=bold, fontSize=11, leading=14),
            )
        )
        story.append(Spacer(1, 4))
        for items, heading in (
            (
                excluded,
                "Services Your Plan Generally Does NOT Cover (Check your policy or plan "
                "document for more information and a list of any other excluded services.)",
            ),
            (
                other_covered,
                "Other Covered Services (Limitations may apply to these services. "
                "This isn't a complete list. Please see your plan document.)",
            ),
        ):
            if items is None:
                continue
            story.append(_box(items, heading, excluded_columns, regular, bold, sum(widths), bullet))
            story.append(Spacer(1, 8))
    for p in prose_after or []:
        story.append(Paragraph(p, ParagraphStyle("p", fontName=regular, fontSize=9, leading=11)))
    doc = SimpleDocTemplate(
        buf,
        pagesize=landscape(letter),
        leftMargin=36,
        rightMargin=36,
        topMargin=54,
        bottomMargin=40,
        title="SBC",
        author="tests",
    )
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buf.getvalue()


def _box(items: list[str], heading: str, ncols: int, regular: str, bold: str, width: float, bullet: str) -> Table:
    cell = ParagraphStyle("bx", fontName=regular, fontSize=9, leading=11)
    head = ParagraphStyle("bh", fontName=bold, fontSize=9, leading=11)
    per = -(-len(items) // ncols) if items else 0
    cols = [items[i * per : (i + 1) * per] for i in range(ncols)]
    data = [[Paragraph(heading, head)] + [""] * (ncols - 1)]
    for r in range(per):
        data.append([Paragraph(f"{bullet} {c[r]}", cell) if r < len(c) else "" for c in cols])
    style = [
        ("SPAN", (0, 0), (-1, 0)),
        ("BOX", (0, 0), (-1, -1), 0.8, colors.black),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    return Table(data, colWidths=[width / ncols] * ncols, style=TableStyle(style))


# ================================================================================ prose
@dataclass
class Prose:
    """Paragraphs (a heading is a paragraph starting with '# ')."""

    paragraphs: list[str]
    title: str = ""
    header: str = ""  # running header drawn on every page
    kind_line: str = ""  # e.g. "Evidence of Coverage" under the title
    extra: dict = field(default_factory=dict)


def build_prose(
    paragraphs: list[str],
    *,
    width: float = 468,
    columns: int = 1,
    font: str = "helvetica",
    size: float = 10,
    hyphenate: bool = False,
    soft_hyphens: bool = False,
    nbsp_terms: tuple[str, ...] = (),
    spaceless: bool = False,
    duplicate: bool = False,
    title: str = "",
    kind_line: str = "",
    header: str = "",
    page_numbers: bool = False,
    gutter: float = 24,
) -> bytes:
    """Paragraphs laid out line by line on letter pages (portrait) with exact control of the text
    layer: line width, columns, hyphenation at line ends ('-' or a soft hyphen), non-breaking
    spaces inside chosen terms, words drawn without space characters, a duplicated offset layer."""
    regular, bold = FONTS[font]
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter)
    c.setTitle("prose")
    page_w, page_h = letter
    left = 72
    col_w = width if columns == 1 else (width - gutter * (columns - 1)) / columns
    top = page_h - 72
    bottom = 72
    leading = size * 1.3
    state = {"col": 0, "y": top, "page": 1}

    def furniture() -> None:
        if header:
            c.setFont(regular, 8)
            c.drawString(left, page_h - 40, header)
        if page_numbers:
            c.setFont(regular, 8)
            c.drawRightString(left + width, 36, f"Page {state['page']}")

    def draw(x: float, y: float, text: str, fnt: str, sz: float) -> None:
        c.setFont(fnt, sz)
        if spaceless:
            # every word placed by position, no space characters in the text layer
            cx = x
            for _i, w in enumerate(text.split(" ")):
                c.drawString(cx, y, w)
                cx += pdfmetrics.stringWidth(w + " ", fnt, sz)
        else:
            c.drawString(x, y, text)
        if duplicate:
            c.drawString(x + 0.4, y - 0.2, text)

    def newline() -> float:
        state["y"] -= leading
        if state["y"] < bottom:
            if state["col"] + 1 < columns:
                state["col"] += 1
            else:
                c.showPage()
                state["page"] += 1
                state["col"] = 0
                furniture()
            state["y"] = top
        return state["y"]

    furniture()
    if title:
        draw(left, state["y"], title, bold, size + 4)
        state["y"] -= leading * 1.6
    if kind_line:
        draw(left, state["y"], kind_line, regular, size + 1)
        state["y"] -= leading * 1.6
    for para in paragraphs:
        is_heading = para.startswith("# ")
        text = para[2:] if is_heading else para
        fnt = bold if is_heading else regular
        for term in nbsp_terms:
            text = text.replace(term, term.replace(" ", "\u00a0"))
        words = text.split(" ")
        line: list[str] = []

        def flush(parts: list[str]) -> None:
            xx = left + state["col"] * (col_w + gutter)
            draw(xx, state["y"], " ".join(parts), fnt, size)
            newline()

        i = 0
        while i < len(words):
            w = words[i]
            trial = " ".join(line + [w])
            if (
                pdfmetrics.stringWidth(trial, fnt, size) <= col_w
                or not line
                and pdfmetrics.stringWidth(w, fnt, size) <= col_w
            ):
                line.append(w)
                i += 1
                continue
            # does not fit: break the word if allowed
            room = col_w - pdfmetrics.stringWidth(" ".join(line + [""]), fnt, size)
            split = _hyphen_split(w, room, fnt, size, hyphenate, soft_hyphens)
            if split is not None:
                head, tail = split
                line.append(head)
                flush(line)
                line = []
                words[i] = tail
                continue
            if line:
                flush(line)
                line = []
            else:  # a single word wider than the column
                line = [w]
                i += 1
        if line:
            flush(line)
        state["y"] -= leading * 0.5
    c.showPage()
    c.save()
    return buf.getvalue()


def _hyphen_split(word: str, room: float, fnt: str, size: float, hyphenate: bool, soft: bool):
    """Break a word at a line end: at its own hyphen ('pre-' / 'authorization') when there is one,
    else (when hyphenate) after the longest prefix of 3+ letters that fits, adding '-' or U+00AD."""
    if "-" in word[1:-1]:
        k = word.index("-", 1)
        head = word[: k + 1]
        if pdfmetrics.stringWidth(head, fnt, size) <= room:
            return head, word[k + 1 :]
    if not hyphenate:
        return None
    mark = "\u00ad" if soft else "-"
    core = word.rstrip(".,;:)")
    for k in range(len(core) - 3, 2, -1):
        head = word[:k]
        if not head[-1].isalpha() or not word[k].isalpha():
            continue
        if pdfmetrics.stringWidth(head + "-", fnt, size) <= room:
            return head + mark, word[k:]
    return None


# ================================================================================ transformations
def image_only(pdf: bytes, dpi: int = 200) -> bytes:
    """The same pages as scanned images with no text layer (what a fax or photocopy gives)."""
    src = pymupdf.open(stream=pdf, filetype="pdf")
    out = pymupdf.open()
    for page in src:
        pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
        new = out.new_page(width=page.rect.width, height=page.rect.height)
        new.insert_image(new.rect, stream=pix.tobytes("png"))
    data = out.tobytes()
    out.close()
    src.close()
    return data


def skewed_scan(pdf: bytes, degrees: float = 0.8, dpi: int = 200) -> bytes:
    """Pages scanned slightly crooked (a fax or a hand-fed photocopy): the image is rotated."""
    src = pymupdf.open(stream=pdf, filetype="pdf")
    out = pymupdf.open()
    for page in src:
        m = pymupdf.Matrix(dpi / 72, dpi / 72).prerotate(degrees)
        pix = page.get_pixmap(matrix=m, colorspace=pymupdf.csGRAY)
        new = out.new_page(width=page.rect.width, height=page.rect.height)
        new.insert_image(new.rect, stream=pix.tobytes("png"), keep_proportion=False)
    data = out.tobytes()
    out.close()
    src.close()
    return data


def encrypted(pdf: bytes) -> bytes:
    doc = pymupdf.open(stream=pdf, filetype="pdf")
    buf = io.BytesIO()
    doc.save(buf, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="x", owner_pw="y")
    doc.close()
    return buf.getvalue()


def truncated(pdf: bytes, fraction: float = 0.5) -> bytes:
    return pdf[: int(len(pdf) * fraction)]


def png_image() -> bytes:
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 40, 30), False)
    pix.set_rect(pix.irect, (255, 255, 255))
    return pix.tobytes("png")


def blank_pages(n: int) -> bytes:
    doc = pymupdf.open()
    for _ in range(n):
        doc.new_page()
    data = doc.tobytes()
    doc.close()
    return data


def text_pages(n: int, text: str = "Evidence of Coverage") -> bytes:
    doc = pymupdf.open()
    for i in range(n):
        p = doc.new_page()
        p.insert_text((72, 72), f"{text} page {i + 1}", fontsize=11)
    data = doc.tobytes()
    doc.close()
    return data


def rotated_upright(pdf: bytes) -> bytes:
    """The same landscape pages stored the way some SBC exports do: a portrait page with /Rotate 90
    whose content is drawn turned, so it displays upright while its text runs in rotated coordinates."""
    src = pymupdf.open(stream=pdf, filetype="pdf")
    out = pymupdf.open()
    for page in src:
        new = out.new_page(width=page.rect.height, height=page.rect.width)
        new.show_pdf_page(pymupdf.Rect(0, 0, page.rect.height, page.rect.width), src, page.number, rotate=90)
        new.set_rotation(90)
    data = out.tobytes()
    out.close()
    src.close()
    return data


def tj_line(text: str, gap: int = -100, size: float = 10) -> bytes:
    """One line whose words are placed by TJ kerning with no space characters at all (some PDF
    producers do this); `gap` is the displacement between words in thousandths of an em."""
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), "x", fontname="helv", fontsize=size)
    name = page.get_fonts()[0][4]
    parts = b" ".join(b"(" + w.encode("latin-1") + b") " + str(gap).encode() for w in text.split(" "))
    doc.update_stream(
        page.get_contents()[0],
        b"BT /" + name.encode() + b" " + str(size).encode() + b" Tf 72 700 Td [" + parts + b"] TJ ET",
    )
    data = doc.tobytes()
    doc.close()
    return data
