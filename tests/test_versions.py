"""Versions of an insurer's policy (issue 15 §2-3): the version in force on the profile's service date
decides, through the engine; `rules packs` lists the packs; `rules diff` says what changed."""

from __future__ import annotations

import json

import pytest

from policyeval.cli import main
from policyeval.decide.ruleset import load_rules_text
from policyeval.dsl.formatter import format_text
from policyeval.dsl.parser import parse
from policyeval.dsl.syntax import same_ast
from policyeval.errors import DSLError, InputError, ProfileError
from policyeval.pipeline import evaluate_plan_text
from policyeval.profile import profile_from_dict
from policyeval.tools import check_texts
from policyeval.tools.explain import explain

# A made-up carrier's pack: two versions, a threshold that moves, a criterion that goes away, a rule
# outside the blocks that reads a param the second version changes.
PACK = """\
insurer cigna
source "Policy 77" title "Nasal spray" url "https://example.org/77" effective 2023-05-01
param min_trials = 2
param with_oral = true

version 2023-05-01 "first edition" {
    rule spray_pa {
        priority 450
        when treatment == esketamine_nasal
        then pa_required basis insurer_policy
        reason "edition one: {source}"
    }

    criterion oral_alongside {
        describe "an oral antidepressant alongside"
        when with_oral
        require current_oral_antidepressant
    }
}

version 2024-09-30 "spray alone allowed" {
    source "Policy 77" url "https://example.org/77-rev" effective 2024-09-30
    param min_trials = 3
    param with_oral = false

    rule spray_pa {
        priority 450
        when treatment == esketamine_nasal and age >= 18
        then pa_required basis insurer_policy
        reason "edition two: {source}"
    }
}

criterion enough_trials {
    describe "at least {min_trials} failed antidepressant trials"
    when treatment == esketamine_nasal
    require failed_antidepressant_trials >= min_trials
}

rule infusion_excluded {
    priority 440
    when treatment == iv_ketamine and age >= min_trials
    then experimental_exclusion basis insurer_policy
    reason "no infusions"
}
"""
DEFAULT = """\
rule fallback {
    priority 0
    then unknown basis none
    reason "nothing decides"
}
"""
PLAN = 'document "sbc.pdf" kind sbc pages 2\n'


@pytest.fixture(scope="module")
def rules():
    return load_rules_text({"pack.policy": PACK, "default.policy": DEFAULT})


def decide(rules, **profile):
    decision, _ = evaluate_plan_text(PLAN, {"treatment": "esketamine_nasal", "insurer": "Cigna", **profile}, rules)
    return decision


@pytest.mark.parametrize(
    "day, rule, version, reason",
    [
        ("2023-04-30", "fallback", "", "nothing decides"),  # before the first version: the pack is silent
        ("2023-05-01", "spray_pa", "2023-05-01", "edition one"),  # the day a version takes effect
        ("2024-09-29", "spray_pa", "2023-05-01", "edition one"),  # the day before the next one
        ("2024-09-30", "spray_pa", "2024-09-30", "edition two"),
        ("2031-01-01", "spray_pa", "2024-09-30", "edition two"),  # the last version stays in force
    ],
)
def test_the_version_in_force_on_the_service_date_decides(rules, day, rule, version, reason):
    d = decide(rules, service_date=day, age=40)
    assert d.rule == rule and d.reason.startswith(reason)
    (winner,) = [t for t in d.trace if t.winner]
    assert winner.version == version
    if version:
        assert f"policy version {version}" in winner.note and f"in force on {day}" in winner.note
        assert "effective 2024-09-30" in d.reason if version == "2024-09-30" else "effective 2023-05-01" in d.reason


def test_each_version_checks_its_own_criteria_with_its_own_numbers(rules):
    old = decide(rules, service_date="2024-01-01", age=40, failed_antidepressant_trials=2)
    new = decide(rules, service_date="2024-10-01", age=40, failed_antidepressant_trials=2)
    assert {c.name: c.status for c in old.criteria} == {"oral_alongside": "not_given", "enough_trials": "met"}
    assert {c.name: c.status for c in new.criteria} == {"enough_trials": "not_met"}
    assert [c.description for c in new.criteria] == ["at least 3 failed antidepressant trials"]


def test_a_rule_outside_the_blocks_reads_each_versions_params(rules):
    """infusion_excluded needs age >= min_trials: 2 before and in the first version, 3 in the second."""
    iv = {"treatment": "iv_ketamine", "insurer": "cigna", "age": 2}
    assert evaluate_plan_text(PLAN, {**iv, "service_date": "2024-01-01"}, rules)[0].rule == "infusion_excluded"
    assert evaluate_plan_text(PLAN, {**iv, "service_date": "2025-01-01"}, rules)[0].rule == "fallback"
    names = sorted(rules.rule_id(r) for r in rules.rules if r.name == "infusion_excluded")
    assert names == ["pack.policy:infusion_excluded", "pack.policy:infusion_excluded@2023-05-01",
                     "pack.policy:infusion_excluded@2024-09-30"]  # fmt: skip


def test_no_service_date_means_today(rules):
    assert decide(rules, age=40).reason.startswith("edition two")


def test_explain_says_why_another_version_did_not_match(tmp_path, rules):
    (tmp_path / "plan.policy").write_text(PLAN)
    profile = {"treatment": "esketamine_nasal", "insurer": "cigna", "age": 40, "service_date": "2024-01-01"}
    items = [e for e in explain([tmp_path / "plan.policy"], profile, rules) if e.rule == "spray_pa"]
    assert [(e.version, e.winner, e.matched) for e in items] == [
        ("2023-05-01", True, True),
        ("2024-09-30", False, False),
    ]
    assert items[1].failed_clause.startswith("in force from 2024-09-30") and items[1].actual.endswith("2024-01-01")


def test_profile_service_date():
    assert profile_from_dict({"treatment": "spravato", "service_date": "2025-02-15"}).service_date == "2025-02-15"
    for bad in ("2025-2-15", "2025-02-30", "2025-W07-6", 20250215, "1850-01-01"):
        with pytest.raises(ProfileError, match="service_date"):
            profile_from_dict({"treatment": "spravato", "service_date": bad})


# ---- the language ----------------------------------------------------------------------------------


def test_versions_format_canonically_and_keep_their_meaning():
    messy = (
        'insurer cigna\nversion 2024-01-01 "a" {  # why\n  source "S" undated "the page shows no date"\n'
        "  param n = 2\n  # before the rule\n  rule r { priority 1 when age >= n then unknown basis none }\n}  # end\n"
    )
    once = format_text(messy, "v.policy")
    assert format_text(once, "v.policy") == once
    assert same_ast(parse(messy, "v.policy"), parse(once, "v.policy"))
    assert '    source "S" undated "the page shows no date"' in once.splitlines()
    assert 'version 2024-01-01 "a" {  # why' in once and "}  # end" in once and "    # before the rule" in once
    assert "        when age >= n" in once


def errors_of(text: str) -> list[str]:
    return [d.message for d in check_texts({"p.policy": text}) if d.severity == "error"]


def test_version_mistakes_are_errors():
    rule = 'rule r {{ priority 1 when age >= {n} then unknown basis none reason "x" }}\n'
    twice = f"insurer cigna\nversion 2024-01-01 {{ {rule.format(n=1)} }}\nversion 2024-01-01 {{ {rule.format(n=2)} }}\n"
    assert errors_of(twice) == ["two versions dated 2024-01-01"]
    assert errors_of("insurer cigna\nversion 2024-02-30 { }\n") == ["'2024-02-30' is not a date"]
    base_and_version = "insurer cigna\n" + rule.format(n=1) + "version 2024-01-01 { " + rule.format(n=2) + "}\n"
    assert errors_of(base_and_version) == ["duplicate rule name 'r'"]
    only_in_version = "insurer cigna\nversion 2024-01-01 { param k = 3 }\n" + rule.format(n="k")
    assert errors_of(only_in_version)[0].startswith("'k' is a param of versions only")
    both = 'insurer cigna\nsource "S" effective 2024-01-01 undated "?"\n' + rule.format(n=1)
    assert errors_of(both) == ["a source is either 'effective DATE' or 'undated \"why\"', not both"]


def test_a_pack_source_without_date_or_reason_is_warned():
    rule = 'rule r {\n priority 1\n then unknown basis none\n reason "x"\n}\n'
    warn = [d.message for d in check_texts({"p.policy": 'insurer cigna\nsource "S"\n' + rule})]
    assert warn == ["source 'S' gives no effective date"]
    assert check_texts({"p.policy": 'insurer cigna\nsource "S" undated "not printed"\n' + rule}) == []


def test_rule_tests_count_each_version_of_a_rule(tmp_path):
    from policyeval.tools.ruletests import run_rule_tests

    (tmp_path / "pack.policy").write_text(PACK)
    (tmp_path / "pack_test.yaml").write_text(
        "rules: [pack.policy]\ntests:\n"
        "  - name: second edition\n"
        "    profile: {treatment: esketamine_nasal, insurer: cigna, age: 40, service_date: 2024-10-01}\n"
        "    expect: {verdict: pa_required, rule: spray_pa}\n"
    )
    report = run_rule_tests([tmp_path])
    assert report.ok and any(u.endswith("spray_pa@2023-05-01") for u in report.uncovered)
    assert not any(u.endswith("spray_pa@2024-09-30") for u in report.uncovered)


# ---- rules packs / rules diff ----------------------------------------------------------------------


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_rules_packs_lists_what_each_pack_decides(capsys, tmp_path):
    (tmp_path / "pack.policy").write_text(PACK)
    code, out, _ = run(capsys, "rules", "packs", str(tmp_path / "pack.policy"), "--json")
    (pack,) = json.loads(out)
    assert code == 0 and pack["insurer"] == "cigna" and pack["carrier"] == "Cigna"
    assert pack["decides"] == {"iv_ketamine": ["experimental_exclusion"], "esketamine_nasal": ["pa_required"]}
    assert [(v["date"], v["until"]) for v in pack["versions"]] == [("2023-05-01", "2024-09-30"), ("2024-09-30", "")]
    assert [s["effective"] for s in pack["sources"]] == ["2023-05-01", "2024-09-30"]
    code, out, _ = run(capsys, "rules", "packs", str(tmp_path / "pack.policy"), "--markdown")
    assert out.splitlines()[0].startswith("| pack |") and "`cigna`" in out and "spray alone allowed" in out
    doc = tmp_path / "README.md"
    doc.write_text("before\n<!-- BEGIN generated by `policyeval rules packs --markdown` -->\nold\n"
                   "<!-- END generated by `policyeval rules packs --markdown` -->\nafter\n")  # fmt: skip
    assert run(capsys, "rules", "packs", str(tmp_path / "pack.policy"), "--update", str(doc))[0] == 0
    assert "`cigna`" in doc.read_text() and "old" not in doc.read_text() and doc.read_text().endswith("after\n")


def test_rules_packs_on_the_shipped_packs(capsys):
    code, out, _ = run(capsys, "rules", "packs")
    assert code == 0 and out.rstrip().endswith("packs") and "aetna" in out


def test_rules_diff_says_what_changed(capsys, tmp_path):
    (tmp_path / "pack.policy").write_text(PACK)
    code, out, _ = run(capsys, "rules", "diff", str(tmp_path / "pack.policy"))
    assert code == 0
    lines = [line.strip() for line in out.splitlines()]
    assert "2023-05-01 “first edition”  →  2024-09-30 “spray alone allowed”" in lines
    for expected in (
        "source url: https://example.org/77 → https://example.org/77-rev",
        "source effective: 2023-05-01 → 2024-09-30",
        "param min_trials: 2 → 3 (read by rule infusion_excluded, criterion enough_trials)",
        "param with_oral: true → false",
        "criterion oral_alongside removed",
        "rule spray_pa: when: treatment == esketamine_nasal → treatment == esketamine_nasal and age >= 18",
        "rule spray_pa: reason changed",
    ):
        assert expected in lines, (expected, out)


def test_rules_diff_moved_threshold_and_unknown_pack(capsys, tmp_path):
    moved = PACK.replace(
        "when treatment == esketamine_nasal and age >= 18", "when treatment == esketamine_nasal and age >= 21"
    )
    moved = moved.replace(
        "when treatment == esketamine_nasal\n        then",
        "when treatment == esketamine_nasal and age >= 18\n        then",
        1,
    )
    (tmp_path / "pack.policy").write_text(moved)
    _, out, _ = run(capsys, "rules", "diff", str(tmp_path / "pack.policy"))
    assert "rule spray_pa: when: age >= 18 → age >= 21" in [line.strip() for line in out.splitlines()]
    code, _, err = run(capsys, "rules", "diff", "no_such_carrier")
    assert code == 2 and "no pack for 'no_such_carrier'" in err


def test_a_broken_pack_is_bad_input_for_packs_and_diff(capsys, tmp_path):
    (tmp_path / "bad.policy").write_text("insurer cigna\nversion 2024-01-01 {\n")
    assert run(capsys, "rules", "diff", str(tmp_path / "bad.policy"))[0] == 2
    assert run(capsys, "rules", "packs", str(tmp_path / "bad.policy"))[0] == 2
    with pytest.raises(DSLError):
        load_rules_text({"bad.policy": "insurer cigna\nversion 2024-01-01 {\n"})


def test_a_version_switching_a_condition_off_is_not_warned_but_a_real_contradiction_is():
    pack = PACK + (
        "\nrule contradiction {\n    priority 1\n    when with_oral and age > 65 and age < 18\n"
        '    then unknown basis none\n    reason "x"\n}\n'
    )
    warnings = [d.message for d in check_texts({"p.policy": pack}) if d.severity == "warning"]
    assert warnings == ["this condition can never hold: with_oral and age > 65 and age < 18"]


def test_rule_tests_can_pin_the_version_that_decides(tmp_path):
    from policyeval.tools.ruletests import run_rule_tests

    (tmp_path / "pack.policy").write_text(PACK)
    (tmp_path / "pack_test.yaml").write_text(
        "rules: [pack.policy]\ntests:\n"
        "  - name: the day before\n"
        "    profile: {treatment: esketamine_nasal, insurer: cigna, age: 40, service_date: 2024-09-29}\n"
        "    expect: {verdict: pa_required, rule: spray_pa, version: 2023-05-01}\n"
        "  - name: the day of, pinned wrongly\n"
        "    profile: {treatment: esketamine_nasal, insurer: cigna, age: 40, service_date: 2024-09-30}\n"
        "    expect: {verdict: pa_required, version: 2023-05-01}\n"
        "  - name: before any version\n"
        "    profile: {treatment: esketamine_nasal, insurer: cigna, service_date: 2020-01-01}\n"
        "    expect: {verdict: unknown, version: none}\n"
    )
    report = run_rule_tests([tmp_path])
    assert [r.passed for r in report.results] == [True, False, True]
    assert report.results[1].message.startswith("expected version 2023-05-01, got 2024-09-30")
    (tmp_path / "pack_test.yaml").write_text(
        "rules: [pack.policy]\ntests:\n  - name: t\n    profile: {treatment: iv_ketamine}\n"
        "    expect: {verdict: unknown, version: last year}\n"
    )
    with pytest.raises(InputError, match="expect.version 'last year' is not a version date"):
        run_rule_tests([tmp_path])


def test_rules_packs_lists_each_citation_once(capsys, tmp_path):
    twice = PACK.replace(
        'reason "no infusions"',
        'reason "no infusions"\n    source "Policy 77" title "Nasal spray" url "https://example.org/77" effective 2023-05-01',
    )
    (tmp_path / "pack.policy").write_text(twice)
    _, out, _ = run(capsys, "rules", "packs", str(tmp_path / "pack.policy"), "--json")
    (pack,) = json.loads(out)
    assert [s["url"] for s in pack["sources"]] == ["https://example.org/77", "https://example.org/77-rev"]
