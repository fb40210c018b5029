"""Evidence you can see: the deciding page rendered with the matched phrases boxed."""

from __future__ import annotations

import os

import pdfbuild as B
import pymupdf
import pytest

from policyeval.errors import DocumentError
from policyeval.find.findings import find
from policyeval.read.document import read_pdf
from policyeval.read.render import render_evidence


@pytest.fixture(scope="module")
def doc():
    return read_pdf(B.build_prose(["Intro.", "Spravato requires prior authorization."], width=300), "e.pdf")


def _pix(png: bytes) -> pymupdf.Pixmap:
    return pymupdf.Pixmap(png)


def test_png_with_red_boxes_where_the_phrase_is(doc):
    f = next(f for f in find([doc]) if f.concept == "esketamine_nasal")
    png = render_evidence(doc, f.evidence.page, f.evidence.bboxes, dpi=110)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pix = _pix(png)
    page = doc.pages[0]
    assert abs(pix.width - page.width * 110 / 72) <= 2 and abs(pix.height - page.height * 110 / 72) <= 2
    x0, y0, x1, y1 = f.evidence.bboxes[0]
    scale = 110 / 72
    # the top edge of the first box is red
    px = pix.pixel(int((x0 + x1) / 2 * scale), max(0, int((y0 - 1.5) * scale) + 1))
    assert px[0] > 180 and px[1] < 90 and px[2] < 90
    # and the page far from any box is not
    assert pix.pixel(5, 5) == (255, 255, 255)


def test_no_boxes_is_just_the_page(doc):
    plain = _pix(render_evidence(doc, 1, []))
    assert plain.width > 0 and plain.pixel(5, 5) == (255, 255, 255)


def test_dpi_scales_the_image(doc):
    small, big = _pix(render_evidence(doc, 1, [], dpi=60)), _pix(render_evidence(doc, 1, [], dpi=120))
    assert abs(big.width - 2 * small.width) <= 2


def test_boxes_outside_the_page_are_clipped(doc):
    png = render_evidence(doc, 1, [(-50, -50, 10, 10), (5000, 5000, 6000, 6000)])
    assert png[:4] == b"\x89PNG"


def test_bad_page_and_missing_bytes(doc):
    with pytest.raises(DocumentError, match="no page 9"):
        render_evidence(doc, 9, [])
    from dataclasses import replace

    with pytest.raises(DocumentError, match="not available"):
        render_evidence(replace(doc, data=b""), 1, [])


def test_nothing_is_written_to_disk(doc, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    render_evidence(doc, 1, [(72, 72, 120, 90)])
    assert os.listdir(tmp_path) == []


def test_rotated_page_boxes_land_on_the_words():
    data = B.rotated_upright(B.build_sbc(excluded=B.EXCLUDED))
    d = read_pdf(data, "rot.pdf")
    f = next(f for f in find([d]) if f.concept == "specialty_drugs")
    pix = _pix(render_evidence(d, f.evidence.page, f.evidence.bboxes, dpi=72))
    x0, y0, x1, y1 = f.evidence.bboxes[0]
    assert pix.width > pix.height  # shown as the landscape page it is
    red = pix.pixel(int((x0 + x1) / 2), max(0, int(y0 - 1)))
    assert red[0] > 180 and red[1] < 90
