"""`policyeval explain`: every rule, highest priority first, matched or not -- and for each rule that
did not match, the first clause that failed and the values it read ("why not"). The rule author's
answer to "why did my rule not fire for this plan and patient?"."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..decide.case import CaseFacts
from ..decide.decision import decide
from ..decide.engine import evaluate_python
from ..decide.ruleset import RuleSet, load_rules
from ..dsl.planfile import parse_plan
from ..dsl.schema import FIELDS
from ..dsl.syntax import And, Call, Compare, Expr, ListExpr, Literal, Name, Not, Or, Rule, in_window
from ..dsl.unparse import unparse
from ..dsl.versions import version_text, window_text
from ..errors import DSLError, InputError
from ..lexicon import Lexicon, load_lexicon
from ..models import Decision
from ..pipeline import Input, default_rules, plan_from_inputs, resolve_insurer
from ..profile import Profile, load_profile, profile_from_dict
from ..textfile import shown_path

__all__ = ["explain", "explain_case", "RuleExplanation"]


@dataclass
class RuleExplanation:
    rule: str
    priority: int
    verdict: str
    basis: str
    matched: bool
    failed_clause: str = ""  # for a rule that did not match: the first clause that is false
    actual: str = ""  # ... and the values it read, e.g. "age = 16"
    winner: bool = False
    file: str = ""
    line: int = 0
    version: str = ""  # the policy version (its date) this instance of the rule belongs to

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class CaseExplanation:
    """One plan and profile: the decision, the insurer it was decided for, and every rule explained."""

    decision: Decision
    insurer: str
    rules: list[RuleExplanation]

    def to_json(self) -> dict[str, Any]:
        d = self.decision
        return {
            "treatment": d.treatment,
            "insurer": self.insurer,
            "verdict": d.verdict,
            "basis": d.basis,
            "rule": d.rule,
            "rules": [e.to_json() for e in self.rules],
            "criteria": [c.to_json() for c in d.criteria],
        }


ProfileInput = Profile | dict[str, Any] | str | Path
RulesInput = RuleSet | Iterable[str | Path] | None


def explain(
    inputs: Iterable[Input], profile: ProfileInput, rules: RulesInput = None, plan_id: str | None = None
) -> list[RuleExplanation]:
    """Every rule, highest priority first: matched or not, and for those that did not match the first
    clause that failed with the values it read ("why not"). `inputs`: plan PDFs and/or plan files (paths
    or (name, bytes)); `profile`: Profile, mapping or file; `rules`: RuleSet, rule paths, or None (shipped);
    `plan_id`: the plan in formulary files that cover several."""
    return explain_case(inputs, profile, rules, plan_id).rules


def explain_case(
    inputs: Iterable[Input], profile: ProfileInput, rules: RulesInput = None, plan_id: str | None = None
) -> CaseExplanation:
    """`explain`, with the decision and the insurer it was decided for."""
    lexicon = load_lexicon()
    if rules is None:
        rs = default_rules()
    elif isinstance(rules, RuleSet):
        rs = rules
    else:
        rs = load_rules(list(rules), lexicon)
    facts = _case(inputs, profile, lexicon, plan_id)
    decision = decide(rs, facts)
    matched = {id(r) for r in rs.matched(facts)}
    fact = rs.fact_for(facts)
    winner = next(((t.rule, t.version) for t in decision.trace if t.winner), None)
    out = []
    for rule in sorted(rs.rules, key=lambda r: (-(r.priority or 0), r.order)):
        ex = RuleExplanation(
            rule.name,
            rule.priority or 0,
            rule.verdict,
            rule.basis,
            id(rule) in matched,
            winner=(rule.name, rule.version.date if rule.version else "") == winner,
            file=str(shown_path(rule.pos.file)),
            line=rule.pos.line,
            version=rule.version.date if rule.version else "",
        )
        if not ex.matched:
            ex.failed_clause, ex.actual = _why_not(rule, rs, facts, fact)
        out.append(ex)
    return CaseExplanation(decision, facts.insurer, out)


def _case(inputs: Iterable[Input], profile: ProfileInput, lexicon: Lexicon, plan_id: str | None = None) -> CaseFacts:
    if isinstance(profile, (str, Path)):
        profile = load_profile(profile)
    elif isinstance(profile, dict):
        profile = profile_from_dict(profile)
    elif not isinstance(profile, Profile):
        raise InputError("profile: expected a Profile, a mapping or a profile file")
    plan_text, _ = plan_from_inputs(list(inputs), lexicon, plan_id=plan_id)
    docs, findings, _ = parse_plan(plan_text)
    kinds = {d.name: d.kind for d in docs}
    for f in findings:
        kinds.setdefault(f.evidence.document, f.evidence.document_kind or "other")
    insurer, source = resolve_insurer(profile, findings, lexicon)
    return CaseFacts(profile, findings, kinds, lexicon, insurer, source)


def _why_not(rule: Rule, rs: RuleSet, facts: CaseFacts, fact: dict[str, Any]) -> tuple[str, str]:
    if not in_window(rule.window, facts.service_date):
        what = f"version {version_text(rule.version)}" if rule.version else "the policy before its first version"
        return f"in force {window_text(rule.window)} ({what})", f"service date = {facts.service_date}"
    if rule.insurer and facts.insurer != rule.insurer:
        return (
            f"insurer == {rule.insurer} (the pack's scope)",
            f"insurer = {facts.insurer}"
            if facts.insurer
            else "insurer not known (not in the profile, not recognised in the documents)",
        )
    if rule.when is None:
        return "", ""
    params = rs.params_for(rule)

    def holds(node: Expr) -> bool:
        return evaluate_python(rs.lowerer.lower(node, params), fact)

    node: Expr = rule.when
    while True:
        if isinstance(node, And):
            failing = next((item for item in node.items if not holds(item)), None)
            if failing is None:
                break
            node = failing
            continue
        break
    return unparse(node), _actual(node, rs, facts, params)


def _actual(node: Expr, rs: RuleSet, facts: CaseFacts, params: dict[str, Literal]) -> str:
    """The values a clause read, in words (call arguments are constants, not values: skipped)."""
    parts: list[str] = []
    notes: list[str] = []
    stack: list[Expr] = [node]
    while stack:
        n = stack.pop(0)
        text = ""
        if isinstance(n, (And, Or)):
            stack[0:0] = list(n.items)
        elif isinstance(n, Not):
            stack.insert(0, n.expr)
        elif isinstance(n, Compare):
            stack[0:0] = [n.left, n.right]
        elif isinstance(n, ListExpr):
            stack[0:0] = list(n.items)
        elif isinstance(n, Name):
            if n.name in params:
                text = f"{n.name} = {_value_text(params[n.name].value)} (param)"
            elif n.name in FIELDS:
                v = facts.field(n.name)
                text = f"{n.name} = {_value_text(v.value)}" if v.given else f"{n.name} not given"
        elif isinstance(n, Call):
            text, note = _call_actual(n, rs, facts, params)
            if note and note not in notes:
                notes.append(note)
        if text and text not in parts:
            parts.append(text)
    return "; ".join(parts + notes) or "false"


def _value_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _call_actual(call: Call, rs: RuleSet, facts: CaseFacts, params: dict[str, Literal]) -> tuple[str, str]:
    """(what the call read, a note on what was found instead)."""
    try:
        slot = rs.lowerer.slot_for_call(call, params)
    except DSLError:
        return "", ""
    v = slot.value(facts)
    label = unparse(call)
    args = slot.args
    if call.func == "mentions":
        concept = facts.profile.treatment if args[0] == "treatment" else args[0]
        mods = list(args[1:])
        want = f"{concept}" + (f" with {', '.join(mods)}" if mods else "")
        if v.value:
            f = v.support[0]
            return f"found {want}: {f.evidence.document} page {f.evidence.page}", ""
        others = [f for f in facts.findings if f.concept == concept]
        note = (
            f"{concept} found only as: "
            + ", ".join(
                f"[{', '.join(sorted(f.modifiers)) or 'no modifiers'}] {f.evidence.document} page {f.evidence.page}"
                for f in others[:3]
            )
            if others
            else ""
        )
        return f"no finding of {want}", note
    if call.func in ("diagnosed", "indication_met") and facts.profile.diagnoses is None:
        return "diagnoses not given", ""
    if call.func == "diagnosed":
        conds = ", ".join(sorted(facts.conditions)) or "none recognised"
        diagnoses = ", ".join(facts.profile.diagnoses or ())
        return f"{label} = {_value_text(v.value)}", f"diagnoses {diagnoses} -> {conds}"
    if call.func == "has_document":
        docs = ", ".join(f"{n} ({k})" for n, k in sorted(facts.document_kinds.items())) or "no documents"
        return f"{label} = {_value_text(v.value)}", f"documents: {docs}"
    if not v.given:
        return f"{label} not given", ""
    return f"{label} = {_value_text(v.value)}", ""
