"""Warnings about rules that work, but probably not as their author meant: two rules of equal priority
with different verdicts that can match the same case; a condition, or part of one, that can never
hold; a rule that can never win because a higher-priority rule matches whenever it does; unused
params; unknown `{placeholders}` in reasons; rules without a reason; pack rules without a source.

"Can match", "can never hold" and "can never win" are decided by the `Solver` (see its module for the
approximation): "never" only when it is certain."""

from __future__ import annotations

import string

from ..errors import Diagnostic, DSLError
from .checks import RuleProgram, sources, unique
from .diagnostics import at, span_length, word_pos
from .schema import PLACEHOLDERS, suggest
from .solver import Solver
from .syntax import And, Compare, Expr, ListExpr, Literal, Name, Not, Or, PolicyFile, Pos, Rule, walk
from .unparse import unparse

__all__ = ["lint"]

SHORT = 80  # characters of a condition quoted in a warning


def lint(program: RuleProgram) -> list[Diagnostic]:
    """Every warning about the rules of a checked program."""
    return _Linter(program).run()


class _Linter:
    def __init__(self, program: RuleProgram):
        self.program = program
        self.solver = Solver(program.lowerer)
        self.diags: list[Diagnostic] = []

    def warning(self, pf: PolicyFile, message: str, pos: Pos, length: int = 1, hint: str = "") -> None:
        self.diags.append(at(pf, message, pos, length, hint, severity="warning"))

    def run(self) -> list[Diagnostic]:
        files = {pf.path: pf for pf in self.program.files}
        for pf in self.program.files:
            self._unused_params(pf)
            self._undated_sources(pf)
            for rule in pf.rules:
                self._rule_text(pf, rule)
        for instance in self.program.rules:  # as each period has it (versions change params)
            if instance.when is not None:
                whole = self.program.conditions.get(self.program.rule_id(instance))
                params = self.program.params_for(instance)
                self._never(files[instance.pos.file], instance.when, params, whole, instance.insurer)
        for crit in self.program.criteria:
            for expr in (crit.when, crit.require):
                if expr is not None:
                    self._never(files[crit.pos.file], expr, self.program.params_for(crit), None, "")
        self._pairs()
        return unique(self.diags)

    def _undated_sources(self, pf: PolicyFile) -> None:
        """An insurer pack cites its policy's date, or says why it cannot."""
        if not pf.insurer:
            return
        for src in sources(pf):
            if not src.effective and not src.undated:
                self.warning(
                    pf,
                    f"source '{src.label}' gives no effective date",
                    src.pos,
                    6,
                    "add 'effective YYYY-MM-DD', or 'undated \"<why no date can be given>\"'",
                )

    def _unused_params(self, pf: PolicyFile) -> None:
        used: set[str] = set()
        for rule in pf.rules:
            used |= _names(rule.when)
            for text in [rule.reason, *rule.next_steps]:
                used |= set(_placeholders(text))
        for crit in pf.criteria:
            used |= _names(crit.when) | _names(crit.require) | set(_placeholders(crit.description))
        for prm in [*pf.params, *(p for v in pf.versions for p in v.params)]:
            if prm.name not in used:
                self.warning(pf, f"param '{prm.name}' is never used", prm.pos, len(prm.name))

    def _rule_text(self, pf: PolicyFile, rule: Rule) -> None:
        items = rule.layout
        span = rule.span if rule.span[0] else (rule.pos.line, 0, rule.pos.line)
        for key, text in [("reason", rule.reason)] + [("next", s) for s in rule.next_steps]:
            for name in _placeholders(text):
                if name in PLACEHOLDERS:
                    continue
                lines = [(s, e) for k, s, e in items if k == key] or [(span[0], span[2])]
                pos = rule.pos
                for s, e in lines:
                    found = word_pos(pf, s, e, "{" + name + "}", Pos())
                    if found.line:
                        pos = found
                        break
                self.warning(
                    pf,
                    f"unknown placeholder '{{{name}}}' in {key}",
                    pos,
                    len(name) + 2,
                    suggest(name, PLACEHOLDERS) or "placeholders: " + ", ".join("{" + p + "}" for p in PLACEHOLDERS),
                )
        if not rule.reason:
            self.warning(
                pf,
                f"rule '{rule.name}' has no reason",
                rule.pos,
                len(rule.name),
                f"the patient would read only 'Rule {rule.name} decided.'",
            )
        if pf.insurer and rule.source is None:
            self.warning(
                pf,
                f"pack rule '{rule.name}' cites no source",
                rule.pos,
                len(rule.name),
                "add 'source \"<policy number>\" title ... url ... effective YYYY-MM-DD'",
            )

    def _never(self, pf: PolicyFile, expr: Expr, params: dict[str, Literal], whole: Expr | None, insurer: str) -> None:
        """The outermost parts of a condition that can never hold."""
        lowerer, solver = self.program.lowerer, self.solver
        if (
            whole is not None
            and insurer
            and solver.satisfiable(whole) is False
            and solver.satisfiable(lowerer.lower(expr, params)) is not False
        ):
            self.warning(
                pf,
                f"this condition can never hold for insurer '{insurer}' (the file's scope)",
                expr.pos,
                span_length(expr.pos),
            )
            return
        stack = [expr]
        while stack:
            node = stack.pop(0)
            if isinstance(node, ListExpr):
                continue
            try:
                lowered: Expr | None = lowerer.lower(node, params)
            except DSLError:
                lowered = None
            constant = lowered is not None and not any(isinstance(n, Compare) for n in walk(lowered))
            if constant and any(isinstance(n, Name) and n.name in params for n in walk(node)):
                continue  # a param switches this part off: deliberate, not a mistake
            if lowered is not None and solver.satisfiable(lowered) is False:
                if self._switched_off(node, params):
                    continue  # a param turns it off (as a version may): deliberate
                what = "this condition" if node is expr else "this part of the condition"
                self.warning(
                    pf,
                    f"{what} can never hold: {_short(node)}",
                    node.pos,
                    span_length(node.pos),
                    "check the comparisons: together they exclude every value",
                )
                continue
            if isinstance(node, (And, Or)):
                stack.extend(node.items)
            elif isinstance(node, Not):
                stack.append(node.expr)

    def _switched_off(self, expr: Expr, params: dict[str, Literal]) -> bool:
        """Some part of `expr` reads a param and is thereby constantly false: the author switched it off."""
        for node in walk(expr):
            if not any(isinstance(n, Name) and n.name in params for n in walk(node)):
                continue
            try:
                lowered = self.program.lowerer.lower(node, params)
            except DSLError:
                continue
            constant = not any(isinstance(n, Compare) for n in walk(lowered))
            if constant and self.solver.satisfiable(lowered) is False:
                return True
        return False

    def _pairs(self) -> None:
        """Equal priority with different verdicts that can match together; rules that can never win."""
        files = {pf.path: pf for pf in self.program.files}
        conds = [
            (files[r.pos.file], r, c)
            for r in self.program.rules
            if (c := self.program.conditions.get(self.program.rule_id(r))) is not None and r.priority is not None
        ]
        solver = self.solver
        live = {id(r): solver.satisfiable(c) is not False for _, r, c in conds}
        for i, (pf_b, b, cb) in enumerate(conds):
            if not live[id(b)]:
                continue
            for _pf_a, a, ca in conds[:i]:
                if not live[id(a)] or a.priority != b.priority or a.verdict == b.verdict:
                    continue
                witness = solver.witness(And((ca, cb)))
                if witness is not None:
                    self.warning(
                        pf_b,
                        f"rules '{a.name}' and '{b.name}' have the same priority {b.priority} "
                        f"but different verdicts ({a.verdict} / {b.verdict}), and both can match "
                        f"the same case, e.g. when {witness}",
                        b.pos,
                        len(b.name),
                        f"'{a.name}' ({a.pos}) wins only by declaration order; give one a higher priority",
                    )
            for _pf_a, a, ca in conds:
                if a is b or not live[id(a)] or (a.priority or 0) <= (b.priority or 0):
                    continue
                if solver.satisfiable(And((cb, Not(ca)))) is False:
                    self.warning(
                        pf_b,
                        f"rule '{b.name}' can never win: whenever it matches, rule '{a.name}' "
                        f"(priority {a.priority}) matches too",
                        b.pos,
                        len(b.name),
                        f"'{a.name}' is at {a.pos}; narrow it or raise '{b.name}' above it",
                    )
                    break


def _names(expr: Expr | None) -> set[str]:
    return {n.name for n in walk(expr) if isinstance(n, Name)} if expr is not None else set()


def _placeholders(text: str) -> list[str]:
    try:
        return [name for _, name, _, _ in string.Formatter().parse(text) if name]
    except ValueError:  # a lone '{' or '}': decision._format leaves such text alone
        return []


def _short(expr: Expr) -> str:
    text = unparse(expr)
    return text if len(text) <= SHORT else text[: SHORT - 1] + "…"
