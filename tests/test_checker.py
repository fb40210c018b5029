"""`policyeval rules check`: compiler-grade errors and the warnings about rules that cannot do what was meant."""

from __future__ import annotations

import itertools
import pickle
import random
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_parser import SHIPPED, mutate

from policyeval.decide.ruleset import load_rules_text
from policyeval.dsl.logic import COMPARISONS, ExpansionTooLarge, compare, dnf, mirror, negate
from policyeval.dsl.syntax import And, Compare, Literal, Name, Not, Or
from policyeval.errors import DSLError, EngineError
from policyeval.tools.rulecheck import Diagnostic, check_paths, check_texts, errors

MALFORMED = sorted((Path(__file__).parent / "malformed").glob("*.policy"))
EXPECT = re.compile(r"^# expect: (\d+):(\d+): (error|warning): (.*)$")


def test_enough_malformed_files():
    assert len(MALFORMED) >= 20


@pytest.mark.parametrize("path", MALFORMED, ids=lambda p: p.stem)
def test_malformed_file_gives_the_expected_error(path):
    text = path.read_text(encoding="utf-8")
    m = EXPECT.match(text.splitlines()[0])
    assert m, f"{path.name}: first line must be '# expect: LINE:COL: error: message'"
    line, col, severity, message = int(m[1]), int(m[2]), m[3], m[4]
    diags = check_texts({path.name: text})
    first = errors(diags)[0]
    assert (first.line, first.column, first.severity) == (line, col, severity)
    assert first.one_line() == f"{path.name}:{line}:{col}: {severity}: {message}"
    rendered = first.render().splitlines()
    assert rendered[1].endswith(text.splitlines()[line - 1].rstrip())
    assert rendered[2].index("^") == rendered[1].index("|") + 2 + col - 1


def warnings_of(text: str, **more) -> list[str]:
    diags = check_texts({"w.policy": text, **more})
    assert not errors(diags), [d.render() for d in errors(diags)]
    return [d.message for d in diags if d.severity == "warning"]


def rule(name, priority, when, verdict="unknown", basis="none", extra='reason "r"'):
    when_line = f"when {when}" if when else ""
    return f"rule {name} {{\n priority {priority}\n {when_line}\n then {verdict} basis {basis}\n {extra}\n}}\n"


def test_shipped_rules_have_no_errors():
    assert errors(check_paths()) == []


def test_every_error_is_reported_not_only_the_first():
    text = (
        "rule a {\n priority 1\n when aeg > 1 and mentions(treatment, prior_auth)\n then coverd basis none\n}\n"
        "rule b {\n then unknown basis explict\n}\n"
    )
    diags = check_texts({"e.policy": text})
    got = [(d.line, d.message) for d in errors(diags)]
    assert got == [
        (3, "unknown name 'aeg'"),
        (3, "unknown modifier 'prior_auth'"),
        (4, "unknown verdict 'coverd'"),
        (6, "rule 'b' has no priority"),
        (7, "unknown basis 'explict'"),
    ]


def test_duplicate_rule_names_across_files():
    diags = check_texts({"a.policy": rule("same", 1, ""), "b.policy": rule("same", 2, "")})
    (err,) = errors(diags)
    assert err.file == "b.policy" and err.message == "duplicate rule name 'same'" and "a.policy:1:6" in err.hint


def test_build_refuses_what_check_refuses():
    with pytest.raises(DSLError) as exc:
        load_rules_text({"x.policy": rule("r", 1, 'age >= "18"')})
    assert exc.value.message == "cannot compare age (int) with '18' (string)"
    assert (exc.value.line, exc.value.column) == (3, 7)


def test_equal_priority_different_verdicts_that_can_match_together():
    text = rule("a", 100, "mentions(treatment, covered)", "covered", "explicit") + rule(
        "b", 100, "treatment == iv_ketamine", "pa_required", "inferred"
    )
    (w,) = warnings_of(text)
    assert "rules 'a' and 'b' have the same priority 100" in w
    assert "e.g. when mentions(treatment, covered) and treatment == iv_ketamine" in w


@pytest.mark.parametrize(
    "a, b",
    [
        ("treatment == iv_ketamine", "treatment == esketamine_nasal"),  # finite values
        ("age >= 18", "age < 18"),  # intervals
        ("insurer == aetna", "insurer == cigna"),  # text equalities
        ("mentions(treatment) and not diagnosed(mdd)", "diagnosed(mdd)"),  # boolean
    ],
)
def test_no_overlap_warning_for_disjoint_conditions(a, b):
    assert warnings_of(rule("a", 5, a, "covered", "explicit") + rule("b", 5, b, "pa_required", "inferred")) == []


def test_same_verdict_at_equal_priority_is_fine():
    assert (
        warnings_of(
            rule("a", 5, "mentions(treatment)", "pa_required", "inferred")
            + rule("b", 5, "treatment == iv_ketamine", "pa_required", "inferred")
        )
        == []
    )


@pytest.mark.parametrize(
    "when, part",
    [
        ("age > 3 and age < 2", "this condition can never hold: age > 3 and age < 2"),
        ("age > 3 and age < 4", "this condition can never hold"),  # whole years
        (
            "treatment == iv_ketamine or (failed_antidepressant_trials >= 2 and failed_antidepressant_trials < 1)",
            "this part of the condition can never hold: failed_antidepressant_trials >= 2 and",
        ),
        ("age < 0", "this condition can never hold: age < 0"),  # ages are >= 0
        ("treatment != iv_ketamine and treatment != esketamine_nasal", "this condition can never hold"),
        ("false", "this condition can never hold: false"),
    ],
)
def test_conditions_that_can_never_hold(when, part):
    (w,) = warnings_of(rule("r", 1, when))
    assert w.startswith(part)


@pytest.mark.parametrize(
    "when",
    [
        'score("PHQ-9") > 3 and score("PHQ-9") < 4',  # scores are not whole numbers
        "age >= 18 and age <= 18",
        "not (age > 3 and age < 2) or mentions(treatment)",  # not vacuous as a whole; the inner part is reported
    ],
)
def test_satisfiable_conditions_are_not_reported_as_a_whole(when):
    assert not any(w.startswith("this condition can never hold") for w in warnings_of(rule("r", 1, when)))


def test_a_param_switching_a_part_off_is_deliberate():
    text = "param monotherapy_allowed = false\n" + rule("r", 1, "treatment == iv_ketamine or monotherapy_allowed")
    assert warnings_of(text) == []


def test_insurer_scope_contradiction():
    text = "insurer aetna\n" + rule(
        "r", 450, "insurer == cigna", extra='reason "r"\n source "CPB" effective 2024-01-01'
    )
    (w,) = warnings_of(text)
    assert w == "this condition can never hold for insurer 'aetna' (the file's scope)"


def test_rule_that_can_never_win():
    text = rule("broad", 10, "mentions(treatment)") + rule(
        "narrow", 5, "mentions(treatment) and treatment == iv_ketamine", "pa_required", "inferred"
    )
    (w,) = warnings_of(text)
    assert w == "rule 'narrow' can never win: whenever it matches, rule 'broad' (priority 10) matches too"


def test_text_warnings():
    text = (
        "param unused = 3\n"
        + rule("r", 1, "", extra='reason "see {treatmnt} at {page}"')
        + rule("silent", 0, "", extra="")
    )
    ws = warnings_of(text)
    assert "param 'unused' is never used" in ws
    assert "unknown placeholder '{treatmnt}' in reason" in ws
    assert "rule 'silent' has no reason" in ws
    diags = check_texts({"w.policy": text})
    ph = next(d for d in diags if "placeholder" in d.message)
    assert (ph.line, ph.column, ph.length, ph.hint) == (6, 14, 10, "did you mean 'treatment'?")


def test_pack_rule_without_source_is_warned():
    ws = warnings_of("insurer cigna\n" + rule("r", 450, "treatment == esketamine_nasal"))
    assert ws == ["pack rule 'r' cites no source"]


def test_too_large_to_judge_is_not_judged_and_engine_refusal_is_mapped_to_the_rule():
    factors = " and ".join(f"(trials(weeks: {k}) > 0 or trials(weeks: {k + 100}) > 0)" for k in range(1, 11))
    text = "# a rule the engine refuses\n" + rule("huge", 1, factors)
    diags = check_texts({"big.policy": text})
    (err,) = errors(diags)
    assert err.message.startswith("the rules engine cannot compile rule 'huge': ")
    assert (err.file, err.line) == ("big.policy", 4) and "big.policy:huge" not in err.message
    assert err.source_line.startswith(" when (trials")
    with pytest.raises(EngineError) as exc:
        load_rules_text({"big.policy": text}).compiled()
    assert str(exc.value).startswith("big.policy:4:7: the rules engine cannot compile rule 'huge'")


def test_plan_files_are_checked_too():
    plan = (
        'document "sbc.pdf" kind sbc pages 4\n'
        'fact category iv_ketamine [covered] in "sbc.pdf" page 2 quote "q"\n'
        'fact treatment iv_ketamine [excluded] in "eoc.pdf" page 9 quote "q" conditions [trdd]\n'
    )
    diags = check_texts({"plan.policy": plan})
    assert [(d.severity, d.message) for d in diags] == [
        ("warning", "'iv_ketamine' is a treatment, not a category"),
        ("warning", "document 'eoc.pdf' is not declared in this plan"),
        ("error", "unknown condition 'trdd'"),
    ]


def test_diagnostic_render_and_json():
    d = Diagnostic("warning", "m", "f.policy", 2, 3, "abcdef", 2, "h")
    assert d.render() == "f.policy:2:3: warning: m (h)\n   2 | abcdef\n         ^^"
    assert d.to_json()["severity"] == "warning"


def test_one_diagnostic_type_for_errors_and_warnings():
    """A DSLError is a diagnostic raised: same fields, same text, and it survives a process boundary."""
    err = DSLError("bad", "f.policy", 2, 3, "abcdef", 2, "h")
    assert isinstance(err.diagnostic, Diagnostic) and err.diagnostic.severity == "error"
    assert str(err) == err.diagnostic.one_line() == "f.policy:2:3: error: bad (h)"
    assert err.render() == err.diagnostic.render()
    err.line = 7  # callers move an error into the file that embeds the text
    assert err.diagnostic.line == 7 and str(err).startswith("f.policy:7:3:")
    back = pickle.loads(pickle.dumps(err))
    assert back.diagnostic == err.diagnostic and str(back) == str(err)
    (first,) = check_texts({"x.policy": "rule r {"})
    with pytest.raises(DSLError) as raised:
        load_rules_text({"x.policy": "rule r {"})
    assert raised.value.diagnostic == first


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, len(SHIPPED) - 1), st.integers(0, 2**32), st.integers(1, 5))
def test_fuzz_check_only_ever_returns_diagnostics(index, seed, n):
    text = mutate(SHIPPED[index].read_text(encoding="utf-8"), random.Random(seed), n)
    for d in check_texts({"fuzz.policy": text}):
        assert d.severity in ("error", "warning") and d.message
        d.render()


# ---- the shared logic: one operator table, one DNF expansion -------------------------------------


@given(st.sampled_from(COMPARISONS), st.integers(-3, 3), st.integers(-3, 3))
def test_operator_table_negation_and_mirror(op, a, b):
    assert compare(negate(op), a, b) == (not compare(op, a, b))
    assert compare(mirror(op), b, a) == compare(op, a, b)
    assert negate(negate(op)) == op and mirror(mirror(op)) == op


_FIELDS = ("x", "y", "z")


def _exprs():
    leaf = st.builds(
        lambda f, op, v: Compare(op, Name(f), Literal(v)),
        st.sampled_from(_FIELDS),
        st.sampled_from(COMPARISONS),
        st.integers(0, 3),
    ) | st.sampled_from([Literal(True), Literal(False)])
    return st.recursive(
        leaf,
        lambda kids: (
            st.builds(lambda xs: And(tuple(xs)), st.lists(kids, min_size=2, max_size=3))
            | st.builds(lambda xs: Or(tuple(xs)), st.lists(kids, min_size=2, max_size=3))
            | st.builds(Not, kids)
        ),
        max_leaves=8,
    )


def _holds(expr, case) -> bool:
    if isinstance(expr, Literal):
        return bool(expr.value)
    if isinstance(expr, Not):
        return not _holds(expr.expr, case)
    if isinstance(expr, And):
        return all(_holds(e, case) for e in expr.items)
    if isinstance(expr, Or):
        return any(_holds(e, case) for e in expr.items)
    return compare(expr.op, case[expr.left.name], expr.right.value)


@settings(max_examples=150, deadline=None)
@given(_exprs())
def test_dnf_means_what_the_condition_means(expr):
    """Brute force over every case of three small fields: the expansion holds exactly where the
    condition does (negation pushed down by De Morgan, products distributed, nothing lost)."""

    def atom(leaf, negated):
        return [((leaf.left.name, negate(leaf.op) if negated else leaf.op, leaf.right.value),)]

    conjs = dnf(expr, atom, lambda a, b: a + b, (), limit=10_000)
    for values in itertools.product(range(-1, 5), repeat=len(_FIELDS)):
        case = dict(zip(_FIELDS, values))
        expanded = any(all(compare(op, case[f], v) for f, op, v in conj) for conj in conjs)
        assert expanded == _holds(expr, case)


def test_dnf_size_bound_and_pruning():
    wide = And(
        tuple(
            Or((Compare("==", Name(f"a{i}"), Literal(1)), Compare("==", Name(f"b{i}"), Literal(1)))) for i in range(9)
        )
    )

    def atom(leaf, negated):
        return [((leaf.left.name, leaf.op, leaf.right.value),)]

    assert len(dnf(wide, atom, lambda a, b: a + b, (), limit=512)) == 512
    with pytest.raises(ExpansionTooLarge):
        dnf(
            And((wide, Or((Compare("==", Name("c"), Literal(1)), Compare("==", Name("d"), Literal(1)))))),
            atom,
            lambda a, b: a + b,
            (),
            limit=512,
        )
    # a contradiction prunes: conjoin returning None removes the alternative
    never = And((Compare("==", Name("x"), Literal(1)), Compare("==", Name("x"), Literal(2))))
    assert dnf(never, atom, lambda a, b: None if {v for *_, v in a + b} == {1, 2} else a + b, (), limit=8) == []


# ---- checked programs kept between runs (dsl.programcache) ----------------------------------------

CACHED = {"c.policy": rule("r", 5, "age >= 18", "pa_required", "explicit")}


def test_checked_program_is_kept_and_reused(tmp_path, monkeypatch):
    from policyeval.dsl import programcache
    from policyeval.lexicon import load_lexicon

    lexicon = load_lexicon()
    _, first = programcache.checked_program(CACHED, lexicon, tmp_path)
    (stored,) = tmp_path.glob("rules-*.pickle")
    monkeypatch.setattr(programcache, "check_rules", lambda *a: pytest.fail("checked again although cached"))
    problems, again = programcache.checked_program(CACHED, lexicon, tmp_path)
    assert problems == [] and again.conditions == first.conditions and again.lowerer.lexicon is lexicon
    assert [r.name for r in again.rules] == ["r"] and again.params_for(again.rules[0]) == {}


@pytest.mark.parametrize("damage", ["corrupt", "truncated", "a directory"])
def test_a_damaged_program_cache_is_checked_again(tmp_path, damage):
    from policyeval.dsl import programcache
    from policyeval.lexicon import load_lexicon

    lexicon = load_lexicon()
    _, first = programcache.checked_program(CACHED, lexicon, tmp_path)
    (stored,) = tmp_path.glob("rules-*.pickle")
    if damage == "corrupt":
        stored.write_bytes(b"\x80\x05garbage")
    elif damage == "truncated":
        stored.write_bytes(stored.read_bytes()[:100])
    else:
        stored.unlink()
        stored.mkdir()
    problems, again = programcache.checked_program(CACHED, lexicon, tmp_path)
    assert problems == [] and again.conditions == first.conditions
    if damage != "a directory":  # rewritten whole: loads next time
        assert programcache._load(stored, lexicon) is not None


def test_program_cache_key_changes_with_the_rules_and_errors_are_never_cached(tmp_path):
    from policyeval.dsl import programcache
    from policyeval.lexicon import load_lexicon

    lexicon = load_lexicon()
    programcache.checked_program(CACHED, lexicon, tmp_path)
    edited = {"c.policy": CACHED["c.policy"].replace("age >= 18", "age >= 21")}
    _, program = programcache.checked_program(edited, lexicon, tmp_path)
    assert len(list(tmp_path.glob("rules-*.pickle"))) == 2
    assert "21" in repr(program.conditions)
    bad = {"b.policy": rule("b", 1, "aeg >= 1")}
    problems, none = programcache.checked_program(bad, lexicon, tmp_path)
    assert none is None and problems[0].message == "unknown name 'aeg'"
    assert len(list(tmp_path.glob("rules-*.pickle"))) == 2
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert programcache.checked_program(CACHED, lexicon, blocker / "sub")[1] is not None  # unwritable: fine
