"""Lowering: DSL conditions resolved against the schema, params and constants, down to the engine's
flat IR (And/Or/Not/Compare(field, literal)/Literal). Each function call or field becomes a Slot, a
flat engine field; a Slot reads its value through a small protocol (ValueSource), so the DSL never
depends on how a case computes its values."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from ..errors import DSLError
from ..lexicon import Lexicon
from ..models import DOCUMENT_KINDS, MODIFIERS
from .logic import mirror, satisfied
from .schema import FIELDS, FUNCTIONS, NUMERIC, PROFILE_ONLY, ParamSpec, constants, suggest
from .syntax import And, Call, Compare, Expr, ListExpr, Literal, Name, Not, Or, Pos
from .versions import SERVICE_DAY

V = TypeVar("V", covariant=True)


class ValueSource(Protocol[V]):
    """Where slots read one case's values: plain fields and function calls."""

    def field(self, name: str) -> V: ...

    def call(self, func: str, args: tuple[Any, ...]) -> V: ...


def _err(msg: str, pos: Pos, length: int = 1, hint: str = "") -> DSLError:
    return DSLError(msg, pos.file, pos.line, pos.column, length=length, hint=hint)


@dataclass(frozen=True)
class Slot:
    """A flat engine field standing for a DSL field or function call."""

    key: str  # engine field name
    func: str  # "" for a plain field
    args: tuple[Any, ...]  # resolved constant arguments
    type: str
    optional: bool

    def value(self, source: ValueSource[V]) -> V:
        """This slot's value in one case: the field, or the function called with its arguments."""
        return source.call(self.func, self.args) if self.func else source.field(self.key)


class Lowerer:
    """Resolves names against the schema, params and constants, and lowers conditions to the engine
    IR (And/Or/Not/Compare(field, literal)/Literal). Slots collect the fields one case must supply."""

    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon
        self.consts = constants(lexicon)
        self.slots: dict[str, Slot] = {}

    # types ------------------------------------------------------------------
    def _const_type(self, name: str) -> str | None:
        return self.consts.get(name)

    def resolve_arg(self, expr: Expr, spec: ParamSpec, params: dict[str, Literal]) -> Any:
        if isinstance(expr, Name) and expr.name in params:
            expr = params[expr.name]
        if isinstance(expr, Literal):
            if spec.type in NUMERIC and not isinstance(expr.value, bool) and isinstance(expr.value, (int, float)):
                return expr.value
            if spec.type == "string" and isinstance(expr.value, str):
                return expr.value
            raise _err(f"argument '{spec.name}' expects {spec.type}, got {expr.value!r}", expr.pos)
        if not isinstance(expr, Name):
            raise _err(f"argument '{spec.name}' must be a name or a constant", getattr(expr, "pos", Pos()))
        name = expr.name
        if spec.type == "field":
            if name in FIELDS or name in PROFILE_ONLY:
                return name
            raise _err(f"unknown field '{name}'", expr.pos, len(name), suggest(name, list(FIELDS) + list(PROFILE_ONLY)))
        if spec.type == "concept":
            if name == "treatment" or self._const_type(name) in ("concept", "treatment", "condition"):
                return name
        elif spec.type == "modifier":
            if name in MODIFIERS:
                return name
            raise _err(f"unknown modifier '{name}'", expr.pos, len(name), suggest(name, MODIFIERS))
        elif spec.type == "condition":
            if self._const_type(name) == "condition":
                return name
            conds = [c for c, t in self.consts.items() if t == "condition"]
            raise _err(f"unknown condition '{name}'", expr.pos, len(name), suggest(name, conds))
        elif spec.type == "kind":
            if name in DOCUMENT_KINDS:
                return name
            raise _err(f"unknown document kind '{name}'", expr.pos, len(name), suggest(name, DOCUMENT_KINDS))
        if name in self.consts:
            return name
        raise _err(f"unknown name '{name}'", expr.pos, len(name), suggest(name, self.consts))

    def slot_for_call(self, call: Call, params: dict[str, Literal]) -> Slot:
        spec = FUNCTIONS.get(call.func)
        if spec is None:
            raise _err(f"unknown function '{call.func}'", call.pos, len(call.func), suggest(call.func, FUNCTIONS))
        args: list[Any] = []
        positional = list(call.args)
        kw = dict(call.kwargs)
        for p in spec.params:
            if p.variadic:
                args.extend(self.resolve_arg(a, p, params) for a in positional)
                positional = []
                continue
            if positional:
                args.append(self.resolve_arg(positional.pop(0), p, params))
            elif p.name in kw:
                args.append(self.resolve_arg(kw.pop(p.name), p, params))
            elif p.default is not None:
                args.append(p.default)
            else:
                raise _err(f"{call.func}() needs its '{p.name}' argument", call.pos, len(call.func))
        if positional:
            raise _err(f"{call.func}() takes {len(spec.params)} argument(s), got more", call.pos, len(call.func))
        if kw:
            bad = next(iter(kw))
            raise _err(
                f"{call.func}() has no argument '{bad}'",
                call.pos,
                len(call.func),
                suggest(bad, [p.name for p in spec.params]),
            )
        resolved = tuple(args)
        key = "f_" + call.func + "".join(f"_{a}" for a in resolved).replace(".", "p").replace("-", "m")
        key = "".join(ch if ch.isalnum() or ch == "_" else "_" for ch in key)
        return self.slots.setdefault(key, Slot(key, call.func, resolved, spec.returns, spec.optional))

    def service_day_slot(self) -> Slot:
        """The case's service date as a day number: what version windows compare (`versions`)."""
        return self.slots.setdefault(SERVICE_DAY, Slot(SERVICE_DAY, "", (), "int", False))

    def slot_for_name(self, name: Name) -> Slot:
        spec = FIELDS[name.name]
        return self.slots.setdefault(name.name, Slot(name.name, "", (), spec.type, spec.optional))

    def operand(self, expr: Expr, params: dict[str, Literal]) -> tuple[str, Any]:
        """('slot', Slot) | ('const', (value, type))."""
        if isinstance(expr, Literal):
            t = (
                "bool"
                if isinstance(expr.value, bool)
                else "int"
                if isinstance(expr.value, int)
                else "number"
                if isinstance(expr.value, float)
                else "string"
            )
            return "const", (expr.value, t)
        if isinstance(expr, Call):
            return "slot", self.slot_for_call(expr, params)
        if isinstance(expr, Name):
            if expr.name in params:
                return self.operand(params[expr.name], params)
            if expr.name in FIELDS:
                return "slot", self.slot_for_name(expr)
            const_type = self._const_type(expr.name)
            if const_type:
                return "const", (expr.name, const_type)
            raise _err(
                f"unknown name '{expr.name}'",
                expr.pos,
                len(expr.name),
                suggest(expr.name, list(FIELDS) + list(params) + list(self.consts)),
            )
        raise _err("expected a field, a function call or a constant here", getattr(expr, "pos", Pos()))

    @staticmethod
    def compatible(a: str, b: str) -> bool:
        if a in NUMERIC and b in NUMERIC:
            return True
        strings = {"string", "treatment", "insurer", "concept", "condition", "kind", "modifier"}
        if a in strings and b in strings:
            return a == b or "string" in (a, b)
        return a == b

    def lower(self, expr: Expr, params: dict[str, Literal]) -> Expr:
        if isinstance(expr, And):
            return And(tuple(self.lower(e, params) for e in expr.items), expr.pos)
        if isinstance(expr, Or):
            return Or(tuple(self.lower(e, params) for e in expr.items), expr.pos)
        if isinstance(expr, Not):
            return Not(self.lower(expr.expr, params), expr.pos)
        if isinstance(expr, Compare):
            return self._lower_compare(expr, params)
        if isinstance(expr, (Name, Call, Literal)):
            kind, thing = self.operand(expr, params)
            if kind == "const":
                value, t = thing
                if t != "bool":
                    raise _err(f"{value!r} is not a condition (true/false)", expr.pos)
                return Literal(value, expr.pos)
            if thing.type != "bool":
                raise _err(
                    f"'{_label(expr)}' is {thing.type}, not a condition; compare it with something",
                    expr.pos,
                    len(_label(expr)),
                )
            return self._guard(thing, Compare("==", Name(thing.key), Literal(True)), expr.pos)
        raise _err("a list is not a condition", getattr(expr, "pos", Pos()))

    def _guard(self, slot: Slot, cmp: Expr, pos: Pos) -> Expr:
        if not slot.optional:
            return cmp
        return And((Compare("==", Name(slot.key + "__given"), Literal(True)), cmp), pos)

    def _lower_compare(self, expr: Compare, params: dict[str, Literal]) -> Expr:
        if expr.op in ("in", "notin"):
            if not isinstance(expr.right, ListExpr):
                raise _err("'in' needs a list: x in [a, b]", expr.pos)
            if not expr.right.items:
                raise _err("'in []' can never hold: the list is empty", expr.right.pos)
            parts = tuple(
                Compare("==" if expr.op == "in" else "!=", expr.left, item, expr.pos) for item in expr.right.items
            )
            joined = Or(parts, expr.pos) if expr.op == "in" else And(parts, expr.pos)
            return self.lower(joined, params)
        lk, left = self.operand(expr.left, params)
        rk, right = self.operand(expr.right, params)
        op = expr.op
        if lk == "const" and rk == "slot":
            lk, left, rk, right = rk, right, lk, left
            op = mirror(op)
        if lk == "const":
            a, b = left[0], right[0]
            return Literal(satisfied(op, a, b), expr.pos)
        slot: Slot = left
        if rk == "slot":
            raise _err("compare a field with a constant, not with another field", expr.pos)
        value, vtype = right
        if not self.compatible(slot.type, vtype):
            raise _err(
                f"cannot compare {_label(expr.left)} ({slot.type}) with {value!r} ({vtype})",
                expr.pos,
                hint=_type_hint(slot.type, self.consts),
            )
        if slot.type in ("bool",) or vtype not in NUMERIC:
            if op not in ("==", "!="):
                raise _err(f"'{op}' needs numbers; {slot.type} values only take == and !=", expr.pos)
        return self._guard(slot, Compare(op, Name(slot.key), Literal(value)), expr.pos)


def _type_hint(t: str, consts: dict[str, str]) -> str:
    examples = [c for c, ct in consts.items() if ct == t][:4]
    return f"{t} values are e.g. {', '.join(examples)}" if examples else ""


def _label(expr: Expr) -> str:
    if isinstance(expr, Name):
        return expr.name
    if isinstance(expr, Call):
        return expr.func + "(...)"
    return "expression"
