"""Seven real SBCs (../shared/real-sbc, not in this repository): the findings must support each
manifest case's expected answer under the default policy. Skipped when the folder is absent."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from policyeval.find.findings import find
from policyeval.read.document import read_path

REAL = Path(__file__).resolve().parent.parent.parent / "shared" / "real-sbc"
pytestmark = pytest.mark.skipif(not (REAL / "manifest.yaml").exists(), reason="../shared/real-sbc is absent")

CATEGORIES = {
    "iv_ketamine": {"infusion_therapy"},
    "esketamine_nasal": {"specialty_drugs", "prescription_drugs", "mh_outpatient"},
}


def _cases():
    if not (REAL / "manifest.yaml").exists():
        return []
    manifest = yaml.safe_load((REAL / "manifest.yaml").read_text(encoding="utf-8"))
    return [
        pytest.param(case, prof, id=f"{case['id']}-{prof['name']}")
        for case in manifest["cases"]
        for prof in case["profiles"]
    ]


_cache: dict[str, tuple] = {}


def _read(pdf: str):
    if pdf not in _cache:
        doc = read_path(REAL / pdf)
        _cache[pdf] = (doc, find([doc]))
    return _cache[pdf]


@pytest.mark.parametrize("case, profile", _cases())
def test_findings_support_the_expected_answer(case, profile):
    doc, findings = _read(case["pdf"])
    assert doc.kind == "sbc"
    treatment = profile["profile"]["treatment"]
    expect = profile["expect"]
    named = [f for f in findings if f.concept == treatment]
    generic = [f for f in findings if f.concept == "experimental_services" and "excluded" in f.modifiers]
    category_pa = [
        f
        for f in findings
        if f.concept in CATEGORIES[treatment]
        and "prior_authorization" in f.modifiers
        and _holds_for(f, profile["profile"])
    ]
    assert not named, "real SBCs never name ketamine or Spravato"
    assert not generic, "none of these SBCs has an experimental exclusion"
    if expect["verdict"] == "pa_required":
        assert expect["basis"] == "inferred"
        pages = {f.evidence.page for f in category_pa}
        assert pages & set(expect["pages"]), (pages, expect["pages"])
    else:
        assert not category_pa, [(f.concept, f.evidence.page, f.evidence.quote[:80]) for f in category_pa]


def _holds_for(f, profile: dict) -> bool:
    """A statement whose network scope excludes the patient (PA asked of out-of-network providers only,
    an in-network patient) does not speak for them."""
    network = f.scope.network
    if not network or profile.get("provider_in_network") is None:
        return True
    return (network == "in_network") == bool(profile["provider_in_network"])


@pytest.mark.parametrize(
    "pdf, insurer",
    [
        ("BlueCross_Aetna.pdf", "aetna"),
        ("BlueCross_BlueShield.pdf", "blueshieldca"),
        ("BlueCross_CalChoice.pdf", "healthnet"),
        ("BlueCross_PPO.pdf", "anthem"),
        ("BlueCross_UHC.pdf", "uhc"),
        ("TextBox_Anthem.pdf", "anthem"),
    ],
)
def test_insurer_recognised_even_from_a_url(pdf, insurer):
    """The document's own carrier is the one primary carrier; other names it prints (the BlueCard
    network's web address, a partner) are kept as plain mentions and never become the carrier."""
    doc, findings = _read(pdf)
    assert doc.insurer == insurer
    carriers = [f for f in findings if f.kind == "insurer"]
    assert [f.concept for f in carriers if "primary" in f.modifiers] == [insurer]
    assert all(f.concept == insurer for f in carriers if "primary" in f.modifiers or "pbm" in f.modifiers)


def test_merged_limitations_cell_spans_its_rows():
    doc, _ = _read("BlueCross_Aetna.pdf")
    rows = {r.service: r for r in doc.pages[2].rows}
    for service in (
        "Preferred generic drugs",
        "Preferred brand drugs",
        "Non-preferred generic, brand and specialty drugs",
    ):
        assert "Precertification and step therapy required" in rows[service].cells["limitations"]
    assert "Precertification" not in rows["Preferred specialty drugs"].cells["limitations"]


def test_row_split_over_a_page_break():
    doc, _ = _read("TextBox_Anthem.pdf")
    first = doc.pages[4].rows[0]
    assert first.continued and first.service == "Mental/Behavioral health outpatient services"
    assert "Facility Charges" in first.cells["in_network"]


def test_chart_continued_on_a_page_without_its_header():
    doc, _ = _read("TextBox_SeeChange.pdf")
    assert [r.service for r in doc.pages[3].rows][:2] == ["Home health care", "Rehabilitation services"]


def test_rotated_pages_read_upright():
    doc, _ = _read("BlueCross_UHC.pdf")
    assert doc.title == "SignatureValue HBB/2R"
    assert any(r.service == "Specialist visit" for r in doc.pages[1].rows)
