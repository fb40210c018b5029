"""What an edit to the rules changes: each case decided with the rules before and after, side by side.
The app's rule-author page and the command line show the same comparison from here."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..decide.ruleset import RuleSet, load_rules_text
from ..dsl.diagnostics import Diagnostic
from ..dsl.formatter import format_text
from ..errors import PolicyEvalError
from ..lexicon import Lexicon
from ..pipeline import evaluate_plan_text
from ..profile import Profile, parse_profile_text
from ..resources import default_rule_files, rules_dir
from ..tools.rulecheck import check_texts

__all__ = [
    "Case",
    "Change",
    "Diagnostic",
    "compare",
    "outcome",
    "shipped_rule_texts",
    "check_rule_texts",
    "rules_from_texts",
    "format_rule_text",
    "profile_from_text",
]


@dataclass(frozen=True)
class Case:
    """One plan (as plan text) and one profile to decide; `expected` as 'verdict / basis' if known."""

    id: str
    plan_text: str
    profile: Profile
    expected: str = ""


@dataclass(frozen=True)
class Change:
    case: str
    before: str  # "verdict / basis", or "error: ..."
    after: str
    expected: str = ""

    @property
    def changed(self) -> bool:
        return self.before != self.after

    def row(self) -> dict[str, str]:
        out = {
            "case": self.case,
            "before": self.before,
            "after": self.after,
            "changed": "CHANGED" if self.changed else "",
        }
        if self.expected:
            out["expected"] = self.expected
            out["after matches expected"] = "yes" if self.after == self.expected else "NO"
        return out


def outcome(plan_text: str, profile: Profile, rules: RuleSet, lexicon: Lexicon | None = None) -> str:
    """'verdict / basis' for one case, or 'error: ...' when the plan or rules cannot decide it."""
    try:
        decision, _findings = evaluate_plan_text(plan_text, profile, rules, lexicon)
    except PolicyEvalError as err:
        return f"error: {err}"
    return f"{decision.verdict} / {decision.basis}"


def compare(
    cases: Iterable[Case],
    before: RuleSet,
    after: RuleSet,
    lexicon: Lexicon | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[Change]:
    """Every case decided with both rule sets; changed cases first, then by id."""
    items = list(cases)
    out = []
    for i, case in enumerate(items):
        b = outcome(case.plan_text, case.profile, before, lexicon)
        a = b if after is before else outcome(case.plan_text, case.profile, after, lexicon)
        out.append(Change(case.id, b, a, case.expected))
        if progress:
            progress(i + 1, len(items))
    return sorted(out, key=lambda c: (not c.changed, c.case))


# ---- the rule files an author edits (the app's rule-author page) --------------------------------------


def shipped_rule_texts() -> dict[str, str]:
    """The shipped rule files by their repository path ('rules/default.policy' first)."""
    base = rules_dir().parent
    files = sorted(default_rule_files(), key=lambda p: (p.name != "default.policy", p.parent != rules_dir(), str(p)))
    out = {}
    for p in files:
        try:
            name = str(p.relative_to(base))
        except ValueError:
            name = p.name
        out[name] = p.read_text(encoding="utf-8")
    return out


def check_rule_texts(texts: dict[str, str], lexicon: Lexicon | None = None) -> list[Diagnostic]:
    """Errors and warnings for edited rule files, checked together."""
    return check_texts(texts, lexicon)


def rules_from_texts(texts: dict[str, str], lexicon: Lexicon | None = None) -> RuleSet:
    """The rule set an edit gives (raises DSLError)."""
    return load_rules_text(texts, lexicon)


def format_rule_text(text: str, name: str) -> str:
    """The canonical layout of one rule file (raises DSLError when it does not parse)."""
    return format_text(text, name)


def profile_from_text(text: str, name: str = "profile") -> Profile:
    """A case's profile typed as YAML or JSON (raises ProfileError naming the field)."""
    return parse_profile_text(text, name)
