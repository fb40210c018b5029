"""Rule files -> one checked, compiled rule set. Resolves params and insurer scope, lowers every
condition through the fact schema, and hands the flat conditions to the engine."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import resources
from ..dsl.lowering import Lowerer, Slot
from ..dsl.parser import parse, parse_file
from ..dsl.schema import suggest
from ..dsl.syntax import And, Compare, Criterion, Expr, Literal, Name, PolicyFile, Pos, Rule
from ..errors import DSLError, EngineError, InputError
from ..lexicon import Lexicon, load_lexicon
from ..models import BASES, VERDICTS
from . import engine
from .case import CaseFacts, engine_fact


@dataclass
class RuleSet:
    files: list[PolicyFile]
    rules: list[Rule]
    criteria: list[Criterion]
    params: dict[str, dict[str, Literal]]  # file path -> its params
    lowerer: Lowerer
    conditions: dict[str, Expr]  # rule id -> lowered condition (insurer scope included)
    _compiled: engine.CompiledRuleset | None = field(default=None, repr=False)

    @staticmethod
    def rule_id(rule: Rule) -> str:
        return f"{rule.pos.file}:{rule.name}"

    def params_for(self, item: Rule | Criterion) -> dict[str, Literal]:
        return self.params.get(item.pos.file, {})

    @property
    def slots(self) -> list[Slot]:
        return list(self.lowerer.slots.values())

    def compiled(self) -> engine.CompiledRuleset:
        if self._compiled is None:
            ids = [self.rule_id(r) for r in self.rules]
            try:
                self._compiled = engine.compile_ruleset([engine.EngineRule(i, self.conditions[i]) for i in ids])
            except EngineError as err:  # never raw: name the rule and its line
                from ..dsl.checker import engine_error_diagnostic

                diag = engine_error_diagnostic(err, self.rules, {f.path: f for f in self.files})
                raise EngineError(diag.one_line().replace(": error: ", ": ", 1)) from err
        return self._compiled

    def fact_for(self, facts: CaseFacts) -> dict[str, Any]:
        return engine_fact(self.slots, facts)

    def matched(self, facts: CaseFacts) -> list[Rule]:
        """Every rule whose condition holds, in declaration order (the engine decides)."""
        by_id = {self.rule_id(r): r for r in self.rules}
        return [by_id[i] for i in self.compiled().evaluate(self.fact_for(facts))]


def _source_line(pf: PolicyFile, line: int) -> str:
    lines = pf.source_text.splitlines()
    return lines[line - 1] if 0 < line <= len(lines) else ""


def _with_line(err: DSLError, files: dict[str, PolicyFile]) -> DSLError:
    pf = files.get(err.file)
    if pf is not None and err.line and not err.source_line:
        err.source_line = _source_line(pf, err.line)
    return err


def _at(pf: PolicyFile, msg: str, pos: Pos, length: int = 1, hint: str = "") -> DSLError:
    return DSLError(msg, pf.path, pos.line, pos.column, _source_line(pf, pos.line), length, hint)


def expand_paths(paths: Iterable[str | Path], pattern: str = "*.policy", what: str = "rule file") -> list[Path]:
    """Files as given; directories searched recursively for `pattern`."""
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = sorted(p.rglob(pattern))
            if not found:
                raise InputError(f"{p}: no {pattern} files in this directory")
            out.extend(found)
        elif p.is_file():
            out.append(p)
        else:
            raise InputError(f"{p}: no such {what} or directory")
    return out


def build(files: list[PolicyFile], lexicon: Lexicon | None = None) -> RuleSet:
    """Validate and lower parsed files into a RuleSet. Raises the first DSLError found (the checker's
    errors, so `policyeval rules check` and loading a rule set refuse the same files)."""
    from ..dsl.checker import rule_errors

    lexicon = lexicon or load_lexicon()
    problems = rule_errors(files, lexicon)
    if problems:
        raise problems[0].as_error()
    by_path = {f.path: f for f in files}
    lowerer = Lowerer(lexicon)
    rules: list[Rule] = []
    criteria: list[Criterion] = []
    params: dict[str, dict[str, Literal]] = {}
    conditions: dict[str, Expr] = {}
    seen: dict[str, Rule] = {}
    try:
        for pf in files:
            if pf.is_plan:
                raise DSLError(
                    "this is a plan file (it has document/fact statements); pass it as a plan, not with --rules",
                    pf.path,
                )
            if pf.insurer and pf.insurer not in lexicon.insurers:
                raise _at(
                    pf,
                    f"unknown insurer '{pf.insurer}'",
                    pf.insurer_pos,
                    len(pf.insurer),
                    suggest(pf.insurer, lexicon.insurers) or "insurers are listed in rules/lexicon.yaml",
                )
            file_params: dict[str, Literal] = {}
            for prm in pf.params:
                if prm.name in file_params:
                    raise _at(pf, f"param '{prm.name}' defined twice", prm.pos, len(prm.name))
                file_params[prm.name] = prm.value
            params[pf.path] = file_params
            for rule in pf.rules:
                if rule.name in seen:
                    other = seen[rule.name]
                    raise _at(
                        pf,
                        f"duplicate rule name '{rule.name}'",
                        rule.pos,
                        len(rule.name),
                        f"first defined at {other.pos}",
                    )
                seen[rule.name] = rule
                if rule.priority is None:
                    raise _at(
                        pf,
                        f"rule '{rule.name}' has no priority",
                        rule.pos,
                        len(rule.name),
                        "add e.g. 'priority 400' (higher wins)",
                    )
                if rule.verdict not in VERDICTS:
                    raise _at(
                        pf,
                        f"unknown verdict '{rule.verdict}'",
                        rule.verdict_pos,
                        len(rule.verdict),
                        suggest(rule.verdict, VERDICTS) or "verdicts: " + ", ".join(VERDICTS),
                    )
                if rule.basis not in BASES:
                    raise _at(
                        pf,
                        f"unknown basis '{rule.basis}'",
                        rule.basis_pos,
                        len(rule.basis),
                        suggest(rule.basis, BASES) or "bases: " + ", ".join(BASES),
                    )
                if rule.verdict == "covered" and rule.basis != "explicit":
                    raise _at(
                        pf,
                        "'covered' is never inferred: a covered verdict needs basis explicit",
                        rule.basis_pos,
                        len(rule.basis),
                    )
                rule.order = len(rules)
                cond = lowerer.lower(rule.when, file_params) if rule.when is not None else Literal(True)
                if rule.insurer:
                    cond = And(
                        (
                            Compare("==", Name("insurer__given"), Literal(True)),
                            Compare("==", Name("insurer"), Literal(rule.insurer)),
                            cond,
                        )
                    )
                    lowerer.slot_for_name(Name("insurer"))
                conditions[RuleSet.rule_id(rule)] = cond
                rules.append(rule)
            for crit in pf.criteria:
                for expr in (crit.when, crit.require):
                    if expr is not None:
                        lowerer.lower(expr, file_params)  # resolves names, checks types
                criteria.append(crit)
    except DSLError as err:
        raise _with_line(err, by_path) from None
    return RuleSet(files, rules, criteria, params, lowerer, conditions)


def load_rules(paths: Iterable[str | Path] | None = None, lexicon: Lexicon | None = None) -> RuleSet:
    """The shipped rules when `paths` is empty; else the given files/directories."""
    paths = list(paths or [])
    if paths:
        files = [parse_file(p) for p in expand_paths(paths)]
    else:
        files = [
            parse(p.read_text(encoding="utf-8"), resources.display_path(p)) for p in resources.default_rule_files()
        ]
    if not any(f.rules for f in files):
        raise InputError("no rules found in " + (", ".join(map(str, paths)) or "the shipped rules"))
    return build(files, lexicon)


def load_rules_text(texts: dict[str, str], lexicon: Lexicon | None = None) -> RuleSet:
    """Rule files given as text (the app's editor, tests)."""
    return build([parse(t, name) for name, t in texts.items()], lexicon)
