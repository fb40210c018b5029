"""The rule author's commands through the real CLI: rules check / fmt / test / facts, and explain."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policyeval import tools
from policyeval.cli import main
from policyeval.errors import DSLError, InputError
from policyeval.textfile import shown_path
from policyeval.tools import ruletests, schemadoc
from policyeval.tools.explain import explain

ROOT = Path(__file__).resolve().parent.parent

RULES = """\
# a tiny pack for these tests
rule pa_for_adults {
    priority 600
    when age >= 18 and mentions(treatment, prior_authorization)
    then pa_required basis explicit
    reason "PA: {quote}"
}

rule never_tested {
    priority 500
    when mentions(treatment, covered)
    then covered basis explicit
    reason "covered"
}

rule fallback {
    priority 0
    then unknown basis none
    reason "silent"
}
"""

PLAN = (
    'document "sbc.pdf" kind sbc pages 4\n'
    'fact treatment esketamine_nasal [prior_authorization] in "sbc.pdf" page 3 quote "Spravato: PA required"\n'
)

TESTS = """\
rules: [mini.policy]
tests:
  - name: adult with PA
    profile: {treatment: esketamine_nasal, age: 40}
    plan: |
      document "sbc.pdf" kind sbc pages 4
      fact treatment esketamine_nasal [prior_authorization] in "sbc.pdf" page 3 quote "PA required"
    expect: {verdict: pa_required, basis: explicit, rule: pa_for_adults}
  - name: a minor falls through
    profile: {treatment: esketamine_nasal, age: 16}
    plan: |
      fact treatment esketamine_nasal [prior_authorization] in "sbc.pdf" page 3 quote "PA required"
    expect: {verdict: pa_required}
"""


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def pack(tmp_path) -> Path:
    (tmp_path / "mini.policy").write_text(RULES, encoding="utf-8")
    (tmp_path / "mini_test.yaml").write_text(TESTS, encoding="utf-8")
    return tmp_path


# ---- check ---------------------------------------------------------------------------------------


def test_check_shipped_rules(capsys):
    code, out, _ = run(capsys, "rules", "check")
    assert code == 0 and "0 errors" in out


def test_check_errors_exit_1_with_caret(capsys, tmp_path):
    bad = tmp_path / "bad.policy"
    bad.write_text("rule r {\n    priority 1\n    then coverd basis explicit\n}\n", encoding="utf-8")
    code, out, _ = run(capsys, "rules", "check", str(bad))
    assert code == 1
    assert "bad.policy:3:10: error: unknown verdict 'coverd' (did you mean 'covered'?)" in out
    assert "   3 |     then coverd basis explicit\n" + " " * 16 + "^^^^^^" in out
    assert "1 error, 0 warnings" in out
    code, out, _ = run(capsys, "rules", "check", "--json", str(bad))
    data = json.loads(out)
    assert code == 1 and data["errors"] == 1 and data["diagnostics"][0]["column"] == 10


def test_check_warnings_only_exit_0(capsys, tmp_path):
    w = tmp_path / "w.policy"
    w.write_text('rule r {\n priority 1\n when age > 3 and age < 2\n then unknown basis none\n reason "x"\n}\n')
    code, out, _ = run(capsys, "rules", "check", str(w))
    assert code == 0 and "warning: this condition can never hold" in out and "1 warning" in out
    code, out, _ = run(capsys, "rules", "check", "--no-warnings", str(w))
    assert code == 0 and "warning" not in out.replace("0 warnings", "")


def test_check_missing_path_is_bad_input(capsys, tmp_path):
    code, _, err = run(capsys, "rules", "check", str(tmp_path / "nope.policy"))
    assert code == 2 and "no such rule file" in err


def test_check_directory_finds_all_files(capsys, pack):
    code, out, _ = run(capsys, "rules", "check", str(pack))
    assert code == 0 and "checked 1 file" in out


# ---- fmt -----------------------------------------------------------------------------------------


def test_fmt_check_then_rewrite(capsys, tmp_path):
    f = tmp_path / "messy.policy"
    f.write_text("# keep me\nrule r { priority 1 then unknown basis none }  # and me\n", encoding="utf-8")
    code, out, _ = run(capsys, "rules", "fmt", "--check", "--diff", str(f))
    assert code == 1 and "would reformat" in out and "+rule r {" in out
    assert f.read_text().startswith("# keep me\nrule r { priority")  # --check changes nothing
    code, out, _ = run(capsys, "rules", "fmt", str(f))
    assert code == 0 and "reformatted" in out
    assert f.read_text() == "# keep me\nrule r {  # and me\n    priority 1\n    then unknown basis none\n}\n"
    code, out, _ = run(capsys, "rules", "fmt", "--check", str(f))
    assert code == 0 and "all files are formatted" in out


def test_fmt_syntax_error_is_bad_input(capsys, tmp_path):
    f = tmp_path / "broken.policy"
    f.write_text("rule r {\n", encoding="utf-8")
    code, _, err = run(capsys, "rules", "fmt", str(f))
    assert code == 2 and "broken.policy:1:9: error: unexpected end of file" in err
    assert f.read_text() == "rule r {\n"


def test_fmt_check_on_shipped_rules_runs(capsys):
    code, out, _ = run(capsys, "rules", "fmt", "--check")
    assert code in (0, 1) and ("would reformat" in out or "all files are formatted" in out)


# ---- test ----------------------------------------------------------------------------------------


def test_rule_tests_pass_fail_and_coverage(capsys, pack):
    code, out, _ = run(capsys, "rules", "test", str(pack))
    assert code == 1
    assert "mini_test.yaml: 1/2 passed" in out
    assert "FAIL a minor falls through" in out and "expected verdict pa_required, got unknown" in out
    assert "1 passed, 1 failed" in out
    assert "rule coverage: 2/3 rules fired" in out and "mini.policy:never_tested" in out
    report = ruletests.run_rule_tests([pack / "mini_test.yaml"])
    assert [r.passed for r in report.results] == [True, False]
    assert report.results[1].actual["rule"] == "fallback"
    assert report.uncovered == [f"{shown_path(pack / 'mini.policy')}:never_tested"]


def test_rule_tests_json(capsys, pack):
    code, out, _ = run(capsys, "rules", "test", "--json", str(pack / "mini_test.yaml"))
    data = json.loads(out)
    assert code == 1 and data["passed"] == 1 and data["failed"] == 1 and data["rules_total"] == 3


def test_shipped_rule_tests_run():
    report = ruletests.run_rule_tests()
    files = {Path(r.file).name for r in report.results}
    assert {p.name for p in (ROOT / "rules").rglob("*_test.yaml")} <= files
    assert report.rules_total > 0


def test_criteria_expectations(tmp_path):
    (tmp_path / "c_test.yaml").write_text(
        """\
rules: [../../rules/default.policy, ../../rules/criteria.policy]
tests:
  - name: criteria subset
    profile: {treatment: esketamine_nasal, age: 40}
    plan: |
      fact treatment esketamine_nasal [prior_authorization] in "sbc.pdf" page 3 quote "PA"
    expect: {verdict: pa_required, criteria: {adult: met, failed_antidepressants: not_given}}
  - name: empty mapping means none checked
    profile: {treatment: esketamine_nasal, age: 40}
    plan: |
      fact treatment esketamine_nasal [prior_authorization] in "sbc.pdf" page 3 quote "PA"
    expect: {verdict: pa_required, criteria: {}}
""".replace("../../rules", str(ROOT / "rules"))
    )
    report = ruletests.run_rule_tests([tmp_path])
    assert [r.passed for r in report.results] == [True, False]
    assert report.results[1].message.startswith("expected no criteria checked, got adult: met")


@pytest.mark.parametrize(
    "yaml_text, message",
    [
        ("tests: []", "'tests' must be a non-empty list"),
        (
            "rules: [nope.policy]\ntests: [{name: t, profile: {treatment: iv_ketamine}, expect: {verdict: unknown}}]",
            "rule file 'nope.policy' does not exist",
        ),
        (
            "tests: [{name: t, profile: {treatment: iv_ketamine}, expect: {verdict: coverd}}]",
            "test 't': expect.verdict 'coverd' is not a verdict (did you mean 'covered'?)",
        ),
        (
            "tests: [{name: t, profile: {treatment: iv_ketamine}, expect: {verdict: unknown}, expected: 1}]",
            "test 't': unknown key 'expected'",
        ),
        (
            "tests: [{name: t, profile: {treatment: iv_ketamine, age: -3}, expect: {verdict: unknown}}]",
            "test 't': profile field 'age'",
        ),
        (
            "tests: [{name: t, profile: {treatment: iv_ketamine}, expect: {verdict: unknown, criteria: {adult: ok}}}]",
            "test 't': expect.criteria.adult: 'ok' is not one of met, not_met, not_given",
        ),
        ("tests: [{profile: {treatment: iv_ketamine}, expect: {verdict: unknown}}]", "test '#1': has no 'name'"),
        ("tests: [oops", "not valid YAML at line 1"),
    ],
)
def test_bad_test_files_name_file_and_test(tmp_path, capsys, yaml_text, message):
    f = tmp_path / "bad_test.yaml"
    f.write_text(yaml_text, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        ruletests.run_rule_tests([f])
    assert "bad_test.yaml" in str(exc.value) and message in str(exc.value)
    code, _, err = run(capsys, "rules", "test", str(f))
    assert code == 2 and message in err


def test_plan_errors_point_into_the_yaml_file(tmp_path):
    f = tmp_path / "typo_test.yaml"
    f.write_text(
        """\
tests:
  - name: typo in a modifier
    profile: {treatment: esketamine_nasal}
    plan: |
      document "sbc.pdf" kind sbc pages 4
      fact treatment esketamine_nasal [prior_authorisation] in "sbc.pdf" page 3
    expect: {verdict: pa_required}
""",
        encoding="utf-8",
    )
    with pytest.raises(DSLError) as exc:
        ruletests.run_rule_tests([f])
    err = exc.value
    assert err.message == "test 'typo in a modifier', plan: unknown modifier 'prior_authorisation'"
    assert (err.line, err.column) == (6, 40) and "typo_test.yaml" in err.file
    assert (
        err.render()
        .splitlines()[1]
        .endswith('fact treatment esketamine_nasal [prior_authorisation] in "sbc.pdf" page 3')
    )


# ---- facts ---------------------------------------------------------------------------------------


def test_facts_text_markdown_json(capsys):
    code, out, _ = run(capsys, "rules", "facts")
    assert code == 0 and "age" in out and "mentions(concept: concept, modifiers: modifier...) -> bool" in out
    assert "prior_authorization" in out and "aetna" in out
    code, md, _ = run(capsys, "rules", "facts", "--markdown")
    assert md == schemadoc.facts_markdown() and "| `age` | int |" in md
    code, js, _ = run(capsys, "rules", "facts", "--json")
    data = json.loads(js)
    assert {f["name"] for f in data["fields"]} >= {"treatment", "age", "insurer"}
    assert any(c["name"] == "mdd" and c["type"] == "condition" for c in data["constants"])


def test_facts_update_doc(capsys, tmp_path):
    doc = tmp_path / "d.md"
    doc.write_text(f"intro\n{schemadoc.DOC_BEGIN}\nold\n{schemadoc.DOC_END}\noutro\n")
    code, out, _ = run(capsys, "rules", "facts", "--update", str(doc))
    assert code == 0 and "updated" in out
    assert doc.read_text() == f"intro\n{schemadoc.DOC_BEGIN}\n{schemadoc.facts_markdown()}{schemadoc.DOC_END}\noutro\n"
    code, out, _ = run(capsys, "rules", "facts", "--update", str(doc))
    assert "already up to date" in out


# ---- explain -------------------------------------------------------------------------------------


def test_explain_why_not(capsys, pack, tmp_path):
    plan = tmp_path / "plan.policy"
    plan.write_text(PLAN, encoding="utf-8")
    profile = tmp_path / "p.yaml"
    profile.write_text("treatment: esketamine_nasal\nage: 16\n", encoding="utf-8")
    code, out, _ = run(capsys, "explain", str(plan), "--profile", str(profile), "--rules", str(pack / "mini.policy"))
    assert code == 0
    assert out.splitlines()[0] == "esketamine_nasal, insurer not known: unknown (none) by rule fallback"
    assert "failed: age >= 18 — age = 16" in out
    assert (
        "failed: mentions(treatment, covered) — no finding of esketamine_nasal with covered; "
        "esketamine_nasal found only as: [prior_authorization] sbc.pdf page 3" in out
    )
    assert "WINS     0  fallback" in out


def test_explain_api_and_json(capsys, pack, tmp_path):
    plan = tmp_path / "plan.policy"
    plan.write_text(PLAN.replace("esketamine_nasal [prior_authorization]", "esketamine_nasal [covered]"))
    items = explain([plan], {"treatment": "esketamine_nasal"}, [pack / "mini.policy"])
    by = {e.rule: e for e in items}
    assert [e.rule for e in items] == ["pa_for_adults", "never_tested", "fallback"]
    assert by["pa_for_adults"].failed_clause == "age >= 18" and by["pa_for_adults"].actual == "age not given"
    assert by["never_tested"].matched and by["never_tested"].winner and by["fallback"].matched
    profile = tmp_path / "p.json"
    profile.write_text('{"treatment": "esketamine_nasal", "insurer": "Aetna"}')
    code, out, _ = run(capsys, "explain", str(plan), "--profile", str(profile), "--json")
    data = json.loads(out)
    assert code == 0 and data["insurer"] == "aetna"
    scoped = [r for r in data["rules"] if r["failed_clause"].startswith("insurer == ")]
    assert all(r["actual"] == "insurer = aetna" for r in scoped)


def test_explain_bad_profile_is_bad_input(capsys, tmp_path):
    plan = tmp_path / "plan.policy"
    plan.write_text(PLAN)
    code, _, err = run(capsys, "explain", str(plan), "--profile", str(tmp_path / "missing.yaml"))
    assert code == 2 and "missing.yaml" in err


def test_python_api_names():
    for name in ("check_texts", "check_paths", "format_text", "run_rule_tests", "explain_case", "facts_markdown"):
        assert callable(getattr(tools, name))
    assert callable(explain)
    assert tools.format_text("rule r { priority 1 then unknown basis none }").startswith("rule r {\n")
    assert tools.check_texts({"x.policy": "rule r {"})[0].severity == "error"
    assert tools.qa.load_manifest is not None
