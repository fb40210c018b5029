"""Canonical text of DSL expressions (and, via `format_file`, whole files)."""
from __future__ import annotations

import json

from .syntax import And, Call, Compare, Expr, ListExpr, Literal, Name, Not, Or

_PREC = {Or: 1, And: 2, Not: 3}


def _lit(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return repr(value)


def unparse(expr: Expr, parent: int = 0) -> str:
    """One-line canonical text of an expression; parenthesises only where precedence needs it."""
    if isinstance(expr, Literal):
        return _lit(expr.value)
    if isinstance(expr, Name):
        return expr.name
    if isinstance(expr, ListExpr):
        return "[" + ", ".join(unparse(i) for i in expr.items) + "]"
    if isinstance(expr, Call):
        args = [unparse(a) for a in expr.args] + [f"{k}: {unparse(v)}" for k, v in expr.kwargs]
        return f"{expr.func}({', '.join(args)})"
    if isinstance(expr, Compare):
        op = {"in": "in", "notin": "not in"}.get(expr.op, expr.op)
        return f"{unparse(expr.left, 4)} {op} {unparse(expr.right, 4)}"
    prec = _PREC[type(expr)]
    if isinstance(expr, Not):
        text = f"not {unparse(expr.expr, prec)}"
    else:
        joiner = " or " if isinstance(expr, Or) else " and "
        text = joiner.join(unparse(i, prec) for i in expr.items)
    return f"({text})" if prec < parent or (parent == prec and not isinstance(expr, Not)) else text
