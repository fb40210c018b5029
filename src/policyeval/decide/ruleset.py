"""Rule files -> one checked, compiled rule set: the DSL front end (`dsl.checks`) checks and lowers
them, and the lowered conditions go to the engine."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from .. import resources
from ..dsl.checks import RuleProgram, check_rules
from ..dsl.diagnostics import engine_error_diagnostic
from ..dsl.logic import satisfied
from ..dsl.parser import MAX_SOURCE_BYTES
from ..dsl.programcache import checked_program
from ..dsl.syntax import And, Compare, Expr, Literal, Name, Not, Or, PolicyFile, Rule
from ..errors import DSLError, EngineError, InputError
from ..lexicon import Lexicon, load_lexicon
from ..models import TREATMENTS
from ..textfile import expand_paths, read_text
from . import engine
from .case import CaseFacts, plan_engine_fact
from .threevalued import EVIDENCE_FUNCTIONS

MATCH_MEMO_SIZE = 65_536  # encoded facts whose matching rules are kept (a few MB at most)


@dataclass
class RuleSet(RuleProgram):
    """A checked, lowered rule program and its compiled engine rule set (built on first use)."""

    _compiled: engine.CompiledRuleset | None = field(default=None, repr=False)
    _packs: dict[str, frozenset[str]] | None = field(default=None, repr=False)
    _by_id: dict[str, Rule] | None = field(default=None, repr=False)
    _matches: dict[tuple[int, ...], tuple[Rule, ...]] = field(default_factory=dict, repr=False)

    def compiled(self) -> engine.CompiledRuleset:
        if self._compiled is None:
            ids = [self.rule_id(r) for r in self.rules]
            try:
                self._compiled = engine.compile_ruleset([engine.EngineRule(i, self.conditions[i]) for i in ids])
            except EngineError as err:  # never raw: name the rule and its line
                diag = engine_error_diagnostic(err, self.rules, {f.path: f for f in self.files})
                raise EngineError(diag.one_line().replace(": error: ", ": ", 1)) from err
        return self._compiled

    @property
    def concepts(self) -> frozenset[str]:
        """Concepts the rules ask the documents about (`treatment` stands for the profile's)."""
        return frozenset(s.args[0] for s in self.lowerer.slots.values() if s.func in EVIDENCE_FUNCTIONS and s.args)

    @property
    def pack_treatments(self) -> dict[str, frozenset[str]]:
        """Insurer -> the treatments its pack has a rule for (a rule whose condition is not false
        for that treatment whatever the rest of the case)."""
        if self._packs is None:
            packs: dict[str, set[str]] = {}
            for rule in self.rules:
                if rule.insurer:
                    cond = self.conditions[self.rule_id(rule)]
                    packs.setdefault(rule.insurer, set()).update(
                        t for t in TREATMENTS if _possible(cond, {"treatment": t}) is not False
                    )
            self._packs = {k: frozenset(v) for k, v in packs.items()}
        return self._packs

    def fact_for(self, facts: CaseFacts) -> dict[str, Any]:
        """The flat fact the engine matches for this case."""
        return plan_engine_fact(self.lowerer, facts)

    def matched(self, facts: CaseFacts) -> list[Rule]:
        """Every rule whose condition holds, in declaration order. The engine decides; its answer is
        kept per encoded fact (the rank codes durable sees), so cases that look alike to every rule
        cost one durable evaluation between them."""
        compiled = self.compiled()
        codes = compiled.encode(self.fact_for(facts))
        hit = self._matches.get(codes)
        if hit is None:
            if self._by_id is None:
                self._by_id = {self.rule_id(r): r for r in self.rules}
            hit = tuple(self._by_id[i] for i in compiled.evaluate_encoded(codes))
            if len(self._matches) >= MATCH_MEMO_SIZE:
                self._matches.clear()
            self._matches[codes] = hit
        return list(hit)


def _possible(expr: Expr, known: dict[str, Any]) -> bool | None:
    """A lowered condition with only the `known` fields set: False when it cannot hold, True when it
    must, None when the other fields decide."""
    if isinstance(expr, Literal):
        return bool(expr.value)
    if isinstance(expr, Compare):
        if isinstance(expr.left, Name) and expr.left.name in known and isinstance(expr.right, Literal):
            return satisfied(expr.op, known[expr.left.name], expr.right.value)
        return None
    if isinstance(expr, Not):
        inner = _possible(expr.expr, known)
        return None if inner is None else not inner
    if isinstance(expr, (And, Or)):
        values = [_possible(e, known) for e in expr.items]
        stop = isinstance(expr, Or)  # the value that settles it: True for or, False for and
        if stop in values:
            return stop
        return None if None in values else not stop
    return None


def build(files: list[PolicyFile], lexicon: Lexicon | None = None) -> RuleSet:
    """Check and lower parsed files into a RuleSet. Raises the first error `policyeval rules check`
    reports (`dsl.checks.check_rules` is the one validation of rule files)."""
    problems, program = check_rules(files, lexicon or load_lexicon())
    if program is None:
        raise DSLError(problems[0])
    return RuleSet(**{f.name: getattr(program, f.name) for f in fields(RuleProgram)})


def load_rules(paths: Iterable[str | Path] | None = None, lexicon: Lexicon | None = None) -> RuleSet:
    """The shipped rules when `paths` is empty; else the given files/directories."""
    paths = list(paths or [])
    if paths:
        found = expand_paths(paths, "*.policy", "rule file")
        texts = {str(p): read_text(p, "policy", MAX_SOURCE_BYTES) for p in found}
    else:
        texts = {resources.display_path(p): p.read_text(encoding="utf-8") for p in resources.default_rule_files()}
    rules = load_rules_text(texts, lexicon)
    if not rules.rules:
        raise InputError("no rules found in " + (", ".join(map(str, paths)) or "the shipped rules"))
    return rules


def load_rules_text(texts: dict[str, str], lexicon: Lexicon | None = None) -> RuleSet:
    """Rule files given as {path: text} (the app's editor, QA workers, tests). Checked programs are
    kept between runs (`dsl.programcache`), so an unchanged rule set loads without parsing."""
    problems, program = checked_program(texts, lexicon or load_lexicon())
    if program is None:
        raise DSLError(problems[0])
    return RuleSet(**{f.name: getattr(program, f.name) for f in fields(RuleProgram)})
