"""The durable_rules fence: semantics identical to evaluate_python, hazards contained, memory bounded."""

from __future__ import annotations

import json
import math
import os
import random
import threading

import durable_rules_engine
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policyeval.decide import engine
from policyeval.decide.engine import CompiledRuleset, EngineRule, compile_ruleset, evaluate_python
from policyeval.dsl.syntax import And, Call, Compare, ListExpr, Literal, Name, Not, Or
from policyeval.errors import EngineError

OPS = ("==", "!=", "<", "<=", ">", ">=")


def C(op, field, value):
    return Compare(op, Name(field), Literal(value))


def expected(rules, fact):
    return [r.id for r in rules if evaluate_python(r.condition, fact)]


def check(rules, facts):
    crs = compile_ruleset(rules)
    for fact in facts:
        assert crs.evaluate(fact) == expected(rules, fact), fact
    return crs


# ---- random IR (deterministic, for the bigger tests) ----------------------------------------------

FIELD_VALUES = {
    "age": [0, 17, 18, 19, 40, 65, 120],
    "trials": [0, 1, 2, 3, 4],
    "score": [0.0, 9.5, 10, 19.99, 20.0, 27],
    "flag": [True, False],
    "insurer": ["", "aetna", "cigna", "uhc", "bcbsma"],
}


def random_expr(rng: random.Random, depth: int = 2):
    if depth == 0 or rng.random() < 0.35:
        if rng.random() < 0.05:
            return Literal(rng.random() < 0.5)
        field = rng.choice(list(FIELD_VALUES))
        ops = ("==", "!=") if field in ("flag",) else OPS
        return C(rng.choice(ops), field, rng.choice(FIELD_VALUES[field]))
    kind = rng.choice(("and", "or", "not"))
    if kind == "not":
        return Not(random_expr(rng, depth - 1))
    items = tuple(random_expr(rng, depth - 1) for _ in range(rng.randint(1, 3)))
    return And(items) if kind == "and" else Or(items)


def random_rules(seed: int, n: int, prefix: str = "r"):
    rng = random.Random(seed)
    return [EngineRule(f"{prefix}{seed}:{i}", random_expr(rng)) for i in range(n)]


def random_facts(seed: int, n: int):
    rng = random.Random(seed)
    return [{k: rng.choice(v) for k, v in FIELD_VALUES.items()} for _ in range(n)]


# ---- operators, negation, literals ---------------------------------------------------------------


@pytest.mark.parametrize("op", OPS)
def test_each_operator_and_its_negation_on_numbers(op):
    rules = [
        EngineRule("plain", C(op, "n", 3)),
        EngineRule("negated", Not(C(op, "n", 3))),
        EngineRule("mirrored", Compare(op, Literal(3), Name("n"))),
        EngineRule("double", Not(Not(C(op, "n", 3)))),
    ]
    check(rules, [{"n": v} for v in (-(10**30), 2, 2.5, 3, 3.0, 3.0000001, 4, 10**30, True, False)])


@pytest.mark.parametrize("op", OPS)
def test_each_operator_on_text_uses_python_order(op):
    rules = [
        EngineRule("plain", C(op, "s", "m")),
        EngineRule("negated", Not(C(op, "s", "m"))),
        EngineRule("empty", C(op, "s", "")),
    ]
    check(rules, [{"s": v} for v in ("", "a", "m", "M", "ma", "n", "zz", "é", "2", 'q"uote\\', "m" * 70_000)])


def test_bool_equality_and_bool_is_one_as_in_python():
    rules = [
        EngineRule("t", C("==", "flag", True)),
        EngineRule("not_t", C("!=", "flag", True)),
        EngineRule("f", C("==", "flag", False)),
        EngineRule("n1", C("==", "n", 1)),
    ]
    check(rules, [{"flag": True, "n": True}, {"flag": False, "n": 1}, {"flag": 1, "n": 1.0}, {"flag": 0, "n": 2}])


def test_de_morgan_and_constants():
    a, b = C("<", "x", 5), C("==", "s", "k")
    rules = [
        EngineRule("nand", Not(And((a, b)))),
        EngineRule("nor", Not(Or((a, b)))),
        EngineRule("always", Literal(True)),
        EngineRule("never", Literal(False)),
        EngineRule("not_never", Not(Literal(False))),
        EngineRule("empty_and", And(())),
        EngineRule("empty_or", Or(())),
        EngineRule("const_cmp", Compare("<", Literal(1), Literal(2))),
        EngineRule("contradiction", And((C("<", "x", 1), C(">", "x", 2)))),
        EngineRule("tautology", Or((C("<", "x", 5), C(">=", "x", 5)))),
    ]
    crs = check(rules, [{"x": x, "s": s} for x in (0, 5, 9) for s in ("k", "j")])
    assert crs.evaluate({"x": 0, "s": "k"}) == ["always", "not_never", "empty_and", "const_cmp", "tautology"]


def test_awkward_floats_never_reach_durable_as_exponents():
    rules = [
        EngineRule("tiny", C(">", "x", 1e-05)),
        EngineRule("huge", C("<", "x", 1e300)),
        EngineRule("eq", C("==", "x", 0.1 + 0.2)),
        EngineRule("big_int", C(">", "x", 2**80)),
    ]
    check(rules, [{"x": v} for v in (0, 1e-7, 1e-05, 2e-05, 0.3, 0.30000000000000004, 2**80, 2**80 + 1, 1e300, -1e300)])


def test_non_finite_numbers_are_refused():
    for bad in (math.inf, -math.inf, math.nan):
        with pytest.raises(EngineError):
            compile_ruleset([EngineRule("bad", C("<", "x", bad))])
        with pytest.raises(EngineError, match="'x'"):
            compile_ruleset([EngineRule("ok", C("<", "x", 1.5))]).evaluate({"x": bad})
        with pytest.raises(EngineError):
            evaluate_python(C("<", "x", 1.5), {"x": bad})


# ---- errors ----------------------------------------------------------------------------------


def test_missing_field_is_an_error_naming_it():
    crs = compile_ruleset([EngineRule("p:r1", And((C("==", "a", 1), C("!=", "zeta", "x"))))])
    with pytest.raises(EngineError, match="'zeta'.*p:r1"):
        crs.evaluate({"a": 1})
    with pytest.raises(EngineError, match="'zeta'"):
        evaluate_python(C("!=", "zeta", "x"), {"a": 1})
    # even a field only a never-true rule reads must be present (the check does not short-circuit)
    crs = compile_ruleset([EngineRule("never", And((Literal(False), C("==", "ghost", 1))))])
    with pytest.raises(EngineError, match="'ghost'"):
        crs.evaluate({})


def test_text_and_numbers_never_mix():
    with pytest.raises(EngineError, match="'n'.*rule a"):
        compile_ruleset([EngineRule("a", C("==", "n", 2)), EngineRule("b", C("==", "n", "2"))])
    crs = compile_ruleset([EngineRule("a", C("==", "n", 2))])
    with pytest.raises(EngineError, match="'n'"):
        crs.evaluate({"n": "2"})
    with pytest.raises(EngineError, match="'n'"):
        crs.evaluate({"n": None})
    with pytest.raises(EngineError):
        evaluate_python(C("==", "n", 2), {"n": "2"})


@pytest.mark.parametrize(
    "cond",
    [
        Compare("in", Name("x"), ListExpr((Literal(1),))),
        Compare("=~", Name("x"), Literal(1)),
        Compare("==", Name("x"), Name("y")),
        Compare("==", Name("x"), Literal(None)),
        Call("mentions", (Name("x"),)),
        Name("flag"),
        Literal(3),
        And((C("==", "x", 1), Literal("yes"))),
    ],
)
def test_conditions_outside_the_ir_are_refused_naming_the_rule(cond):
    with pytest.raises(EngineError, match="rules/x.policy:bad"):
        compile_ruleset([EngineRule("rules/x.policy:ok", C("==", "x", 1)), EngineRule("rules/x.policy:bad", cond)])
    with pytest.raises(EngineError):
        evaluate_python(cond, {"x": 1, "y": 1, "flag": True})


def test_duplicate_ids_and_bad_inputs():
    with pytest.raises(EngineError, match="twice"):
        compile_ruleset([EngineRule("a", Literal(True)), EngineRule("a", Literal(False))])
    with pytest.raises(EngineError):
        compile_ruleset([("a", Literal(True))])
    with pytest.raises(EngineError, match="mapping"):
        compile_ruleset([EngineRule("a", Literal(True))]).evaluate([("x", 1)])


def test_condition_too_large_for_the_engine_names_the_rule():
    # (x0==0 or x0==1) and (x1==0 or x1==1) ... -> 2**12 alternatives in normal form
    big = And(tuple(Or((C("==", f"x{i}", 0), C("==", f"x{i}", 1))) for i in range(12)))
    with pytest.raises(EngineError, match="huge.*alternatives"):
        compile_ruleset([EngineRule("huge", big)])


def test_durable_refusing_a_ruleset_is_attributed_to_the_rule(monkeypatch):
    real = durable_rules_engine.create_ruleset

    def picky(name, text):
        if '"r1_0"' in text:  # durable's name for the second rule's first branch
            raise durable_rules_engine.error("Could not create ruleset, error code: 204")
        return real(name, text)

    monkeypatch.setattr(durable_rules_engine, "create_ruleset", picky)
    before = engine._loaded_ruleset_count()
    with pytest.raises(EngineError, match=r"rule p:second: .*204"):
        compile_ruleset([EngineRule("p:first", C("==", "q", 1)), EngineRule("p:second", C("==", "q", 2))])
    assert engine._loaded_ruleset_count() == before


def test_failed_assert_becomes_engine_error_and_the_ruleset_recovers(monkeypatch):
    rules = [EngineRule("only", C(">", "q", 1))]
    crs = compile_ruleset(rules)
    assert crs.evaluate({"q": 2}) == ["only"]
    real = durable_rules_engine.assert_fact
    calls = []

    def flaky(handle, text):
        calls.append(text)
        if len(calls) == 1:
            raise durable_rules_engine.error("Could not assert fact, error code: 303")
        return real(handle, text)

    monkeypatch.setattr(durable_rules_engine, "assert_fact", flaky)
    quarantined = len(engine._QUARANTINE)
    with pytest.raises(EngineError, match="only.*303"):
        crs.evaluate({"q": 2})
    assert len(engine._QUARANTINE) == quarantined + 1  # never deleted after a failed assert
    assert crs.evaluate({"q": 2}) == ["only"]  # reloaded fresh
    assert crs.evaluate({"q": 0}) == []


# ---- $or, sharding ----------------------------------------------------------------------------


def test_or_with_several_true_branches_is_reported_once():
    rules = [
        EngineRule("any", Or((C("==", "a", 1), C("==", "b", "x"), C("==", "c", True), C(">", "a", 0)))),
        EngineRule("after", C("==", "a", 1)),
    ]
    crs = check(rules, [{"a": 1, "b": "x", "c": True}, {"a": 0, "b": "y", "c": False}])
    assert crs.evaluate({"a": 1, "b": "x", "c": True}) == ["any", "after"]
    branches = [h for shard in crs._shards for h in shard.hits.values() if h == 0]
    assert len(branches) == 3  # a>0 absorbs a==1; three branches really fire in durable


def test_200_rules_are_sharded_and_all_evaluated():
    rules = [EngineRule(f"r{i:03}", Or((C(">=", "n", i), C("==", "tag", f"t{i}")))) for i in range(200)]
    crs = check(rules, [{"n": n, "tag": t} for n in (-1, 0, 63, 64, 199, 500) for t in ("t5", "t150", "none")])
    assert len(crs._shards) >= 400 // engine.MAX_BRANCHES_PER_SHARD
    assert all(len(s.rules) <= engine.MAX_BRANCHES_PER_SHARD for s in crs._shards)
    # every branch of every rule true at once: 400 matches, far past durable's 64 per node
    assert crs.evaluate({"n": 10_000, "tag": "t7"}) == [r.id for r in rules]


def test_one_rule_whose_branches_span_shards():
    rule = EngineRule("wide", Or(tuple(C("==", f"f{i}", 1) for i in range(100))))
    crs = compile_ruleset([rule, EngineRule("tail", C("==", "f0", 1))])
    assert len(crs._shards) >= 4
    all_true = {f"f{i}": 1 for i in range(100)}
    assert crs.evaluate(all_true) == ["wide", "tail"]
    assert crs.evaluate({**{f"f{i}": 0 for i in range(100)}, "f99": 1}) == ["wide"]
    assert crs.evaluate({f"f{i}": 0 for i in range(100)}) == []


def test_many_fields_are_split_across_shards():
    rule = EngineRule("all", And(tuple(C(">=", f"v{i}", 0) for i in range(150))))
    rules = [rule, EngineRule("all2", And(tuple(C("<=", f"w{i}", 0) for i in range(150))))]
    crs = check(rules, [{**{f"v{i}": 1 for i in range(150)}, **{f"w{i}": w for i in range(150)}} for w in (0, 1)])
    assert all(len(s.fields) <= engine.MAX_FIELDS_PER_SHARD for s in crs._shards)


# ---- agreement with the reference semantics ------------------------------------------------------

FIELD_STRATEGIES = {
    "i": st.integers(-3, 3),
    "j": st.integers(-1000, 1000) | st.sampled_from([2**64, -(2**70)]),
    "x": st.floats(-1e9, 1e9, allow_nan=False, allow_infinity=False) | st.sampled_from([1e-05, 0.5, 2.5]),
    "flag": st.booleans(),
    "s": st.sampled_from(["", "a", "ab", "b", "é", "Z", "a b"]) | st.text(max_size=3),
}


@st.composite
def comparisons(draw):
    field = draw(st.sampled_from(sorted(FIELD_STRATEGIES)))
    op = draw(st.sampled_from(("==", "!=") if field == "flag" else OPS))
    value = draw(FIELD_STRATEGIES[field])
    if draw(st.booleans()):
        return C(op, field, value)
    return Compare({"<": ">", ">": "<", "<=": ">=", ">=": "<="}.get(op, op), Literal(value), Name(field))


conditions = st.recursive(
    comparisons() | st.builds(Literal, st.booleans()),
    lambda children: st.one_of(
        st.builds(Not, children),
        st.lists(children, max_size=3).map(lambda xs: And(tuple(xs))),
        st.lists(children, max_size=3).map(lambda xs: Or(tuple(xs))),
    ),
    max_leaves=8,
)
facts = st.fixed_dictionaries(FIELD_STRATEGIES)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(conditions, min_size=1, max_size=4), st.lists(facts, min_size=1, max_size=3))
def test_engine_agrees_with_evaluate_python(conds, fact_list):
    rules = [EngineRule(f"h{i}", c) for i, c in enumerate(conds)]
    crs = compile_ruleset(rules)
    for fact in fact_list:
        assert crs.evaluate(fact) == expected(rules, fact)


def test_random_rule_sets_agree_with_evaluate_python():
    for seed in range(5):
        check(random_rules(seed, 40), random_facts(seed, 50))


# ---- threads ---------------------------------------------------------------------------------


def test_threads_give_the_same_results_as_serial():
    sets = [random_rules(100 + k, n) for k, n in enumerate((40, 12, 70))]
    fact_list = random_facts(7, 25)
    compiled = [compile_ruleset(rules) for rules in sets]
    serial = {(r, f): compiled[r].evaluate(fact_list[f]) for r in range(len(sets)) for f in range(len(fact_list))}
    assert any(serial.values())
    pairs = sorted(serial)
    mismatches, errors = [], []

    def worker(t):
        try:
            for k in range(200):
                r, f = pairs[(t * 7919 + k * 31) % len(pairs)]
                if k % 50 == 0:
                    assert compile_ruleset(sets[r]) is not None  # cache hit or reload, concurrently
                if t == 0 and k % 20 == 0:
                    # churn the LRU so the shared rule sets get evicted and reload mid-run
                    compile_ruleset(random_rules(10_000 + k, 5, prefix="churn"))
                got = compiled[r].evaluate(fact_list[f])
                if got != serial[(r, f)]:
                    mismatches.append((t, r, f, got))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(repr(exc))

    threads = [threading.Thread(target=worker, args=(t,)) for t in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors
    assert not mismatches


# ---- cache, eviction, memory -----------------------------------------------------------------


def test_cache_same_rules_same_object_edited_rules_new_key():
    rules = [EngineRule("a", C(">", "x", 1)), EngineRule("b", C("==", "s", "k"))]
    first = compile_ruleset(rules)
    again = compile_ruleset([EngineRule("a", C(">", "x", 1)), EngineRule("b", C("==", "s", "k"))])
    assert again is first and isinstance(first, CompiledRuleset)
    edited = compile_ruleset([EngineRule("a", C(">", "x", 2)), EngineRule("b", C("==", "s", "k"))])
    assert edited.key != first.key
    assert compile_ruleset([EngineRule("a", C(">", "x", 1.0)), rules[1]]).key != first.key  # 1 vs 1.0
    assert compile_ruleset(list(reversed(rules))).key != first.key  # order matters
    assert first.rule_ids == ("a", "b")


def test_evicted_rulesets_leave_the_host_and_still_evaluate():
    engine.clear_cache()
    assert engine._loaded_ruleset_count() == 0
    first = compile_ruleset([EngineRule("e0", C(">", "x", 0))])
    for k in range(1, engine.CACHE_SIZE + 3):
        compile_ruleset([EngineRule(f"e{k}", C(">", "x", k))])
    assert not first._loaded
    assert engine._loaded_ruleset_count() == engine.CACHE_SIZE
    assert first.evaluate({"x": 1}) == ["e0"]  # reloads and re-enters the cache
    assert compile_ruleset([EngineRule("e0", C(">", "x", 0))]) is first
    assert engine._loaded_ruleset_count() == engine.CACHE_SIZE


def _rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def test_a_thousand_recompiles_keep_memory_flat():
    fact = random_facts(1, 1)[0]

    def cycle(i):
        rules = [
            EngineRule(
                f"m{i}:{k}", And((C(">=", "age", i + k), Or((C("==", "insurer", "aetna"), C("==", "flag", True)))))
            )
            for k in range(12)
        ]
        compile_ruleset(rules).evaluate(fact)

    for i in range(50):
        cycle(-i - 1)
    before = _rss_mb()
    for i in range(1000):
        cycle(i)
    growth = _rss_mb() - before
    assert len(engine._CACHE) == engine.CACHE_SIZE
    assert engine._loaded_ruleset_count() == sum(len(c._shards) for c in engine._CACHE.values())
    assert growth < 60, f"RSS grew {growth:.1f} MB over 1,000 recompiles"


def test_nothing_is_printed(capfd):
    crs = compile_ruleset(random_rules(3, 30))
    for fact in random_facts(3, 20):
        crs.evaluate(fact)
    with pytest.raises(EngineError):
        crs.evaluate({})
    out, _ = capfd.readouterr()
    assert out == ""


def test_rulesets_are_plain_json_with_whitelisted_operators():
    crs = compile_ruleset(random_rules(11, 40))
    text = json.dumps([s.rules for s in crs._shards])
    ops = {tok.split('"')[0] for tok in text.split('"$')[1:]}
    assert ops <= {"and", "neq", "gte", "lte"}
    assert "e-" not in text and "e+" not in text
    for shard in crs._shards:
        for body in shard.rules.values():
            assert body[0]["m"]["$and"][0] == {"__kind": "policyeval"}
