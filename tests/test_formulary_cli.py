"""Formulary files on the command line: `evaluate … --plan-id`, `--format crd`, `extract --plan-id`, the
plan list when the ID is missing, and one clear line with exit 2 for every bad input."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import jsonschema
import pytest

from policyeval.cli import main

sys.path.insert(0, str(Path(__file__).parent))
import formulary_gen as gen  # noqa: E402
from crd_check import CDS_HOOKS_RESPONSE, check_invariants, coverage_information  # noqa: E402

IDS = gen.plan_ids(2, state="GA", issuer="11111")


@pytest.fixture
def files(tmp_path: Path) -> list[str]:
    drugs = [*gen.filler_drugs(5, IDS), gen.spravato([gen.Listing(IDS[0], "SPECIALTY", True)])]
    plans = [gen.plan_entry(pid, f"Peach Silver {n}") for n, pid in enumerate(IDS)]
    profile = tmp_path / "p.yaml"
    profile.write_text("treatment: esketamine_nasal\nage: 30\ndiagnoses: [F33.2]\n")
    return [
        str(gen.write_drugs(tmp_path / "drugs.json", drugs)),
        str(gen.write_plans(tmp_path / "plans.json", plans)),
        str(profile),
    ]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_evaluate_with_a_plan_id(capsys, files):
    code, out, _ = run(capsys, "evaluate", *files[:2], "-p", files[2], "--plan-id", IDS[0])
    assert code == 0 and "PRIOR AUTHORIZATION REQUIRED" in out
    assert "drugs.json, entry /5/plans/0" in out and "page 0" not in out
    code, out, _ = run(capsys, "evaluate", *files[:2], "-p", files[2], "--plan-id", IDS[1].lower(), "--format", "json")
    d = json.loads(out)
    assert code == 0 and d["verdict"] == "unknown" and d["rule"] == "formulary_does_not_list"


def test_format_crd_prints_a_cds_hooks_response(capsys, files):
    code, out, _ = run(capsys, "evaluate", *files[:2], "-p", files[2], "--plan-id", IDS[0], "--format", "crd")
    body = json.loads(out)
    assert code == 0
    jsonschema.validate(body, CDS_HOOKS_RESPONSE)
    info = coverage_information(body["systemActions"][0]["resource"])
    check_invariants(info)
    assert info["pa-needed"] == ["auth-needed"]


def test_without_a_plan_id_the_plans_are_listed(capsys, files):
    code, out, err = run(capsys, "evaluate", *files[:2], "-p", files[2])
    assert code == 2
    assert [line.split()[0] for line in out.splitlines()[1:]] == IDS and "Peach Silver 1" in out
    assert err.count("\n") == 1 and "--plan-id" in err


def test_extract_writes_the_formulary_statements(capsys, files, tmp_path):
    out_file = tmp_path / "plan.policy"
    code, _, _ = run(capsys, "extract", *files[:2], "--plan-id", IDS[0], "-o", str(out_file))
    text = out_file.read_text()
    assert code == 0 and "device formulary_file" in text and 'pointer "/5/plans/0"' in text
    code, out, _ = run(capsys, "evaluate", str(out_file), "-p", files[2], "--json")
    assert code == 0 and json.loads(out)["rule"] == "formulary_lists_with_prior_authorization"


@pytest.mark.parametrize(
    "content, plan_id, message",
    [
        (None, "12345", "not a HIOS plan ID"),
        ('[{"rxnorm_id": "1", "drug_name": "a", "plans": [', "11111GA0010001", "cut short"),
        ('[{"rxnorm_id": "1", "drug_name": "a", "plans": [{"plan_id": 5}]}]', "11111GA0010001", None),
        ('[{"npi": "1", "addresses": []}]', "11111GA0010001", "not a CMS machine-readable formulary"),
        ('{"oops": ', "11111GA0010001", "not a CMS machine-readable formulary"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(capsys, files, tmp_path, content, plan_id, message):
    drugs = files[0]
    if content is not None:
        drugs = str(tmp_path / "bad.json")
        Path(drugs).write_text(content)
    code, _, err = run(capsys, "evaluate", drugs, "-p", files[2], "--plan-id", plan_id)
    assert code == 2 and err.count("\n") == 1 and err.startswith("policyeval: error: ")
    if message:
        assert message in err


def test_qa_manifest_cases_take_a_plan_id(capsys, files, tmp_path):
    manifest = tmp_path / "manifest.yaml"
    manifest.write_text(
        f"""cases:
  - id: formulary-pa
    documents: [{files[0]}, {files[1]}]
    plan_id: "{IDS[0]}"
    profile: {{treatment: esketamine_nasal, age: 30}}
    expect: {{verdict: pa_required, basis: explicit}}
  - id: formulary-not-listed
    documents: [{files[0]}]
    plan_id: "{IDS[1]}"
    profile: {{treatment: esketamine_nasal}}
    expect: {{verdict: unknown, basis: none}}
"""
    )
    code, out, _ = run(capsys, "qa", str(manifest))
    assert code == 0, out
    manifest.write_text(manifest.read_text().replace(f'plan_id: "{IDS[1]}"', "plan_id: 7"))
    code, _, err = run(capsys, "qa", str(manifest))
    assert code == 2 and "'plan_id' must be text" in err


def test_explain_takes_a_plan_id(capsys, files):
    code, out, _ = run(capsys, "explain", *files[:2], "-p", files[2], "--plan-id", IDS[0], "--json")
    assert code == 0
    assert json.loads(out)["rule"] == "formulary_lists_with_prior_authorization"
