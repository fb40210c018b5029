"""Layout of the red-team samples (samples/redteam_docs.py holds their text, redteam_cases.py the cases).

The first corpus's builders (make_samples.SBC, make_samples.Booklet) draw the federal SBC template and
one- or two-column booklets. Real plan documents nobody here has tuned to use other shapes: a Medicare
Advantage benefits chart whose cells hold bulleted lists, an exclusions chart whose meaning is a check mark
in one of two columns, an SBC with three cost columns, a federal-style brochure with headings in the left
margin, a drug list printed as three drug columns side by side. This module draws those from plain data so
the red-team documents can vary the layout, not only the wording.

A document is a dict: file, title, author (PDF metadata), font (a family in FAMILIES), size, pagesize
("portrait" | "landscape"), columns (1 | 2), running (header line from page 2), footer, blocks. Blocks:
("title" | "subtitle" | "h1" | "h2" | "p", text), ("bul" | "num", [items]), ("table", header, rows, fracs,
options), ("margin", heading, [paragraphs]), ("filler", topic, n), ("br",) page break, ("cbr",) column break.
Text markup: **bold**, newline = line break. Builds are deterministic (reportlab invariant mode).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import landscape, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    FrameBreak,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

FONT_DIR = Path("/usr/share/fonts/truetype")
# family -> (regular, bold) TTF files; Helvetica when the files are missing (check marks then degrade)
FAMILIES = {
    "sans": ("dejavu/DejaVuSans.ttf", "dejavu/DejaVuSans-Bold.ttf"),
    "serif": ("dejavu/DejaVuSerif.ttf", "dejavu/DejaVuSerif-Bold.ttf"),
    "arial": ("liberation/LiberationSans-Regular.ttf", "liberation/LiberationSans-Bold.ttf"),
    "narrow": ("liberation/LiberationSansNarrow-Regular.ttf", "liberation/LiberationSansNarrow-Bold.ttf"),
    "times": ("liberation/LiberationSerif-Regular.ttf", "liberation/LiberationSerif-Bold.ttf"),
}
SUBJECT = "Synthetic red-team sample document for policyeval tests. Not a real plan document."
MARGIN = 54  # points
GUTTER = 18  # points between two columns
LEADING = 1.25  # line height / font size


def family(name: str) -> tuple[str, str]:
    """Registered (regular, bold) font names of a family."""
    reg, bold = (f"RT-{name}", f"RT-{name}-Bold")
    if reg in pdfmetrics.getRegisteredFontNames():
        return reg, bold
    files = [FONT_DIR / f for f in FAMILIES[name]]
    if not all(f.exists() for f in files):
        return "Helvetica", "Helvetica-Bold"
    pdfmetrics.registerFont(TTFont(reg, str(files[0])))
    pdfmetrics.registerFont(TTFont(bold, str(files[1])))
    pdfmetrics.registerFontFamily(reg, normal=reg, bold=bold, italic=reg, boldItalic=bold)
    return reg, bold


def markup(text: str) -> str:
    """**bold** and newlines to reportlab paragraph markup; & < > escaped."""
    out = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    parts = out.split("**")
    out = "".join(f"<b>{p}</b>" if i % 2 else p for i, p in enumerate(parts))
    return out.replace("\n", "<br/>")


FILLER = (
    "The {t} benefit pays for services that are medically necessary and given by a provider licensed to give them. "
    "Your cost share is shown in the benefit summary.",
    "Amounts you pay for {t} count toward your out-of-pocket maximum for the year. Keep your receipts in case we "
    "ask for them.",
    "When you use a network provider for {t}, the provider files the claim for you. Otherwise you may have to file "
    "the claim yourself within 12 months of the date of service.",
    "We may ask your provider for records about {t} to confirm that the care was medically necessary. Providers "
    "send the records within 30 days of our request.",
    "If you have questions about {t}, call the number on the back of your member ID card. Interpreters are "
    "available at no cost to you.",
    "Your deductible applies to {t} unless the benefit summary says otherwise. Once you reach the out-of-pocket "
    "maximum, you pay nothing more for covered services for the rest of the year.",
    "If another plan also covers you, the rules on coordination of benefits decide which plan pays first for "
    "{t}. Tell us about any other coverage you have.",
    "We send you an Explanation of Benefits after we process a claim for {t}. It shows what the provider "
    "billed, what we paid and what you owe.",
    "You may choose any provider in the network for {t}. Our online directory lists providers by specialty, "
    "language and location, and is updated every week.",
    "If we deny a claim for {t}, you can ask for an appeal within 180 days. The section on complaints and appeals "
    "explains how.",
)


class Styles:
    def __init__(self, fam: tuple[str, str], size: float):
        reg, bold = fam
        self.p = ParagraphStyle("p", fontName=reg, fontSize=size, leading=size * LEADING, spaceAfter=size * 0.5)
        self.bul = ParagraphStyle(
            "bul", parent=self.p, leftIndent=16, bulletIndent=4, spaceAfter=size * 0.25, bulletFontName=reg
        )
        self.h1 = ParagraphStyle(
            "h1", fontName=bold, fontSize=size + 3, leading=(size + 3) * 1.2, spaceBefore=size, spaceAfter=size * 0.5
        )
        self.h2 = ParagraphStyle(
            "h2", fontName=bold, fontSize=size + 1, leading=(size + 1) * 1.2, spaceBefore=size * 0.6, spaceAfter=3
        )
        self.title = ParagraphStyle(
            "title", fontName=bold, fontSize=size + 8, leading=(size + 8) * 1.2, alignment=TA_CENTER, spaceAfter=6
        )
        self.subtitle = ParagraphStyle(
            "subtitle", fontName=reg, fontSize=size + 1.5, leading=(size + 1.5) * 1.3, alignment=TA_CENTER
        )
        self.margin = ParagraphStyle("margin", fontName=bold, fontSize=size + 0.5, leading=(size + 0.5) * 1.2)

    def cell(self, size: float, bold: bool = False) -> ParagraphStyle:
        name = self.h1.fontName if bold else self.p.fontName
        return ParagraphStyle(f"c{size}{bold}", fontName=name, fontSize=size, leading=size * 1.22)


class RedteamDoc:
    """One red-team document: blocks laid out on portrait or landscape letter pages."""

    def __init__(self, spec: dict[str, Any]):
        self.spec = spec
        self.fam = family(spec.get("font", "sans"))
        self.size = float(spec.get("size", 10))
        self.s = Styles(self.fam, self.size)
        self.pagesize = landscape(letter) if spec.get("pagesize") == "landscape" else letter
        self.width = self.pagesize[0] - 2 * MARGIN
        cols = int(spec.get("columns", 1))
        self.colwidth = (self.width - GUTTER) / 2 if cols == 2 else self.width

    def _decorate(self, c, doc) -> None:
        spec, (w, h) = self.spec, self.pagesize
        c.saveState()
        n = c.getPageNumber()
        if n > 1 and spec.get("running"):
            c.setFont(self.fam[0], 7.5)
            c.drawString(MARGIN, h - 36, spec["running"])
            c.setLineWidth(0.4)
            c.line(MARGIN, h - 40, w - MARGIN, h - 40)
        c.setFont(self.fam[0], 7.5)
        if spec.get("footer"):
            c.drawString(MARGIN, 28, spec["footer"])
        c.drawRightString(w - MARGIN, 28, f"{n}")
        c.restoreState()

    def _frames(self) -> list[Frame]:
        top, bottom = 48, 44
        height = self.pagesize[1] - top - bottom
        if int(self.spec.get("columns", 1)) == 2:
            return [
                Frame(MARGIN, bottom, self.colwidth, height, id="c1"),
                Frame(MARGIN + self.colwidth + GUTTER, bottom, self.colwidth, height, id="c2"),
            ]
        return [Frame(MARGIN, bottom, self.width, height, id="f")]

    def table(self, header: list[str], rows: list[list[str]], fracs: list[float], opts: dict[str, Any]) -> Table:
        size = float(opts.get("size", self.size - 1))
        cell, head = self.s.cell(size), self.s.cell(size, bold=True)
        first = self.s.cell(size, bold=bool(opts.get("bold_first_col")))
        data = [[Paragraph(markup(h), head) for h in header]] if header else []
        for r in rows:
            data.append([Paragraph(markup(x), first if i == 0 else cell) for i, x in enumerate(r)])
        width = self.colwidth
        style: list[Any] = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]
        rules = opts.get("rules", "grid")
        if rules == "grid":
            style.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
        elif rules == "horizontal":
            style.append(("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.black))
        if header and opts.get("shade", True):
            style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDDDDD")))
        for a, b in opts.get("spans", []):  # (column, first row, last row) merged cells, rows 1-based
            style.append(("SPAN", (a, b[0]), (a, b[1])))
        return Table(data, colWidths=[width * f for f in fracs], repeatRows=1 if header else 0, style=TableStyle(style))

    def story(self) -> list[Any]:
        s, out = self.s, []
        for block in self.spec["blocks"]:
            kind = block[0]
            if kind in ("title", "subtitle", "h1", "h2", "p"):
                out.append(Paragraph(markup(block[1]), getattr(s, kind)))
            elif kind in ("bul", "num"):
                for i, item in enumerate(block[1], 1):
                    mark = "\u2022" if kind == "bul" else f"{i}."
                    out.append(Paragraph(markup(item), s.bul, bulletText=mark))
                out.append(Spacer(1, 4))
            elif kind == "table":
                opts = block[4] if len(block) > 4 else {}
                out += [self.table(block[1], block[2], block[3], opts), Spacer(1, 8)]
            elif kind == "margin":
                out += [self.margin(block[1], block[2]), Spacer(1, 6)]
            elif kind == "filler":
                out += [Paragraph(markup(FILLER[i % len(FILLER)].format(t=block[1])), s.p) for i in range(block[2])]
            elif kind == "br":
                out.append(PageBreak())
            elif kind == "cbr":
                out.append(FrameBreak())
            else:
                raise ValueError(f"unknown block {kind!r}")
        return out

    def margin(self, heading: str, paragraphs: list[str]) -> KeepTogether:
        """A heading set in the left margin beside the paragraphs it governs (no rules)."""
        left = Paragraph(markup(heading), self.s.margin)
        right = [Paragraph(markup(p), self.s.p) for p in paragraphs]
        t = Table([[left, right]], colWidths=[self.colwidth * 0.24, self.colwidth * 0.76])
        t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (0, 0), 0)]))
        return KeepTogether([t])

    def build(self, out_dir: Path) -> int:
        path = out_dir / self.spec["file"]
        doc = BaseDocTemplate(
            str(path),
            pagesize=self.pagesize,
            invariant=1,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            pageTemplates=[PageTemplate("page", self._frames(), onPage=self._decorate)],
        )
        doc.title, doc.author = self.spec["title"], self.spec["author"]
        doc.subject, doc.creator = SUBJECT, "policyeval samples/redteam_build.py"
        doc.build(self.story())
        return int(doc.page)


def build_all(documents: list[dict[str, Any]], out_dir: Path, only: str | None = None) -> list[tuple[str, int]]:
    """Build every red-team document (or those whose file name contains `only`); (file, pages) each."""
    built = []
    for spec in documents:
        if only and only not in spec["file"]:
            continue
        built.append((spec["file"], RedteamDoc(spec).build(out_dir)))
    return built
