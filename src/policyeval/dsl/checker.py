"""`policyeval rules check`: parse, resolve and type-check rule files (and plan files), collecting every
problem as a compiler would instead of stopping at the first, then look for rules that cannot do what
their author meant.

Errors (the rule set cannot be used): syntax; unknown names, functions, modifiers, conditions
("did you mean ...?"); type mismatches such as comparing a number with a string; unknown verdict or
basis; duplicate rule names across files; a rule without priority; `covered` on a basis other than
`explicit`; an unknown insurer in a file header; an invalid `effective` date; a condition the rules
engine refuses (its error mapped back to the rule and line).

Warnings (the rule set works, but probably not as meant): two rules of equal priority with different
verdicts that can match the same case; a condition, or part of one, that can never hold; a rule that
can never win because a higher-priority rule matches whenever it does; unused params; unknown
`{placeholders}` in reasons; rules without a reason, pack rules without a source.

"Can match" is decided on the lowered conditions (the engine's IR: comparisons of one fact field with
a constant, joined by and/or/not) by expanding them to disjunctive normal form and checking each
conjunction field by field: booleans and treatments over their finite values, numbers as intervals
(whole numbers for `int` fields; every number a rule reads -- ages, counts, scores -- is >= 0), other
text by equalities and disequalities. Fields are treated as independent (e.g. `mentions(treatment,
covered)` and `mentions(treatment)` are two booleans), so "can never hold" and "can never win" are only
reported when they are certain, while "can match together" may occasionally warn about a pair that
real documents could never trigger at once. Expansions over MAX_BRANCHES conjunctions are not judged.
"""

from __future__ import annotations

import datetime as _dt
import math
import operator
import re
import string
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from .. import resources
from ..errors import DSLError, EngineError
from ..lexicon import Lexicon, load_lexicon
from ..models import (
    BASES,
    CONTACTS,
    CRITERIA,
    DEVICES,
    DOCUMENT_KINDS,
    FINDING_KINDS,
    MODIFIERS,
    NETWORKS,
    ROUTES,
    SETTINGS,
    TREATMENTS,
    VERDICTS,
)
from .lowering import Lowerer
from .parser import lines_of, parse, parse_file
from .schema import FIELDS, NUMERIC, suggest
from .syntax import And, Compare, Expr, ListExpr, Literal, Name, Not, Or, PolicyFile, Pos, Rule, leaves, walk

MAX_BRANCHES = 256
# What `{name}` may stand for in a rule's reason and next steps (decision._format fills these).
PLACEHOLDERS = ("treatment", "insurer", "document", "page", "quote", "row", "source")


@dataclass
class Diagnostic:
    severity: str  # "error" | "warning"
    message: str
    file: str = "<string>"
    line: int = 0
    column: int = 0
    source_line: str = ""
    length: int = 1
    hint: str = ""

    def one_line(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        text = f"{where}: {self.severity}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text

    def render(self) -> str:
        """Compiler-style: location, message, the source line and a caret under the culprit."""
        lines = [self.one_line()]
        if self.source_line and self.line:
            gutter = f"{self.line:>4} | "
            lines.append(gutter + self.source_line.rstrip())
            start = max(0, self.column - 1)
            room = max(1, len(self.source_line.rstrip()) - start)
            lines.append(" " * (len(gutter) + start) + "^" * max(1, min(self.length, room)))
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    def as_error(self) -> DSLError:
        return DSLError(self.message, self.file, self.line, self.column, self.source_line, self.length, self.hint)

    @classmethod
    def from_error(cls, err: DSLError, severity: str = "error") -> Diagnostic:
        return cls(severity, err.message, err.file, err.line, err.column, err.source_line, err.length, err.hint)


def errors(diags: Iterable[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diags if d.severity == "error"]


# ---- entry points --------------------------------------------------------------------------------


def check_texts(
    texts: dict[str, str], lexicon: Lexicon | None = None, warnings: bool = True, compile_engine: bool = True
) -> list[Diagnostic]:
    """Check files given as {path: text} together (duplicate names are found across them)."""
    diags: list[Diagnostic] = []
    parsed: list[PolicyFile] = []
    for path, text in texts.items():
        try:
            parsed.append(parse(text, path))
        except DSLError as err:
            diags.append(Diagnostic.from_error(err))
    return diags + check_files(parsed, lexicon, warnings, compile_engine)


def policy_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given; directories searched recursively for *.policy. Nothing given: the shipped rules."""
    from ..decide.ruleset import expand_paths

    paths = list(paths or [])
    return expand_paths(paths) if paths else list(resources.default_rule_files())


def display_path(p: str | Path) -> Path:
    """Relative to the working directory when inside it (shorter messages), else as given."""
    p = Path(p)
    try:
        return p.resolve().relative_to(Path.cwd().resolve())
    except (ValueError, OSError):
        return p


def check_paths(
    paths: Iterable[str | Path] = (), lexicon: Lexicon | None = None, warnings: bool = True, compile_engine: bool = True
) -> list[Diagnostic]:
    """Check rule (and plan) files on disk; no paths: every shipped rule file."""
    diags: list[Diagnostic] = []
    parsed: list[PolicyFile] = []
    for p in policy_paths(paths):
        try:
            parsed.append(parse_file(display_path(p)))
        except DSLError as err:
            diags.append(Diagnostic.from_error(err))
    return diags + check_files(parsed, lexicon, warnings, compile_engine)


def check_files(
    files: list[PolicyFile], lexicon: Lexicon | None = None, warnings: bool = True, compile_engine: bool = True
) -> list[Diagnostic]:
    """Every error (and, with `warnings`, every warning) in parsed files, ordered by file and line."""
    lexicon = lexicon or load_lexicon()
    checker = _Checker(lexicon)
    rule_files = [f for f in files if not f.is_plan]
    for pf in files:
        if pf.is_plan:
            if pf.rules or pf.criteria or pf.params or pf.insurer:
                checker.error(
                    pf,
                    "a file holds either rules or plan facts, not both",
                    pf.facts[0].pos if pf.facts else pf.documents[0].pos if pf.documents else Pos(pf.path),
                    hint="move the document/fact statements into a plan file",
                )
            checker.check_plan(pf)
    checker.check_rules(rule_files)
    if warnings and not checker.has_errors:
        checker.warn_rules(rule_files)
    if compile_engine and not checker.has_errors and any(f.rules for f in rule_files):
        checker.compile(rule_files)
    order = {f.path: i for i, f in enumerate(files)}
    return sorted(checker.diags, key=lambda d: (order.get(d.file, len(order)), d.line, d.column, d.severity != "error"))


def rule_errors(files: list[PolicyFile], lexicon: Lexicon) -> list[Diagnostic]:
    """Errors only, no engine: what `ruleset.build` refuses."""
    checker = _Checker(lexicon)
    for pf in files:
        if pf.is_plan:
            checker.error(
                pf,
                "this is a plan file (it has document/fact statements); pass it as a plan, not with --rules",
                Pos(pf.path),
            )
    checker.check_rules([f for f in files if not f.is_plan])
    return checker.diags


def engine_error_diagnostic(err: EngineError, rules: list[Rule], files: dict[str, PolicyFile]) -> Diagnostic:
    """Map the engine's message (which names a rule id `file:name`) back to the rule's line."""
    from ..decide.ruleset import RuleSet

    msg = str(err)
    for rule in sorted(rules, key=lambda r: -len(RuleSet.rule_id(r))):
        rid = RuleSet.rule_id(rule)
        if rid in msg:
            detail = msg.replace(f"rules {rid}", "").replace(f"rule {rid}", "").replace(rid, rule.name)
            detail = detail.strip(" :;,") or msg
            pf = files.get(rule.pos.file)
            at = rule.when.pos if rule.when is not None and rule.when.pos.line else rule.pos
            return Diagnostic(
                "error",
                f"the rules engine cannot compile rule '{rule.name}': {detail}",
                rule.pos.file,
                at.line,
                at.column,
                _line(pf, at.line),
                len(rule.name),
                "simplify the condition or split the rule",
            )
    return Diagnostic("error", f"the rules engine refused the rule set: {msg}", rules[0].pos.file if rules else "")


def _line(pf: PolicyFile | None, line: int) -> str:
    if pf is None or not line:
        return ""
    lines = lines_of(pf.source_text)
    return lines[line - 1] if 0 < line <= len(lines) else ""


def _span_len(pos: Pos, fallback: int = 1) -> int:
    if pos.end_line == pos.line and pos.end_column > pos.column:
        return pos.end_column - pos.column
    return fallback


# ---- the checker ---------------------------------------------------------------------------------


class _Checker:
    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon
        self.lowerer = Lowerer(lexicon)
        self.diags: list[Diagnostic] = []
        self.lowered: dict[int, Expr] = {}  # id(rule) -> lowered condition incl. insurer scope
        self.params: dict[str, dict[str, Literal]] = {}

    @property
    def has_errors(self) -> bool:
        return any(d.severity == "error" for d in self.diags)

    def _add(self, severity: str, pf: PolicyFile, message: str, pos: Pos, length: int = 1, hint: str = ""):
        self.diags.append(
            Diagnostic(severity, message, pf.path, pos.line, pos.column, _line(pf, pos.line), length, hint)
        )

    def error(self, pf, message, pos, length=1, hint=""):
        self._add("error", pf, message, pos, length, hint)

    def warning(self, pf, message, pos, length=1, hint=""):
        self._add("warning", pf, message, pos, length, hint)

    def _from(self, pf: PolicyFile, err: DSLError, severity: str = "error"):
        d = Diagnostic.from_error(err, severity)
        m = re.match(r"unknown (?:name|condition) '(\w+)'", d.message)
        if m and not d.hint:
            d.hint = _term_hint(self.lexicon, m.group(1))
        d.file = d.file if d.file != "<string>" else pf.path
        d.source_line = d.source_line or _line(pf, d.line)
        self.diags.append(d)

    def _word_pos(self, pf: PolicyFile, start: int, end: int, word: str, fallback: Pos) -> Pos:
        """Where `word` first occurs as a whole word on lines start..end (positions the AST lacks)."""
        lines = lines_of(pf.source_text)
        pattern = re.compile(r"(?<![A-Za-z0-9_])" + re.escape(word) + r"(?![A-Za-z0-9_])")
        for n in range(max(1, start), min(len(lines), max(start, end)) + 1):
            m = pattern.search(lines[n - 1])
            if m:
                return Pos(pf.path, n, m.start() + 1, n, m.end() + 1)
        return fallback

    # -- rule files ----------------------------------------------------------------------------------
    def check_rules(self, files: list[PolicyFile]) -> None:
        seen: dict[str, Rule] = {}
        for pf in files:
            if pf.insurer and pf.insurer not in self.lexicon.insurers:
                self.error(
                    pf,
                    f"unknown insurer '{pf.insurer}'",
                    pf.insurer_pos,
                    len(pf.insurer),
                    suggest(pf.insurer, self.lexicon.insurers) or "insurers are listed in rules/lexicon.yaml",
                )
            params: dict[str, Literal] = {}
            for prm in pf.params:
                if prm.name in params:
                    self.error(pf, f"param '{prm.name}' defined twice", prm.pos, len(prm.name))
                    continue
                if prm.name in FIELDS or prm.name in self.lowerer.consts:
                    self.error(
                        pf,
                        f"param '{prm.name}' hides the {'field' if prm.name in FIELDS else 'constant'} "
                        f"of the same name",
                        prm.pos,
                        len(prm.name),
                        "choose another name",
                    )
                params[prm.name] = prm.value
            self.params[pf.path] = params
            for src in self._sources(pf):
                self._check_source(pf, src)
            for rule in pf.rules:
                if rule.name in seen:
                    other = seen[rule.name]
                    self.error(
                        pf,
                        f"duplicate rule name '{rule.name}'",
                        rule.pos,
                        len(rule.name),
                        f"first defined at {other.pos}",
                    )
                else:
                    seen[rule.name] = rule
                if rule.priority is None:
                    self.error(
                        pf,
                        f"rule '{rule.name}' has no priority",
                        rule.pos,
                        len(rule.name),
                        "add e.g. 'priority 400'; the highest matching rule decides",
                    )
                if rule.verdict not in VERDICTS:
                    self.error(
                        pf,
                        f"unknown verdict '{rule.verdict}'",
                        rule.verdict_pos,
                        len(rule.verdict),
                        suggest(rule.verdict, VERDICTS) or "verdicts: " + ", ".join(VERDICTS),
                    )
                if rule.basis not in BASES:
                    self.error(
                        pf,
                        f"unknown basis '{rule.basis}'",
                        rule.basis_pos,
                        len(rule.basis),
                        suggest(rule.basis, BASES) or "bases: " + ", ".join(BASES),
                    )
                elif rule.verdict == "covered" and rule.basis != "explicit":
                    self.error(
                        pf,
                        "'covered' is never inferred: a covered verdict needs basis explicit",
                        rule.basis_pos,
                        len(rule.basis),
                    )
                if rule.when is not None:
                    cond = self._lower(pf, rule.when, params)
                    if cond is not None:
                        if rule.insurer:
                            cond = And(
                                (
                                    Compare("==", Name("insurer__given"), Literal(True)),
                                    Compare("==", Name("insurer"), Literal(rule.insurer)),
                                    cond,
                                )
                            )
                        self.lowered[id(rule)] = cond
                else:
                    self.lowered[id(rule)] = (
                        And(
                            (
                                Compare("==", Name("insurer__given"), Literal(True)),
                                Compare("==", Name("insurer"), Literal(rule.insurer)),
                            )
                        )
                        if rule.insurer
                        else Literal(True)
                    )
            for crit in pf.criteria:
                for expr in (crit.when, crit.require):
                    if expr is not None:
                        self._lower(pf, expr, params)

    def _sources(self, pf: PolicyFile):
        out = [pf.source] if pf.source is not None else []
        for item in list(pf.rules) + list(pf.criteria):
            if item.source is not None and all(item.source is not s for s in out):
                out.append(item.source)
        return out

    def _check_source(self, pf: PolicyFile, src) -> None:
        if src.effective:
            try:
                _dt.date.fromisoformat(src.effective)
            except ValueError:
                pos = self._word_pos(pf, src.pos.line, src.pos.end_line, src.effective, src.pos)
                self.error(
                    pf, f"'{src.effective}' is not a date", pos, len(src.effective), "effective dates are YYYY-MM-DD"
                )

    def _lower(self, pf: PolicyFile, expr: Expr, params: dict[str, Literal]) -> Expr | None:
        """Lower a condition; on failure report every failing comparison, not only the first."""
        before = len(self.diags)
        for leaf in leaves(expr):
            try:
                self.lowerer.lower(leaf, params)
            except DSLError as err:
                if err.length == 1 and (err.line, err.column) == (leaf.pos.line, leaf.pos.column):
                    err.length = _span_len(leaf.pos)  # underline the whole comparison
                self._from(pf, err)
            except RecursionError:
                self.error(pf, "condition too deeply nested; simplify it", getattr(leaf, "pos", Pos(pf.path)))
        if len(self.diags) > before:
            return None
        try:
            return self.lowerer.lower(expr, params)
        except DSLError as err:
            self._from(pf, err)
        except RecursionError:
            self.error(pf, "condition too deeply nested; simplify it", expr.pos)
        return None

    # -- warnings ------------------------------------------------------------------------------------
    def warn_rules(self, files: list[PolicyFile]) -> None:
        solver = _Solver(self.lowerer)
        rules: list[tuple[PolicyFile, Rule]] = [(pf, r) for pf in files for r in pf.rules]
        for pf in files:
            params = self.params.get(pf.path, {})
            self._warn_params(pf, params)
            for rule in pf.rules:
                self._warn_text(pf, rule)
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
                if rule.when is not None:
                    self._warn_never(pf, rule.when, params, solver, self.lowered.get(id(rule)), rule.insurer)
            for crit in pf.criteria:
                for expr in (crit.when, crit.require):
                    if expr is not None:
                        self._warn_never(pf, expr, params, solver, None, "")
        self._warn_pairs(rules, solver)

    def _warn_params(self, pf: PolicyFile, params: dict[str, Literal]) -> None:
        used: set[str] = set()
        for item in list(pf.rules) + list(pf.criteria):
            for expr in (getattr(item, "when", None), getattr(item, "require", None)):
                if expr is not None:
                    used |= {n.name for n in walk(expr) if isinstance(n, Name)}
            for text in [getattr(item, "reason", ""), getattr(item, "description", "")] + list(
                getattr(item, "next_steps", [])
            ):
                used |= set(_placeholders(text))
        for prm in pf.params:
            if prm.name not in used:
                self.warning(pf, f"param '{prm.name}' is never used", prm.pos, len(prm.name))

    def _warn_text(self, pf: PolicyFile, rule: Rule) -> None:
        items = getattr(rule, "_items", [])
        span = getattr(rule, "_span", (rule.pos.line, 0, rule.pos.line))
        texts = [("reason", rule.reason)] + [("next", s) for s in rule.next_steps]
        for key, text in texts:
            for name in _placeholders(text):
                if name not in PLACEHOLDERS:
                    lines = [(s, e) for k, s, e in items if k == key] or [(span[0], span[2])]
                    pos = rule.pos
                    for s, e in lines:
                        found = self._word_pos(pf, s, e, "{" + name + "}", Pos())
                        if found.line:
                            pos = found
                            break
                    self.warning(
                        pf,
                        f"unknown placeholder '{{{name}}}' in {key}",
                        pos,
                        len(name) + 2,
                        suggest(name, PLACEHOLDERS)
                        or "placeholders: " + ", ".join("{" + p + "}" for p in PLACEHOLDERS),
                    )

    def _warn_never(self, pf, expr: Expr, params, solver: _Solver, whole: Expr | None, insurer: str) -> None:
        """The outermost parts of a condition that can never hold."""
        if (
            whole is not None
            and insurer
            and solver.satisfiable(whole) is False
            and solver.satisfiable(self.lowerer.lower(expr, params)) is not False
        ):
            self.warning(
                pf,
                f"this condition can never hold for insurer '{insurer}' (the file's scope)",
                expr.pos,
                _span_len(expr.pos),
            )
            return
        stack = [expr]
        while stack:
            node = stack.pop(0)
            if isinstance(node, (ListExpr,)):
                continue
            try:
                lowered = self.lowerer.lower(node, params)
            except DSLError:
                lowered = None
            constant = lowered is not None and not any(isinstance(n, Compare) for n in walk(lowered))
            if constant and any(isinstance(n, Name) and n.name in params for n in walk(node)):
                continue  # a param switches this part off: deliberate, not a mistake
            if lowered is not None and solver.satisfiable(lowered) is False:
                what = "this condition" if node is expr else "this part of the condition"
                self.warning(
                    pf,
                    f"{what} can never hold: {_short(node)}",
                    node.pos,
                    _span_len(node.pos),
                    "check the comparisons: together they exclude every value",
                )
                continue
            if isinstance(node, (And, Or)):
                stack.extend(node.items)
            elif isinstance(node, Not):
                stack.append(node.expr)

    def _warn_pairs(self, rules: list[tuple[PolicyFile, Rule]], solver: _Solver) -> None:
        conds = [(pf, r, self.lowered.get(id(r))) for pf, r in rules]
        conds = [(pf, r, c) for pf, r, c in conds if c is not None and r.priority is not None]
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

    # -- engine --------------------------------------------------------------------------------------
    def compile(self, files: list[PolicyFile]) -> None:
        from ..decide.ruleset import build

        try:
            rs = build(files, self.lexicon)
        except DSLError as err:  # should not happen after check_rules; report rather than crash
            self.diags.append(Diagnostic.from_error(err))
            return
        try:
            rs.compiled()
        except EngineError as err:
            cause = err.__cause__ if isinstance(err.__cause__, EngineError) else err
            self.diags.append(engine_error_diagnostic(cause, rs.rules, {f.path: f for f in files}))

    # -- plan files ----------------------------------------------------------------------------------
    def check_plan(self, pf: PolicyFile) -> None:
        """A plan file's facts name known concepts, modifiers, conditions and declared documents."""
        lex = self.lexicon
        declared: dict[str, Any] = {}
        for doc in pf.documents:
            if doc.name in declared:
                self.warning(pf, f"document '{doc.name}' declared twice", doc.pos, 8)
            declared[doc.name] = doc
            if doc.kind not in DOCUMENT_KINDS:
                pos = self._word_pos(pf, doc.pos.line, doc.pos.end_line, doc.kind, doc.pos)
                self.error(
                    pf,
                    f"unknown document kind '{doc.kind}'",
                    pos,
                    len(doc.kind),
                    suggest(doc.kind, DOCUMENT_KINDS) or "kinds: " + ", ".join(DOCUMENT_KINDS),
                )
        for fact in pf.facts:
            span = getattr(fact, "_span", (fact.pos.line, 0, fact.pos.end_line))

            def at(word: str) -> Pos:
                return self._word_pos(pf, span[0], span[2], word, fact.pos)

            if fact.kind not in FINDING_KINDS:
                self.error(
                    pf,
                    f"unknown fact kind '{fact.kind}'",
                    at(fact.kind),
                    len(fact.kind),
                    suggest(fact.kind, FINDING_KINDS) or "kinds: " + ", ".join(FINDING_KINDS),
                )
            known = {**{c: k.kind for c, k in lex.concepts.items()}, **{i: "insurer" for i in lex.insurers}}
            known.update({c: "criterion" for c in CRITERIA} | {c: "contact" for c in CONTACTS})
            if fact.concept not in known:
                self.error(
                    pf,
                    f"unknown concept '{fact.concept}'",
                    at(fact.concept),
                    len(fact.concept),
                    suggest(fact.concept, known) or "concepts are listed in rules/lexicon.yaml",
                )
            elif fact.kind in FINDING_KINDS and known[fact.concept] != fact.kind:
                self.warning(
                    pf,
                    f"'{fact.concept}' is a {known[fact.concept]}, not a {fact.kind}",
                    at(fact.kind),
                    len(fact.kind),
                    f"write 'fact {known[fact.concept]} {fact.concept}'",
                )
            for mod in fact.modifiers:
                if mod not in MODIFIERS:
                    self.error(
                        pf,
                        f"unknown modifier '{mod}'",
                        at(mod),
                        len(mod),
                        suggest(mod, MODIFIERS) or "modifiers: " + ", ".join(MODIFIERS),
                    )
            conditions = [c for c, k in lex.concepts.items() if k.kind == "condition"]
            for cond in list(fact.conditions) + list(fact.indications):
                if cond not in conditions:
                    self.error(pf, f"unknown condition '{cond}'", at(cond), len(cond), suggest(cond, conditions))
            closed = [("network", [fact.network] if fact.network else [], NETWORKS)]
            closed += [("route", fact.routes, ROUTES), ("setting", fact.settings, SETTINGS)]
            closed += [("device", [fact.device] if fact.device else [], DEVICES)]
            for what, values, allowed in closed:
                for value in values:
                    if value not in allowed:
                        hint = suggest(value, allowed) or f"{what}s: " + ", ".join(allowed)
                        self.error(pf, f"unknown {what} '{value}'", at(value), len(value), hint)
            if fact.age_min is not None and fact.age_max is not None and fact.age_min > fact.age_max:
                self.error(pf, f"age_min {fact.age_min} is above age_max {fact.age_max}", at("age_min"), 7)
            if fact.document and declared and fact.document not in declared:
                self.warning(
                    pf,
                    f"document '{fact.document}' is not declared in this plan",
                    fact.pos,
                    4,
                    "add a 'document' line; undeclared documents count as kind 'other'",
                )


def _term_hint(lexicon: Lexicon, name: str) -> str:
    """'depresion' is no id, but close to a term of `mdd`: suggest the id by the lexicon's words."""
    import difflib

    word = name.replace("_", " ").lower()
    best, best_ratio = "", 0.0
    for cid, c in lexicon.concepts.items():
        for term in (c.label,) + tuple(c.terms):
            for i, part in enumerate([term.lower()] + term.lower().split()):
                # a whole term beats one word of a longer term ("depression" is mdd's, not trd's)
                ratio = difflib.SequenceMatcher(None, word, part).ratio() - (0.01 if i else 0)
                if ratio > best_ratio:
                    best, best_ratio = cid, ratio
    if best_ratio >= 0.75:
        return f"did you mean '{best}' ({lexicon.concepts[best].label})?"
    return ""


def _arg_text(value: Any) -> str:
    """A constant as the DSL would write it: names bare, other text quoted."""
    from .formatter import _lit

    if isinstance(value, str) and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", value):
        return value
    return _lit(value)


def _placeholders(text: str) -> list[str]:
    try:
        return [name for _, name, _, _ in string.Formatter().parse(text) if name]
    except ValueError:  # a lone '{' or '}': decision._format leaves such text alone
        return []


def _short(expr: Expr, limit: int = 80) -> str:
    from .formatter import unparse

    text = unparse(expr)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ---- satisfiability over the engine IR ----------------------------------------------------------


class _TooBig(Exception):
    pass


_OPS = {"==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}
_NEGATED = {"==": "!=", "!=": "==", "<": ">=", "<=": ">", ">": "<=", ">=": "<"}


class _Solver:
    """Is a lowered condition satisfiable? (see the module docstring for the approximation)"""

    def __init__(self, lowerer: Lowerer):
        self.types: dict[str, str] = {}
        self.labels: dict[str, str] = {}
        self.lowerer = lowerer
        self._memo: dict[Any, Any] = {}

    def _type(self, key: str) -> str:
        if key.endswith("__given"):
            return "bool"
        slot = self.lowerer.slots.get(key)
        if slot is not None:
            return slot.type
        spec = FIELDS.get(key)
        return spec.type if spec else "string"

    def _label(self, key: str) -> str:
        base = key[: -len("__given")] if key.endswith("__given") else key
        slot = self.lowerer.slots.get(base)
        label = base
        if slot is not None and slot.func:
            label = f"{slot.func}({', '.join(_arg_text(a) for a in slot.args)})"
        return label + (" is given" if key.endswith("__given") else "")

    # normal form: ("atom", key, op, value) | ("and", [..]) | ("or", [..]) | ("const", bool)
    def _nnf(self, expr: Expr, neg: bool):
        if isinstance(expr, Literal):
            return ("const", bool(expr.value) != neg)
        if isinstance(expr, Not):
            return self._nnf(expr.expr, not neg)
        if isinstance(expr, (And, Or)):
            kind = "and" if isinstance(expr, And) != neg else "or"
            return (kind, [self._nnf(e, neg) for e in expr.items])
        if isinstance(expr, Compare) and isinstance(expr.left, Name) and isinstance(expr.right, Literal):
            op = _NEGATED[expr.op] if neg else expr.op
            return ("atom", expr.left.name, op, expr.right.value)
        raise _TooBig()  # not engine IR: do not judge

    def _dnf(self, node) -> list[tuple]:
        kind = node[0]
        if kind == "const":
            return [()] if node[1] else []
        if kind == "atom":
            return [(node[1:],)]
        if kind == "or":
            out: list[tuple] = []
            for child in node[1]:
                out.extend(self._dnf(child))
                if len(out) > MAX_BRANCHES:
                    raise _TooBig()
            return out
        acc: list[tuple] = [()]
        for child in node[1]:
            branches = self._dnf(child)
            acc = [a + b for a in acc for b in branches if self._consistent(a + b)]
            if len(acc) > MAX_BRANCHES:
                raise _TooBig()
            if not acc:
                return []
        return acc

    def _conjunctions(self, expr: Expr):
        return [c for c in self._dnf(self._nnf(expr, False)) if self._consistent(c)]

    def satisfiable(self, expr: Expr) -> bool | None:
        """True / False, or None when the expansion is too large to judge."""
        try:
            return bool(self._conjunctions(expr))
        except (_TooBig, RecursionError):
            return None

    def witness(self, expr: Expr) -> str | None:
        """A readable example of a case satisfying expr, or None if unsatisfiable / not judged."""
        try:
            conjs = self._conjunctions(expr)
        except (_TooBig, RecursionError):
            return None
        if not conjs:
            return None
        parts = []
        for key, op, value in sorted(set(conjs[0]), key=lambda a: (a[0].endswith("__given"), a[0])):
            if key.endswith("__given") and op == "==" and value is True:
                continue
            label = self._label(key)
            if isinstance(value, bool) and op in ("==", "!="):
                parts.append(label if (op == "==") == value else f"not {label}")
            else:
                parts.append(f"{label} {op} {_arg_text(value)}")
        parts = list(dict.fromkeys(parts))
        text = " and ".join(parts[:6]) + (" ..." if len(parts) > 6 else "")
        return text or "always"

    def _consistent(self, conj: tuple) -> bool:
        by_key: dict[str, list[tuple[str, Any]]] = {}
        for key, op, value in conj:
            by_key.setdefault(key, []).append((op, value))
        return all(self._field_ok(key, atoms) for key, atoms in by_key.items())

    def _field_ok(self, key: str, atoms: list[tuple[str, Any]]) -> bool:
        memo_key = (key, tuple(sorted((op, repr(v)) for op, v in atoms)))
        if memo_key in self._memo:
            return self._memo[memo_key]
        t = self._type(key)
        try:
            if t == "bool":
                ok = any(all(_OPS[op](d, v) for op, v in atoms) for d in (False, True))
            elif t == "treatment":
                ok = any(all(_OPS[op](d, v) for op, v in atoms) for d in TREATMENTS)
            elif t in NUMERIC:
                ok = _numbers_ok(atoms, integer=(t == "int"))
            else:
                eqs = {v for op, v in atoms if op == "=="}
                nes = {v for op, v in atoms if op == "!="}
                ok = len(eqs) <= 1 and not (eqs & nes)
                if ok and eqs:
                    e = next(iter(eqs))
                    ok = all(_OPS[op](e, v) for op, v in atoms)
        except (TypeError, ValueError):
            ok = True  # mixed types: not ours to judge
        self._memo[memo_key] = ok
        return ok


def _numbers_ok(atoms: list[tuple[str, Any]], integer: bool) -> bool:
    lo, lo_strict = 0.0, False  # every number a rule reads is >= 0
    hi, hi_strict = math.inf, False
    eqs, nes = set(), set()
    for op, v in atoms:
        v = float(v)
        if op == "==":
            eqs.add(v)
        elif op == "!=":
            nes.add(v)
        elif op in (">", ">="):
            strict = op == ">"
            if v > lo or (v == lo and strict):
                lo, lo_strict = v, strict
        else:
            strict = op == "<"
            if v < hi or (v == hi and strict):
                hi, hi_strict = v, strict
    if eqs:
        if len(eqs) > 1:
            return False
        e = next(iter(eqs))
        return (
            (e > lo or (e == lo and not lo_strict))
            and (e < hi or (e == hi and not hi_strict))
            and e not in nes
            and (not integer or e.is_integer())
        )
    if integer:
        first = math.floor(lo) + 1 if lo_strict else math.ceil(lo)
        if hi == math.inf:
            return True
        last = math.ceil(hi) - 1 if hi_strict else math.floor(hi)
        if first > last:
            return False
        excluded = sum(1 for v in nes if v.is_integer() and first <= v <= last)
        return last - first + 1 > excluded
    if lo < hi:
        return True
    return lo == hi and not lo_strict and not hi_strict and lo not in nes
