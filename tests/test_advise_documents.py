"""What the patient is told about their documents, the deciding passages, the one-page PDF, the wording's
one home, and the before/after comparison."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from policyeval.advise import compare, documents, labels, printable, report
from policyeval.models import CriterionResult, Decision, Document, Evidence, Finding, Page

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "sbc01_named_pa.pdf"


def _doc(name, kind="sbc", insurer="", year="", detail=""):
    return Document(name, kind, [Page(1, 612, 792, "", [])], insurer=insurer, plan_year=year, kind_detail=detail)


def test_upload_problems_before_reading():
    assert "limit is 20 MB" in documents.upload_problem("big.pdf", b"%PDF-1.7" + b"0" * (20 * 1024 * 1024 + 1))
    assert "not a PDF" in documents.upload_problem("photo.pdf", b"\x89PNG\r\n\x1a\n....")
    assert "empty" in documents.upload_problem("none.pdf", b"")
    assert documents.upload_problem("plan.pdf", b"%PDF-1.7\n...") == ""
    assert documents.read_limits().max_bytes == documents.MAX_UPLOAD_MB * 1024 * 1024


def test_the_upload_cap_is_one_number():
    """Streamlit's server cap (.streamlit/config.toml) and the app's own are the same number."""
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] == documents.MAX_UPLOAD_MB


def test_warnings_name_a_non_medical_document_and_mixed_insurers_and_years():
    docs = [
        _doc("sbc.pdf", insurer="aetna", year="2025"),
        _doc("policy.pdf", "policy", insurer="cigna", year="2026"),
        _doc("teeth.pdf", "non_medical", detail="dental plan"),
    ]
    found = {w.kind: w.text for w in documents.document_warnings(docs)}
    assert "teeth.pdf is a dental plan document" in found["non_medical"]
    assert "Aetna" in found["insurers"] and "Cigna" in found["insurers"]
    assert "2025" in found["plan_years"] and "2026" in found["plan_years"]
    same = [_doc("a.pdf", insurer="aetna", year="2025"), _doc("b.pdf", "eoc", insurer="aetna", year="2025")]
    assert documents.document_warnings(same) == []


def test_recognised_insurer_prefers_the_primary_carrier_and_ignores_pbms():
    def named(concept, mods=()):
        return Finding(concept, "insurer", Evidence("sbc.pdf", 1, concept), frozenset(mods))

    found = [named("caremark", {"pbm"})] * 3 + [named("uhc"), named("aetna", {"primary"})]
    assert documents.recognised_insurer([_doc("sbc.pdf")], found) == "aetna"
    assert documents.recognised_insurer([_doc("sbc.pdf", insurer="cigna")], found) == "cigna"


@pytest.mark.parametrize(
    "quote, furniture",
    [
        ("www.harborstonehealth.com/rx", True),
        ("Questions? Call 1-800-555-0199 or visit www.example.com", True),
        ("Member Services: (800) 555-0100", True),
        ("Harborstone Health", True),
        ("Specialty drugs (Tier 4) | 20% coinsurance | Prior authorization required", False),
        ("Ketamine infusion therapy for depression is experimental and not covered.", False),
    ],
)
def test_furniture_is_never_a_deciding_passage(quote, furniture):
    assert documents.is_furniture(quote) is furniture


def test_deciding_passages_leave_out_where_the_insurer_is_merely_named():
    named = Evidence("sbc.pdf", 1, "Aetna Life Insurance Company covers these benefits for members of this plan")
    row = Evidence("sbc.pdf", 2, "Specialty drugs | 20% coinsurance | Preauthorization required")
    d = Decision("esketamine_nasal", "pa_required", "insurer_policy", "", evidence=[named, row])
    passages = documents.deciding_passages(d, [Finding("aetna", "insurer", named)])
    assert passages == [row]
    assert documents.alt_text(row).startswith("Page 2 of sbc.pdf, with these words boxed in red")


def test_wording_has_one_home():
    """The CLI, the Markdown and the letter use labels' words; no module keeps its own copy."""
    import policyeval.advise.appeal as appeal_mod

    assert report.VERDICT_TITLES is labels.VERDICT_TITLES
    assert appeal_mod.treatment_name is labels.treatment_name
    for path in (ROOT / "src" / "policyeval" / "advise").glob("*.py"):
        if path.name != "labels.py":
            text = path.read_text()
            assert "Covered only with prior authorization" not in text, path.name
            assert '"esketamine_nasal": "Spravato' not in text, path.name


def test_markdown_download_carries_no_codes():
    d = Decision(
        "esketamine_nasal",
        "pa_required",
        "explicit",
        "The plan names it with prior authorization.",
        evidence=[Evidence("sbc.pdf", 2, "Spravato | Prior authorization required")],
        criteria=[CriterionResult("min_age", "Age 18 or older", "met")],
        rule="named_pa",
    )
    md = report.decision_markdown(d, basis="your plan says so")
    assert "pa_required" not in md and "named_pa" not in md and "explicit" not in md and "min_age" not in md
    assert "Covered only with prior authorization" in md and "your plan says so" in md


def test_glossary_is_found_where_its_terms_appear():
    found = labels.glossary_for("Precertification is needed; 20% coinsurance after the deductible at a REMS site")
    assert {"prior authorization", "coinsurance", "deductible", "REMS"} <= set(found)
    assert labels.glossary_for("nothing to explain here") == {}


def _pdf_text(data: bytes) -> tuple[int, str]:
    import pymupdf  # the test reads the PDF back; the package itself makes it with reportlab

    doc = pymupdf.open(stream=data, filetype="pdf")
    try:
        return doc.page_count, "".join(p.get_text() for p in doc)
    finally:
        doc.close()


def test_the_printable_summary_is_one_page_in_plain_words():
    import policyeval

    if not SAMPLE.is_file():
        pytest.skip("samples not generated")
    prof = {"treatment": "esketamine_nasal", "age": 40, "diagnoses": ["F33.2"], "provider_in_network": True}
    r = policyeval.evaluate([SAMPLE], prof)
    ev = r.decision.evidence[0]
    contact = Finding(
        "precertification", "contact", Evidence(ev.document, 5, "Call 1-888-555-0142"), value="1-888-555-0142"
    )
    data = printable.summary_pdf(r.decision, [*r.findings, contact], r.documents, policyeval.profile_from_dict(prof))
    pages, text = _pdf_text(data)
    assert pages == 1
    flat = " ".join(text.split())
    assert labels.headline(r.decision.verdict) in flat
    assert "1-888-555-0142" in flat  # whom to call, with the number the documents give
    assert "Appeal letter draft" in flat and "What to ask" in flat
    assert r.decision.verdict not in flat and r.decision.rule not in flat  # no codes
    assert not [c.name for c in r.decision.criteria if "_" in c.name and c.name in flat]
    import pymupdf

    doc = pymupdf.open(stream=data, filetype="pdf")
    assert doc[0].get_images(), "the deciding page's image is on the summary"
    doc.close()
    assert io.BytesIO(data).getvalue()[:5] == b"%PDF-"


def test_before_after_comparison():
    import policyeval

    if not SAMPLE.is_file():
        pytest.skip("samples not generated")
    text, _docs = policyeval.plan_from_inputs([SAMPLE])
    profile = policyeval.profile_from_dict({"treatment": "esketamine_nasal", "provider_in_network": True})
    shipped = compare.shipped_rule_texts()
    assert next(iter(shipped)) == "rules/default.policy"
    before = policyeval.load_rules()
    edited = dict(shipped)
    edited["rules/default.policy"] = edited["rules/default.policy"].replace("then pa_required", "then unknown")
    assert compare.check_rule_texts(edited) == [] or all(
        d.severity != "error" for d in compare.check_rule_texts(edited)
    )
    after = compare.rules_from_texts(edited)
    cases = [compare.Case("one", text, profile, "pa_required / explicit"), compare.Case("two", "", profile)]
    changes = compare.compare(cases, before, after)
    one = next(c for c in changes if c.case == "one")
    assert one.before.startswith("pa_required") and one.after.startswith("unknown") and one.changed
    assert changes[0].case == "one"  # changed cases first
    assert one.row()["after matches expected"] == "NO"
    same = compare.compare(cases, before, before)
    assert not any(c.changed for c in same)
