"""Can a lowered condition hold? The checker's question behind "can never hold", "can never win" and
"can match together".

A lowered condition (the engine IR: comparisons of one fact field with a constant, joined by
and/or/not) is expanded to disjunctive normal form (`logic.dnf`) and each conjunction is checked field
by field: booleans and treatments over their finite values, numbers as intervals (whole numbers for
`int` fields; every number a rule reads -- ages, counts, scores -- is >= 0), other text by equalities
and disequalities. Fields are treated as independent (e.g. `mentions(treatment, covered)` and
`mentions(treatment)` are two booleans), so "never" answers are certain, while "can match together"
may occasionally name a pair that real documents could never trigger at once. Expansions over
MAX_BRANCHES conjunctions are not judged (None)."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from ..models import TREATMENTS
from .logic import ExpansionTooLarge, compare, dnf, negate
from .lowering import Lowerer
from .schema import FIELDS, NUMERIC
from .syntax import Compare, Expr, Literal, Name
from .unparse import literal_text
from .versions import SERVICE_DAY

__all__ = ["Solver", "MAX_BRANCHES", "constant_text"]

MAX_BRANCHES = 256

Atom = tuple[str, str, Any]  # (field key, operator, constant)
Conj = tuple[Atom, ...]


class _NotJudged(Exception):
    """A node outside the engine IR: the solver does not judge such a condition."""


def constant_text(value: Any) -> str:
    """A constant as the DSL would write it: names bare, other text quoted."""
    if isinstance(value, str) and value.isidentifier() and value.isascii():
        return value
    return literal_text(value)


class Solver:
    """Satisfiability of lowered conditions over the fields (slots) of one lowering."""

    def __init__(self, lowerer: Lowerer):
        self.lowerer = lowerer
        self._memo: dict[tuple[str, tuple[tuple[str, str], ...]], bool] = {}

    def satisfiable(self, expr: Expr) -> bool | None:
        """True / False, or None when the expansion is too large to judge."""
        try:
            return bool(self._conjunctions(expr))
        except (_NotJudged, ExpansionTooLarge, RecursionError):
            return None

    def witness(self, expr: Expr) -> str | None:
        """A readable example of a case satisfying expr, or None if unsatisfiable / not judged."""
        try:
            conjs = self._conjunctions(expr)
        except (_NotJudged, ExpansionTooLarge, RecursionError):
            return None
        if not conjs:
            return None
        parts = []
        for key, op, value in sorted(set(conjs[0]), key=lambda a: (a[0].endswith("__given"), a[0])):
            if key.endswith("__given") and op == "==" and value is True:
                continue
            label = self._label(key)
            if key == SERVICE_DAY and isinstance(value, int):
                parts.append(f"the service date {op} {dt.date.fromordinal(value).isoformat()}")
            elif isinstance(value, bool) and op in ("==", "!="):
                parts.append(label if (op == "==") == value else f"not {label}")
            else:
                parts.append(f"{label} {op} {constant_text(value)}")
        parts = list(dict.fromkeys(parts))
        text = " and ".join(parts[:6]) + (" ..." if len(parts) > 6 else "")
        return text or "always"

    # -- expansion -------------------------------------------------------------------------------------
    def _conjunctions(self, expr: Expr) -> list[Conj]:
        return dnf(expr, self._atom, self._conjoin, (), MAX_BRANCHES)

    def _atom(self, leaf: Expr, negated: bool) -> list[Conj]:
        if not (isinstance(leaf, Compare) and isinstance(leaf.left, Name) and isinstance(leaf.right, Literal)):
            raise _NotJudged()
        conj: Conj = ((leaf.left.name, negate(leaf.op) if negated else leaf.op, leaf.right.value),)
        return [conj] if self._consistent(conj) else []

    def _conjoin(self, a: Conj, b: Conj) -> Conj | None:
        both = a + b
        return both if self._consistent(both) else None

    # -- one conjunction, field by field ----------------------------------------------------------------
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
            label = f"{slot.func}({', '.join(constant_text(a) for a in slot.args)})"
        return label + (" is given" if key.endswith("__given") else "")

    def _consistent(self, conj: Conj) -> bool:
        by_key: dict[str, list[tuple[str, Any]]] = {}
        for key, op, value in conj:
            by_key.setdefault(key, []).append((op, value))
        return all(self._field_ok(key, atoms) for key, atoms in by_key.items())

    def _field_ok(self, key: str, atoms: list[tuple[str, Any]]) -> bool:
        memo_key = (key, tuple(sorted((op, repr(v)) for op, v in atoms)))
        if memo_key in self._memo:
            return self._memo[memo_key]
        kind = self._type(key)
        try:
            if kind == "bool":
                ok = any(all(compare(op, d, v) for op, v in atoms) for d in (False, True))
            elif kind == "treatment":
                ok = any(all(compare(op, d, v) for op, v in atoms) for d in TREATMENTS)
            elif kind in NUMERIC:
                ok = _numbers_ok(atoms, integer=(kind == "int"))
            else:
                eqs = {v for op, v in atoms if op == "=="}
                nes = {v for op, v in atoms if op == "!="}
                ok = len(eqs) <= 1 and not (eqs & nes)
                if ok and eqs:
                    e = next(iter(eqs))
                    ok = all(compare(op, e, v) for op, v in atoms)
        except (TypeError, ValueError):
            ok = True  # mixed types: not ours to judge
        self._memo[memo_key] = ok
        return ok


def _numbers_ok(atoms: list[tuple[str, Any]], integer: bool) -> bool:
    """Some number (>= 0; whole when `integer`) satisfies every comparison."""
    lo, lo_strict = 0.0, False  # every number a rule reads is >= 0
    hi, hi_strict = math.inf, False
    eqs, nes = set(), set()
    for op, raw in atoms:
        v = float(raw)
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
