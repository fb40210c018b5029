"""`policyeval qa`: manifest checking (bad manifest -> error naming file and case), pass/fail logic,
reports (text, JSON, JUnit), rule coverage, and the same results at --jobs 1 and --jobs 2."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from conftest import SAMPLES

from policyeval.cli import main
from policyeval.errors import InputError
from policyeval.tools import qa

MANIFEST = SAMPLES / "manifest.yaml"


def _make_pdf(path: Path, lines: list[str]) -> Path:
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page()
    y = 72
    for line in lines:
        page.insert_text((54, y), line, fontsize=10)
        y += 16
    doc.save(path)
    return path


PA_TEXT = [
    "Summary of Benefits and Coverage",
    "Specialty drugs: Spravato (esketamine) nasal spray is covered.",
    "Prior authorization required for Spravato.",
]
SILENT_TEXT = [
    "Summary of Benefits and Coverage",
    "Primary care visit: $30 copay per visit.",
    "Generic drugs: $10 copay per prescription.",
]


@pytest.fixture(scope="module")
def docs(tmp_path_factory):
    d = tmp_path_factory.mktemp("qa_docs")
    _make_pdf(d / "pa.pdf", PA_TEXT)
    _make_pdf(d / "silent.pdf", SILENT_TEXT)
    return d


@pytest.fixture(scope="module")
def actual(docs):
    """What the pipeline says for the two documents (so these tests don't depend on reader quality)."""
    from policyeval.pipeline import evaluate

    out = {}
    for name in ("pa.pdf", "silent.pdf"):
        d = evaluate([docs / name], {"treatment": "esketamine_nasal", "age": 40}).decision
        ev = d.evidence[0] if d.evidence else None
        out[name] = {
            "verdict": d.verdict,
            "basis": d.basis,
            "pages": [{"document": ev.document, "page": ev.page}] if ev else [],
        }
    return out


def _write_manifest(folder: Path, cases: list[dict], name: str = "manifest.yaml") -> Path:
    p = folder / name
    p.write_text(yaml.safe_dump({"cases": cases}, sort_keys=False))
    return p


def _case(cid: str, doc: str, expect: dict, profile=None) -> dict:
    return {
        "id": cid,
        "documents": [doc],
        "profile": profile or {"treatment": "esketamine_nasal", "age": 40},
        "expect": expect,
        "why": "test",
    }


# ---- manifest validation -------------------------------------------------------------------------

GOOD = {"verdict": "unknown", "basis": "none", "pages": []}


@pytest.mark.parametrize(
    "mutate, needle",
    [
        (lambda c: c.pop("id"), "case #1: 'id' is missing"),
        (lambda c: c.update(documents=["missing.pdf"]), "document 'missing.pdf' not found"),
        (lambda c: c.update(documents=[]), "'documents' must be a non-empty list"),
        (lambda c: c.update(expect={**GOOD, "verdict": "covred"}), "'expect.verdict' is 'covred'"),
        (lambda c: c.update(expect={**GOOD, "basis": "vibes"}), "'expect.basis' is 'vibes'"),
        (lambda c: c.update(expect={**GOOD, "verdit": "unknown"}), "unknown key 'expect.verdit'"),
        (
            lambda c: c.update(expect={**GOOD, "pages": [{"document": "other.pdf", "page": 1}]}),
            "'expect.pages[0].document' 'other.pdf' is not one of the case's documents",
        ),
        (lambda c: c.update(expect={**GOOD, "pages": [{"document": "pa.pdf", "page": 0}]}), "page number >= 1"),
        (lambda c: c.update(expect={**GOOD, "pages": "p3"}), "'expect.pages' must be a list"),
        (lambda c: c.update(profile={"treatment": "esketamine_nasal", "age": -3}), "'age'"),
        (lambda c: c.update(profile={"treatment": "esketamine_nasal", "colour": "blue"}), "'colour' is not known"),
        (lambda c: c.update(profile="profiles/nope.yaml"), "no such profile file"),
        (lambda c: c.update(profile=42), "'profile' must be a profile file path or an inline mapping"),
        (lambda c: c.update(expct={}), "unknown key 'expct'"),
    ],
)
def test_bad_case_names_file_and_case(docs, tmp_path, mutate, needle):
    case = _case("c1", str(docs / "pa.pdf"), dict(GOOD))
    mutate(case)
    path = _write_manifest(tmp_path, [case])
    with pytest.raises(InputError) as err:
        qa.load_manifest(path)
    msg = str(err.value)
    assert msg.startswith(str(path) + ": "), msg
    assert needle in msg, msg
    if "id" in case:
        assert "case 'c1' (#1)" in msg, msg


def test_duplicate_id_and_bad_yaml(docs, tmp_path):
    path = _write_manifest(
        tmp_path, [_case("dup", str(docs / "pa.pdf"), GOOD), _case("dup", str(docs / "pa.pdf"), GOOD)]
    )
    with pytest.raises(InputError, match=r"case 'dup' \(#2\): duplicate case id"):
        qa.load_manifest(path)
    bad = tmp_path / "bad.yaml"
    bad.write_text("cases:\n  - id: a\n    documents: [x.pdf\n  - id: b\n")
    with pytest.raises(InputError, match=r"bad\.yaml: not valid YAML at line \d+"):
        qa.load_manifest(bad)
    (tmp_path / "empty.yaml").write_text("cases: []\n")
    with pytest.raises(InputError, match="non-empty list"):
        qa.load_manifest(tmp_path / "empty.yaml")
    with pytest.raises(InputError, match="no such manifest"):
        qa.load_manifest(tmp_path / "nope.yaml")


def test_same_id_in_two_manifests(docs, tmp_path):
    a = _write_manifest(tmp_path, [_case("x", str(docs / "pa.pdf"), GOOD)], "a.yaml")
    b = _write_manifest(tmp_path, [_case("x", str(docs / "pa.pdf"), GOOD)], "b.yaml")
    with pytest.raises(InputError, match=r"b\.yaml: case 'x': id already used in .*a\.yaml"):
        qa.load_manifests([a, b])


def test_relative_paths_and_profile_file(docs, tmp_path):
    import shutil

    shutil.copy(docs / "pa.pdf", tmp_path / "pa.pdf")
    (tmp_path / "profiles").mkdir()
    (tmp_path / "profiles" / "p.yaml").write_text("treatment: esketamine_nasal\nage: 40\n")
    path = _write_manifest(
        tmp_path,
        [
            {
                "id": "rel",
                "documents": ["pa.pdf"],
                "profile": "profiles/p.yaml",
                "expect": {"verdict": "covered", "basis": "explicit", "pages": [{"document": "pa.pdf", "page": 1}]},
            }
        ],
    )
    [case] = qa.load_manifest(path)
    assert case.documents == [str(tmp_path / "pa.pdf")]
    assert case.profile.treatment == "esketamine_nasal" and case.profile.age == 40
    assert case.expect["pages"] == [{"document": "pa.pdf", "page": 1}]


# ---- pass / fail ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "expect, actual, ok",
    [
        (
            {"verdict": "unknown", "basis": "none", "pages": []},
            {"verdict": "unknown", "basis": "none", "evidence": None},
            True,
        ),
        (
            {"verdict": "unknown", "basis": "none", "pages": []},
            {"verdict": "unknown", "basis": "none", "evidence": {"document": "a.pdf", "page": 2}},
            False,
        ),
        (
            {
                "verdict": "pa_required",
                "basis": "explicit",
                "pages": [{"document": "a.pdf", "page": 2}, {"document": "a.pdf", "page": 3}],
            },
            {"verdict": "pa_required", "basis": "explicit", "evidence": {"document": "a.pdf", "page": 3}},
            True,
        ),
        (
            {"verdict": "pa_required", "basis": "explicit", "pages": [{"document": "a.pdf", "page": 2}]},
            {"verdict": "pa_required", "basis": "explicit", "evidence": None},
            False,
        ),
        (
            {"verdict": "pa_required", "basis": "explicit", "pages": [{"document": "a.pdf", "page": 2}]},
            {"verdict": "pa_required", "basis": "inferred", "evidence": {"document": "a.pdf", "page": 2}},
            False,
        ),
        (
            {"verdict": "covered", "basis": "explicit", "pages": None},  # pages not given: not checked
            {"verdict": "covered", "basis": "explicit", "evidence": {"document": "a.pdf", "page": 9}},
            True,
        ),
    ],
)
def test_compare(expect, actual, ok):
    assert (qa.runners._compare(expect, actual) == "") is ok


def _two_case_manifest(docs, actual, tmp_path, wrong: bool = False) -> Path:
    exp_pa = dict(actual["pa.pdf"])
    if wrong:
        exp_pa = {
            **exp_pa,
            "verdict": "experimental_exclusion" if exp_pa["verdict"] != "experimental_exclusion" else "covered",
        }
    return _write_manifest(
        tmp_path,
        [
            _case("b-silent", str(docs / "silent.pdf"), actual["silent.pdf"]),
            _case("a-pa", str(docs / "pa.pdf"), exp_pa),
        ],
    )


def test_run_cases_pass_and_sorted(docs, actual, tmp_path):
    cases = qa.load_manifest(_two_case_manifest(docs, actual, tmp_path))
    report = qa.run_cases(cases)
    assert [r.id for r in report.results] == ["a-pa", "b-silent"]
    assert report.passed, qa.report_text(report)
    assert all(r.trace and any(t["winner"] for t in r.trace) for r in report.results)
    cov = report.coverage
    assert cov["rules"] > 5
    assert set(cov["never_matched"]) <= set(cov["never_won"])
    won = {t["rule"] for r in report.results for t in r.trace if t["winner"]}
    assert not won & set(cov["never_won"])
    assert "documents_silent" not in cov["never_matched"] or "summary_only" not in cov["never_matched"]


def test_failure_reported_first_with_trace(docs, actual, tmp_path):
    cases = qa.load_manifest(_two_case_manifest(docs, actual, tmp_path, wrong=True))
    report = qa.run_cases(cases)
    assert not report.passed
    [bad] = report.failures
    assert bad.id == "a-pa" and "verdict: expected" in bad.message
    text = qa.report_text(report)
    lines = text.splitlines()
    assert lines[2].startswith("a-pa") and lines[2].endswith("FAIL")  # failures first in the table
    assert f"FAIL a-pa: {bad.message}" in text
    winner = next(t for t in bad.trace if t["winner"])
    assert f"* {winner['rule']} (priority {winner['priority']})" in text
    assert "Rule coverage" in text and "never matched" in text
    assert "1 passed, 1 failed of 2 cases" in text
    ft = qa.failure_text(bad)
    assert ft.startswith("FAIL a-pa") and winner["rule"] in ft


def test_error_case_does_not_stop_the_run(docs, actual, tmp_path):
    (tmp_path / "junk.pdf").write_bytes(b"this is not a pdf at all")
    path = _write_manifest(
        tmp_path,
        [
            _case("a-junk", str(tmp_path / "junk.pdf"), GOOD),
            _case("b-silent", str(docs / "silent.pdf"), actual["silent.pdf"]),
        ],
    )
    report = qa.run_cases(qa.load_manifest(path))
    junk, silent = report.results
    assert not junk.passed and junk.message.startswith("error: ") and "junk.pdf" in junk.message
    assert "error" in junk.actual
    assert silent.passed


def test_reports_json_and_junit(docs, actual, tmp_path):
    report = qa.run_cases(qa.load_manifest(_two_case_manifest(docs, actual, tmp_path, wrong=True)))
    data = qa.report_json(report)
    json.dumps(data)  # serialisable
    assert data["schema"] == "policyeval.qa/1"
    assert data["summary"]["cases"] == 2 and data["summary"]["failed"] == 1
    assert {"never_won", "never_matched"} <= set(data["coverage"])
    case = data["cases"][0]
    assert set(case) >= {"id", "passed", "expected", "actual", "message", "trace", "seconds"}
    root = ET.fromstring(qa.report_junit(report))
    assert root.tag == "testsuite" and root.get("tests") == "2" and root.get("failures") == "1"
    failing = [tc for tc in root.iter("testcase") if tc.find("failure") is not None]
    assert [tc.get("name") for tc in failing] == ["a-pa"]
    assert "expected:" in failing[0].find("failure").text


def test_jobs_give_same_results(docs, actual, tmp_path):
    cases = qa.load_manifest(_two_case_manifest(docs, actual, tmp_path, wrong=True))
    one = qa.run_cases(cases, jobs=1)
    two = qa.run_cases(cases, jobs=2)
    strip = lambda rep: [(r.id, r.passed, r.expected, r.actual, r.message, r.trace) for r in rep.results]  # noqa: E731
    assert strip(one) == strip(two)
    assert one.coverage == two.coverage


def test_rules_option_and_bad_rules(docs, actual, tmp_path):
    cases = qa.load_manifest(_two_case_manifest(docs, actual, tmp_path))
    only = tmp_path / "only.policy"
    only.write_text('rule everything_unknown {\n    priority 1\n    then unknown basis none\n    reason "x"\n}\n')
    report = qa.run_cases(cases, rules_paths=[only])
    assert all(r.actual["rule"] == "everything_unknown" for r in report.results)
    assert report.coverage == {
        "rules": 1,
        "never_won": [],
        "never_matched": [],
        "wins": {"everything_unknown": 2},
        "matches": {"everything_unknown": 2},
    }
    from policyeval.errors import DSLError

    bad = tmp_path / "bad.policy"
    bad.write_text("rule oops {\n    priority\n}\n")
    with pytest.raises(DSLError) as err:
        qa.run_cases(cases, rules_paths=[bad])
    assert "bad.policy:" in str(err.value)


# ---- CLI -----------------------------------------------------------------------------------------


def test_cli_green_red_and_outputs(docs, actual, tmp_path, capsys):
    good = _two_case_manifest(docs, actual, tmp_path)
    assert main(["qa", str(good)]) == 0
    out = capsys.readouterr().out
    assert "2 passed, 0 failed" in out
    red_dir = tmp_path / "red"
    red_dir.mkdir()
    red = _two_case_manifest(docs, actual, red_dir, wrong=True)
    j, x = tmp_path / "r.json", tmp_path / "r.xml"
    assert main(["qa", str(red), "--json", str(j), "--junit", str(x)]) == 1
    out = capsys.readouterr().out
    assert "FAIL a-pa" in out
    assert json.loads(j.read_text())["summary"]["failed"] == 1
    assert ET.fromstring(x.read_text()).get("failures") == "1"
    assert main(["qa", str(red), "--json", "-"]) == 1
    assert json.loads(capsys.readouterr().out)["schema"] == "policyeval.qa/1"


def test_cli_bad_manifest_one_line(tmp_path, capsys):
    bad = _write_manifest(
        tmp_path, [{"id": "x", "documents": ["nope.pdf"], "profile": {"treatment": "iv_ketamine"}, "expect": GOOD}]
    )
    assert main(["qa", str(bad)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "manifest.yaml: case 'x' (#1): document 'nope.pdf' not found" in err
    assert main(["qa", "--jobs", "0", str(bad)]) == 2


def test_cli_default_manifest(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["qa"]) == 2
    assert "samples/manifest.yaml not found" in capsys.readouterr().err


@pytest.mark.skipif(not MANIFEST.exists(), reason="samples/manifest.yaml not written yet")
def test_sample_manifest_loads():
    cases = qa.load_manifest(MANIFEST)
    assert len(cases) >= 10
    assert len({c.id for c in cases}) == len(cases)
