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
# The pack header's paragraph that explains its dates, e.g. "# Effective date: not shown in ... ".
DATE_NOTE = re.compile(r"^#\s*Effective date[^:]*:\s*\S", re.MULTILINE)
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


def _undated_reason(source, path: Path) -> str:
    """A source's stated reason for having no date: the language's own (`undated "..."`) where it has
    one, else the pack header's "Effective date:" paragraph."""
    reason = getattr(source, "undated", "") or ""
    if reason.strip():
        return reason
    match = DATE_NOTE.search(_header(path))
    return match.group(0) if match else ""


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
        source = rule.source or pf.source
        assert source is not None, f"{path.name}: rule {rule.name} cites no source"
        assert source.label.strip(), f"{path.name}: rule {rule.name}: the source has no name or number"
        assert source.url.startswith("https://") or source.url.startswith("http://"), (
            f"{path.name}: rule {rule.name}: the source has no address"
        )
        if source.effective:
            assert ISO_DATE.match(source.effective), f"{path.name}: rule {rule.name}: bad date {source.effective}"
        else:
            assert _undated_reason(source, path), (
                f"{path.name}: rule {rule.name} has no effective date and the pack does not say why"
            )


@pytest.mark.parametrize("path", PACKS, ids=_ids(PACKS))
def test_every_pack_criterion_names_its_source(path):
    pf = parse_file(path)
    for crit in pf.criteria:
        source = crit.source or pf.source
        assert source is not None and source.label.strip(), f"{path.name}: criterion {crit.name} cites no source"
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
