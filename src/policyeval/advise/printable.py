"""A one-page printable summary in plain words (reportlab): the answer, the deciding quote with its page
image, the checklist, whom to call with the numbers found in the patient's documents and what to ask, and
the appeal letter. No rule or verdict codes: this is what a patient brings to a call or to their doctor.
Two columns, each shrunk to fit, so it is always one page; made in memory, never written to disk."""

from __future__ import annotations

import io
from collections.abc import Iterable
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, Image, KeepInFrame, Paragraph, Preformatted, Spacer

from ..errors import PolicyEvalError
from ..lexicon import Lexicon
from ..models import Decision, Document, Finding
from ..profile import Profile
from . import appeal, costs
from .documents import alt_text, deciding_passages, document_warnings, page_images
from .labels import STATUS_TEXT, basis_text, headline, insurer_label, verdict_sentence, where

MARGIN = 0.5 * inch  # page margin, points
GUTTER = 0.25 * inch  # between the two columns, points
LEFT_SHARE = 0.56  # the left column's share of the text width
IMAGE_MAX_HEIGHT = 2.4 * inch  # the page close-up's height limit, points
VERDICT_COLOURS = {  # border colour per verdict (the app's banner colours)
    "covered": "#1e7e34",
    "pa_required": "#a14a00",
    "experimental_exclusion": "#b3261e",
    "unknown": "#4a4f55",
}


def _plain(text: str) -> str:
    """Text the built-in PDF fonts can draw (Windows-1252), escaped for reportlab's paragraph markup."""
    text = str(text).replace("≈", "~").replace("›", ">").replace("•", "-")
    return escape(text.encode("cp1252", "replace").decode("cp1252"))


def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=base["BodyText"], fontName="Helvetica", fontSize=9.5, leading=12)
    return {
        "title": ParagraphStyle("title", parent=body, fontName="Helvetica-Bold", fontSize=17, leading=21),
        "h": ParagraphStyle("h", parent=body, fontName="Helvetica-Bold", fontSize=11, leading=14, spaceBefore=6),
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=8, leading=10, textColor=colors.HexColor("#333333")),
        "quote": ParagraphStyle("quote", parent=body, leftIndent=8, fontName="Helvetica-Oblique"),
        "letter": ParagraphStyle("letter", parent=body, fontName="Courier", fontSize=7, leading=8.4),
    }


def _image(png: bytes, width: float) -> Image | None:
    from PIL import Image as PILImage

    try:
        w, h = PILImage.open(io.BytesIO(png)).size
    except Exception:  # noqa: BLE001 - no picture rather than no summary
        return None
    scale = min(width / w, IMAGE_MAX_HEIGHT / h)
    return Image(io.BytesIO(png), width=w * scale, height=h * scale)


def _left(
    decision: Decision, findings: list[Finding], documents: list[Document], lexicon: Lexicon | None, width: float
) -> list:
    st = _styles()
    out: list = [
        Paragraph(_plain(headline(decision.verdict)), st["title"]),
        Paragraph(_plain(verdict_sentence(decision)), st["body"]),
        Paragraph("<b>How we know:</b> " + _plain(basis_text(decision, findings, lexicon)) + ".", st["body"]),
        Paragraph("<b>Why:</b> " + _plain(decision.reason), st["body"]),
    ]
    out += [Paragraph(_plain(w.text), st["small"]) for w in document_warnings(documents, findings, lexicon)]
    passages = deciding_passages(decision, findings)
    out.append(Paragraph("The words in your plan that decide this", st["h"]))
    if not passages:
        out.append(Paragraph("No passage of your documents decides this.", st["body"]))
    docs = {d.name: d for d in documents}
    for e in passages[:1]:
        out.append(Paragraph("“" + _plain(e.quote) + "” — " + _plain(where(e)), st["quote"]))
        doc = docs.get(e.document)
        if doc is not None and doc.data:
            try:
                img = _image(page_images(doc, e)[0], width)
            except PolicyEvalError:
                img = None
            if img is not None:
                img._alt_text = alt_text(e)  # noqa: SLF001 - kept with the picture for whoever reads it
                out += [Spacer(1, 3), img]
    if decision.criteria:
        out.append(Paragraph("What your insurer will look for", st["h"]))
        for c in decision.criteria:
            line = f"[{STATUS_TEXT.get(c.status, c.status)}] {c.description}" + (
                f" — proof: {c.proof}" if c.proof else ""
            )
            out.append(Paragraph(_plain(line), st["body"]))
    est = costs.estimate(decision, findings)
    if est is not None:
        out += [Paragraph("What it may cost", st["h"]), Paragraph(_plain(est.summary), st["small"])]
    return out


def _right(
    decision: Decision, findings: list[Finding], profile: Profile | None, insurer: str, kinds: dict[str, str]
) -> list:
    st = _styles()
    whom, questions = appeal.call_script(decision, findings, profile)
    out: list = [Paragraph("Whom to call", st["h"]), Paragraph(_plain(whom), st["body"])]
    out.append(Paragraph("What to ask", st["h"]))
    out += [Paragraph(_plain(f"{i}. {q}"), st["small"]) for i, q in enumerate(questions, 1)]
    if decision.next_steps:
        out.append(Paragraph("Next steps", st["h"]))
        out += [Paragraph(_plain(f"{i}. {s}"), st["small"]) for i, s in enumerate(decision.next_steps[:6], 1)]
    if decision.verdict in ("experimental_exclusion", "pa_required"):
        out.append(Paragraph("How to appeal", st["h"]))
        out += [
            Paragraph(_plain(f"{i}. {s}"), st["small"])
            for i, s in enumerate(appeal.appeal_route(decision, insurer, kinds), 1)
        ]
        out.append(Paragraph("Appeal letter draft (fill in the [brackets])", st["h"]))
        out.append(
            Preformatted(_plain(appeal.appeal_letter(decision, profile, insurer)), st["letter"], maxLineLength=78)
        )
    return out


def summary_pdf(
    decision: Decision,
    findings: Iterable[Finding] = (),
    documents: Iterable[Document] = (),
    profile: Profile | None = None,
    lexicon: Lexicon | None = None,
) -> bytes:
    """The one-page summary as PDF bytes."""
    found, docs = list(findings), list(documents)
    kinds = {d.name: d.kind for d in docs}
    insurer = insurer_label(decision.insurer, lexicon)
    width, height = LETTER
    text_w = width - 2 * MARGIN
    left_w = text_w * LEFT_SHARE - GUTTER / 2
    right_w = text_w - left_w - GUTTER
    body_h = height - 2 * MARGIN - 14
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=LETTER, pageCompression=1)
    canvas.setTitle(f"Coverage summary: {headline(decision.verdict)}")
    canvas.setAuthor("policyeval")
    canvas.setStrokeColor(colors.HexColor(VERDICT_COLOURS.get(decision.verdict, "#4a4f55")))
    canvas.setLineWidth(4)
    canvas.line(MARGIN - 8, height - MARGIN, MARGIN - 8, height - MARGIN - 60)
    for flows, x, w in (
        (_left(decision, found, docs, lexicon, left_w), MARGIN, left_w),
        (_right(decision, found, profile, insurer, kinds), MARGIN + left_w + GUTTER, right_w),
    ):
        frame = Frame(x, MARGIN + 14, w, body_h, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        frame.addFromList([KeepInFrame(w, body_h, flows, mode="shrink")], canvas)
    canvas.setFont("Helvetica", 7)
    canvas.setFillColor(colors.HexColor("#333333"))
    canvas.drawString(
        MARGIN,
        MARGIN,
        "Made by policyeval from the documents you gave. Not legal or medical advice: confirm with your insurer.",
    )
    canvas.showPage()
    canvas.save()
    return buf.getvalue()
