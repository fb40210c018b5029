"""Only text a person can see decides (issue 11 §1).

Every way a PDF can hide text (tests/hostilebuild.py: HIDING_METHODS) is tried on pages the tests
build, with wording varied on purpose, and on shipped samples in both directions: a hidden "covered"
added to a silent or excluded plan, a hidden "not covered" added to a covered or PA plan. A tampered
document must give the untampered verdict and say it contains hidden text; the same words written
visibly must change the verdict (so each test could fail). Scanned PDFs keep their invisible OCR
layer where the image beneath shows the words."""

from __future__ import annotations

import json
import shutil
import subprocess

import pymupdf
import pytest
from conftest import SAMPLES
from hostilebuild import HIDING_METHODS, hide, one_page, tampered

from policyeval.advise.report import decision_text
from policyeval.pipeline import evaluate
from policyeval.read.document import read_pdf

VISIBLE = ["Summary of plan benefits for members.", "Mental health outpatient services are listed below."]
# Hidden sentences a tamperer might add, worded differently on purpose.
HIDDEN_SENTENCES = [
    "Spravato esketamine nasal spray is covered in full",
    "Ketamine infusion therapy: no prior authorization needed",
    "IV ketamine is excluded as experimental",
    "Esketamine (Spravato) treatments are not covered",
]
PROFILE = {"treatment": "esketamine_nasal", "age": 40, "diagnoses": ["F33.2", "treatment-resistant depression"]}
COVER = "Ketamine infusion therapy and Spravato (esketamine) nasal spray are covered with no prior authorization."
EXCLUDE = "Spravato (esketamine) and ketamine infusions are not covered; they are excluded as experimental."


def words_of(data: bytes) -> tuple[list[str], list[str]]:
    page = read_pdf(data, "t.pdf").pages[0]
    return [w.text for w in page.words], [w.text for w in page.hidden]


# ---- the reader, one page at a time ---------------------------------------------------------------


@pytest.mark.parametrize("method", HIDING_METHODS)
@pytest.mark.parametrize("sentence", HIDDEN_SENTENCES[:2])
def test_hidden_words_are_not_read(method, sentence):
    read, hidden = words_of(one_page(VISIBLE, [(sentence, method)]))
    for word in sentence.split():
        assert word not in read, f"{method}: hidden {word!r} was read"
    assert "members." in read and "outpatient" in read, f"{method}: visible text lost"
    # reported as hidden (MuPDF may merge the overlapping letters of squeezed text: "full" -> "ful")
    assert sentence.split()[0] in hidden and len(hidden) >= len(sentence.split()), f"{method}: {hidden}"


@pytest.mark.parametrize("sentence", HIDDEN_SENTENCES)
def test_the_same_words_written_visibly_are_read(sentence):
    """The control: without a hiding method the sentence is read (the tests above could fail)."""
    doc = pymupdf.open(stream=one_page(VISIBLE))
    doc[0].insert_text((54, 160), sentence, fontsize=10)
    read, hidden = words_of(doc.tobytes())
    assert set(sentence.split()) <= set(read) and not hidden


def test_several_methods_on_one_page_and_visible_text_between():
    hidden = [(s, m) for s, m in zip(HIDDEN_SENTENCES, ("render_mode_3", "covered_by_box", "squeezed", "alpha_0"))]
    read, gone = words_of(one_page(VISIBLE, hidden))
    assert read == " ".join(VISIBLE).split()
    assert {"Spravato", "Ketamine", "IV", "Esketamine"} <= set(gone)


@pytest.mark.parametrize(
    "how",
    ["white_on_dark_band", "light_grey", "highlighted", "coloured", "small_print_4pt", "rotated_page"],
)
def test_legitimately_styled_text_is_read(how):
    """What real plans do — white on a dark header band, grey footnotes, a translucent highlight,
    coloured headings, 4 pt small print, a rotated page — is visible and read."""
    doc = pymupdf.open()
    page = doc.new_page()
    text = "Spravato esketamine requires prior authorization"
    at = (54, 100)
    if how == "white_on_dark_band":
        page.draw_rect(pymupdf.Rect(40, 85, 400, 106), color=None, fill=(0.05, 0.15, 0.4))
        page.insert_text(at, text, fontsize=10, color=(1, 1, 1))
    elif how == "light_grey":
        page.insert_text(at, text, fontsize=10, color=(0.6, 0.6, 0.6))
    elif how == "highlighted":
        page.insert_text(at, text, fontsize=10)
        page.draw_rect(pymupdf.Rect(50, 88, 300, 104), color=None, fill=(1, 1, 0), fill_opacity=0.35)
    elif how == "coloured":
        page.insert_text(at, text, fontsize=10, color=(0.8, 0.1, 0.1))
    elif how == "small_print_4pt":
        page.insert_text(at, text, fontsize=4)
    else:
        page.insert_text(at, text, fontsize=10)
        page.set_rotation(90)
    read, hidden = words_of(doc.tobytes())
    assert text.split() == read and not hidden, (read, hidden)


# ---- whole plans: tampered in both directions --------------------------------------------------------

# (sample, hidden sentence, treatment): hidden "covered" added to silent and PA plans, hidden "not
# covered" added to covered and PA plans; each with the treatment whose verdict the visible sentence changes.
TAMPERS = [
    ("sbc07_aetna_silent.pdf", COVER, "esketamine_nasal"),
    ("sbc08_cigna_silent.pdf", COVER, "esketamine_nasal"),
    ("sbc05_infusion_pa.pdf", COVER, "esketamine_nasal"),
    ("sbc02_named_covered.pdf", EXCLUDE, "esketamine_nasal"),
    ("sbc01_named_pa.pdf", EXCLUDE, "esketamine_nasal"),
    ("sbc05_infusion_pa.pdf", EXCLUDE, "iv_ketamine"),
]
TAMPER_IDS = [f"{n[:5]}-{'cover' if s == COVER else 'exclude'}-{t[:2]}" for n, s, t in TAMPERS]


def _verdict(data: bytes, treatment: str = "esketamine_nasal"):
    return evaluate([("plan.pdf", data)], {**PROFILE, "treatment": treatment}).decision


@pytest.fixture(scope="module")
def baselines():
    if not (SAMPLES / "sbc01_named_pa.pdf").exists():
        pytest.skip("samples not generated yet")
    out = {}
    for case in TAMPERS:
        name, sentence, treatment = case
        data = (SAMPLES / name).read_bytes()
        out[case] = (_verdict(data, treatment).verdict, _verdict(tampered(data, sentence, None), treatment).verdict)
    return out


def test_visible_tampering_changes_the_verdict(baselines):
    """The control for the matrix below: written visibly, each added sentence changes the verdict, so an
    unchanged verdict under a hiding method means the hidden text was not read."""
    same = [case[0] for case, (before, after) in baselines.items() if before == after]
    assert not same, same


@pytest.mark.slow
@pytest.mark.parametrize("method", HIDING_METHODS)
@pytest.mark.parametrize("case", TAMPERS, ids=TAMPER_IDS)
def test_tampered_plan_keeps_the_untampered_verdict(baselines, method, case):
    name, sentence, treatment = case
    d = _verdict(tampered((SAMPLES / name).read_bytes(), sentence, method), treatment)
    assert d.verdict == baselines[case][0], f"{method} on {name}: {baselines[case][0]} -> {d.verdict}"
    assert any("hidden text" in w and "ignored" in w for w in d.warnings), d.warnings


def test_one_tampered_plan_fast(baselines):
    """One of the matrix above outside the slow set: hidden 'covered' in white on a silent plan."""
    case = TAMPERS[0]
    d = _verdict(tampered((SAMPLES / case[0]).read_bytes(), case[1], "white_on_white"), case[2])
    assert d.verdict == baselines[case][0]
    assert d.warnings == ["plan.pdf contains hidden text (page 1); it was ignored"]
    assert d.to_json()["warnings"] == d.warnings
    assert "Warning:   plan.pdf contains hidden text" in decision_text(d)


def test_hidden_text_naming_nothing_gives_no_warning():
    if not (SAMPLES / "sbc01_named_pa.pdf").exists():
        pytest.skip("samples not generated yet")
    data = tampered((SAMPLES / "sbc01_named_pa.pdf").read_bytes(), "Page 7 of 12 revision C", "render_mode_3")
    assert _verdict(data).warnings == []


def test_shipped_samples_have_no_hidden_text():
    """False positives: no word of any shipped sample is judged hidden."""
    pdfs = sorted(SAMPLES.glob("*.pdf"))
    if not pdfs:
        pytest.skip("samples not generated yet")
    for pdf in pdfs:
        doc = read_pdf(pdf.read_bytes(), pdf.name)
        hidden = [(p.number, w.text) for p in doc.pages for w in p.hidden]
        assert not hidden, f"{pdf.name}: {hidden[:10]}"


# ---- scans with an invisible OCR text layer ---------------------------------------------------------


def _tesseract_scan(pdf: bytes, page_no: int, tmp_path) -> bytes:
    """Page `page_no` of `pdf` rendered to an image and turned back into a PDF by tesseract itself
    (image + invisible text layer, as scanners' OCR writes it)."""
    src = pymupdf.open(stream=pdf)
    src[page_no].get_pixmap(dpi=200).save(tmp_path / "page.png")
    subprocess.run(
        ["tesseract", str(tmp_path / "page.png"), str(tmp_path / "scan"), "pdf"],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return (tmp_path / "scan.pdf").read_bytes()


def _page(pdf: bytes, page_no: int) -> bytes:
    one = pymupdf.open()
    one.insert_pdf(pymupdf.open(stream=pdf), from_page=page_no, to_page=page_no)
    return one.tobytes()


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")
@pytest.mark.parametrize("name", ["sbc02_named_covered.pdf", "sbc01_named_pa.pdf"])
def test_tesseract_text_layer_is_read_like_the_original(name, tmp_path):
    if not (SAMPLES / name).exists():
        pytest.skip("samples not generated yet")
    original = _page((SAMPLES / name).read_bytes(), 1)  # the deciding page (the chart)
    scan = _tesseract_scan(original, 0, tmp_path)
    page = read_pdf(scan, "scan.pdf").pages[0]
    assert not page.ocr, "the text layer should be read, not OCR'd again"
    assert len(page.words) > 100 and len(page.hidden) < 5
    assert _verdict(scan).verdict == _verdict(original).verdict


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")
def test_invisible_text_over_blank_scan_or_no_image_is_not_read(tmp_path):
    if not (SAMPLES / "sbc01_named_pa.pdf").exists():
        pytest.skip("samples not generated yet")
    original = _page((SAMPLES / "sbc01_named_pa.pdf").read_bytes(), 1)
    scan = _tesseract_scan(original, 0, tmp_path)
    doc = pymupdf.open(stream=scan)
    page = doc[0]
    # invisible, like the OCR layer, but over the scan's blank margin
    page.insert_text((40, page.rect.height - 8), EXCLUDE, fontsize=6, render_mode=3)
    # and invisible text on a page with no image beneath at all
    extra = doc.new_page(width=page.rect.width, height=page.rect.height)
    hide(doc, extra, EXCLUDE, "render_mode_3", (40, 100))
    extra.insert_text((40, 60), "Notes for members.", fontsize=10)
    data = doc.tobytes()
    read = read_pdf(data, "scan.pdf")
    words = [w.text for p in read.pages for w in p.words]
    assert "experimental." not in words and "infusions" not in words
    d = _verdict(data)
    assert d.verdict == _verdict(scan).verdict
    assert d.warnings and "hidden text" in d.warnings[0]
    assert json.loads(json.dumps(d.to_json()))["warnings"] == d.warnings
