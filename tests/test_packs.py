"""Insurer packs (rules/insurers/*.policy): every rule says where it comes from and when it took effect
(or why no date could be found), every pack has rule tests beside it that pass and make each of its rules
decide, and every criterion is tested both met and not met."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from policyeval.dsl.parser import parse_file
from policyeval.tools import run_rule_tests

ROOT = Path(__file__).resolve().parent.parent
PACKS = sorted((ROOT / "rules" / "insurers").glob("*.policy"))
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Criteria that any given value meets ("a baseline score was recorded", no threshold published): they can
# only be met or not given, so their tests show met and not_given.
CANNOT_FAIL = {("uhc", "baseline_score"), ("carefirst", "severity_documented"), ("medmutual", "baseline_score")}


def _ids(paths):
    return [p.stem for p in paths]


def _header(path: Path) -> str:
    """The comment block before the first statement."""
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            break
        lines.append(line)
    return "\n".join(lines)


def _source_of(item, pf):
    """The source a rule or criterion cites: its own, else its version block's, else the file's."""
    version = getattr(item, "version", None)
    return item.source or (version.source if version is not None else None) or pf.source


def _dated_or_says_why(source) -> bool:
    """An ISO effective date, or `undated "why"` with a reason in words."""
    if source.effective:
        return bool(ISO_DATE.match(source.effective))
    return len(source.undated.split()) >= 3


def test_there_are_packs_for_at_least_fifteen_carriers():
    insurers = [parse_file(p).insurer for p in PACKS]
    assert len(set(insurers)) == len(insurers), "one pack per insurer"
    assert len(insurers) >= 15  # issue 15


@pytest.mark.parametrize("path", PACKS, ids=_ids(PACKS))
def test_every_pack_rule_cites_its_policy_and_its_date(path):
    pf = parse_file(path)
    assert pf.insurer, f"{path.name}: a pack starts with `insurer ID`"
    assert pf.rules, f"{path.name}: a pack without rules decides nothing"
    header = _header(path)
    assert re.search(r"(?im)^#.*\bsources?\b", header), f"{path.name}: the header lists its sources"
    for rule in pf.rules:
        source = _source_of(rule, pf)
        assert source is not None, f"{path.name}: rule {rule.name} cites no source"
        assert source.label.strip(), f"{path.name}: rule {rule.name}: the source has no name or number"
        assert source.url.startswith("https://") or source.url.startswith("http://"), (
            f"{path.name}: rule {rule.name}: the source has no address"
        )
        assert _dated_or_says_why(source), (
            f'{path.name}: rule {rule.name}: its source has neither an effective date nor `undated "why"`'
        )


@pytest.mark.parametrize("path", PACKS, ids=_ids(PACKS))
def test_every_pack_criterion_names_its_source(path):
    pf = parse_file(path)
    for crit in pf.criteria:
        source = _source_of(crit, pf)
        assert source is not None and source.label.strip(), f"{path.name}: criterion {crit.name} cites no source"
        assert _dated_or_says_why(source), f"{path.name}: criterion {crit.name}: source without date or reason"
        assert crit.description.strip() and crit.proof.strip(), f"{path.name}: criterion {crit.name}"


@pytest.mark.parametrize("path", PACKS, ids=_ids(PACKS))
def test_every_pack_has_passing_rule_tests_that_make_each_rule_decide(path):
    tests = path.with_name(f"{path.stem}_test.yaml")
    assert tests.exists(), f"{path.name}: rule tests belong beside the pack, in {tests.name}"
    report = run_rule_tests([tests])
    assert report.ok, "\n".join(f"{r.name}: {r.message}" for r in report.failed)
    decided = {r.actual["rule"] for r in report.results}
    never = [rule.name for rule in parse_file(path).rules if rule.name not in decided]
    assert not never, f"{path.name}: no test of {tests.name} makes these rules decide: {never}"


@pytest.mark.parametrize("path", PACKS, ids=_ids(PACKS))
def test_every_pack_criterion_is_tested_met_and_not_met(path):
    """A criterion tested only when met would pass with any threshold; the not-met case pins it."""
    pf = parse_file(path)
    tests = path.with_name(f"{path.stem}_test.yaml")
    seen: dict[str, set[str]] = {}
    for test in yaml.safe_load(tests.read_text(encoding="utf-8"))["tests"]:
        for name, status in ((test.get("expect") or {}).get("criteria") or {}).items():
            seen.setdefault(name, set()).add(status)

    def wanted(name: str) -> set[str]:
        return {"met", "not_given"} if (path.stem, name) in CANNOT_FAIL else {"met", "not_met"}

    missing = [c.name for c in pf.criteria if not wanted(c.name) <= seen.get(c.name, set())]
    assert not missing, f"{path.name}: criteria never tested both met and not met: {missing}"


# (pack, profile, service day, version expected in force — "" = the pack does not decide —, words its
# next steps must hold). Rule tests cannot see the version; these pin each boundary's day before and day of.
VERSION_CASES = [
    ("uhc", {"treatment": "esketamine_nasal", "insurer": "UHC", "diagnoses": ["F33.2"]}, "2025-04-30", "", ""),
    (
        "uhc",
        {"treatment": "esketamine_nasal", "insurer": "UHC", "diagnoses": ["F33.2"]},
        "2025-05-01",
        "2025-05-01",
        "S0013",
    ),
    (
        "uhc",
        {"treatment": "esketamine_nasal", "insurer": "UHC", "diagnoses": ["F33.2"]},
        "2025-12-31",
        "2025-05-01",
        "S0013",
    ),
    (
        "uhc",
        {"treatment": "esketamine_nasal", "insurer": "UHC", "diagnoses": ["F33.2"]},
        "2026-01-01",
        "2026-01-01",
        "J0013",
    ),
    (
        "qualchoice",
        {"treatment": "esketamine_nasal", "insurer": "QualChoice", "diagnoses": ["F33.2"]},
        "2023-12-31",
        "",
        "",
    ),
    (
        "qualchoice",
        {"treatment": "esketamine_nasal", "insurer": "QualChoice", "diagnoses": ["F33.2"]},
        "2024-01-01",
        "2024-01-01",
        "PHQ-9",
    ),
    ("bcbsok", {"treatment": "esketamine_nasal", "insurer": "BCBSOK", "diagnoses": ["F33.1"]}, "2025-12-31", "", ""),
    (
        "bcbsok",
        {"treatment": "esketamine_nasal", "insurer": "BCBSOK", "diagnoses": ["F33.1"]},
        "2026-01-01",
        "2026-01-01",
        "PHQ-9 10+",
    ),
    ("bcbsmn", {"treatment": "esketamine_nasal", "insurer": "BCBSMN", "diagnoses": ["F33.2"]}, "2022-08-28", "", ""),
    (
        "bcbsmn",
        {"treatment": "esketamine_nasal", "insurer": "BCBSMN", "diagnoses": ["F33.2"]},
        "2022-08-29",
        "2022-08-29",
        "four",
    ),
    (
        "bcbsmn",
        {"treatment": "esketamine_nasal", "insurer": "BCBSMN", "diagnoses": ["F33.2"]},
        "2023-06-04",
        "2022-08-29",
        "four",
    ),
    ("bcbsmn", {"treatment": "esketamine_nasal", "insurer": "BCBSMN", "diagnoses": ["F33.2"]}, "2023-06-05", "", ""),
]


@pytest.mark.parametrize(("pack", "profile", "day", "version", "words"), VERSION_CASES)
def test_the_version_in_force_on_the_service_day_decides(pack, profile, day, version, words):
    from policyeval import evaluate_plan_text, load_rules, profile_from_dict

    rules = load_rules()
    prof = profile_from_dict({**profile, "service_date": day})
    decision, _ = evaluate_plan_text('document "sbc.pdf" kind sbc pages 4\n', prof, rules)
    winner = [t for t in decision.trace if t.rule == decision.rule]
    decided_by_pack = bool(winner) and winner[0].file.endswith(f"{pack}.policy")
    if not version:
        assert not decided_by_pack, f"{pack} decided on {day}, before / after its versions"
        return
    assert decided_by_pack, f"{pack} did not decide on {day}"
    assert winner[0].version == version
    assert any(words in step for step in decision.next_steps), decision.next_steps


def test_the_readme_pack_table_is_the_generated_one():
    """Refresh with `policyeval rules packs --update README.md` after changing a pack."""
    from policyeval.tools.packs import MD_BEGIN, MD_END, packs, packs_markdown

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert MD_BEGIN in readme and MD_END in readme
    shown = readme.split(MD_BEGIN, 1)[1].split(MD_END, 1)[0].strip()
    assert shown == packs_markdown(packs()).strip()
