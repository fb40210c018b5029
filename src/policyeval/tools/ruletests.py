"""`policyeval rules test`: rule tests written beside the rules (`*_test.yaml`: a profile, a plan and
the expected verdict, basis, rule and criteria), with the rules no test made fire.

A test file names its rule files (relative to itself; default: the shipped rules) and lists tests.
Every problem in a test file names the file and the test; a typo in a test's plan (an unknown concept
or modifier would silently match nothing) is an error pointing at the line inside the YAML file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import yaml

from .. import resources
from ..decide.ruleset import RuleSet, load_rules
from ..dsl.checks import check_plan
from ..dsl.diagnostics import errors
from ..dsl.parser import parse
from ..dsl.schema import suggest
from ..errors import DSLError, InputError, PolicyEvalError, ProfileError
from ..lexicon import Lexicon, load_lexicon
from ..models import BASES, VERDICTS
from ..pipeline import evaluate_plan_text
from ..profile import profile_from_dict
from ..textfile import expand_paths, read_text, shown_path, yaml_error

__all__ = ["run_rule_tests", "RuleTestResult", "RuleTestReport", "test_files", "STATUSES"]

STATUSES = ("met", "not_met", "not_given")
MAX_TEST_FILE_BYTES = 10_000_000
TEST_KEYS = ("name", "profile", "plan", "expect")
EXPECT_KEYS = ("verdict", "basis", "rule", "version", "criteria")


@dataclass
class RuleTestResult:
    name: str
    file: str
    passed: bool
    expected: dict[str, Any]
    actual: dict[str, Any]
    message: str = ""


@dataclass
class RuleTestReport:
    results: list[RuleTestResult]
    uncovered: list[str]  # rules no test made fire (match), "file:rule" or "file:rule@version"
    rules_total: int = 0

    @property
    def failed(self) -> list[RuleTestResult]:
        return [r for r in self.results if not r.passed]

    @property
    def ok(self) -> bool:
        return not self.failed

    def to_json(self) -> dict[str, Any]:
        return {
            "passed": sum(r.passed for r in self.results),
            "failed": len(self.failed),
            "results": [asdict(r) for r in self.results],
            "uncovered": self.uncovered,
            "rules_total": self.rules_total,
        }


@dataclass
class _RuleTest:
    name: str
    profile: dict[str, Any]
    plan: str
    expect: dict[str, Any]
    plan_line: int = 0  # 0-based YAML line of the plan's first line (block scalars), else -1
    plan_indent: int = 0


def test_files(paths: Iterable[str | Path] | None = None) -> list[Path]:
    """`*_test.yaml` files: the given files, those under the given directories, else every shipped one."""
    given = list(paths or [])
    if not given:
        return sorted(resources.rules_dir().rglob("*_test.yaml"))
    return expand_paths(given, "*_test.yaml", "rule test file")


def run_rule_tests(paths: Iterable[str | Path] | None = None) -> RuleTestReport:
    """Run rule test files (see docs/DSL.md, "Rule tests"): pass/fail per test, and the rules no test
    made fire. Raises InputError / DSLError for a malformed test file, naming the file and the test."""
    lexicon = load_lexicon()
    loaded: dict[tuple[str, ...], RuleSet] = {}
    results: list[RuleTestResult] = []
    fired: set[str] = set()
    all_rules: dict[str, str] = {}  # "file:rule" -> rule name, in declaration order
    for path in test_files(paths):
        shown = shown_path(path)
        rule_paths, tests = load_test_file(shown)
        key = tuple(str(p.resolve()) for p in rule_paths) if rule_paths is not None else ()
        if key not in loaded:
            try:
                loaded[key] = load_rules([shown_path(p) for p in rule_paths] if rule_paths else None, lexicon)
            except DSLError:
                raise
            except PolicyEvalError as err:
                raise _bad(shown, f"cannot load its rules: {err}") from None
        rules = loaded[key]
        for r in rules.rules:
            all_rules.setdefault(
                _coverage_key(str(shown_path(r.pos.file)), r.name, r.version.date if r.version else ""), r.name
            )
        for test in tests:
            results.append(_run_one(shown, test, rules, lexicon, fired))
    uncovered = [rid for rid in all_rules if rid not in fired]
    return RuleTestReport(results, uncovered, len(all_rules))


def _run_one(shown: Path, test: _RuleTest, rules: RuleSet, lexicon: Lexicon, fired: set[str]) -> RuleTestResult:
    _check_plan_text(shown, test, lexicon)
    try:
        profile = profile_from_dict(test.profile)
    except ProfileError as err:
        raise _bad(shown, str(err), test.name) from None
    decision, _ = evaluate_plan_text(test.plan, profile, rules, lexicon, plan_name=f"{shown} ({test.name})")
    for t in decision.trace:
        fired.add(_coverage_key(str(shown_path(t.file)), t.rule, t.version))
    actual = {
        "verdict": decision.verdict,
        "basis": decision.basis,
        "rule": decision.rule,
        "version": next((t.version for t in decision.trace if t.winner), ""),
        "criteria": {c.name: c.status for c in decision.criteria},
    }
    problems = _compare(test.expect, actual)
    message = "; ".join(problems)
    if problems and decision.reason:
        message += f" — {decision.rule or 'no rule'} decided: {decision.reason}"
    return RuleTestResult(test.name, str(shown), not problems, test.expect, actual, message)


def _coverage_key(file: str, rule: str, version: str) -> str:
    """'file:rule', with '@date' for a rule as one version of the policy has it."""
    return f"{file}:{rule}" + (f"@{version}" if version else "")


# ---- reading a test file -------------------------------------------------------------------------


def _bad(path: Path, message: str, test: str | None = None) -> InputError:
    where = f"{path}: test '{test}'" if test else str(path)
    return InputError(f"{where}: {message}")


def load_test_file(path: Path) -> tuple[list[Path] | None, list[_RuleTest]]:
    """Read and validate one rule test file; every problem names the file and the test."""
    text = read_text(path, "rule test", MAX_TEST_FILE_BYTES)
    try:
        data = yaml.safe_load(text)
        node = yaml.compose(text)
    except yaml.YAMLError as err:
        raise InputError(yaml_error(err, path)) from None
    if not isinstance(data, dict):
        raise _bad(path, "expected a mapping with 'tests:' (and optionally 'rules:')")
    unknown = set(data) - {"rules", "tests"}
    if unknown:
        raise _bad(path, f"unknown key '{sorted(map(str, unknown))[0]}' (a test file has 'rules' and 'tests')")
    rules = _rule_paths(path, data.get("rules"))
    tests_raw = data.get("tests")
    if not isinstance(tests_raw, list) or not tests_raw:
        raise _bad(path, "'tests' must be a non-empty list of tests")
    test_nodes = _mapping_value(node, "tests")
    tests: list[_RuleTest] = []
    names: set[str] = set()
    lines = text.split("\n")
    for i, raw in enumerate(tests_raw):
        item = test_nodes.value[i] if isinstance(test_nodes, yaml.SequenceNode) and i < len(test_nodes.value) else None
        test = _test(path, i, raw, names)
        plan_node = _mapping_value(item, "plan") if item is not None else None
        if plan_node is not None and getattr(plan_node, "style", None) in ("|", ">"):
            test.plan_line = plan_node.start_mark.line + 1
            if test.plan_line < len(lines):
                first = lines[test.plan_line]
                test.plan_indent = len(first) - len(first.lstrip(" "))
        tests.append(test)
    return rules, tests


def _rule_paths(path: Path, raw: Any) -> list[Path] | None:
    if raw is None:
        return None
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list) or not all(isinstance(r, str) and r for r in raw):
        raise _bad(path, "'rules' must be a list of rule files, relative to this file")
    out = []
    for r in raw:
        p = path.parent / r
        if not p.exists():
            raise _bad(path, f"rule file '{r}' does not exist (looked for {p})")
        out.append(p)
    return out


def _test(path: Path, index: int, t: Any, names: set[str]) -> _RuleTest:
    label = f"#{index + 1}"
    if not isinstance(t, dict):
        raise _bad(path, "expected a mapping with name, profile, plan, expect", label)
    name = t.get("name")
    if not isinstance(name, str) or not name.strip():
        raise _bad(path, "has no 'name'", label)
    if name in names:
        raise _bad(path, "name used twice in this file", name)
    names.add(name)
    unknown = set(t) - set(TEST_KEYS)
    if unknown:
        raise _bad(path, f"unknown key '{sorted(map(str, unknown))[0]}' (a test has name, profile, plan, expect)", name)
    profile = t.get("profile")
    if not isinstance(profile, dict):
        raise _bad(path, "'profile' must be a mapping such as {treatment: iv_ketamine, age: 40}", name)
    plan = t.get("plan") or ""
    if not isinstance(plan, str):
        raise _bad(path, "'plan' must be plan-file text (use 'plan: |' and one statement per line)", name)
    return _RuleTest(name, profile, plan, _check_expect(path, name, t.get("expect")), -1, 0)


def _mapping_value(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    for k, v in node.value:
        if isinstance(k, yaml.ScalarNode) and k.value == key:
            return v
    return None


def _check_expect(path: Path, name: str, expect: Any) -> dict[str, Any]:
    if not isinstance(expect, dict):
        raise _bad(path, "'expect' must be a mapping with at least 'verdict'", name)
    unknown = set(expect) - set(EXPECT_KEYS)
    if unknown:
        bad = sorted(map(str, unknown))[0]
        hint = suggest(bad, EXPECT_KEYS)
        message = f"unknown expectation '{bad}' (expect has verdict, basis, rule, version, criteria)"
        raise _bad(path, f"{message}; {hint}" if hint else message, name)
    verdict = expect.get("verdict")
    if verdict not in VERDICTS:
        hint = suggest(str(verdict), VERDICTS)
        raise _bad(
            path, f"expect.verdict {verdict!r} is not a verdict ({hint or 'one of ' + ', '.join(VERDICTS)})", name
        )
    if "basis" in expect and expect["basis"] not in BASES:
        hint = suggest(str(expect["basis"]), BASES)
        raise _bad(
            path, f"expect.basis {expect['basis']!r} is not a basis ({hint or 'one of ' + ', '.join(BASES)})", name
        )
    if "rule" in expect and not (isinstance(expect["rule"], str) and expect["rule"]):
        raise _bad(path, "expect.rule must be a rule name", name)
    if "version" in expect:
        expect["version"] = _expected_version(path, name, expect["version"])
    if "criteria" in expect:
        crit = expect["criteria"]
        if crit is None:
            crit = expect["criteria"] = {}
        if not isinstance(crit, dict):
            raise _bad(path, "expect.criteria must map criterion names to met / not_met / not_given", name)
        for k, v in crit.items():
            if v not in STATUSES:
                raise _bad(path, f"expect.criteria.{k}: {v!r} is not one of {', '.join(STATUSES)}", name)
    return dict(expect)


def _expected_version(path: Path, name: str, raw: Any) -> str:
    """The date of the policy version whose rule decides ("" or none: a rule outside any version)."""
    if raw is None or raw == "" or raw == "none":
        return ""
    if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime):
        return raw.isoformat()
    if isinstance(raw, str):
        try:
            return dt.date.fromisoformat(raw).isoformat()
        except ValueError:
            pass
    raise _bad(path, f"expect.version {raw!r} is not a version date (YYYY-MM-DD, or none)", name)


def _check_plan_text(path: Path, test: _RuleTest, lexicon: Lexicon) -> None:
    """Typos in a test's plan (an unknown concept or modifier) would silently match nothing: refuse them,
    pointing at the line in the YAML file."""
    try:
        pf = parse(test.plan, str(path))
    except DSLError as err:
        raise _relocate(err, test) from None
    bad = errors(check_plan(pf, lexicon))
    if bad:
        raise _relocate(DSLError(bad[0]), test)
    if pf.rules or pf.criteria or pf.params or pf.insurer:
        raise _bad(path, "'plan' holds rule statements; a test's plan has only document and fact lines", test.name)


def _relocate(err: DSLError, test: _RuleTest) -> DSLError:
    """A position inside the plan text -> the line and column in the YAML file."""
    err.message = f"test '{test.name}', plan: {err.message}"
    if test.plan_line >= 0 and err.line:
        err.line = test.plan_line + err.line
        err.column = err.column + test.plan_indent if err.column else err.column
        err.source_line = " " * test.plan_indent + err.source_line if err.source_line else ""
    return err


def _compare(expect: dict[str, Any], actual: dict[str, Any]) -> list[str]:
    problems = []
    for key in ("verdict", "basis", "rule", "version"):
        if key in expect and expect[key] != actual[key]:
            problems.append(f"expected {key} {expect[key] or 'none'}, got {actual[key] or 'none'}")
    if "criteria" in expect:
        want, got = expect["criteria"], actual["criteria"]
        if not want and got:
            problems.append(f"expected no criteria checked, got {', '.join(f'{k}: {v}' for k, v in got.items())}")
        for name, status in want.items():
            if name not in got:
                problems.append(
                    f"criterion {name} was not checked"
                    + (f" (checked: {', '.join(got)})" if got else " (no criteria checked)")
                )
            elif got[name] != status:
                problems.append(f"expected criterion {name} {status}, got {got[name]}")
    return problems
