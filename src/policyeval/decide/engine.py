"""The rules engine: lowered rule conditions -> durable_rules rulesets, evaluated behind a fence.

durable_rules 2.0.28 is a C engine with one global handle table and many sharp edges, each reproduced
by stress runs (numbers below are durable's own error codes). This module is the only place that
imports it, and every hazard is answered here (the pure half -- the IR's reference semantics, rank
encoding, normal form and durable's JSON tests -- is encoding.py):

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
   is rank-encoded against the sorted literals it is compared with (see ``Field``), so durable only
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

import itertools
import json
import threading
import warnings
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import EngineError
from .encoding import (
    KIND_FIELD,
    KIND_VALUE,
    Conj,
    EngineRule,
    Field,
    alternatives,
    collect_fields,
    content_key,
    durable_tests,
    evaluate_python,
    wire_name,
)

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
CACHE_SIZE = 8

_CATCH_ALL = "__always"  # hazard 4: a rule that fires for every fact
_CATCH_ALL_HIT = -1


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
        out[_CATCH_ALL] = {"all": [{"m": {KIND_FIELD: KIND_VALUE}}], "run": _action(_CATCH_ALL_HIT)}
        return out


def _shard(branches: list[tuple[int, int, Conj]], fields: list[Field]) -> list[_Shard]:
    """Greedy packing in rule order: at most MAX_BRANCHES_PER_SHARD branches and MAX_FIELDS_PER_SHARD
    fields per shard (one rule's branches may span shards; hits are a set, so that is harmless)."""
    shards: list[_Shard] = []
    cur: list[tuple[int, int, Conj]] = []
    cur_fields: set[int] = set()

    def flush() -> None:
        if not cur:
            return
        rules: dict[str, list[dict[str, Any]]] = {}
        hits: dict[str, int] = {}
        for ri, bi, conj in cur:
            rname = f"r{ri}_{bi}"
            rules[rname] = [{"m": {"$and": durable_tests(conj, fields)}}]
            hits[rname] = ri
        shards.append(
            _Shard(
                rules,
                hits,
                tuple((wire_name(f), f) for f in sorted(cur_fields)),
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

    def __init__(self, key: str, rule_ids: tuple[str, ...], fields: list[Field], shards: list[_Shard]):
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
        return self.evaluate_encoded(self.encode(fact))

    def encode(self, fact: Mapping[str, bool | int | float | str]) -> tuple[int, ...]:
        """The fact as durable sees it: one rank code per field. Facts with the same codes match the
        same rules (callers may keep the answer per code tuple). Raises on missing / wrong-kind fields."""
        if not isinstance(fact, Mapping):
            raise EngineError(f"a fact must be a mapping of field names to values, got {type(fact).__name__}")
        return tuple(f.encode(fact) for f in self._fields)

    def evaluate_encoded(self, codes: tuple[int, ...]) -> list[str]:
        """evaluate() of an encoded fact: every shard asserted in one fresh durable session."""
        if not self._shards:
            return []
        hits: set[int] = set()
        with _LOCK:
            self._ensure_loaded()
            host = _host()
            sid = str(next(_SESSIONS))
            for shard in self._shards:
                payload: dict[str, Any] = {"sid": sid, KIND_FIELD: KIND_VALUE}
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


def _build(rules: tuple[EngineRule, ...], key: str) -> CompiledRuleset:
    fields = collect_fields(rules)
    branches: list[tuple[int, int, Conj]] = []
    for ri, rule in enumerate(rules):
        conjs = alternatives(rule, fields)
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
    key = content_key(rules)
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
