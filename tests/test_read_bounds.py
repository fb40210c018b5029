"""The reader's own bounds: every step linear in the words of a page, and a small file that asks
for a huge amount of work is refused from its structure before MuPDF does the work. Each case
builds its PDF here (raw objects where pymupdf cannot write the hostile structure)."""

from __future__ import annotations

import random
import time
import zlib

import pdfbuild as B
import pymupdf
import pytest

from policyeval.errors import DocumentError
from policyeval.models import Word
from policyeval.read import ReadLimits, read_pdf
from policyeval.read.words import dedupe

FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
LINE = b"BT /F1 11 Tf 72 700 Td (Spravato requires prior authorization.) Tj ET\n"


def raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF of `objects` (object i+1 = objects[i]; 1 must be the catalog) with a correct xref."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for o in offsets:
        out += b"%010d 00000 n \n" % o
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def stream(entries: bytes, data: bytes) -> bytes:
    return b"<< " + entries + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def one_page(content: bytes, filters: bytes = b"", xobjects: bytes = b"", extra: list[bytes] = ()) -> bytes:
    """Catalog 1, pages 2, page 3, font 4, content 5, then `extra` objects from 6 on."""
    resources = b"<< /Font << /F1 4 0 R >> " + (b"/XObject << " + xobjects + b" >> " if xobjects else b"") + b">>"
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources " + resources + b" /Contents 5 0 R >>",
            FONT,
            stream(filters, content),
            *extra,
        ]
    )


def nested_forms(depth: int, fan_out: int, loop: bool = False) -> bytes:
    """Form X0 draws X1 `fan_out` times, X1 draws X2 ..., the last writes a word (or, with
    `loop`, draws X0 again)."""
    first = 6
    forms = []
    for i in range(depth):
        last = i + 1 == depth
        target = first if (last and loop) else first + i + 1
        if last and not loop:
            body = b"BT /F1 8 Tf 10 10 Td (deep) Tj ET"
            res = b"/Resources << /Font << /F1 4 0 R >> >>"
        else:
            body = b"/X Do\n" * fan_out
            res = b"/Resources << /XObject << /X %d 0 R >> >>" % target
        forms.append(stream(b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] " + res, body))
    return one_page(LINE + b"/X Do\n", xobjects=b"/X %d 0 R" % first, extra=forms)


def _refused(data: bytes, fragment: str, **limits) -> str:
    t0 = time.perf_counter()
    with pytest.raises(DocumentError) as err:
        read_pdf(data, "plan.pdf", ReadLimits(**limits) if limits else None)
    assert time.perf_counter() - t0 < 30  # generous: a refusal is not a hang (speed is in make bench)
    msg = str(err.value)
    assert "plan.pdf" in msg and fragment in msg and "\n" not in msg, msg
    return msg


def test_the_raw_builder_makes_a_readable_page():
    doc = read_pdf(one_page(LINE), "plan.pdf")
    assert "Spravato requires prior authorization." in doc.pages[0].text


def test_a_page_count_mupdf_rejects_is_a_clean_error():
    data = raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 2000000000 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
            FONT,
            stream(b"", LINE),
        ]
    )
    _refused(data, "page count")


def test_a_page_count_beyond_the_limit_names_both_numbers():
    msg = _refused(B.text_pages(6), "too many pages", max_pages=5)
    assert "6" in msg and "5" in msg


def test_flate_bomb_is_refused_by_its_inflated_size():
    bomb = zlib.compress(LINE + b"q Q\n" * 6_000_000, 9)  # 24 MB of operators in ~25 KB
    assert len(bomb) < 100_000
    _refused(one_page(bomb, b"/Filter /FlateDecode"), "inflates to more than 16 MB")


def test_inflated_size_limit_is_configurable():
    content = zlib.compress(LINE + b"q Q\n" * 50_000, 9)  # 200 KB inflated
    data = one_page(content, b"/Filter /FlateDecode")
    assert "Spravato" in read_pdf(data, "plan.pdf").pages[0].text
    _refused(data, "inflates to more than", max_page_content=100_000)


def test_ascii85_then_flate_is_measured_inflated():
    import base64

    bomb = base64.a85encode(zlib.compress(LINE + b"q Q\n" * 5_000_000, 9)) + b"~>"
    _refused(one_page(bomb, b"/Filter [/ASCII85Decode /FlateDecode]"), "inflates to more than")


@pytest.mark.parametrize(
    "depth, fan_out, loop, fragment",
    [
        (12, 10, False, "10,000 times"),  # 10^11 draws from a 2 KB file
        (20, 1, False, "12 deep"),
        (3, 1, True, "in a loop"),
    ],
)
def test_nested_form_xobjects_are_refused(depth, fan_out, loop, fragment):
    data = nested_forms(depth, fan_out, loop)
    assert len(data) < 5_000
    _refused(data, fragment)


def test_modest_form_xobjects_read():
    doc = read_pdf(nested_forms(3, 4), "plan.pdf")
    assert "Spravato" in doc.pages[0].text
    assert any(w.text == "deep" for w in doc.pages[0].words)


def test_words_per_page_bound():
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), " ".join(["word"] * 120), fontsize=2)
    _refused(doc.tobytes(), "too many words", max_words_per_page=100)


def test_a_page_of_20000_identical_tiny_words_reads():
    """Quadratic duplicate removal never finished on this page; the grid index makes it linear."""
    doc = pymupdf.open()
    page = doc.new_page()
    writer = pymupdf.TextWriter(page.rect)
    font = pymupdf.Font("helv")
    for i in range(20_000):
        # 2.5 pt: legible (smaller text is dropped as hidden by read/visibility.py)
        writer.append(((i % 200) * 3 + 1, (i // 200) * 7.5 + 10), "x", font=font, fontsize=2.5)
    writer.write_text(page)
    data = doc.tobytes(garbage=3, deflate=True)
    assert len(data) < 60_000
    words = read_pdf(data, "plan.pdf", ReadLimits(max_seconds=60)).pages[0].words
    assert len(words) > 19_000


def test_a_long_file_of_near_empty_pages_is_not_ocrd(monkeypatch):
    """300 pages with one word each and no image: text, not scans."""
    import policyeval.read.ocr as ocr

    monkeypatch.setattr(ocr, "tesseract", lambda: "/usr/bin/tesseract")

    def no_ocr(*_a, **_k):
        raise AssertionError("a near-empty text page was sent to OCR")

    monkeypatch.setattr(ocr, "ocr_words", no_ocr)
    doc = pymupdf.open()
    for i in range(300):
        doc.new_page().insert_text((72 + i % 50, 300), f"w{i}", fontsize=11)
    read = read_pdf(doc.tobytes(), "plan.pdf")
    assert len(read.pages) == 300 and all(p.words for p in read.pages)


def test_a_near_empty_page_with_a_page_size_image_is_a_scan(monkeypatch):
    """A scan whose text layer holds only a stray page number still goes to OCR."""
    import policyeval.read.ocr as ocr

    calls = []
    monkeypatch.setattr(ocr, "tesseract", lambda: "/usr/bin/tesseract")
    monkeypatch.setattr(
        ocr, "ocr_words", lambda page, *_: calls.append(page.number) or [Word("scanned", (9, 9, 60, 20))]
    )
    scan = pymupdf.open(stream=B.image_only(B.text_pages(1), dpi=40), filetype="pdf")
    scan[0].insert_text((300, 780), "1", fontsize=9)
    read_pdf(scan.tobytes(), "plan.pdf")
    assert calls == [0]


def test_a_1000_page_document_reads_with_progress():
    doc = pymupdf.open()
    for i in range(1000):
        doc.new_page(width=300, height=200).insert_text((20, 40 + i % 100), f"Section {i} text", fontsize=9)
    seen: list[tuple[int, int]] = []
    read = read_pdf(doc.tobytes(), "long.pdf", progress=lambda done, total: seen.append((done, total)))
    assert len(read.pages) == 1000
    assert seen[-1] == (1000, 1000) and len(seen) == 1000
    _refused(doc.tobytes(), "too many pages", max_pages=999)


def _quadratic_dedupe(words: list[Word]) -> list[Word]:
    """The definition: a word is dropped when an earlier kept word of the same text covers more
    than half of its area."""
    kept: list[Word] = []
    for w in words:
        x0, y0, x1, y1 = w.bbox
        area = max(1e-6, (x1 - x0) * (y1 - y0))
        if not any(
            k.text == w.text
            and (min(x1, k.bbox[2]) - max(x0, k.bbox[0])) > 0
            and (min(y1, k.bbox[3]) - max(y0, k.bbox[1])) > 0
            and (min(x1, k.bbox[2]) - max(x0, k.bbox[0])) * (min(y1, k.bbox[3]) - max(y0, k.bbox[1])) > 0.5 * area
            for k in kept
        ):
            kept.append(w)
    return kept


@pytest.mark.parametrize("seed", range(6))
def test_linear_dedupe_equals_the_definition(seed):
    """Random pages of few texts (so the grid path runs), boxes small and very large, copies
    slightly offset: the fast version keeps exactly the words the definition keeps."""
    rng = random.Random(seed)
    words = []
    for _ in range(1500):
        w = rng.choice([4, 10, 30, 200])
        h = rng.choice([3, 8, 150])
        x, y = rng.uniform(-20, 600), rng.uniform(-20, 800)
        words.append(Word(rng.choice("abc"), (x, y, x + w, y + h)))
        if rng.random() < 0.3:  # a fake-bold copy
            dx, dy = rng.uniform(-0.6, 0.6) * w, rng.uniform(-0.6, 0.6) * h
            words.append(Word(words[-1].text, (x + dx, y + dy, x + w + dx, y + h + dy)))
    assert [id(w) for w in dedupe(words)] == [id(w) for w in _quadratic_dedupe(words)]
