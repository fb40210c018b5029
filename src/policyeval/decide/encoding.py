"""The engine's pure half: the IR's reference semantics, and lowering of rule conditions to what
durable is given. Conditions become disjunctive normal form (dsl/logic.dnf) over rank-encoded
atoms, so durable only ever compares small non-negative ints (hazard 7 of engine.py); each
conjunction becomes a list of durable JSON tests using whitelisted operators only. Nothing here
imports durable."""

from __future__ import annotations

import bisect
import hashlib
import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..dsl.logic import COMPARISONS, ExpansionTooLarge, compare, dnf, mirror, negate
from ..dsl.syntax import And, Compare, Expr, Literal, Name, Not, Or, leaves
from ..errors import EngineError

MAX_BRANCHES_PER_RULE = 512  # DNF can blow up exponentially; refuse instead of hanging
DURABLE_OPS = frozenset({"$neq", "$lte", "$gte"})  # the only operators ever emitted (+ plain equality)
KIND_FIELD = "__kind"  # hazard 3: discriminator; durable's state fact never has it
KIND_VALUE = "policyeval"
TEXT, NUMBER = "text", "number"


@dataclass(frozen=True)
class EngineRule:
    id: str  # unique, e.g. "rules/default.policy:named_exclusion"
    condition: Expr  # And / Or / Not / Literal(True|False) / Compare(op, Name(field), Literal(scalar))


# ---- reference semantics -------------------------------------------------------------------------


def _scalar_kind(value: Any) -> str | None:
    """TEXT or NUMBER for the scalars the engine takes (bool counts as a number); None otherwise,
    inf and NaN included."""
    if isinstance(value, str):
        return TEXT
    if isinstance(value, (bool, int)) or (isinstance(value, float) and math.isfinite(value)):
        return NUMBER
    return None


def _kind_of_literal(value: Any, where: str) -> str:
    kind = _scalar_kind(value)
    if kind is None:
        what = "is not a finite number" if isinstance(value, float) else "is not a bool, number or string"
        raise EngineError(f"{where}: {value!r} {what}")
    return kind


def kind_of_value(name: str, value: Any) -> str:
    kind = _scalar_kind(value)
    if kind is None:
        if isinstance(value, float):
            raise EngineError(f"fact field '{name}' is {value!r}; the engine needs a finite number")
        raise EngineError(
            f"fact field '{name}' has a {type(value).__name__} value ({value!r}); "
            "the engine takes bool, int, float or str"
        )
    return kind


def _operands(node: Compare, where: str) -> tuple[str | None, str, Any, Any]:
    """(field or None, op, literal value, left literal when both are literals). Literal-op-field is
    mirrored to field-op-literal; anything else is outside the IR."""
    op = node.op
    if op not in COMPARISONS:
        raise EngineError(
            f"{where}: operator '{op}' is not supported by the engine (only " + " ".join(COMPARISONS) + ")"
        )
    left, right = node.left, node.right
    if isinstance(left, Name) and isinstance(right, Literal):
        _kind_of_literal(right.value, where)
        return left.name, op, right.value, None
    if isinstance(left, Literal) and isinstance(right, Name):
        _kind_of_literal(left.value, where)
        return right.name, mirror(op), left.value, None
    if isinstance(left, Literal) and isinstance(right, Literal):
        if _kind_of_literal(left.value, where) != _kind_of_literal(right.value, where):
            raise EngineError(f"{where}: cannot compare {left.value!r} with {right.value!r}")
        return None, op, right.value, left.value
    raise EngineError(
        f"{where}: the engine compares a field with a constant, got {type(left).__name__} {op} {type(right).__name__}"
    )


def _check(expr: Expr, fact: Mapping[str, Any], where: str) -> None:
    """Every field present and of the kind its literal has, before anything is evaluated, so the
    answer never depends on short-circuit order (the engine checks all fields up front too)."""
    stack = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, (And, Or)):
            stack.extend(node.items)
        elif isinstance(node, Not):
            stack.append(node.expr)
        elif isinstance(node, Compare):
            fname, _, value, _ = _operands(node, where)
            if fname is None:
                continue
            if fname not in fact:
                raise EngineError(f"fact has no field '{fname}' ({where} needs it)")
            if kind_of_value(fname, fact[fname]) != _kind_of_literal(value, where):
                raise EngineError(
                    f"fact field '{fname}' is {fact[fname]!r}, which cannot be compared with {value!r} ({where})"
                )
        elif isinstance(node, Literal):
            if not isinstance(node.value, bool):
                raise EngineError(f"{where}: {node.value!r} is not a condition (true/false)")
        else:
            raise EngineError(f"{where}: {type(node).__name__} is not part of the engine IR")


def _eval(expr: Expr, fact: Mapping[str, Any]) -> bool:
    if isinstance(expr, Compare):
        fname, op, value, left = _operands(expr, "condition")
        return compare(op, left if fname is None else fact[fname], value)
    if isinstance(expr, And):
        return all(_eval(item, fact) for item in expr.items)
    if isinstance(expr, Or):
        return any(_eval(item, fact) for item in expr.items)
    if isinstance(expr, Not):
        return not _eval(expr.expr, fact)
    assert isinstance(expr, Literal)  # checked by _check
    return bool(expr.value)


def evaluate_python(condition: Expr, fact: Mapping[str, Any]) -> bool:
    """The reference semantics: two-valued logic, Python comparison (bool is 0/1, text compares by
    code point). Raises EngineError for a missing field, text-vs-number, inf/NaN or a non-IR node."""
    _check(condition, fact, "condition")
    return _eval(condition, fact)


# ---- lowering: IR -> encoded DNF -----------------------------------------------------------------


class Field:
    """Rank encoding of one field. With S the sorted distinct literals it is compared with, a value v
    becomes 2*i+1 if v == S[i], else 2*i where i = #literals below v. Literal S[i] becomes 2*i+1. Order
    and equality between v and every literal are preserved exactly, durable sees only small ints, and
    the codes form the integer interval [0, 2*len(S)] that the DNF simplifier reasons on."""

    __slots__ = ("name", "index", "kind", "values", "first_rule", "top")

    def __init__(self, name: str, index: int, kind: str, values: list[Any], first_rule: str):
        self.name, self.index, self.kind, self.first_rule = name, index, kind, first_rule
        self.values = values
        self.top = 2 * len(values)

    def encode_literal(self, value: Any) -> int:
        i = bisect.bisect_left(self.values, value)
        return 2 * i + 1

    def encode(self, fact: Mapping[str, Any]) -> int:
        try:
            v = fact[self.name]
        except KeyError:
            raise EngineError(f"fact has no field '{self.name}' (rule {self.first_rule} needs it)") from None
        t = type(v)  # fast path for the common exact types; anything else gets the full check
        fits = self.kind == TEXT if t is str else self.kind == NUMBER if t is bool or t is int else None
        if not (fits if fits is not None else kind_of_value(self.name, v) == self.kind):
            kind_of_value(self.name, v)  # inf, NaN, lists ...: their own message
            raise EngineError(
                f"fact field '{self.name}' is {v!r}, but rule {self.first_rule} compares it "
                f"with {'text' if self.kind == TEXT else 'numbers'}"
            )
        values = self.values
        i = bisect.bisect_left(values, v)
        return 2 * i + 1 if i < len(values) and values[i] == v else 2 * i


# A conjunction: tuple of (field index, lo, hi, neq tuple) sorted by field; () is "always".
Range = tuple[int, int, tuple[int, ...]]  # lo, hi, the codes between them excluded
Atom = tuple[int, int, int, tuple[int, ...]]  # field index, lo, hi, excluded codes
Conj = tuple[Atom, ...]


def _constrain(fld: Field, op: str, code: int) -> tuple[int, int, frozenset[int]]:
    lo, hi, neq = 0, fld.top, frozenset[int]()
    if op == "==":
        lo = hi = code
    elif op == "!=":
        neq = frozenset((code,))
    elif op == "<":
        hi = code - 1
    elif op == "<=":
        hi = code
    elif op == ">":
        lo = code + 1
    else:
        lo = code
    return lo, hi, neq


def _normalise(lo: int, hi: int, neq: Iterable[int], top: int) -> Range | tuple[()] | None:
    """Canonical (lo, hi, neq) on integer codes; None if unsatisfiable, () if always true."""
    excluded = {v for v in neq if lo <= v <= hi}
    while lo in excluded:
        excluded.discard(lo)
        lo += 1
    while hi in excluded:
        excluded.discard(hi)
        hi -= 1
    if lo > hi:
        return None
    if lo == 0 and hi == top and not excluded:
        return ()
    return lo, hi, tuple(sorted(excluded))


def _and(a: Conj, b: Conj, fields: list[Field]) -> Conj | None:
    """The conjunction of two conjunctions (None: they contradict)."""
    merged: dict[int, Range] = {f: (lo, hi, neq) for f, lo, hi, neq in a}
    for f, lo, hi, neq in b:
        if f in merged:
            lo0, hi0, neq0 = merged[f]
            norm = _normalise(max(lo, lo0), min(hi, hi0), set(neq) | set(neq0), fields[f].top)
            if norm is None:
                return None
            if norm:
                merged[f] = norm
            else:
                del merged[f]
        else:
            merged[f] = (lo, hi, neq)
    return tuple((f, *merged[f]) for f in sorted(merged))


def _implies(b: Conj, a: Conj, fields: list[Field]) -> bool:
    """Every fact satisfying conjunction b satisfies a (so a absorbs b in a disjunction)."""
    bmap = {f: (lo, hi, neq) for f, lo, hi, neq in b}
    for f, lo_a, hi_a, neq_a in a:
        lo_b, hi_b, neq_b = bmap.get(f, (0, fields[f].top, ()))
        if lo_b < lo_a or hi_b > hi_a:
            return False
        for v in neq_a:
            if lo_b <= v <= hi_b and v not in neq_b:
                return False
    return True


def _absorb(conjs: list[Conj], fields: list[Field]) -> list[Conj]:
    """Drop alternatives implied by another one (x==1 or x>0 -> x>0): fewer branches to fire.
    A conjunction can only imply one over a subset of its fields, and then one admitting at least as
    many codes, so visiting the weaker first and checking against what is kept removes every
    implied one in one pass (implication is transitive)."""
    unique = list(dict.fromkeys(conjs))
    if () in unique:
        return [()]

    def width(c: Conj) -> int:
        return sum(hi - lo + 1 - len(neq) for _, lo, hi, neq in c)

    keep: list[Conj] = []
    for c in sorted(unique, key=lambda c: (len(c), -width(c))):
        if not any(_implies(c, d, fields) for d in keep):
            keep.append(c)
    kept = set(keep)
    return [c for c in unique if c in kept]


def durable_tests(conj: Conj, fields: list[Field]) -> list[dict[str, Any]]:
    """Durable JSON tests for one conjunction: plain equality, $gte, $lte, $neq only."""
    out: list[dict[str, Any]] = [{KIND_FIELD: KIND_VALUE}]
    for f, lo, hi, neq in conj:
        key = wire_name(f)
        if lo == hi:
            out.append({key: lo})
            continue
        if lo > 0:
            out.append({"$gte": {key: lo}})
        if hi < fields[f].top:
            out.append({"$lte": {key: hi}})
        out.extend({"$neq": {key: v}} for v in neq)
    for test in out[1:]:
        op = next(iter(test))
        if op.startswith("$") and op not in DURABLE_OPS:  # whitelist: never emit a typo'd op
            raise EngineError(f"internal: refusing durable operator {op}")
    return out


def wire_name(index: int) -> str:
    # Field names on the wire are f0, f1 ...: DSL names could collide with durable's sid / id / $s.
    return f"f{index}"


def _atom(fields: dict[str, Field], rule_id: str) -> Callable[[Expr, bool], list[Conj]]:
    def atom(leaf: Expr, negated: bool) -> list[Conj]:
        if not isinstance(leaf, Compare):  # collect_fields refused every other node already
            raise EngineError(f"rule {rule_id}: {type(leaf).__name__} is not part of the engine IR")
        fname, op, value, left = _operands(leaf, f"rule {rule_id}")
        if negated:
            op = negate(op)
        if fname is None:
            return [()] if compare(op, left, value) else []
        fld = fields[fname]
        norm = _normalise(*_constrain(fld, op, fld.encode_literal(value)), fld.top)
        if norm is None:
            return []
        return [()] if not norm else [((fld.index, *norm),)]

    return atom


def alternatives(rule: EngineRule, fields: list[Field]) -> list[Conj]:
    """The rule's condition as alternative conjunctions of encoded atoms, implied ones absorbed."""
    by_name = {f.name: f for f in fields}
    always: Conj = ()
    try:
        conjs = dnf(
            rule.condition, _atom(by_name, rule.id), lambda a, b: _and(a, b, fields), always, MAX_BRANCHES_PER_RULE
        )
    except ExpansionTooLarge:
        raise EngineError(
            f"rule {rule.id}: its condition expands to more than {MAX_BRANCHES_PER_RULE} "
            "alternatives (and/or nesting); split the rule or simplify the condition"
        ) from None
    return _absorb(conjs, fields)


# ---- fields and the content key ------------------------------------------------------------------


def _canon(expr: Expr, where: str) -> Any:
    """Canonical, position-free form for the content hash; literal types are kept (1, 1.0, True differ)."""
    if isinstance(expr, Literal):
        return ["L", type(expr.value).__name__, repr(expr.value)]
    if isinstance(expr, Name):
        return ["N", expr.name]
    if isinstance(expr, Compare):
        return ["C", expr.op, _canon(expr.left, where), _canon(expr.right, where)]
    if isinstance(expr, And):
        return ["A"] + [_canon(e, where) for e in expr.items]
    if isinstance(expr, Or):
        return ["O"] + [_canon(e, where) for e in expr.items]
    if isinstance(expr, Not):
        return ["!", _canon(expr.expr, where)]
    raise EngineError(f"{where}: {type(expr).__name__} is not part of the engine IR")


def content_key(rules: Sequence[EngineRule]) -> str:
    canon = [[r.id, _canon(r.condition, f"rule {r.id}")] for r in rules]
    return hashlib.sha256(json.dumps(canon, ensure_ascii=False, separators=(",", ":")).encode()).hexdigest()


def collect_fields(rules: Sequence[EngineRule]) -> list[Field]:
    kinds: dict[str, tuple[str, str]] = {}  # field -> (kind, first rule)
    values: dict[str, set[Any]] = {}
    for rule in rules:
        where = f"rule {rule.id}"
        for node in leaves(rule.condition):
            if isinstance(node, Literal):
                if not isinstance(node.value, bool):
                    raise EngineError(f"{where}: {node.value!r} is not a condition (true/false)")
            elif isinstance(node, Compare):
                fname, _, value, _ = _operands(node, where)
                if fname is None:
                    continue
                kind = _kind_of_literal(value, where)
                seen = kinds.setdefault(fname, (kind, rule.id))
                if seen[0] != kind:
                    raise EngineError(
                        f"{where}: field '{fname}' is compared with {kind} here but with {seen[0]} in rule {seen[1]}"
                    )
                values.setdefault(fname, set()).add(value)
            else:
                raise EngineError(f"{where}: {type(node).__name__} is not part of the engine IR")
    out = []
    for i, name in enumerate(sorted(kinds)):
        kind, first = kinds[name]
        # Numbers: 1, 1.0 and True are one value (equal and hash-equal), as in Python.
        out.append(Field(name, i, kind, sorted(values[name]), first))
    return out
