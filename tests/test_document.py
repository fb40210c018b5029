"""PDF bytes -> Document: bad input, document facts, the SBC chart and lists, reading order,
text-layer quirks and OCR. Each test varies one thing and checks the reading does not move."""

from __future__ import annotations

import shutil
from pathlib import Path

import pdfbuild as B
import pytest

from policyeval.errors import DocumentError
from policyeval.find.findings import find
from policyeval.read.document import ReadLimits, read_path, read_pdf

HAS_TESSERACT = shutil.which("tesseract") is not None


def rows_of(doc) -> list[tuple[str, str, str, str, str]]:
    return [
        (
            r.section,
            r.service,
            r.cells.get("in_network", ""),
            r.cells.get("out_of_network", ""),
            r.cells.get("limitations", ""),
        )
        for p in doc.pages
        for r in p.rows
    ]


def expected_rows(rows: list[B.ChartRow], merges=()) -> list[tuple[str, str, str, str, str]]:
    out, section = [], ""
    for i, r in enumerate(rows):
        section = r.section or section
        lim = r.limitations
        for a, b in merges:
            if a < i <= b:
                lim = rows[a].limitations
        out.append((section, r.service, r.in_network, r.out_of_network, lim))
    return out


@pytest.fixture(scope="module")
def grid_sbc():
    return read_pdf(B.build_sbc(excluded=B.EXCLUDED, other_covered=B.OTHER_COVERED), "plan.pdf")


# =============================================================================== bad input
def _raises(data: bytes, fragment: str, name: str = "plan.pdf", **limits):
    with pytest.raises(DocumentError) as err:
        read_pdf(data, name, ReadLimits(**limits) if limits else None)
    msg = str(err.value)
    assert name in msg and fragment.lower() in msg.lower(), msg
    assert "\n" not in msg and "Traceback" not in msg
    return msg


def test_empty_file():
    _raises(b"", "empty")


def test_not_a_pdf():
    _raises(b"Dear member, here is your plan...\n" * 20, "not a PDF")


def test_png_renamed_to_pdf():
    _raises(B.png_image(), "PNG")


def test_truncated_pdf_is_damaged_not_half_read():
    data = B.build_sbc(excluded=B.EXCLUDED)
    _raises(B.truncated(data, 0.6), "damaged")


def test_encrypted_pdf():
    msg = _raises(B.encrypted(B.text_pages(1)), "password")
    assert "remove the password" in msg


def test_too_many_pages():
    _raises(B.text_pages(5), "too many pages", max_pages=3)


def test_too_large():
    _raises(B.text_pages(2), "too large", max_bytes=100)


def test_no_text_and_ocr_off():
    scan = B.image_only(B.text_pages(1), dpi=60)
    _raises(scan, "OCR", ocr=False)


def test_scan_without_tesseract(monkeypatch):
    import policyeval.read.ocr as ocr

    monkeypatch.setattr(ocr, "tesseract", lambda: None)
    msg = _raises(B.image_only(B.text_pages(1), dpi=60), "install tesseract-ocr")
    assert "scan" in msg


def test_time_limit():
    _raises(B.text_pages(3), "longer than", max_seconds=0.0)


def test_blank_document():
    _raises(B.blank_pages(2), "no text")


def test_read_path_errors(tmp_path: Path):
    with pytest.raises(DocumentError, match="missing.pdf.*not found"):
        read_path(tmp_path / "missing.pdf")
    with pytest.raises(DocumentError, match="folder"):
        read_path(tmp_path)
    f = tmp_path / "plan.pdf"
    f.write_bytes(B.text_pages(1))
    doc = read_path(f)
    assert doc.name == "plan.pdf" and doc.pages[0].words


def test_progress_is_reported():
    seen = []
    read_pdf(B.text_pages(3), "x.pdf", progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 3), (2, 3), (3, 3)]


# =============================================================================== document facts
def test_sbc_kind_title_and_bytes(grid_sbc):
    assert grid_sbc.kind == "sbc"
    assert grid_sbc.title == "Acme Health Plan: Gold PPO 500"
    assert grid_sbc.data[:4] == b"%PDF"
    assert grid_sbc.insurer == ""  # an insurer the lexicon does not know is not guessed


@pytest.mark.parametrize(
    "kind_line, kind",
    [
        ("Evidence of Coverage", "eoc"),
        ("Certificate of Coverage", "eoc"),
        ("Summary Plan Description", "eoc"),
        ("Clinical Policy Bulletin: Ketamine", "policy"),
        ("Medical Policy 087", "policy"),
        ("Coverage Policy Number 1234", "policy"),
        ("Member newsletter", "other"),
    ],
)
def test_document_kind(kind_line, kind):
    data = B.build_prose(["Some words about benefits and how to use them."], title="Acme Health", kind_line=kind_line)
    assert read_pdf(data, "d.pdf").kind == kind


@pytest.mark.parametrize(
    "insurer, iid",
    [
        ("Aetna Life Insurance Company", "aetna"),
        ("Blue Cross Blue Shield of Massachusetts", "bcbsma"),
        ("UnitedHealthcare", "uhc"),
        ("Cigna Healthcare", "cigna"),
    ],
)
def test_insurer_recognised(insurer, iid):
    """The reader leaves the carrier to `find` (find.insurer weighs every name the document prints)."""
    doc = read_pdf(B.build_sbc(insurer=insurer), "d.pdf")
    assert doc.insurer == ""
    find([doc])
    assert doc.insurer == iid


def test_running_header_and_page_numbers_removed():
    paras = [f"Paragraph {i} says something about covered services and your costs." for i in range(120)]
    doc = read_pdf(
        B.build_prose(paras, header="Acme Health Plan Evidence of Coverage 2026", page_numbers=True), "e.pdf"
    )
    assert len(doc.pages) >= 3
    assert "Acme Health Plan Evidence of Coverage 2026" in doc.pages[0].text  # kept once: it is the title
    for p in doc.pages[1:]:
        assert "Evidence of Coverage 2026" not in p.text
        assert f"Page {p.number}" not in p.text
    assert all(w.text != "Page" for p in doc.pages for w in p.words)


# =============================================================================== chart rows
@pytest.mark.parametrize("rulings", ["grid", "horizontal", "none"])
def test_chart_rows_same_under_any_rulings(rulings):
    rows = B.standard_rows()
    doc = read_pdf(B.build_sbc(rows, rulings=rulings), "sbc.pdf")
    assert rows_of(doc) == expected_rows(rows)


@pytest.mark.parametrize("font", sorted(B.FONTS))
def test_chart_rows_same_in_any_font(font):
    rows = B.standard_rows()
    assert rows_of(read_pdf(B.build_sbc(rows, font=font), "sbc.pdf")) == expected_rows(rows)


@pytest.mark.parametrize("widths", [(100, 130, 110, 110, 270), (150, 170, 130, 110, 160)])
def test_chart_rows_same_with_other_column_widths(widths):
    rows = B.standard_rows()
    assert rows_of(read_pdf(B.build_sbc(rows, widths=widths), "sbc.pdf")) == expected_rows(rows)


def test_wrapped_common_medical_event_header():
    rows = B.standard_rows()
    assert rows_of(read_pdf(B.build_sbc(rows, wrap_header=True), "sbc.pdf")) == expected_rows(rows)


@pytest.mark.parametrize("rulings", ["grid", "horizontal"])
def test_merged_limitations_cell_applies_to_each_row(rulings):
    rows = B.standard_rows()
    rows[2].limitations = "Prior authorization is required for select drugs. Step therapy may apply."
    doc = read_pdf(B.build_sbc(rows, rulings=rulings, merge_limitations=[(2, 3)]), "sbc.pdf")
    got = rows_of(doc)
    assert got == expected_rows(rows, merges=[(2, 3)])
    assert got[3][4].startswith("Prior authorization")


def test_row_continues_across_page_break_with_repeated_header():
    rows = B.standard_rows()
    rows.insert(
        6, B.ChartRow("", "", "(continued) $15 for group visits", "", "Limited to 20 visits", page_break_before=True)
    )
    doc = read_pdf(B.build_sbc(rows, wrap_header=True), "sbc.pdf")
    cont = [r for p in doc.pages for r in p.rows if r.continued]
    assert len(cont) == 1 and cont[0].page == 2
    assert cont[0].service == "Outpatient services" and cont[0].section == B.MH
    assert "group visits" in cont[0].cells["in_network"]
    # the page-2 rows keep the Common Medical Event of page 1
    assert doc.pages[1].rows[1].service == "Inpatient services" and doc.pages[1].rows[1].section == B.MH


def test_row_cell_words_are_page_words(grid_sbc):
    page = grid_sbc.pages[0]
    ids = {id(w) for w in page.words}
    for r in page.rows:
        for ws in r.cell_words.values():
            assert all(id(w) in ids for w in ws)
        assert " ".join(w.text for w in r.cell_words["service"]) == r.service


# =============================================================================== lists
@pytest.mark.parametrize("columns", [1, 2, 3])
def test_excluded_box_in_any_number_of_columns(columns):
    doc = read_pdf(B.build_sbc(excluded=B.EXCLUDED, other_covered=B.OTHER_COVERED, excluded_columns=columns), "sbc.pdf")
    lists = [lb for p in doc.pages for lb in p.lists]  # a box may run on to the next page
    items = {
        role: sorted(t for lb in lists if lb.role == role for t, _ in lb.items)
        for role in ("excluded", "other_covered")
    }
    assert items == {"excluded": sorted(B.EXCLUDED), "other_covered": sorted(B.OTHER_COVERED)}
    assert lists[0].heading.startswith("Services Your Plan Generally Does NOT Cover")
    text = "\n".join(p.text for p in doc.pages)
    assert text.count("Weight loss programs") == 1


@pytest.mark.parametrize("bullet", ["•", "-", "\uf0b7"])
def test_excluded_box_bullet_glyphs(bullet):
    doc = read_pdf(B.build_sbc(excluded=B.EXCLUDED, bullet=bullet if bullet != "\uf0b7" else "•"), "sbc.pdf")
    items = [t for p in doc.pages for lb in p.lists for t, _ in lb.items]
    assert sorted(items) == sorted(B.EXCLUDED)


# =============================================================================== prose
CLAUSE = (
    "Ketamine infusions for treatment-resistant depression require prior authorization from "
    "the plan before the first treatment session."
)


def test_two_columns_read_column_by_column():
    left = [f"Left column sentence number {i} about acupuncture benefits." for i in range(14)]
    right = [f"Right column sentence number {i} about hearing aid benefits." for i in range(14)]
    doc = read_pdf(B.build_prose(left + right, columns=2, width=468), "eoc.pdf")
    text = doc.pages[0].text
    positions = [text.index(f"Left column sentence number {i} ") for i in range(14)]
    assert positions == sorted(positions)
    assert text.index("Left column sentence number 13") < text.index("Right column sentence number 0")


@pytest.mark.parametrize(
    "quirk",
    [
        dict(spaceless=True),
        dict(duplicate=True),
        dict(hyphenate=True, width=150),
        dict(soft_hyphens=True, hyphenate=True, width=150),
        dict(font="dejavu"),
    ],
)
def test_text_layer_quirks_keep_the_words(quirk):
    doc = read_pdf(B.build_prose([CLAUSE], **quirk), "p.pdf")
    words = [w.text for w in doc.pages[0].words]
    joined = " ".join(words).replace("- ", "-").replace("\u00ad ", "")
    for needle in ("Ketamine", "infusions", "prior", "authorization", "plan"):
        assert needle in joined
    if quirk.get("duplicate"):
        assert words.count("Ketamine") == 1


@pytest.mark.parametrize("gap", [-80, -100, -150, -300])
def test_words_placed_without_space_characters(gap):
    doc = read_pdf(
        B.tj_line("Ketamine infusions for treatment-resistant depression require prior authorization.", gap), "tj.pdf"
    )
    assert [w.text for w in doc.pages[0].words] == [
        "Ketamine",
        "infusions",
        "for",
        "treatment-resistant",
        "depression",
        "require",
        "prior",
        "authorization.",
    ]


def test_rotated_page_reads_upright():
    data = B.build_sbc(excluded=B.EXCLUDED)
    rot = B.rotated_upright(data)
    doc = read_pdf(rot, "rot.pdf")
    assert doc.pages[0].width > doc.pages[0].height
    assert rows_of(doc) == rows_of(read_pdf(data, "x.pdf"))


# =============================================================================== OCR
@pytest.mark.skipif(not HAS_TESSERACT, reason="tesseract is not installed")
def test_scanned_sbc_page_gives_the_same_rows_and_findings():
    rows = [
        B.ChartRow(B.DRUGS, "Generic drugs", "$10 copay", "Not covered", "None"),
        B.ChartRow(
            "",
            "Specialty drugs",
            "20% coinsurance",
            "Not covered",
            "Prior authorization required. Includes Spravato nasal spray.",
        ),
        B.ChartRow(B.MH, "Outpatient services", "$30 copay", "40% coinsurance", "None"),
    ]
    text_pdf = B.build_sbc(
        rows, size=10, widths=(130, 150, 120, 120, 200), running_header=False, page_numbers=False, insurer="Cigna"
    )
    doc = read_pdf(B.image_only(text_pdf, dpi=200), "scan.pdf")
    page = doc.pages[0]
    find([doc])
    assert page.ocr and doc.kind == "sbc" and doc.insurer == "cigna"
    assert [r.service for r in page.rows] == ["Generic drugs", "Specialty drugs", "Outpatient services"]
    assert page.rows[1].cells["limitations"].startswith("Prior authorization required.")

    def facts(d):
        return sorted((f.concept, sorted(f.modifiers), f.evidence.row) for f in find([d]) if f.kind != "condition")

    scanned = find([doc])
    assert facts(doc) == facts(read_pdf(text_pdf, "text.pdf"))
    assert all(f.evidence.ocr for f in scanned)


@pytest.mark.slow
@pytest.mark.skipif(not HAS_TESSERACT, reason="tesseract is not installed")
def test_crooked_scan_is_straightened():
    rows = [
        B.ChartRow(B.DRUGS, "Generic drugs", "$10 copay", "Not covered", "None"),
        B.ChartRow("", "Specialty drugs", "20% coinsurance", "Not covered", "Prior authorization required."),
        B.ChartRow(B.MH, "Outpatient services", "$30 copay", "40% coinsurance", "None"),
    ]
    text_pdf = B.build_sbc(rows, size=10, widths=(130, 150, 120, 120, 200), running_header=False, page_numbers=False)
    doc = read_pdf(B.skewed_scan(text_pdf, degrees=0.8), "crooked.pdf")
    page = doc.pages[0]
    assert [r.service for r in page.rows] == ["Generic drugs", "Specialty drugs", "Outpatient services"]
    assert page.rows[1].cells["limitations"] == "Prior authorization required."
    # evidence boxes stay on the printed (crooked) words
    spec = page.rows[1].cell_words["service"][0]
    assert spec.text == "Specialty" and 0 < spec.bbox[0] < page.width
