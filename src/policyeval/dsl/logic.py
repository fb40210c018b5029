"""The logic every stage shares: the comparison operators (with their negation, mirror image and Python
meaning) and the expansion of a condition to disjunctive normal form with a size bound.

The lowering folds constant comparisons with `compare`, the checker's solver and the engine both
expand lowered conditions with `dnf`: the solver over readable atoms, the engine over its rank-encoded
ones. Each gives `dnf` its own atoms and its own way of joining two conjunctions (returning None when
they contradict), so the expansion itself -- negation pushed down by De Morgan, products distributed,
duplicates dropped, the size bound -- is written once."""

from __future__ import annotations

import operator
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, TypeVar

from .syntax import And, Expr, Literal, Not, Or

__all__ = [
    "Operator",
    "OPERATORS",
    "COMPARISONS",
    "EQUALITY",
    "ORDERING",
    "negate",
    "mirror",
    "compare",
    "satisfied",
    "ExpansionTooLarge",
    "dnf",
]


@dataclass(frozen=True)
class Operator:
    symbol: str
    negation: str  # not (a op b)  ==  a negation b
    mirror: str  # a op b  ==  b mirror a
    apply: Callable[[Any, Any], bool]


OPERATORS: dict[str, Operator] = {
    op.symbol: op
    for op in (
        Operator("==", "!=", "==", operator.eq),
        Operator("!=", "==", "!=", operator.ne),
        Operator("<", ">=", ">", operator.lt),
        Operator("<=", ">", ">=", operator.le),
        Operator(">", "<=", "<", operator.gt),
        Operator(">=", "<", "<=", operator.ge),
    )
}
COMPARISONS = tuple(OPERATORS)  # == != < <= > >=
EQUALITY = ("==", "!=")  # what non-numbers take
ORDERING = ("<", "<=", ">", ">=")  # numbers only


def negate(op: str) -> str:
    return OPERATORS[op].negation


def mirror(op: str) -> str:
    return OPERATORS[op].mirror


def compare(op: str, left: Any, right: Any) -> bool:
    """Python's answer to `left op right` (TypeError for text against numbers, as in Python)."""
    return bool(OPERATORS[op].apply(left, right))


# ---- disjunctive normal form ---------------------------------------------------------------------


class ExpansionTooLarge(Exception):
    """The condition expands to more alternatives than the caller's limit."""

    def __init__(self, limit: int):
        super().__init__(f"more than {limit} alternatives")
        self.limit = limit


C = TypeVar("C", bound=Hashable)  # one conjunction; the caller's representation (a tuple of atoms)


def dnf(
    expr: Expr,
    atom: Callable[[Expr, bool], list[C]],
    conjoin: Callable[[C, C], C | None],
    always: C,
    limit: int,
    negated: bool = False,
) -> list[C]:
    """`expr` (negated when `negated`) as a list of alternative conjunctions; [] = never, [always] =
    always. `atom(leaf, negated)` gives the alternatives for one comparison (or any other leaf),
    `conjoin(a, b)` the conjunction of two (None: they contradict). Raises ExpansionTooLarge when a
    step holds more than `limit` alternatives, or a product would have more than 8 x `limit` before
    contradictions are pruned; RecursionError for absurd nesting."""
    if isinstance(expr, Literal):
        return [always] if bool(expr.value) != negated else []
    if isinstance(expr, Not):
        return dnf(expr.expr, atom, conjoin, always, limit, not negated)
    if isinstance(expr, (And, Or)):
        parts = (dnf(item, atom, conjoin, always, limit, negated) for item in expr.items)
        if isinstance(expr, And) != negated:
            return _product(parts, conjoin, always, limit)
        return _bounded([c for part in parts for c in part], limit)
    return _bounded(atom(expr, negated), limit)


def _product(parts: Any, conjoin: Callable[[C, C], C | None], always: C, limit: int) -> list[C]:
    acc: list[C] = [always]
    for part in parts:
        if len(acc) * len(part) > 8 * limit:
            raise ExpansionTooLarge(limit)
        acc = _bounded([c for a in acc for b in part if (c := conjoin(a, b)) is not None], limit)
        if not acc:
            return []  # contradiction: the rest cannot revive it
    return acc


def _bounded(conjs: list[C], limit: int) -> list[C]:
    unique = list(dict.fromkeys(conjs))
    if len(unique) > limit:
        raise ExpansionTooLarge(limit)
    return unique


def satisfied(op: str, left: Any, right: Any) -> bool:
    """`compare`, except that values that cannot be ordered against each other (text against a number)
    never satisfy a comparison: how constant folding and three-valued evaluation read them."""
    try:
        return compare(op, left, right)
    except TypeError:
        return False
