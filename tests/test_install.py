"""A non-editable wheel works from any directory: grammar, rules and lexicon ship inside it."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if proc.returncode != 0:
        pytest.fail(f"building the wheel failed:\n{proc.stderr[-2000:]}")
    return next(out.glob("policyeval-*.whl"))


def test_wheel_carries_the_one_copy_of_grammar_rules_and_lexicon(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {
        "policyeval/_data/grammar/policy.lark",
        "policyeval/_data/rules/default.policy",
        "policyeval/_data/rules/lexicon.yaml",
        "policyeval/_data/rules/criteria.policy",
    }
    assert shipped <= names
    for path in (ROOT / "rules").rglob("*"):
        if path.is_file():
            assert f"policyeval/_data/rules/{path.relative_to(ROOT / 'rules').as_posix()}" in names
    assert not any(n.startswith(("rules/", "grammar/")) for n in names)


def test_installed_wheel_evaluates_from_another_directory(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    work = tmp_path / "elsewhere"
    work.mkdir()
    (work / "p.yaml").write_text("treatment: esketamine_nasal\nage: 40\n")
    (work / "plan.policy").write_text(
        'document "sbc.pdf" kind sbc pages 4\n'
        'fact category specialty_drugs [prior_authorization] in "sbc.pdf" page 3 quote "Prior authorization required."\n'
    )
    code = (
        "import sys, policyeval, policyeval.resources as r;"
        "print(policyeval.__file__); print(r.data_root());"
        "from policyeval.cli import main; sys.exit(main(['evaluate', 'plan.policy', '--profile', 'p.yaml', '--json']))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        cwd=work,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"},
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].startswith(str(target)) and lines[1].startswith(str(target))
    assert '"verdict": "pa_required"' in proc.stdout
