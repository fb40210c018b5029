"""The Streamlit app through streamlit.testing's AppTest: each page's main paths, without a browser."""

from __future__ import annotations

import logging
import re
import sys
from pathlib import Path

import pytest

pytest.importorskip("streamlit")
from conftest import opened_for_writing  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

import policyeval  # noqa: E402
from policyeval.advise.labels import VERDICT_HEADLINES, VERDICT_TITLES  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app" / "main.py")
SAMPLES = ROOT / "samples"
MANIFEST = SAMPLES / "manifest.yaml"
HEADLINES = VERDICT_HEADLINES
assert set(HEADLINES) == set(VERDICT_TITLES)
TIMEOUT = 120


def _app(monkeypatch, sample: str | None = None) -> AppTest:
    if sample is None:
        monkeypatch.delenv("POLICYEVAL_SAMPLE", raising=False)
    else:
        monkeypatch.setenv("POLICYEVAL_SAMPLE", sample)
    return AppTest.from_file(APP, default_timeout=TIMEOUT)


def _no_failures(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def _verdict(at: AppTest) -> str:
    found = [m.value for m in at.markdown if "class='verdict verdict-" in m.value]
    assert found, "no verdict banner on the page"
    return re.search(r"verdict-(\w+)", found[0]).group(1)


def _text(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def _sample_pdfs() -> list[Path]:
    # medical plans first: a dental or other non-medical sample rightly opens on "not your medical plan"
    pdfs = sorted(SAMPLES.glob("*.pdf"), key=lambda p: (p.name.startswith(("dental", "vision")), p.name))
    if not pdfs:
        pytest.skip("no sample PDFs yet")
    return pdfs


def _first_case():
    if not MANIFEST.is_file():
        return None
    from policyeval.tools.qa import load_manifest

    cases = load_manifest(MANIFEST)
    return cases[0] if cases else None


# ------------------------------------------------------------------------------------------ patients
def test_opens_on_a_sample_with_a_verdict_before_any_upload(monkeypatch):
    pdf = _sample_pdfs()[0]
    at = _app(monkeypatch, f"samples/{pdf.name}").run()
    _no_failures(at)
    assert not at.error, [e.value for e in at.error]
    key = at.selectbox(key="pf_sample").value
    assert key.endswith(pdf.name) or pdf.name in key or key.startswith("case:")
    verdict = _verdict(at)
    # The banner says what the pipeline decides for the same documents and answers.
    docs, prof = _sample_inputs(at)
    expected = policyeval.evaluate(docs, prof).decision
    assert verdict == expected.verdict
    text = _text(at)
    assert HEADLINES[verdict] in text
    assert "How we know:" in text
    assert "Nothing is written to disk" in text  # privacy stated on the page
    assert "up to 20 MB and 300 pages" in at.get("file_uploader")[0].proto.label
    assert "What it may cost" in [h.value for h in at.header]
    assert any(b.label.startswith("Download summary") for b in at.get("download_button"))


def _sample_inputs(at: AppTest):
    """The documents and profile the app is evaluating, from its own state."""
    key = at.session_state["pf_sample"]
    kind, name = key.split(":", 1)
    if kind == "file":
        docs = [SAMPLES / name]
    else:
        from policyeval.tools.qa import load_manifest

        docs = next(c.documents for c in load_manifest(MANIFEST) if c.id == name)
    return docs, at.session_state["last_profile"]


def test_default_sample_is_first_manifest_case(monkeypatch):
    case = _first_case()
    if case is None:
        pytest.skip("no samples manifest yet")
    at = _app(monkeypatch, None).run()
    _no_failures(at)
    assert at.selectbox(key="pf_sample").value == f"case:{case.id}"
    verdict = _verdict(at)
    assert verdict == policyeval.evaluate(case.documents, case.profile).decision.verdict
    labels = [b.label for b in at.get("download_button")]
    expanders = [e.label for e in at.expander]
    if verdict == "experimental_exclusion":
        assert "How to appeal" in expanders
        letter = at.text_area(key="letter_experimental_exclusion").value
        assert "Request for internal appeal" in letter and "[member ID]" in letter
        assert "Download the letter (.txt)" in labels
    assert "Questions to ask your insurer on the phone" in expanders


def test_picking_another_sample_changes_documents_and_answers(monkeypatch):
    pdfs = _sample_pdfs()
    at = _app(monkeypatch, f"samples/{pdfs[0].name}").run()
    options = at.selectbox(key="pf_sample").options
    if len(options) < 2:
        pytest.skip("one sample only")
    at.selectbox(key="pf_sample").select_index(len(options) - 1).run()
    _no_failures(at)
    assert not at.error, [e.value for e in at.error]
    assert _verdict(at) in HEADLINES
    assert "Read: " in "\n".join(c.value for c in at.caption)


@pytest.mark.parametrize(
    "case_id, words",
    [
        ("sbc05-iv-infusion-row-pa", "inferred from your plan's rules for infusion therapy"),
        ("sbc05-esk-specialty-pa", "inferred from your plan's rules for specialty drugs"),
        ("sbc15-iv-named-in-excluded-box", "your plan says so"),
        ("sbc07-aetna-iv-cpb0938", "your insurer's policy"),
        ("sbc10-iv-silent", "your documents don't say"),
    ],
)
def test_basis_in_plain_words(monkeypatch, case_id, words):
    if not MANIFEST.is_file() or case_id not in {c.id for c in load_manifest_cases()}:
        pytest.skip(f"no sample case {case_id}")
    at = _app(monkeypatch).run()
    at.selectbox(key="pf_sample").set_value(f"case:{case_id}").run()
    _no_failures(at)
    banner = next(m.value for m in at.markdown if "class='verdict verdict-" in m.value)
    case = next(c for c in load_manifest_cases() if c.id == case_id)
    d = policyeval.evaluate(case.documents, case.profile).decision
    assert f"verdict-{d.verdict}" in banner
    if (d.verdict, d.basis) == (case.expect["verdict"], case.expect["basis"]):
        assert words.replace("'", "&#x27;") in banner, banner


def load_manifest_cases():
    from policyeval.tools.qa import load_manifest

    return load_manifest(MANIFEST)


def test_bad_file_gets_a_plain_message(monkeypatch):
    _sample_pdfs()
    at = _app(monkeypatch).run()
    at.file_uploader(key="uploads").set_value(("broken.pdf", b"this is not a PDF at all", "application/pdf")).run()
    _no_failures(at)
    errors = [e.value for e in at.error]
    assert errors and errors[0].startswith("We could not use your upload")
    assert "broken.pdf" in errors[0] and "not a PDF" in errors[0]
    assert "Traceback" not in errors[0]
    assert not [m for m in at.markdown if "class='verdict verdict-" in m.value]


def test_too_large_a_file_is_refused_before_reading(monkeypatch):
    _sample_pdfs()
    at = _app(monkeypatch).run()
    big = b"%PDF-1.7\n" + b"0" * (20 * 1024 * 1024 + 10)
    at.file_uploader(key="uploads").set_value(("huge.pdf", big, "application/pdf")).run()
    _no_failures(at)
    errors = [e.value for e in at.error]
    assert any("huge.pdf" in e and "limit is 20 MB" in e for e in errors), errors


def test_too_many_pages_is_a_plain_message(monkeypatch):
    import pymupdf

    _sample_pdfs()
    doc = pymupdf.open()
    for _ in range(301):
        doc.new_page(width=200, height=200)
    data = doc.tobytes()
    doc.close()
    at = _app(monkeypatch).run()
    at.file_uploader(key="uploads").set_value(("long.pdf", data, "application/pdf")).run()
    _no_failures(at)
    errors = [e.value for e in at.error]
    assert errors and errors[0].startswith("We could not read your documents") and "300" in errors[0], errors


def test_upload_a_sample_pdf_and_fill_the_profile(monkeypatch):
    pdf = _sample_pdfs()[0]
    at = _app(monkeypatch).run()
    at.file_uploader(key="uploads").set_value((pdf.name, pdf.read_bytes(), "application/pdf")).run()
    at.radio(key="pf_treatment").set_value("esketamine_nasal").run()
    at.number_input(key="pf_age").set_value(42)
    at.number_input(key="pf_failed").set_value(2)
    at.multiselect(key="pf_diagnoses").set_value(["F33.2", "treatment-resistant depression"])
    at.number_input(key="pf_score").set_value(19)
    at.radio(key="pf_rems").set_value("yes")
    at.run()
    _no_failures(at)
    assert not at.error, [e.value for e in at.error]
    prof = {
        "treatment": "esketamine_nasal",
        "age": 42,
        "failed_antidepressant_trials": 2,
        "diagnoses": ["F33.2", "treatment-resistant depression"],
        "scores": {"PHQ-9": 19},
        "rems_certified_site": True,
    }
    expected = policyeval.evaluate([pdf], prof).decision
    assert _verdict(at) == expected.verdict
    text = _text(at)
    for e in expected.evidence[:3]:
        assert f"page {e.page}" in text
    if expected.evidence and expected.evidence[0].bboxes:
        figures = [h.proto.body for h in at.get("html") if h.proto.body.startswith("<figure")]
        assert figures, "the deciding page is drawn"
        assert all("alt='Page " in f or "alt='The whole of page" in f for f in figures)  # alt text on every image
    if expected.criteria:
        assert "Prior-authorization checklist" in [h.value for h in at.subheader]
        for c in expected.criteria:
            assert c.description.split("{")[0][:20] in text


def test_profile_answers_reach_the_decision(monkeypatch):
    pdf = _sample_pdfs()[0]
    at = _app(monkeypatch).run()
    at.file_uploader(key="uploads").set_value((pdf.name, pdf.read_bytes(), "application/pdf")).run()
    at.radio(key="pf_treatment").set_value("iv_ketamine").run()
    _no_failures(at)
    assert (
        "IV ketamine" in "\n".join(m.value for m in at.markdown if "verdict-" in m.value) or _verdict(at) in HEADLINES
    )
    # REMS applies to Spravato only: the question disappears for IV ketamine.
    assert not [r for r in at.radio if r.key == "pf_rems"]


_WRITES: list[list[str]] = []
_HOOKED: list[bool] = []


def _audit(event, args):
    """Every open-for-writing, from any thread (the app runs in its own script thread)."""
    path = opened_for_writing(event, args) if _WRITES else None
    if path:
        _WRITES[-1].append(path)


def test_nothing_written_to_disk_or_logs(monkeypatch, caplog):
    pdf = _sample_pdfs()[0]
    if not _HOOKED:
        sys.addaudithook(_audit)  # cannot be removed; inert while _WRITES is empty
        _HOOKED.append(True)
    at = _app(monkeypatch).run()
    caplog.set_level(logging.DEBUG)
    _WRITES.append([])
    try:
        at.file_uploader(key="uploads").set_value(("my own plan.pdf", pdf.read_bytes(), "application/pdf")).run()
        at.number_input(key="pf_age").set_value(37)
        at.multiselect(key="pf_diagnoses").set_value(["F33.2", "zz-marker-diagnosis"])
        at.run()
    finally:
        writes = _WRITES.pop()
    _no_failures(at)
    assert _verdict(at) in HEADLINES
    assert not writes, f"the app opened files for writing: {writes}"
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "zz-marker-diagnosis" not in logged and "my own plan" not in logged


# ------------------------------------------------------------------------------------------ rule authors
def _rules_page(monkeypatch) -> AppTest:
    at = _app(monkeypatch).run()
    at.radio(key="page").set_value("Rule authors").run()
    _no_failures(at)
    return at


def test_rule_page_shows_the_files_and_checks_them(monkeypatch):
    at = _rules_page(monkeypatch)
    assert "rules/default.policy" in at.selectbox(key="rule_file").options
    assert any("No errors" in s.value for s in at.success)
    assert at.text_area(key=f"ed::{at.selectbox(key='rule_file').value}").value.strip()


def test_rule_edit_with_an_error_shows_line_and_column(monkeypatch):
    at = _rules_page(monkeypatch)
    at.selectbox(key="rule_file").set_value("rules/default.policy").run()
    ed = at.text_area(key="ed::rules/default.policy")
    lines = ed.value.splitlines()
    n = next(i for i, line in enumerate(lines) if line.strip().startswith("priority"))
    col = lines[n].index("priority") + len("priority ") + 1
    lines[n] = lines[n].replace("priority ", "priority eight", 1)
    ed.set_value("\n".join(lines) + "\n").run()
    _no_failures(at)
    shown = "\n".join(e.value for e in at.error) + "\n".join(c.value for c in at.code)
    assert f"rules/default.policy:{n + 1}:" in shown, shown
    m = re.search(rf"rules/default\.policy:{n + 1}:(\d+)", shown)
    assert m and abs(int(m.group(1)) - col) <= len("eight"), shown
    assert "^" in "\n".join(c.value for c in at.code)  # caret under the culprit
    assert not [t for t in at.table]  # nothing is run with broken rules


def test_rule_edit_changes_verdicts_before_after(monkeypatch):
    if _first_case() is None:
        pytest.skip("no samples manifest yet")
    at = _rules_page(monkeypatch)
    at.selectbox(key="rule_file").set_value("rules/default.policy").run()
    ed = at.text_area(key="ed::rules/default.policy")
    # Drop the catch-all's priority below everything and make every rule 'unknown': verdicts change.
    text = re.sub(r"then (covered|pa_required|experimental_exclusion) basis \w+", "then unknown basis none", ed.value)
    ed.set_value(text).run()
    _no_failures(at)
    assert not at.error, [e.value for e in at.error]
    tables = [t.value for t in at.table]
    assert len(tables) >= 2
    before_after = tables[-1]
    assert {"case", "before", "after", "changed"} <= set(before_after.columns)
    assert (before_after["changed"] == "CHANGED").any()
    assert at.get("download_button")


# ------------------------------------------------------------------------------------------ QA
def test_qa_page_runs_the_manifest(monkeypatch):
    if _first_case() is None:
        pytest.skip("no samples manifest yet")
    at = _app(monkeypatch).run()
    at.radio(key="page").set_value("QA").run()
    _no_failures(at)
    next(b for b in at.button if b.label == "Run all samples").click().run()
    _no_failures(at)
    table = at.table[0].value
    assert list(table.columns)[:5] == ["case", "expected", "actual", "basis", "pass"]
    passes = list(table["pass"])
    assert passes == sorted(passes, key=lambda p: p != "FAIL")  # failures first
    assert "Rule coverage" in [h.value for h in at.header]
    labels = [b.label for b in at.get("download_button")]
    assert "Download report (JSON)" in labels and "Download report (JUnit XML)" in labels


def test_rule_format_button_and_revert(monkeypatch):
    at = _rules_page(monkeypatch)
    at.selectbox(key="rule_file").set_value("rules/default.policy").run()
    original = at.text_area(key="ed::rules/default.policy").value
    messy = original.replace("priority 800", "priority      800", 1)
    assert messy != original
    at.text_area(key="ed::rules/default.policy").set_value(messy).run()
    next(b for b in at.button if b.label == "Format").click().run()
    _no_failures(at)
    assert "priority      800" not in at.text_area(key="ed::rules/default.policy").value
    at.text_area(key="ed::rules/default.policy").set_value(original + "\n# my note\n").run()
    next(b for b in at.button if b.label == "Revert this file").click().run()
    assert at.text_area(key="ed::rules/default.policy").value == original


# ------------------------------------------------------------------------------------------ issue 12
def test_first_screen_is_labelled_an_example_until_an_upload(monkeypatch):
    pdf = _sample_pdfs()[0]
    at = _app(monkeypatch).run()
    _no_failures(at)
    banner = next(m.value for m in at.markdown if "class='verdict verdict-" in m.value)
    assert "Example answer for a sample plan" in banner and "Your plan" not in banner
    assert "This is an example: a sample plan and a sample patient, not you" in _text(at)
    assert "Example answer" in [h.value for h in at.header]
    at.file_uploader(key="uploads").set_value((pdf.name, pdf.read_bytes(), "application/pdf")).run()
    _no_failures(at)
    banner = next(m.value for m in at.markdown if "class='verdict verdict-" in m.value)
    assert "Example" not in banner and "This is an example" not in _text(at)
    assert "Your answer" in [h.value for h in at.header]
    assert "See your answer" in _text(at) and "Skip to your answer" in _text(at)


def test_document_text_never_becomes_a_link(monkeypatch):
    at = _app(monkeypatch).run()
    _no_failures(at)
    quotes = [m.value for m in at.markdown if "class='quote'" in m.value]
    assert quotes
    for q in quotes:
        assert "<a " not in q and "](" not in q and "http" not in q.split("</span>")[0].lower().replace("&#x27;", "")


def test_costs_come_from_the_plans_own_cell(monkeypatch):
    pdf = SAMPLES / "sbc01_named_pa.pdf"
    if not pdf.is_file():
        pytest.skip("samples not generated")
    at = _app(monkeypatch, "samples/sbc01_named_pa.pdf").run()
    _no_failures(at)
    r = policyeval.evaluate([pdf], at.session_state["last_profile"])
    from policyeval.advise.costs import estimate

    est = estimate(r.decision, r.findings)
    assert est.row is not None, "the sample's specialty-drug row prices Spravato"
    text = _text(at)
    assert est.row.in_network.describe() in text.replace("\\", "")
    tables = [t.value for t in at.table]
    assert any(list(t.columns) == ["What", "Cost"] for t in tables)  # the chart's text alternative


def test_insurer_found_in_the_documents_shows_in_the_dropdown(monkeypatch):
    pdf = SAMPLES / "sbc07_aetna_silent.pdf"
    if not pdf.is_file():
        pytest.skip("samples not generated")
    at = _app(monkeypatch).run()
    at.file_uploader(key="uploads").set_value((pdf.name, pdf.read_bytes(), "application/pdf")).run()
    _no_failures(at)
    box = at.selectbox(key="pf_insurer")
    first = box.proto.options[0] if box.proto.options else ""
    assert "found: Aetna" in first, first


def test_documents_from_different_insurers_get_a_warning(monkeypatch):
    a, b = SAMPLES / "sbc07_aetna_silent.pdf", SAMPLES / "sbc08_cigna_silent.pdf"
    if not (a.is_file() and b.is_file()):
        pytest.skip("samples not generated")
    at = _app(monkeypatch).run()
    files = [(p.name, p.read_bytes(), "application/pdf") for p in (a, b)]
    at.file_uploader(key="uploads").set_value(files).run()
    _no_failures(at)
    warnings = " ".join(w.value for w in at.warning)
    assert "different insurers" in warnings and "Aetna" in warnings and "Cigna" in warnings


def test_a_non_medical_document_is_named_and_decides_nothing(monkeypatch):
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page()
    lines = [
        "Summit Dental PPO: Dental Plan Summary of Benefits 2026",
        "This dental plan covers preventive dental care, cleanings and x-rays at 100%.",
        "Basic dental services such as fillings are covered at 80% after the dental deductible.",
        "Major dental services (crowns, bridges) are covered at 50%. Annual dental maximum $1,500.",
    ]
    for i, line in enumerate(lines):
        page.insert_text((40, 80 + 22 * i), line, fontsize=11)
    data = doc.tobytes()
    doc.close()
    if policyeval.read_documents([("dental.pdf", data)])[0].kind != "non_medical":
        pytest.skip("the reader does not name dental documents yet (issue 10 §5)")
    at = _app(monkeypatch).run()
    at.file_uploader(key="uploads").set_value(("dental.pdf", data, "application/pdf")).run()
    _no_failures(at)
    assert any("dental.pdf is a" in e.value and "not your medical plan" in e.value for e in at.error)
    assert not [m for m in at.markdown if "class='verdict verdict-" in m.value]


def test_rule_author_tries_an_edit_on_an_uploaded_pdf(monkeypatch):
    pdf = SAMPLES / "sbc01_named_pa.pdf"
    if not pdf.is_file():
        pytest.skip("samples not generated")
    at = _rules_page(monkeypatch)
    at.selectbox(key="rule_file").set_value("rules/default.policy").run()
    ed = at.text_area(key="ed::rules/default.policy")
    ed.set_value(re.sub(r"then pa_required basis \w+", "then unknown basis none", ed.value)).run()
    at.radio(key="rule_source").set_value("upload").run()
    at.file_uploader(key="rule_upload").set_value((pdf.name, pdf.read_bytes(), "application/pdf")).run()
    _no_failures(at)
    assert not at.error, [e.value for e in at.error]
    table = next(t.value for t in at.table if "before" in t.value.columns)
    row = table.iloc[0]
    assert row["case"] == pdf.name and row["before"].startswith("pa_required") and row["after"].startswith("unknown")
    assert row["changed"] == "CHANGED"


def test_hidden_text_is_ignored_and_the_answer_says_so(monkeypatch):
    """A silent plan with a hidden "covered" sentence (invisible render mode): the app gives the
    untampered verdict and says the document contains hidden text that was ignored (issue 11 §1)."""
    from hostilebuild import tampered
    from test_hostile_visibility import COVER

    pdf = SAMPLES / "sbc07_aetna_silent.pdf"
    if not pdf.is_file():
        pytest.skip("samples not generated")
    data = tampered(pdf.read_bytes(), COVER, "render_mode_3")
    at = _app(monkeypatch).run()
    at.file_uploader(key="uploads").set_value(("plan.pdf", pdf.read_bytes(), "application/pdf")).run()
    _no_failures(at)
    untampered = _verdict(at)
    assert not [w for w in at.warning if "hidden text" in w.value]
    at.file_uploader(key="uploads").set_value(("plan.pdf", data, "application/pdf")).run()
    _no_failures(at)
    assert _verdict(at) == untampered != "covered"
    assert [w for w in at.warning if "plan.pdf contains hidden text" in w.value and "it was ignored" in w.value]
