"""Three-valued evaluation of a DSL condition over one case: true, false, or None when a value it
needs is not given. Criteria and `explain` use it where 'not given' must not read as 'not met'."""

from __future__ import annotations

from typing import Any
from weakref import WeakKeyDictionary

from ..dsl.logic import satisfied
from ..dsl.lowering import Lowerer
from ..dsl.syntax import And, Call, Compare, Expr, ListExpr, Literal, Not, Or, walk
from ..models import Finding
from .case import CaseFacts

# Functions whose true value rests on statements of the documents (their findings are the evidence).
EVIDENCE_FUNCTIONS = frozenset(
    {"mentions", "policy_says", "indication_met", "indication_excludes", "policy_indication_excludes"}
)


def eval3(expr: Expr, facts: CaseFacts, lowerer: Lowerer, params: dict[str, Literal]) -> bool | None:
    """True / False / None (a value it needs is not given). Used where 'not given' must not read as 'not met'."""
    if isinstance(expr, And):
        vals = [eval3(e, facts, lowerer, params) for e in expr.items]
        return False if False in vals else None if None in vals else True
    if isinstance(expr, Or):
        vals = [eval3(e, facts, lowerer, params) for e in expr.items]
        return True if True in vals else None if None in vals else False
    if isinstance(expr, Not):
        v = eval3(expr.expr, facts, lowerer, params)
        return None if v is None else not v
    if isinstance(expr, Compare):
        if expr.op in ("in", "notin"):
            items = expr.right.items if isinstance(expr.right, ListExpr) else ()
            parts = tuple(Compare("==", expr.left, i) for i in items)
            v = eval3(Or(parts), facts, lowerer, params)
            return v if expr.op == "in" or v is None else not v
        left = operand_value(expr.left, facts, lowerer, params)
        right = operand_value(expr.right, facts, lowerer, params)
        if left is None or right is None:
            return None
        return satisfied(expr.op, left, right)
    v = operand_value(expr, facts, lowerer, params)
    return None if v is None else bool(v)


# What each operand of a rule set's conditions resolves to, per lowerer: the same for every case.
# Entries keep the expression and params they were made for, so an id is never mistaken.
_OPERANDS: WeakKeyDictionary[Lowerer, dict[tuple[int, int], tuple[Expr, dict[str, Literal], tuple[str, Any]]]] = (
    WeakKeyDictionary()
)


def _operand(expr: Expr, lowerer: Lowerer, params: dict[str, Literal]) -> tuple[str, Any]:
    known = _OPERANDS.setdefault(lowerer, {})
    key = (id(expr), id(params))
    entry = known.get(key)
    if entry is None or entry[0] is not expr or entry[1] is not params:
        entry = (expr, params, lowerer.operand(expr, params))
        known[key] = entry
    return entry[2]


def operand_value(expr: Expr, facts: CaseFacts, lowerer: Lowerer, params: dict[str, Literal]) -> Any:
    """A value for an operand, or None when it is not given."""
    kind, thing = _operand(expr, lowerer, params)
    if kind == "const":
        return thing[0]
    v = thing.value(facts)
    return v.value if v.given else None


def support(expr: Expr, facts: CaseFacts, lowerer: Lowerer, params: dict[str, Literal]) -> list[Finding]:
    """Findings behind the true mentions(...)/indication_met(...) calls of a condition: the evidence."""
    out: list[Finding] = []
    for node in walk(expr):
        if isinstance(node, Call) and node.func in EVIDENCE_FUNCTIONS:
            v = _operand(node, lowerer, params)[1].value(facts)
            if v.value:
                out.extend(f for f in v.support if f not in out)
    return out
