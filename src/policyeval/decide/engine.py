"""The rules engine: lowered rule conditions -> durable_rules rulesets, evaluated behind a fence.

durable_rules 2.0.28 is a C engine with one global handle table and many sharp edges, each reproduced
by stress runs (numbers below are durable's own error codes). This module is the only place that
imports it, and every hazard is answered here:

1. The stock ``Host`` runs two timer threads that touch freed state (segfaults, lost actions):
   ``_FencedHost._run`` does nothing, and nothing here uses ``durable.lang``'s global host.
2. One evaluation is several C calls that interleave between threads: one process-wide RLock around
   every load / unload / evaluate, and a fresh session id per evaluation.
3. The engine stores its session state as a fact in the same network, so a condition it can satisfy
   loops forever: every condition carries a discriminator (``__kind``) the state fact never has.
4. ``delete_state`` on a session that matched nothing segfaults: a catch-all rule always fires, and a
   session whose assert failed (or whose catch-all did not fire) is never deleted: its ruleset is
   quarantined (kept alive, never touched again) and the rule set reloads fresh.
5. 1,024 live sessions per ruleset, then MemoryError forever: each evaluation deletes its session.
6. > 64 matching branches under one node -> error 303 / segfault; > 512 tests -> creation hangs:
   conditions are expanded to disjunctive normal form here and packed into shards of at most
   ``MAX_BRANCHES_PER_SHARD`` branches; every shard is evaluated.
7. Floats with an exponent (error 204), inf (202), NaN (never matches); strings coerced to numbers by
   ``$gt``; ``"2" == 2``; ``true == 1``; 64-bit overflow: durable never sees a user value. Each field
   is rank-encoded against the sorted literals it is compared with (see ``_Field``), so durable only
   compares small non-negative ints, and ==, !=, <, <=, >, >= give exactly Python's answer for numbers
   (bool counts as 0/1, as in Python) and for strings (code-point order). Mixing text and numbers on
   one field, inf and NaN are refused with ``EngineError``.
8. Exceptions in actions are swallowed into ``state["exception"]``: it is checked after every assert.
9. ``run`` keys are deleted from the definition in place: every load builds fresh dicts.
- ``$or`` fires once per true branch: each DNF branch is its own durable rule, hits are a set.
- A missing field compares false silently: ``evaluate`` raises ``EngineError`` naming the field.
- ``$ne`` (typo) is accepted and never matches: only whitelisted operators are ever emitted.
- Rulesets that are only added leak (~17 KB per rule): compiled rule sets live in a small LRU keyed by
  content hash, and evicted ones are removed from the host and freed with ``delete_ruleset``.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import json
import math
import operator
import threading
import warnings
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..dsl.syntax import And, Compare, Expr, Literal, Name, Not, Or, leaves
from ..errors import EngineError

# On Python >= 3.12 every durable action warns (utcfromtimestamp); under warnings-as-errors that would
# break evaluation. Narrow filter: that module, that category only.
warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"durable(\..*)?$")

import durable_rules_engine as _dre  # noqa: E402  (the C binding: delete_ruleset lives here)
from durable import engine as _durable  # noqa: E402

__all__ = [
    "EngineRule",
    "CompiledRuleset",
    "compile_ruleset",
    "evaluate_python",
    "clear_cache",
    "MAX_BRANCHES_PER_SHARD",
    "CACHE_SIZE",
]

MAX_BRANCHES_PER_SHARD = 32  # hazard 6: 64 matching branches per node is the hard limit
MAX_FIELDS_PER_SHARD = 200  # hazard 7: ~250 fields per fact (error 302)
MAX_BRANCHES_PER_RULE = 512  # DNF can blow up exponentially; refuse instead of hanging
CACHE_SIZE = 8

_OPS = ("==", "!=", "<", "<=", ">", ">=")
_PY_OPS = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}
_NEGATED = {"==": "!=", "!=": "==", "<": ">=", "<=": ">", ">": "<=", ">=": "<"}
_MIRRORED = {"==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}
_DURABLE_OPS = frozenset({"$neq", "$lte", "$gte"})  # the only operators we ever emit (+ plain equality)

_KIND_FIELD = "__kind"  # hazard 3: discriminator; durable's state fact never has it
_KIND_VALUE = "policyeval"
_CATCH_ALL = "__always"  # hazard 4: a rule that fires for every fact
_CATCH_ALL_HIT = -1

TEXT, NUMBER = "text", "number"


# ---- public types --------------------------------------------------------------------------------


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


def _kind_of_value(name: str, value: Any) -> str:
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
    if op not in _OPS:
        raise EngineError(f"{where}: operator '{op}' is not supported by the engine (only " + " ".join(_OPS) + ")")
    left, right = node.left, node.right
    if isinstance(left, Name) and isinstance(right, Literal):
        _kind_of_literal(right.value, where)
        return left.name, op, right.value, None
    if isinstance(left, Literal) and isinstance(right, Name):
        _kind_of_literal(left.value, where)
        return right.name, _MIRRORED[op], left.value, None
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
            if _kind_of_value(fname, fact[fname]) != _kind_of_literal(value, where):
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
        return bool(_PY_OPS[op](left if fname is None else fact[fname], value))
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


class _Field:
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
        if _kind_of_value(self.name, v) != self.kind:
            raise EngineError(
                f"fact field '{self.name}' is {v!r}, but rule {self.first_rule} compares it "
                f"with {'text' if self.kind == TEXT else 'numbers'}"
            )
        values = self.values
        i = bisect.bisect_left(values, v)
        return 2 * i + 1 if i < len(values) and values[i] == v else 2 * i


# A conjunction: tuple of (field index, lo, hi, neq tuple) sorted by field; () is "always".
_Range = tuple[int, int, tuple[int, ...]]  # lo, hi, the codes between them excluded
_Atom = tuple[int, int, int, tuple[int, ...]]  # field index, lo, hi, excluded codes
_Conj = tuple[_Atom, ...]


def _constrain(fld: _Field, op: str, code: int) -> tuple[int, int, frozenset[int]]:
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


def _normalise(lo: int, hi: int, neq: Iterable[int], top: int) -> _Range | tuple[()] | None:
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


def _and(a: _Conj, b: _Conj, fields: list[_Field]) -> _Conj | None:
    merged: dict[int, _Range] = {f: (lo, hi, neq) for f, lo, hi, neq in a}
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


def _implies(b: _Conj, a: _Conj, fields: list[_Field]) -> bool:
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


def _absorb(conjs: list[_Conj], fields: list[_Field]) -> list[_Conj]:
    """Drop alternatives implied by another one (x==1 or x>0 -> x>0): fewer branches to fire.
    A conjunction can only imply one over a subset of its fields, and then one admitting at least as
    many codes, so visiting the weaker first and checking against what is kept removes every
    implied one in one pass (implication is transitive)."""
    unique = list(dict.fromkeys(conjs))
    if () in unique:
        return [()]

    def width(c: _Conj) -> int:
        return sum(hi - lo + 1 - len(neq) for _, lo, hi, neq in c)

    keep: list[_Conj] = []
    for c in sorted(unique, key=lambda c: (len(c), -width(c))):
        if not any(_implies(c, d, fields) for d in keep):
            keep.append(c)
    kept = set(keep)
    return [c for c in unique if c in kept]


class _Lowerer:
    """NNF (Not pushed down with De Morgan and negated operators) and DNF on encoded atoms."""

    def __init__(self, fields: dict[str, _Field], field_list: list[_Field]):
        self.fields, self.field_list = fields, field_list

    def dnf(self, expr: Expr, negate: bool, rule_id: str) -> list[_Conj]:
        if isinstance(expr, Literal):
            return [()] if bool(expr.value) != negate else []
        if isinstance(expr, Not):
            return self.dnf(expr.expr, not negate, rule_id)
        if isinstance(expr, (And, Or)):
            conjunctive = isinstance(expr, And) != negate
            parts = [self.dnf(item, negate, rule_id) for item in expr.items]
            return self._product(parts, rule_id) if conjunctive else self._union(parts, rule_id)
        if not isinstance(expr, Compare):  # _collect_fields refused every other node already
            raise EngineError(f"rule {rule_id}: {type(expr).__name__} is not part of the engine IR")
        fname, op, value, left = _operands(expr, f"rule {rule_id}")
        if negate:
            op = _NEGATED[op]
        if fname is None:
            return [()] if _PY_OPS[op](left, value) else []
        fld = self.fields[fname]
        norm = _normalise(*_constrain(fld, op, fld.encode_literal(value)), fld.top)
        if norm is None:
            return []
        return [()] if norm == () else [((fld.index, *norm),)]

    def _union(self, parts: list[list[_Conj]], rule_id: str) -> list[_Conj]:
        return self._limit([c for part in parts for c in part], rule_id)

    def _product(self, parts: list[list[_Conj]], rule_id: str) -> list[_Conj]:
        acc: list[_Conj] = [()]
        for part in parts:
            self._limit_size(len(acc) * len(part), 8 * MAX_BRANCHES_PER_RULE, rule_id)
            nxt = []
            for a in acc:
                for b in part:
                    c = _and(a, b, self.field_list)
                    if c is not None:
                        nxt.append(c)
            acc = self._limit(nxt, rule_id)
        return acc

    def _limit(self, conjs: list[_Conj], rule_id: str) -> list[_Conj]:
        conjs = list(dict.fromkeys(conjs))
        self._limit_size(len(conjs), MAX_BRANCHES_PER_RULE, rule_id)
        return conjs

    @staticmethod
    def _limit_size(n: int, limit: int, rule_id: str) -> None:
        if n > limit:
            raise EngineError(
                f"rule {rule_id}: its condition expands to more than {MAX_BRANCHES_PER_RULE} "
                "alternatives (and/or nesting); split the rule or simplify the condition"
            )


def _atoms(conj: _Conj, fields: list[_Field]) -> list[dict[str, Any]]:
    """Durable JSON tests for one conjunction: plain equality, $gte, $lte, $neq only."""
    out: list[dict[str, Any]] = [{_KIND_FIELD: _KIND_VALUE}]
    for f, lo, hi, neq in conj:
        key = _wire_name(f)
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
        if op.startswith("$") and op not in _DURABLE_OPS:  # whitelist: never emit a typo'd op
            raise EngineError(f"internal: refusing durable operator {op}")
    return out


def _wire_name(index: int) -> str:
    # Field names on the wire are f0, f1 ...: DSL names could collide with durable's sid / id / $s.
    return f"f{index}"


# ---- shards and the host ------------------------------------------------------------------------


class _FencedHost(_durable.Host):
    """Hazard 1: no background dispatch/timer threads; actions run only inside our own calls."""

    def _run(self) -> None:
        pass


_LOCK = threading.RLock()
_HOST: _FencedHost | None = None
_NAMES = itertools.count(1)
_SESSIONS = itertools.count(1)
_FIRED: list[int] = []  # filled by actions during one assert (under _LOCK)
_QUARANTINE: list[Any] = []  # rulesets with a possibly half-initialised session
_CACHE: OrderedDict[str, CompiledRuleset] = OrderedDict()


def _host() -> _FencedHost:
    global _HOST
    if _HOST is None:
        _HOST = _FencedHost()
    return _HOST


def _action(hit: int) -> Callable[[Any], None]:
    # durable wants exactly one positional parameter (no defaults, no partial): a closure.
    def action(c: Any) -> None:
        _FIRED.append(hit)

    return action


@dataclass
class _Shard:
    rules: dict[str, list[dict[str, Any]]]  # durable rule name -> its "all" list
    hits: dict[str, int]  # durable rule name -> rule index
    fields: tuple[tuple[str, int], ...]  # (wire name, field index) for each field its tests read
    rule_indexes: tuple[int, ...]
    name: str | None = None  # host ruleset name while loaded

    def definition(self) -> dict[str, dict[str, Any]]:
        """A fresh definition with actions (durable deletes `run` in place: hazard 9)."""
        out = {rname: {"all": body, "run": _action(self.hits[rname])} for rname, body in self.rules.items()}
        out[_CATCH_ALL] = {"all": [{"m": {_KIND_FIELD: _KIND_VALUE}}], "run": _action(_CATCH_ALL_HIT)}
        return out


def _shard(branches: list[tuple[int, int, _Conj]], fields: list[_Field]) -> list[_Shard]:
    """Greedy packing in rule order: at most MAX_BRANCHES_PER_SHARD branches and MAX_FIELDS_PER_SHARD
    fields per shard (one rule's branches may span shards; hits are a set, so that is harmless)."""
    shards: list[_Shard] = []
    cur: list[tuple[int, int, _Conj]] = []
    cur_fields: set[int] = set()

    def flush() -> None:
        if not cur:
            return
        rules: dict[str, list[dict[str, Any]]] = {}
        hits: dict[str, int] = {}
        for ri, bi, conj in cur:
            rname = f"r{ri}_{bi}"
            rules[rname] = [{"m": {"$and": _atoms(conj, fields)}}]
            hits[rname] = ri
        shards.append(
            _Shard(
                rules,
                hits,
                tuple((_wire_name(f), f) for f in sorted(cur_fields)),
                tuple(dict.fromkeys(ri for ri, _, _ in cur)),
            )
        )
        cur.clear()
        cur_fields.clear()

    for ri, bi, conj in branches:
        used = {f for f, *_ in conj}
        if len(used) > MAX_FIELDS_PER_SHARD:
            raise EngineError(
                f"rule #{ri}: one alternative reads {len(used)} fields; the engine takes at most {MAX_FIELDS_PER_SHARD}"
            )
        if len(cur) >= MAX_BRANCHES_PER_SHARD or len(cur_fields | used) > MAX_FIELDS_PER_SHARD:
            flush()
        cur.append((ri, bi, conj))
        cur_fields |= used
    flush()
    return shards


# ---- compiled rule sets --------------------------------------------------------------------------


class CompiledRuleset:
    """Rule conditions compiled into durable shards. Stays valid after eviction from the cache: the
    next evaluate reloads it (and puts it back in the cache), so a stale handle is never used."""

    def __init__(self, key: str, rule_ids: tuple[str, ...], fields: list[_Field], shards: list[_Shard]):
        self.key = key
        self.rule_ids = rule_ids
        self._fields = fields
        self._shards = shards
        self._loaded = False

    def __repr__(self) -> str:
        return (
            f"CompiledRuleset(key={self.key[:12]}…, rules={len(self.rule_ids)}, "
            f"shards={len(self._shards)}, loaded={self._loaded})"
        )

    @property
    def fields(self) -> tuple[str, ...]:
        """Every fact field the conditions read (all must be present in a fact)."""
        return tuple(f.name for f in self._fields)

    def evaluate(self, fact: Mapping[str, bool | int | float | str]) -> list[str]:
        """ids of every rule whose condition holds for this fact, in rule order, each once."""
        if not isinstance(fact, Mapping):
            raise EngineError(f"a fact must be a mapping of field names to values, got {type(fact).__name__}")
        codes = [f.encode(fact) for f in self._fields]  # raises on missing / wrong-kind fields
        if not self._shards:
            return []
        hits: set[int] = set()
        with _LOCK:
            self._ensure_loaded()
            host = _host()
            sid = str(next(_SESSIONS))
            for shard in self._shards:
                payload: dict[str, Any] = {"sid": sid, _KIND_FIELD: _KIND_VALUE}
                for wire, f in shard.fields:
                    payload[wire] = codes[f]
                hits.update(self._run_shard(host, shard, sid, payload))
        return [self.rule_ids[i] for i in sorted(hits)]

    def _run_shard(self, host: _FencedHost, shard: _Shard, sid: str, payload: dict[str, Any]) -> list[int]:
        _FIRED.clear()
        try:
            state = host.assert_fact(shard.name, payload)
        except Exception as exc:  # durable errors, MessageNotHandled, 'unknown error' strings ...
            self._unload(quarantine=True)
            raise EngineError(f"the rules engine failed evaluating {self._describe(shard)}: {_message(exc)}") from exc
        fired = list(_FIRED)
        _FIRED.clear()
        if _CATCH_ALL_HIT not in fired or not isinstance(state, dict):
            self._unload(quarantine=True)  # hazard 4: never delete a session nothing matched
            raise EngineError(
                f"the rules engine did not run its catch-all rule for "
                f"{self._describe(shard)}; the rule set was reloaded"
            )
        if state.get("exception"):
            self._unload(quarantine=True)
            raise EngineError(
                f"a rules-engine action failed for {self._describe(shard)}: "
                f"{str(state['exception']).splitlines()[0][:200]}"
            )
        try:
            host.delete_state(shard.name, sid)
        except Exception as exc:
            self._unload(quarantine=True)
            raise EngineError(
                f"the rules engine could not clear its session for {self._describe(shard)}: {_message(exc)}"
            ) from exc
        return [h for h in fired if h != _CATCH_ALL_HIT]

    def _describe(self, shard: _Shard) -> str:
        ids = [self.rule_ids[i] for i in shard.rule_indexes]
        more = f" (+{len(ids) - 5} more)" if len(ids) > 5 else ""
        return ("rule " if len(ids) == 1 else "rules ") + ", ".join(ids[:5]) + more

    # -- loading (all under _LOCK) -----------------------------------------------------------------
    def _ensure_loaded(self) -> None:
        if self._loaded and _CACHE.get(self.key) is self:
            _CACHE.move_to_end(self.key)
            return
        self._unload()
        self._load()
        other = _CACHE.get(self.key)
        if other is not None and other is not self:
            other._unload()
        _CACHE[self.key] = self
        _CACHE.move_to_end(self.key)
        _evict(keep=self)

    def _load(self) -> None:
        host = _host()
        loaded: list[_Shard] = []
        try:
            for shard in self._shards:
                name = f"policyeval_{next(_NAMES)}"
                try:
                    host.register_rulesets({name: shard.definition()})
                except Exception as exc:
                    raise EngineError(_attribute_create_error(self, shard, exc)) from exc
                shard.name = name
                loaded.append(shard)
        except BaseException:
            for shard in loaded:
                if shard.name is not None:
                    _drop(host, shard.name, free=True)
                shard.name = None
            raise
        self._loaded = True

    def _unload(self, quarantine: bool = False) -> None:
        if not self._loaded:
            return
        host = _host()
        for shard in self._shards:
            if shard.name is not None:
                _drop(host, shard.name, free=not quarantine)
                shard.name = None
        self._loaded = False
        if _CACHE.get(self.key) is self:
            del _CACHE[self.key]


def _drop(host: _FencedHost, name: str, free: bool) -> None:
    """Remove a ruleset from the host; free its C memory, or quarantine it (kept alive, unused) when a
    session in it may be half-initialised and freeing could crash."""
    rs = host._ruleset_directory.pop(name, None)
    if rs is None:
        return
    try:
        host._ruleset_list.remove(rs)
    except ValueError:
        pass
    if free:
        try:
            _dre.delete_ruleset(rs._handle)
        except Exception:  # already gone: nothing left to free
            pass
    else:
        _QUARANTINE.append(rs)


def _evict(keep: CompiledRuleset | None = None) -> None:
    while len(_CACHE) > CACHE_SIZE:
        key, victim = next(iter(_CACHE.items()))
        if victim is keep:
            _CACHE.move_to_end(key)
            continue
        victim._unload()


def _message(exc: BaseException) -> str:
    text = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return str(text).splitlines()[0][:300]


def _attribute_create_error(crs: CompiledRuleset, shard: _Shard, exc: BaseException) -> str:
    """durable refused a shard: find the first rule that it refuses on its own."""
    for ri in shard.rule_indexes:
        probe = _Shard(
            {r: b for r, b in shard.rules.items() if shard.hits[r] == ri},
            {r: h for r, h in shard.hits.items() if h == ri},
            shard.fields,
            (ri,),
        )
        try:
            h = _dre.create_ruleset(
                f"policyeval_probe_{next(_NAMES)}",
                json.dumps({r: {"all": b["all"]} for r, b in probe.definition().items()}, ensure_ascii=False),
            )
        except Exception as probe_exc:
            return f"rule {crs.rule_ids[ri]}: the rules engine refused its condition ({_message(probe_exc)})"
        _dre.delete_ruleset(h)
    return f"the rules engine refused {crs._describe(shard)} ({_message(exc)})"


# ---- compile -------------------------------------------------------------------------------------


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


def _content_key(rules: Sequence[EngineRule]) -> str:
    canon = [[r.id, _canon(r.condition, f"rule {r.id}")] for r in rules]
    return hashlib.sha256(json.dumps(canon, ensure_ascii=False, separators=(",", ":")).encode()).hexdigest()


def _collect_fields(rules: Sequence[EngineRule]) -> list[_Field]:
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
        out.append(_Field(name, i, kind, sorted(values[name]), first))
    return out


def _build(rules: tuple[EngineRule, ...], key: str) -> CompiledRuleset:
    fields = _collect_fields(rules)
    lowerer = _Lowerer({f.name: f for f in fields}, fields)
    branches: list[tuple[int, int, _Conj]] = []
    for ri, rule in enumerate(rules):
        conjs = _absorb(lowerer.dnf(rule.condition, False, rule.id), fields)
        branches.extend((ri, bi, conj) for bi, conj in enumerate(conjs))
    try:
        shards = _shard(branches, fields)
    except EngineError as err:  # name the rule, not its index
        msg = str(err)
        for ri, rule in enumerate(rules):
            msg = msg.replace(f"rule #{ri}:", f"rule {rule.id}:")
        raise EngineError(msg) from None
    return CompiledRuleset(key, tuple(r.id for r in rules), fields, shards)


def compile_ruleset(rules: Sequence[EngineRule]) -> CompiledRuleset:
    """Compile (or fetch from the LRU) the rule set. Same content -> same object; the least recently
    used of more than CACHE_SIZE rule sets is removed from the engine and its memory freed."""
    rules = tuple(rules)
    seen: set[str] = set()
    for rule in rules:
        if not isinstance(rule, EngineRule):
            raise EngineError(f"expected EngineRule, got {type(rule).__name__}")
        if not isinstance(rule.id, str) or not rule.id:
            raise EngineError(f"a rule id must be a non-empty string, got {rule.id!r}")
        if rule.id in seen:
            raise EngineError(f"rule id {rule.id} appears twice")
        seen.add(rule.id)
    key = _content_key(rules)
    with _LOCK:
        hit = _CACHE.get(key)
        if hit is not None:
            _CACHE.move_to_end(key)
            return hit
    built = _build(rules, key)  # pure Python, outside the lock
    with _LOCK:
        hit = _CACHE.get(key)  # another thread may have won the race
        if hit is not None:
            _CACHE.move_to_end(key)
            return hit
        built._ensure_loaded()
        return built


def clear_cache() -> None:
    """Unload every cached rule set (tests, long-running hosts that want their memory back)."""
    with _LOCK:
        for crs in list(_CACHE.values()):
            crs._unload()
        _CACHE.clear()


def _loaded_ruleset_count() -> int:
    """Rulesets currently registered with the durable host (tests: eviction really unloads)."""
    with _LOCK:
        return len(_host()._ruleset_directory)
