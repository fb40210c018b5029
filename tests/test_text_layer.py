"""Text that reads as text (issue 11 §2): a page whose text layer is garbage is OCR'd when
tesseract is there, else the document is refused naming the pages (a few such pages are named
in the warnings and the rest is read); an XFA-only form is refused. Every PDF is built here."""

from __future__ import annotations

import shutil

import pdfbuild as B
import pymupdf
import pytest
from test_read_bounds import raw_pdf, stream

import policyeval.read.ocr as ocr
from policyeval.errors import DocumentError
from policyeval.models import Word
from policyeval.read import ReadLimits, read_pdf
from policyeval.read.plausible import PAIR_FLOOR, Glyphs, judge, pair_score

DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
SENTENCES = [
    "Welcome to the plan. Spravato requires prior authorization from your network provider.",
    "Ketamine infusion therapy is covered for members with treatment-resistant depression.",
    "Call the number on your card if you have questions about your benefits and costs.",
]


@pytest.fixture
def no_tesseract(monkeypatch):
    monkeypatch.setattr(ocr, "tesseract", lambda: None)


def embedded_font_pdf(pages: int = 1) -> bytes:
    """Pages of plain sentences in an embedded TrueType font (pymupdf writes its ToUnicode CMap
    Flate-compressed)."""
    doc = pymupdf.open()
    for _ in range(pages):
        page = doc.new_page()
        page.insert_font(fontname="dv", fontfile=DEJAVU)
        for i, line in enumerate(SENTENCES * 3):
            page.insert_text((50, 72 + 16 * i), line, fontname="dv", fontsize=10)
    return doc.tobytes(garbage=3, deflate=True)


def flip_tounicode(data: bytes, at: float | None = None) -> bytes:
    """One bit flipped early in every ToUnicode stream: the CMap no longer inflates, and MuPDF
    falls back to glyph ids (text that looks right on screen reads as shifted letters)."""
    doc = pymupdf.open(stream=data)
    out = bytearray(data)
    for xref in range(1, doc.xref_length()):
        kind, value = doc.xref_get_key(xref, "ToUnicode")
        if kind == "xref":
            raw = doc.xref_stream_raw(int(value.split()[0]))
            start = data.index(raw)
            out[start + 10] ^= 0x08
    return bytes(out)


def type3_pdf(lines: list[str]) -> bytes:
    """A Type3 font whose glyphs have no meaningful names and whose codes are not letters: the
    page shows glyphs, the text layer holds control codes."""
    names = b" ".join(b"/g%d" % i for i in range(27))
    font = (
        b"<< /Type /Font /Subtype /Type3 /FontBBox [0 0 600 700] /FontMatrix [0.001 0 0 0.001 0 0]"
        b" /CharProcs << " + b" ".join(b"/g%d 6 0 R" % i for i in range(27)) + b" >>"
        b" /Encoding << /Type /Encoding /Differences [1 " + names + b"] >>"
        b" /FirstChar 1 /LastChar 27 /Widths [" + b" ".join([b"600"] * 27) + b"] >>"
    )

    def code(text: str) -> bytes:
        return bytes(27 if ch == " " else ord(ch) - 96 for ch in text.lower() if ch == " " or ch.isalpha())

    body = b"BT /T3 10 Tf 50 740 Td " + b" ".join(b"(" + code(t) + b") Tj 0 -14 Td" for t in lines) + b" ET"
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /T3 4 0 R >> >> /Contents 5 0 R >>",
            font,
            stream(b"", body),
            stream(b"", b"600 0 0 0 600 700 d1 60 0 480 700 re f"),
        ]
    )


def permuted_cmap_pdf() -> bytes:
    """Helvetica text whose ToUnicode CMap maps every letter to another (a wrong one-to-one map)."""
    shift = {c: chr((ord(c) - 97 + 7) % 26 + 97) for c in "abcdefghijklmnopqrstuvwxyz"}
    cmap = "\n".join(f"<{ord(c):02X}> <{ord(shift[c]):04X}>" for c in shift)
    cmap_stream = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Bad def "
        "1 begincodespacerange <00> <FF> endcodespacerange "
        f"26 beginbfchar\n{cmap}\nendbfchar endcmap CMapName currentdict /CMap defineresource pop end end"
    ).encode()
    body = b"BT /F1 10 Tf 50 740 Td " + b" ".join(b"(" + t.lower().encode() + b") Tj 0 -14 Td" for t in SENTENCES * 3)
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
            stream(b"", body + b" ET"),
            stream(b"", cmap_stream),
        ]
    )


def xfa_placeholder_pdf() -> bytes:
    """An XFA-only form: the catalog's AcroForm carries XFA; the page says only 'Please wait'."""
    text = b"BT /F1 12 Tf 72 700 Td (Please wait... If this message is not eventually replaced by the proper contents of the document, your PDF viewer may not be able to display this type of document.) Tj ET"
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [] /XFA 6 0 R >> >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            stream(b"", text),
            stream(b"", b"<xdp:xdp xmlns:xdp='http://ns.adobe.com/xdp/'><template/></xdp:xdp>"),
        ]
    )


def _refused(data: bytes, *fragments: str) -> str:
    with pytest.raises(DocumentError) as err:
        read_pdf(data, "plan.pdf")
    msg = str(err.value)
    assert "plan.pdf" in msg and "\n" not in msg, msg
    for f in fragments:
        assert f in msg, msg
    return msg


# ----------------------------------------------------------------------------- the measures
def test_english_like_words_score_above_the_floor_and_shifted_letters_below():
    words = " ".join(SENTENCES).lower().replace(".", "").replace("-", " ").split()
    shifted = ["".join(chr((ord(c) - 97 + 3) % 26 + 97) for c in w) for w in words]
    drugs = "amlodipine valsartan hydrochlorothiazide esketamine zolpidem tartrate morphine sulfate".split()
    assert pair_score(words) > PAIR_FLOOR + 1
    assert pair_score(drugs * 4) > PAIR_FLOOR + 0.5
    assert pair_score(shifted) < PAIR_FLOOR


def _judged(texts: list[str]) -> str:
    glyphs = Glyphs()
    for t in texts:
        glyphs.add(t)
    return judge([Word(t, (0, 0, 1, 1)) for t in texts], glyphs)


def test_dot_leaders_drawn_with_odd_glyphs_only_earn_a_warning():
    index = []
    for drug in ("warfarin sodium tab", "zaleplon cap", "zidovudine syrup", "zolpidem tab", "amlodipine tab") * 6:
        index += drug.split() + ["mg" + "\ufffd" * 40, "\ufffd" * 30 + "12"]
    assert _judged(index) == "odd"


def test_words_of_unreadable_glyphs_are_garbage():
    assert _judged(["\ufffd" * 6] * 60 + ["Page", "3"]) == "garbage"
    assert _judged(["\x01\x02\x03\x04\x05"] * 20) == "garbage"


def test_plain_text_is_ok():
    assert _judged(" ".join(SENTENCES).split()) == "ok"


# ----------------------------------------------------------------------------- documents
def test_broken_tounicode_map_is_refused_without_tesseract(no_tesseract):
    data = flip_tounicode(embedded_font_pdf())
    assert pymupdf.open(stream=data)[0].get_text().count("Spravato") == 0  # the layer really is garbage
    _refused(data, "page 1", "does not read as text", "tesseract")


def test_intact_font_reads(no_tesseract):
    doc = read_pdf(embedded_font_pdf(), "plan.pdf")
    assert "Spravato requires prior authorization" in doc.pages[0].text and not doc.warnings


def test_type3_font_without_glyph_names_is_refused_without_tesseract(no_tesseract):
    _refused(type3_pdf(SENTENCES * 3), "does not read as text")


def test_wrong_one_to_one_character_map_is_refused_without_tesseract(no_tesseract):
    data = permuted_cmap_pdf()
    assert "spravato" not in pymupdf.open(stream=data)[0].get_text().lower()
    _refused(data, "does not read as text")


def test_garbage_pages_go_to_ocr_when_tesseract_is_there(monkeypatch):
    calls = []
    monkeypatch.setattr(ocr, "tesseract", lambda: "/usr/bin/tesseract")

    def fake_ocr(page, *_):
        calls.append(page.number)
        return [Word(w, (50 + 40 * i, 72, 85 + 40 * i, 84), 0, 0) for i, w in enumerate(SENTENCES[0].split())]

    monkeypatch.setattr(ocr, "ocr_words", fake_ocr)
    doc = read_pdf(flip_tounicode(embedded_font_pdf()), "plan.pdf")
    assert calls == [0] and doc.pages[0].ocr and "Spravato requires prior" in doc.pages[0].text


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract-ocr not installed")
def test_broken_tounicode_map_reads_through_real_ocr():
    doc = read_pdf(flip_tounicode(embedded_font_pdf()), "plan.pdf", ReadLimits(max_seconds=90))
    assert doc.pages[0].ocr
    assert "prior authorization" in doc.pages[0].text.lower()


def test_a_few_garbage_pages_are_named_and_the_rest_is_read(no_tesseract):
    """Nine good pages and one whose text layer is garbage: the document reads, the bad page is
    named in the warnings and contributes no text."""
    good = pymupdf.open(stream=embedded_font_pdf(pages=9))
    bad = pymupdf.open(stream=type3_pdf(SENTENCES * 3))
    good.insert_pdf(bad, start_at=4)
    doc = read_pdf(good.tobytes(), "plan.pdf")
    assert len(doc.pages) == 10 and not doc.pages[4].words
    assert any("page 5" in w and "plan.pdf" in w for w in doc.warnings), doc.warnings
    assert all("Spravato" in p.text for i, p in enumerate(doc.pages) if i != 4)


def test_many_garbage_pages_sink_the_document(no_tesseract):
    good = pymupdf.open(stream=embedded_font_pdf(pages=2))
    for _ in range(3):
        good.insert_pdf(pymupdf.open(stream=type3_pdf(SENTENCES * 3)))
    _refused(good.tobytes(), "pages 3-5", "does not read as text")


def test_xfa_only_form_is_refused():
    _refused(xfa_placeholder_pdf(), "XFA form", "Adobe Reader")


def test_a_broken_content_stream_is_still_damage(no_tesseract):
    """Damage in the page's own content (not in a font) stays a refusal: OCR of a half-drawn page
    would not be the plan."""
    import zlib

    data = B.text_pages(1, "Spravato requires prior authorization for every member of the plan")
    doc = pymupdf.open(stream=data)
    xref = doc[0].get_contents()[0]
    body = doc.xref_stream(xref) * 40
    broken = bytearray(zlib.compress(body))
    broken[len(broken) // 2] ^= 0xFF
    doc.update_stream(xref, bytes(broken), compress=False)
    doc.xref_set_key(xref, "Filter", "/FlateDecode")
    _refused(doc.tobytes(), "damaged")
