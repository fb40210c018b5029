"""The CLI as a user meets it: bad input ends in exit 2 and one line naming the file or field (a DSL error
in compiler style: file:line:col, the line, a caret), never a traceback; `evaluate` text and `--json`
schema; `extract` then `evaluate` on the plan file gives the same decision as on the PDF."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLES

from policyeval.cli import main

SAMPLE = SAMPLES / "sbc01_named_pa.pdf"


def _text_pdf(path: Path, lines: list[str], pages: int = 1) -> Path:
    import pymupdf

    doc = pymupdf.open()
    for _ in range(pages):
        page = doc.new_page()
        for i, line in enumerate(lines):
            page.insert_text((54, 72 + 16 * i), line, fontsize=10)
    doc.save(path)
    return path


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    import pymupdf

    d = tmp_path_factory.mktemp("cli")
    good = _text_pdf(
        d / "plan.pdf",
        [
            "Summary of Benefits and Coverage",
            "Specialty drugs: Spravato (esketamine) nasal spray. Prior authorization required.",
        ],
    )
    data = good.read_bytes()
    (d / "notpdf.pdf").write_text("Dear member, this is a letter, not a PDF.\n")
    (d / "truncated.pdf").write_bytes(data[: len(data) // 3])
    doc = pymupdf.open(good)
    doc.save(d / "encrypted.pdf", encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="s3cret", owner_pw="owner")
    blank = pymupdf.open()
    blank.new_page()
    blank.new_page()
    blank.save(d / "notext.pdf")
    (d / "ok.yaml").write_text("treatment: esketamine_nasal\nage: 42\ndiagnoses: [F33.2]\n")
    (d / "unknown_key.yaml").write_text("treatment: esketamine_nasal\nfavourite_colour: teal\n")
    (d / "wrong_type.yaml").write_text("treatment: esketamine_nasal\nage: forty-two\n")
    (d / "negative_age.yaml").write_text("treatment: esketamine_nasal\nage: -3\n")
    (d / "syntax.policy").write_text(
        "# a rule file\nrule broken {\n    priority 10\n    when age >= \n    then unknown basis none\n}\n"
    )
    return d


def _run(argv: list[str], capsys) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def _one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


@pytest.mark.parametrize(
    "doc, needle",
    [
        ("notpdf.pdf", "notpdf.pdf"),
        ("truncated.pdf", "truncated.pdf"),
        ("encrypted.pdf", "encrypted.pdf"),
        ("notext.pdf", "notext.pdf"),
    ],
)
def test_bad_document(files, capsys, doc, needle):
    code, out, err = _run(["evaluate", str(files / doc), "--profile", str(files / "ok.yaml")], capsys)
    line = _one_line(err)
    assert code == 2, (code, out, err)
    assert line.startswith("policyeval: error: ") and needle in line


def test_missing_document(files, capsys):
    code, _, err = _run(["evaluate", str(files / "nope.pdf"), "--profile", str(files / "ok.yaml")], capsys)
    assert code == 2 and "nope.pdf" in _one_line(err)


@pytest.mark.parametrize(
    "profile, needle",
    [
        ("unknown_key.yaml", "'favourite_colour' is not known"),
        ("wrong_type.yaml", "'age'"),
        ("negative_age.yaml", "'age'"),
        ("missing.yaml", "missing.yaml"),
    ],
)
def test_bad_profile(files, capsys, profile, needle):
    code, _, err = _run(["evaluate", str(files / "plan.pdf"), "--profile", str(files / profile)], capsys)
    line = _one_line(err)
    assert code == 2 and needle in line and profile in line, line


def test_negative_age_says_impossible(files, capsys):
    _, _, err = _run(["evaluate", str(files / "plan.pdf"), "--profile", str(files / "negative_age.yaml")], capsys)
    assert "-3" in err


def test_dsl_syntax_error_names_file_line_col(files, capsys):
    code, _, err = _run(
        [
            "evaluate",
            str(files / "plan.pdf"),
            "--profile",
            str(files / "ok.yaml"),
            "--rules",
            str(files / "syntax.policy"),
        ],
        capsys,
    )
    assert code == 2 and "Traceback" not in err
    lines = err.rstrip("\n").splitlines()
    # Compiler style: "file:line:col: error: message", then the source line and a caret under the culprit.
    assert len(lines) <= 3, err
    head = lines[0]
    import re

    assert re.match(re.escape(str(files / "syntax.policy")) + r":[45]:\d+: error: ", head), head


def test_evaluate_text_and_json_schema(files, capsys):
    code, out, err = _run(["evaluate", str(files / "plan.pdf"), "--profile", str(files / "ok.yaml")], capsys)
    assert code == 0, err
    assert "Verdict:" in out and "Basis:" in out
    code, out, err = _run(["evaluate", str(files / "plan.pdf"), "--profile", str(files / "ok.yaml"), "--json"], capsys)
    assert code == 0, err
    data = json.loads(out)
    assert {"verdict", "basis", "reason", "evidence", "trace", "criteria", "next_steps"} <= set(data)
    assert data["verdict"] in ("covered", "pa_required", "experimental_exclusion", "unknown")
    assert isinstance(data["evidence"], list) and isinstance(data["trace"], list)
    assert isinstance(data["criteria"], list) and isinstance(data["next_steps"], list)
    for e in data["evidence"]:
        assert {"document", "page", "quote"} <= set(e)
    for t in data["trace"]:
        assert {"rule", "priority", "verdict", "basis", "winner"} <= set(t)
    assert sum(t["winner"] for t in data["trace"]) == (1 if data["trace"] else 0)


@pytest.mark.parametrize(
    "pdf",
    [
        pytest.param("generated", id="generated"),
        pytest.param(
            SAMPLE, id="sbc01", marks=pytest.mark.skipif(not SAMPLE.exists(), reason="samples not generated yet")
        ),
    ],
)
def test_extract_then_evaluate_same_decision(files, capsys, tmp_path, pdf):
    pdf = files / "plan.pdf" if pdf == "generated" else pdf
    plan = tmp_path / "plan.policy"
    code, _, err = _run(["extract", str(pdf), "-o", str(plan)], capsys)
    assert code == 0, err
    assert plan.read_text().strip()
    decisions = []
    for src in (pdf, plan):
        code, out, err = _run(["evaluate", str(src), "--profile", str(files / "ok.yaml"), "--json"], capsys)
        assert code == 0, err
        d = json.loads(out)
        decisions.append(
            {k: d[k] for k in ("verdict", "basis", "reason", "rule", "trace", "criteria", "next_steps")}
            | {"evidence": [(e["document"], e["page"], e["quote"]) for e in d["evidence"]]}
        )
    assert decisions[0] == decisions[1]


def _subprocess(args: list[str], cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    env.pop("POLICYEVAL_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "policyeval.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )


def test_real_process_bad_input_exit_2(files):
    """The same through a real process: exit status and stderr as a shell sees them."""
    for argv in (
        ["evaluate", str(files / "encrypted.pdf"), "--profile", str(files / "ok.yaml")],
        ["evaluate", str(files / "plan.pdf"), "--profile", str(files / "negative_age.yaml")],
    ):
        proc = _subprocess(argv, files)
        assert proc.returncode == 2, proc
        assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr, proc.stderr
    proc = _subprocess(["evaluate", str(files / "plan.pdf"), "--profile", str(files / "ok.yaml"), "--json"], files)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["verdict"]


# ---- cold start (issue 13 §3): what a command does not need, it does not import -------------------

COLD = r"""
import sys
from policyeval.cli import main
try:
    code = main(sys.argv[1:])
except SystemExit as stop:
    code = stop.code
heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("pymupdf", "fitz", "durable", "durable_rules_engine"))
print("HEAVY", ",".join(heavy))
sys.exit(code)
"""


@pytest.mark.parametrize(
    "argv",
    [["--version"], ["--help"], ["rules", "fmt", "--check", "rules/default.policy"], ["rules", "check", "--help"]],
)
def test_version_help_and_fmt_import_neither_pdf_reader_nor_engine(argv):
    proc = subprocess.run([sys.executable, "-c", COLD, *argv], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[-1] == "HEAVY ", proc.stdout.splitlines()[-1]
