"""Canonical text of DSL expressions: one line (`unparse`, for messages, traces and explanations) or
wrapped to the formatter's width (`layout_expr`), parenthesised only where precedence needs it."""

from __future__ import annotations

import json
from decimal import Decimal

from .syntax import And, Call, Compare, Expr, ListExpr, Literal, Name, Not, Or

__all__ = ["WIDTH", "number_text", "literal_text", "unparse", "layout_expr"]

WIDTH = 100
_PREC = {Or: 1, And: 2, Not: 3, Compare: 4}


def number_text(value: int | float) -> str:
    """A number as the grammar reads it back exactly: never an exponent, floats always with a '.'."""
    if isinstance(value, bool) or not isinstance(value, float):
        return str(int(value))
    text = repr(value)
    if "e" in text or "E" in text:
        text = format(Decimal(text), "f")
    if "." not in text:
        text += ".0"
    return text


def literal_text(value: bool | int | float | str) -> str:
    """A constant as the grammar writes it: true/false, a JSON-quoted string, a number read back exactly."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return number_text(value)


def _needs_parens(expr: Expr, parent: int) -> bool:
    prec = _PREC.get(type(expr))
    if prec is None:
        return False
    return prec < parent or (parent == prec and not isinstance(expr, Not))


def unparse(expr: Expr, parent: int = 0) -> str:
    """One-line canonical text of an expression; parenthesises only where precedence needs it."""
    if isinstance(expr, Literal):
        return literal_text(expr.value)
    if isinstance(expr, Name):
        return expr.name
    if isinstance(expr, ListExpr):
        return "[" + ", ".join(unparse(i) for i in expr.items) + "]"
    if isinstance(expr, Call):
        args = [unparse(a) for a in expr.args] + [f"{k}: {unparse(v)}" for k, v in expr.kwargs]
        return f"{expr.func}({', '.join(args)})"
    if isinstance(expr, Compare):
        op = {"in": "in", "notin": "not in"}.get(expr.op, expr.op)
        text = f"{unparse(expr.left, 5)} {op} {unparse(expr.right, 5)}"
    elif isinstance(expr, Not):
        text = f"not {unparse(expr.expr, 3)}"
    else:
        joiner = " or " if isinstance(expr, Or) else " and "
        prec = _PREC[type(expr)]
        text = joiner.join(unparse(i, prec) for i in expr.items)
    return f"({text})" if _needs_parens(expr, parent) else text


def layout_expr(expr: Expr, col: int, cont: int, parent: int = 0, width: int = WIDTH) -> list[str]:
    """`expr` starting at column `col` (0-based), filled to `width` and wrapped before `or` / `and`.
    The first line has no indentation; continuation lines carry their own: `cont` spaces for the
    operands of this expression, four more inside each parenthesised group."""
    text = unparse(expr, parent)
    if col + len(text) <= width or not isinstance(expr, (And, Or, Not)):
        return [text]
    paren = _needs_parens(expr, parent)
    start = col + (1 if paren else 0)
    item_cont = cont + 4 if paren else cont
    if isinstance(expr, Not):
        lines = layout_expr(expr.expr, start + 4, item_cont, 3, width)
        lines[0] = "not " + lines[0]
    else:
        op = "or" if isinstance(expr, Or) else "and"
        prec = _PREC[type(expr)]

        def sub_cont(item: Expr) -> int:  # an unparenthesised nested group continues deeper, to stay readable
            return item_cont if _needs_parens(item, prec) else item_cont + 4

        lines = layout_expr(expr.items[0], start, sub_cont(expr.items[0]), prec, width)
        for i, item in enumerate(expr.items[1:], 1):
            at = (start if len(lines) == 1 else 0) + len(lines[-1]) + len(op) + 2
            closing = 1 if paren and i == len(expr.items) - 1 else 0
            piece = unparse(item, prec)
            if at + len(piece) + closing <= width:  # fits on this line
                lines[-1] += f" {op} {piece}"
                continue
            hanging = layout_expr(item, at, sub_cont(item), prec, width)
            if len(hanging) > 1 and at + len(hanging[0]) <= width and _needs_parens(item, prec):
                lines[-1] += f" {op} {hanging[0]}"  # a group opens here and wraps inside
                lines.extend(hanging[1:])
                continue
            prefix = " " * item_cont + op + " "
            sub = layout_expr(item, len(prefix), sub_cont(item), prec, width)
            lines.append(prefix + sub[0])
            lines.extend(sub[1:])
    if paren:
        lines[0] = "(" + lines[0]
        lines[-1] += ")"
    return lines
