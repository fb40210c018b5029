"""The errors of rule and plan files, collected as a compiler does (every problem, not only the first),
and the checked rules lowered into a `RuleProgram` for the engine.

Rule files: unknown names, functions, modifiers, conditions ("did you mean ...?"); type mismatches
such as comparing a number with a string; unknown verdict or basis; duplicate rule names across files;
a rule without priority; `covered` on a basis other than `explicit`; an unknown insurer in a file
header; an invalid `effective` date; params defined twice or hiding a field.
Plan files: unknown fact kinds, concepts, modifiers, conditions, networks, routes, settings, devices,
document kinds; ages out of order; facts citing undeclared documents (a warning).

`check_rules` is the one validation of rule files: loading a rule set (`decide.ruleset.build`) and
`policyeval rules check` refuse exactly the same files."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..errors import Diagnostic, DSLError
from ..lexicon import Lexicon
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
    VERDICTS,
)
from .diagnostics import at, errors, rule_id, source_line, span_length, word_pos
from .lowering import Lowerer, Slot
from .schema import FIELDS, suggest
from .syntax import (
    ALWAYS,
    And,
    Compare,
    Criterion,
    Expr,
    Literal,
    Name,
    Param,
    PolicyFile,
    Pos,
    Rule,
    Source,
    Version,
    leaves,
)
from .versions import guarded, instances, param_names, periods, scope_key

__all__ = ["RuleProgram", "check_rules", "check_plan", "check_plan_files", "insurer_scope", "sources", "unique"]

PLAN_WITH_RULES = "this is a plan file (it has document/fact statements); pass it as a plan, not with --rules"


@dataclass
class RuleProgram:
    """Rule files checked and lowered: the rules in declaration order, their lowered conditions (the
    engine's IR, insurer scope included) and the lowering that resolved them (the fact slots)."""

    files: list[PolicyFile]
    rules: list[Rule]
    criteria: list[Criterion]
    params: dict[str, dict[str, Literal]]  # file path -> its params
    lowerer: Lowerer
    conditions: dict[str, Expr]  # rule id -> lowered condition

    rule_id = staticmethod(rule_id)

    def params_for(self, item: Rule | Criterion) -> dict[str, Literal]:
        """The params the item reads: its file's, overridden by its version's while that is in force."""
        return self.params.get(scope_key(item.pos.file, item.version), {})

    @property
    def slots(self) -> list[Slot]:
        return list(self.lowerer.slots.values())


def insurer_scope(insurer: str, condition: Expr) -> Expr:
    """A pack rule's condition: it holds only when the case's insurer is the pack's."""
    return And(
        (
            Compare("==", Name("insurer__given"), Literal(True)),
            Compare("==", Name("insurer"), Literal(insurer)),
            condition,
        )
    )


def check_rules(files: Sequence[PolicyFile], lexicon: Lexicon) -> tuple[list[Diagnostic], RuleProgram | None]:
    """Every error in rule files (a plan file among them is one), in checking order; the lowered
    program when there is none."""
    checker = Checker(lexicon)
    for pf in files:
        if pf.is_plan:
            checker.error(pf, PLAN_WITH_RULES, Pos(pf.path))
    program = checker.check_rules([f for f in files if not f.is_plan])
    return checker.diags, (program if not errors(checker.diags) else None)


def check_plan(pf: PolicyFile, lexicon: Lexicon) -> list[Diagnostic]:
    """Errors and warnings of one plan file's facts."""
    checker = Checker(lexicon)
    checker.check_plan(pf)
    return checker.diags


def check_plan_files(files: Sequence[PolicyFile], lexicon: Lexicon) -> list[Diagnostic]:
    """Plan files given with rule files: each is checked, and one holding rules too is an error."""
    checker = Checker(lexicon)
    for pf in files:
        if pf.rules or pf.criteria or pf.params or pf.insurer or pf.versions:
            checker.error(
                pf,
                "a file holds either rules or plan facts, not both",
                pf.facts[0].pos if pf.facts else pf.documents[0].pos if pf.documents else Pos(pf.path),
                hint="move the document/fact statements into a plan file",
            )
        checker.check_plan(pf)
    return checker.diags


class Checker:
    """Collects diagnostics while checking; `check_rules` also lowers what it checked."""

    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon
        self.lowerer = Lowerer(lexicon)
        self.diags: list[Diagnostic] = []

    def error(self, pf: PolicyFile, message: str, pos: Pos, length: int = 1, hint: str = "") -> None:
        self.diags.append(at(pf, message, pos, length, hint))

    def warning(self, pf: PolicyFile, message: str, pos: Pos, length: int = 1, hint: str = "") -> None:
        self.diags.append(at(pf, message, pos, length, hint, severity="warning"))

    def unknown(
        self, pf: PolicyFile, what: str, value: str, pos: Pos, options: Iterable[str], otherwise: str = ""
    ) -> None:
        """'unknown <what> <value>' with 'did you mean ...?' (else `otherwise`) as the hint."""
        self.error(pf, f"unknown {what} '{value}'", pos, len(value), suggest(value, options) or otherwise)

    def _from(self, pf: PolicyFile, err: DSLError) -> None:
        d = err.diagnostic
        m = re.match(r"unknown (?:name|condition) '(\w+)'", d.message)
        if m and not d.hint:
            d.hint = _term_hint(self.lexicon, m.group(1))
        d.file = d.file if d.file != "<string>" else pf.path
        d.source_line = d.source_line or source_line(pf.source_text, d.line)
        self.diags.append(d)

    # -- rule files ----------------------------------------------------------------------------------
    def check_rules(self, files: list[PolicyFile]) -> RuleProgram:
        """Check rule files; the program holds every rule whose condition lowered, one instance per
        period where versions change what it reads (`versions`)."""
        program = RuleProgram(files, [], [], {}, self.lowerer, {})
        seen: dict[str, list[Rule]] = {}
        for pf in files:
            self._check_header(pf)
            base = self._check_params(pf, pf.params)
            own = {v.date: self._check_params(pf, v.params) for v in self._check_versions(pf)}
            spans = periods(pf, base, own)
            program.params.update({p.key: p.params for p in spans})
            for src in sources(pf):
                self._check_source(pf, src)
            version_only = {n for params in own.values() for n in params} - set(base)
            for rule in pf.rules:
                self._check_rule(pf, rule, seen)
                if self._reads_version_only(pf, rule, version_only):
                    continue
                for instance, period in instances(rule, spans):
                    self._add_rule(program, pf, instance, period.params)
            for crit in pf.criteria:
                if self._reads_version_only(pf, crit, version_only):
                    continue
                for crit_instance, period in instances(crit, spans):
                    for expr in (crit_instance.when, crit_instance.require):
                        if expr is not None:
                            self._lower(pf, expr, period.params)
                    program.criteria.append(crit_instance)
        self.diags = unique(self.diags)  # a rule lowered in several periods reports a problem once
        return program

    def _add_rule(self, program: RuleProgram, pf: PolicyFile, rule: Rule, params: dict[str, Literal]) -> None:
        cond = self._lower(pf, rule.when, params) if rule.when is not None else Literal(True)
        if cond is None:
            return
        if rule.window != ALWAYS:
            cond = guarded(rule.window, cond)
            self.lowerer.service_day_slot()
        if rule.insurer:
            cond = insurer_scope(rule.insurer, cond)
            self.lowerer.slot_for_name(Name("insurer"))
        rule.order = len(program.rules)
        program.conditions[rule_id(rule)] = cond
        program.rules.append(rule)

    def _reads_version_only(self, pf: PolicyFile, item: Rule | Criterion, version_only: set[str]) -> bool:
        """A statement outside the version blocks also holds before the first version: a param it reads
        must have a value then too."""
        missing = sorted(param_names(item) & version_only) if item.version is None else []
        if missing:
            self.error(
                pf,
                f"'{missing[0]}' is a param of versions only, but {type(item).__name__.lower()} '{item.name}' "
                "outside the version blocks reads it",
                item.pos,
                len(item.name),
                f"a statement outside the version blocks also holds before the first version: give "
                f"'param {missing[0]} = ...' at file level too, or move '{item.name}' into the versions",
            )
        return bool(missing)

    def _check_versions(self, pf: PolicyFile) -> list[Version]:
        """Version dates are real dates, each used once in a file; listed oldest first (a warning)."""
        dates: dict[str, Version] = {}
        for v in pf.versions:
            try:
                dt.date.fromisoformat(v.date)
            except ValueError:
                self.error(pf, f"'{v.date}' is not a date", v.pos, len(v.date), "version dates are YYYY-MM-DD")
                continue
            if v.date in dates:
                first = dates[v.date].pos.line
                self.error(pf, f"two versions dated {v.date}", v.pos, len(v.date), f"the first is at line {first}")
                continue
            if dates and v.date < max(dates):
                self.warning(
                    pf,
                    f"version {v.date} comes after version {max(dates)}",
                    v.pos,
                    len(v.date),
                    "list versions oldest first",
                )
            dates[v.date] = v
        return list(dates.values())

    def _check_header(self, pf: PolicyFile) -> None:
        if pf.insurer and pf.insurer not in self.lexicon.insurers:
            self.unknown(
                pf,
                "insurer",
                pf.insurer,
                pf.insurer_pos,
                self.lexicon.insurers,
                "insurers are listed in rules/lexicon.yaml",
            )

    def _check_params(self, pf: PolicyFile, declared: list[Param]) -> dict[str, Literal]:
        params: dict[str, Literal] = {}
        for prm in declared:
            if prm.name in params:
                self.error(pf, f"param '{prm.name}' defined twice", prm.pos, len(prm.name))
                continue
            if prm.name in FIELDS or prm.name in self.lowerer.consts:
                what = "field" if prm.name in FIELDS else "constant"
                self.error(
                    pf,
                    f"param '{prm.name}' hides the {what} of the same name",
                    prm.pos,
                    len(prm.name),
                    "choose another name",
                )
            params[prm.name] = prm.value
        return params

    def _check_rule(self, pf: PolicyFile, rule: Rule, seen: dict[str, list[Rule]]) -> None:
        # one name, one rule -- except across versions of one file (each version says it anew)
        clash = next((other for other in seen.get(rule.name, []) if not _other_version(rule, other)), None)
        if clash is not None:
            self.error(
                pf, f"duplicate rule name '{rule.name}'", rule.pos, len(rule.name), f"first defined at {clash.pos}"
            )
        seen.setdefault(rule.name, []).append(rule)
        if rule.priority is None:
            self.error(
                pf,
                f"rule '{rule.name}' has no priority",
                rule.pos,
                len(rule.name),
                "add e.g. 'priority 400'; the highest matching rule decides",
            )
        if rule.verdict not in VERDICTS:
            self.unknown(pf, "verdict", rule.verdict, rule.verdict_pos, VERDICTS, "verdicts: " + ", ".join(VERDICTS))
        if rule.basis not in BASES:
            self.unknown(pf, "basis", rule.basis, rule.basis_pos, BASES, "bases: " + ", ".join(BASES))
        elif rule.verdict == "covered" and rule.basis != "explicit":
            self.error(
                pf,
                "'covered' is never inferred: a covered verdict needs basis explicit",
                rule.basis_pos,
                len(rule.basis),
            )

    def _check_source(self, pf: PolicyFile, src: Source) -> None:
        if src.effective and src.undated:
            pos = word_pos(pf, src.pos.line, src.pos.end_line, "undated", src.pos)
            self.error(pf, "a source is either 'effective DATE' or 'undated \"why\"', not both", pos, 7)
        if src.effective:
            try:
                dt.date.fromisoformat(src.effective)
            except ValueError:
                pos = word_pos(pf, src.pos.line, src.pos.end_line, src.effective, src.pos)
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
                    err.length = span_length(leaf.pos)  # underline the whole comparison
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

    # -- plan files ----------------------------------------------------------------------------------
    def check_plan(self, pf: PolicyFile) -> None:
        """A plan file's facts name known concepts, modifiers, conditions and declared documents."""
        declared = self._check_documents(pf)
        lex = self.lexicon
        known = {**{c: k.kind for c, k in lex.concepts.items()}, **{i: "insurer" for i in lex.insurers}}
        known.update({c: "criterion" for c in CRITERIA} | {c: "contact" for c in CONTACTS})
        conditions = [c for c, k in lex.concepts.items() if k.kind == "condition"]
        for fact in pf.facts:
            span = fact.span if fact.span[0] else (fact.pos.line, 0, fact.pos.end_line)

            def word(text: str, span: tuple[int, int, int] = span, fallback: Pos = fact.pos) -> Pos:
                return word_pos(pf, span[0], span[2], text, fallback)

            if fact.kind not in FINDING_KINDS:
                kinds = "kinds: " + ", ".join(FINDING_KINDS)
                self.unknown(pf, "fact kind", fact.kind, word(fact.kind), FINDING_KINDS, kinds)
            if fact.concept not in known:
                listed = "concepts are listed in rules/lexicon.yaml"
                self.unknown(pf, "concept", fact.concept, word(fact.concept), known, listed)
            elif fact.kind in FINDING_KINDS and known[fact.concept] != fact.kind:
                self.warning(
                    pf,
                    f"'{fact.concept}' is a {known[fact.concept]}, not a {fact.kind}",
                    word(fact.kind),
                    len(fact.kind),
                    f"write 'fact {known[fact.concept]} {fact.concept}'",
                )
            for mod in fact.modifiers:
                if mod not in MODIFIERS:
                    self.unknown(pf, "modifier", mod, word(mod), MODIFIERS, "modifiers: " + ", ".join(MODIFIERS))
            for cond in list(fact.conditions) + list(fact.indications):
                if cond not in conditions:
                    self.unknown(pf, "condition", cond, word(cond), conditions)
            closed: list[tuple[str, list[str], tuple[str, ...]]] = [
                ("network", [fact.network] if fact.network else [], NETWORKS),
                ("route", fact.routes, ROUTES),
                ("setting", fact.settings, SETTINGS),
                ("device", [fact.device] if fact.device else [], DEVICES),
            ]
            for what, values, allowed in closed:
                for value in values:
                    if value not in allowed:
                        self.unknown(pf, what, value, word(value), allowed, f"{what}s: " + ", ".join(allowed))
            if fact.age_min is not None and fact.age_max is not None and fact.age_min > fact.age_max:
                self.error(pf, f"age_min {fact.age_min} is above age_max {fact.age_max}", word("age_min"), 7)
            if fact.document and declared and fact.document not in declared:
                self.warning(
                    pf,
                    f"document '{fact.document}' is not declared in this plan",
                    fact.pos,
                    4,
                    "add a 'document' line; undeclared documents count as kind 'other'",
                )

    def _check_documents(self, pf: PolicyFile) -> set[str]:
        declared: set[str] = set()
        for doc in pf.documents:
            if doc.name in declared:
                self.warning(pf, f"document '{doc.name}' declared twice", doc.pos, 8)
            declared.add(doc.name)
            if doc.kind not in DOCUMENT_KINDS:
                pos = word_pos(pf, doc.pos.line, doc.pos.end_line, doc.kind, doc.pos)
                self.unknown(pf, "document kind", doc.kind, pos, DOCUMENT_KINDS, "kinds: " + ", ".join(DOCUMENT_KINDS))
        return declared


def _other_version(a: Rule, b: Rule) -> bool:
    """Two rules in different version blocks of one file."""
    return a.pos.file == b.pos.file and None not in (a.version, b.version) and a.version is not b.version


def unique(diags: list[Diagnostic]) -> list[Diagnostic]:
    """Each diagnostic once (a rule checked in several periods may repeat one)."""
    seen: set[tuple[str, str, int, int, str]] = set()
    out = []
    for d in diags:
        key = (d.severity, d.file, d.line, d.column, d.message)
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out


def sources(pf: PolicyFile) -> list[Source]:
    """The file's source, its versions' and every rule's or criterion's own, each once."""
    out = [pf.source] if pf.source is not None else []
    candidates = [v.source for v in pf.versions] + [r.source for r in pf.rules] + [c.source for c in pf.criteria]
    for src in candidates:
        if src is not None and all(src is not s for s in out):
            out.append(src)
    return out


def _term_hint(lexicon: Lexicon, name: str) -> str:
    """'depresion' is no id, but close to a term of `mdd`: suggest the id by the lexicon's words."""
    word = name.replace("_", " ").lower()
    best, best_ratio = "", 0.0
    for cid, c in lexicon.concepts.items():
        for term in (c.label, *c.terms):
            for i, part in enumerate([term.lower(), *term.lower().split()]):
                # a whole term beats one word of a longer term ("depression" is mdd's, not trd's)
                ratio = difflib.SequenceMatcher(None, word, part).ratio() - (0.01 if i else 0)
                if ratio > best_ratio:
                    best, best_ratio = cid, ratio
    if best_ratio >= 0.75:
        return f"did you mean '{best}' ({lexicon.concepts[best].label})?"
    return ""
