"""The DSL parser: positions, strings, layout hints, and a fuzz proving bad text only ever yields DSLError."""

from __future__ import annotations

import random
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policyeval.dsl.parser import MAX_NESTING, parse
from policyeval.dsl.syntax import And, Call, Compare, Name, Not, Or, same_ast
from policyeval.errors import DSLError

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = sorted((ROOT / "rules").rglob("*.policy"))

RULE = """\
insurer aetna
source "Aetna CPB 0938" title "Ketamine" effective 2024-01-31

param min_age = 18

rule adults {
    priority 450
    when age >= min_age and not diagnosed(mdd) or mentions(treatment, prior_authorization, covered)
    then pa_required basis insurer_policy
    reason "r"
    next "a"
    next "b"
}
"""


def test_rule_fields_and_positions():
    pf = parse(RULE, "x.policy")
    assert pf.insurer == "aetna" and pf.insurer_pos.line == 1 and pf.insurer_pos.column == 9
    assert pf.source.label == "Aetna CPB 0938" and pf.source.effective == "2024-01-31"
    (rule,) = pf.rules
    assert (rule.name, rule.priority, rule.verdict, rule.basis) == ("adults", 450, "pa_required", "insurer_policy")
    assert rule.next_steps == ["a", "b"] and rule.source is pf.source and rule.insurer == "aetna"
    assert (rule.pos.line, rule.pos.column) == (6, 6)
    assert (rule.verdict_pos.line, rule.verdict_pos.column) == (9, 10)
    assert isinstance(rule.when, Or)
    left, right = rule.when.items
    assert isinstance(left, And) and isinstance(left.items[1], Not)
    assert right == Call("mentions", (Name("treatment"), Name("prior_authorization"), Name("covered")))
    assert (left.items[0].pos.line, left.items[0].pos.column) == (8, 10)


def test_layout_hints_for_the_formatter():
    pf = parse(RULE, "x.policy")
    rule = pf.rules[0]
    assert rule.span == (6, 1, 13)
    assert [k for k, _, _ in rule.layout] == ["priority", "when", "then", "reason", "next", "next"]
    assert pf.spans["insurer"][0] == 1 and pf.spans["source"][0] == 2
    assert pf.params[0].span[0] == 4
    moved = parse("\n\n" + RULE, "x.policy")  # layout is not meaning: it never makes two ASTs differ
    assert moved.rules[0].span != rule.span and same_ast(moved, pf)


def test_strings_use_json_escapes():
    pf = parse('param a = "say \\"hi\\" \\u00e9\\n"\nparam b = "plain # not a comment"')
    assert pf.params[0].value.value == 'say "hi" é\n'
    assert pf.params[1].value.value == "plain # not a comment"


def test_comments_anywhere():
    pf = parse("# top\nrule r { # here\n priority 1 # and here\n then unknown basis none }\n# end")
    assert pf.rules[0].priority == 1


def test_keywords_are_names_where_only_a_name_fits():
    pf = parse("rule and { priority 1 when age == not then unknown basis none }")
    assert pf.rules[0].name == "and"
    assert pf.rules[0].when == Compare("==", Name("age"), Name("not"))


def test_numbers():
    pf = parse("param a = -3\nparam b = +2.50\nparam c = 7")
    assert [p.value.value for p in pf.params] == [-3, 2.5, 7]
    assert isinstance(pf.params[1].value.value, float)


@pytest.mark.parametrize(
    "text, message",
    [
        ("param a = " + "9" * 400 + ".0", "too large"),
        ('param a = "x\\q"', "invalid escape '\\q'"),
        ("rule r { priority 1 then a basis b", "unexpected end of file, expected '}'"),
        ("rule r { when", "unexpected end of file"),
        ("rule 3 {", "unexpected '3', expected a name"),
        ("fact x", "unexpected end of file"),
        ("@", "unexpected character '@'"),
        ('param a = "open', "unterminated string"),
        ("insurer a\ninsurer b", "'insurer' given twice"),
        ('source "a"\nsource "b"', "file-level 'source' given twice"),
        ("rule r { priority 1 }", "has no 'then"),
    ],
)
def test_errors(text, message):
    with pytest.raises(DSLError) as exc:
        parse(text, "bad.policy")
    assert message in exc.value.message
    assert exc.value.render().startswith("bad.policy")


def test_error_positions_and_caret():
    with pytest.raises(DSLError) as exc:
        parse("rule r {\n    priority high\n}", "p.policy")
    err = exc.value
    assert (err.line, err.column, err.length) == (2, 14, 4)
    assert err.render().splitlines()[-1].index("^") == len("   2 | ") + 13


def test_nesting_guard_ignores_brackets_in_strings():
    deep = "(" * (MAX_NESTING + 1) + "true" + ")" * (MAX_NESTING + 1)
    with pytest.raises(DSLError, match="nested"):
        parse(f"rule r {{ priority 1 when {deep} then unknown basis none }}")
    parse('param a = "' + "(" * (MAX_NESTING + 5) + '"')


def test_deep_not_chain_is_a_dsl_error_not_a_crash():
    text = "rule r { priority 1 when " + "not " * 5000 + "true then unknown basis none }"
    try:
        parse(text)
    except DSLError:
        pass


def test_plan_file_statements():
    pf = parse(
        'plan "Gold"\ndocument "sbc.pdf" kind sbc pages 4 title "T"\n'
        'fact treatment iv_ketamine [excluded] in "sbc.pdf" page 2 row "R" quote "Q" '
        "conditions [trd] box [1.0, 2, 3.5, 4] ocr"
    )
    assert pf.is_plan and pf.plan_title == "Gold"
    (f,) = pf.facts
    assert (f.kind, f.concept, f.modifiers, f.document, f.page, f.conditions, f.ocr) == (
        "treatment",
        "iv_ketamine",
        ["excluded"],
        "sbc.pdf",
        2,
        ["trd"],
        True,
    )
    assert f.boxes == [(1.0, 2.0, 3.5, 4.0)]


def test_shipped_rule_files_parse():
    assert SHIPPED
    for path in SHIPPED:
        pf = parse(path.read_text(encoding="utf-8"), str(path))
        assert pf.rules or pf.criteria or pf.params


# ---- fuzz: any text gives an AST or a DSLError, never another exception ----------------------------

TOKENS = [
    "rule",
    "criterion",
    "when",
    "then",
    "basis",
    "priority",
    "reason",
    "next",
    "source",
    "insurer",
    "param",
    "fact",
    "document",
    "plan",
    "and",
    "or",
    "not",
    "in",
    "true",
    "false",
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    ",",
    ":",
    "=",
    "==",
    "<=",
    ">",
    "-1",
    "2.5",
    '"s"',
    '"\\u12"',
    '"\\',
    "#",
    "\n",
    "x",
    "mentions",
    "age",
    "1" * 30,
    "9" * 400 + ".0",
    "effective",
    "2024-02-30",
    "box",
    "ocr",
]


def _must_be_dsl_error_or_ast(text: str) -> None:
    try:
        parse(text, "fuzz.policy")
    except DSLError as err:
        assert err.message
        err.render()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_fuzz_random_text(text):
    _must_be_dsl_error_or_ast(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(TOKENS), max_size=60))
def test_fuzz_token_soup(tokens):
    _must_be_dsl_error_or_ast(" ".join(tokens))


def mutate(text: str, rnd: random.Random, n: int) -> str:
    chars = list(text)
    for _ in range(n):
        op = rnd.randrange(5)
        i = rnd.randrange(len(chars) + 1)
        if op == 0 and chars:  # delete a run
            del chars[i : i + rnd.randrange(1, 12)]
        elif op == 1:  # insert a token
            chars[i:i] = list(" " + rnd.choice(TOKENS) + " ")
        elif op == 2:  # insert a random character
            chars.insert(i, rnd.choice(string.printable + 'é\u2028\x00"\\#'))
        elif op == 3 and len(chars) > 2:  # swap two characters
            j = rnd.randrange(len(chars))
            i = min(i, len(chars) - 1)
            chars[i], chars[j] = chars[j], chars[i]
        elif chars:  # duplicate a slice
            j = rnd.randrange(len(chars))
            chars[i:i] = chars[j : j + rnd.randrange(1, 40)]
    return "".join(chars)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, len(SHIPPED) - 1), st.integers(0, 2**32), st.integers(1, 6))
def test_fuzz_mutated_rule_files(index, seed, n):
    text = SHIPPED[index].read_text(encoding="utf-8")
    _must_be_dsl_error_or_ast(mutate(text, random.Random(seed), n))


# ---- the grammar's parser tables are cached between runs (issue 13 §3) -----------------------------

CACHE_PROBE = "rule r {\n    priority 1\n    when age >= 18 and mentions(treatment, covered)\n    then covered basis explicit\n}\n"


def _grammar() -> str:
    from policyeval import resources

    return resources.grammar_path().read_text(encoding="utf-8")


def _tree(lark) -> str:
    return lark.parse(CACHE_PROBE).pretty()


def test_grammar_cache_is_written_then_used(tmp_path, monkeypatch):
    import lark

    from policyeval.dsl.parser import build_lark

    fresh = _tree(build_lark(_grammar(), cache_dir=None))
    assert _tree(build_lark(_grammar(), cache_dir=tmp_path)) == fresh
    (cached,) = tmp_path.glob("grammar-*.lark-cache")

    monkeypatch.setattr(lark.Lark, "_build_parser", lambda self: pytest.fail("rebuilt although a valid cache exists"))
    assert _tree(build_lark(_grammar(), cache_dir=tmp_path)) == fresh


@pytest.mark.parametrize("damage", ["stale", "corrupt", "truncated", "a directory"])
def test_grammar_cache_stale_or_corrupt_is_rebuilt(tmp_path, monkeypatch, damage):
    import lark

    from policyeval.dsl.parser import build_lark

    fresh = _tree(build_lark(_grammar(), cache_dir=None))
    build_lark(_grammar(), cache_dir=tmp_path)
    (cached,) = tmp_path.glob("grammar-*.lark-cache")
    good = cached.read_bytes()
    if damage == "stale":  # a cache of another grammar (or lark version) under this name
        other = tmp_path / "other"
        build_lark(_grammar().replace("COMMENT: /#[^\\n]*/", "COMMENT: /#[^\\n]*/\nUNUSED: /@@@/"), cache_dir=other)
        cached.write_bytes(next(other.glob("*")).read_bytes())
    elif damage == "corrupt":
        cached.write_bytes(b"\x00garbage\n" + bytes(range(256)) * 10)
    elif damage == "truncated":
        cached.write_bytes(good[: len(good) // 2])
    else:
        cached.unlink()
        cached.mkdir()  # cannot be read or written
    assert _tree(build_lark(_grammar(), cache_dir=tmp_path)) == fresh
    if damage != "a directory":  # rewritten: the next start loads it instead of rebuilding
        assert cached.read_bytes() != b"" and cached.read_bytes()[:16] == good[:16]
        monkeypatch.setattr(lark.Lark, "_build_parser", lambda self: pytest.fail("rebuilt from a rewritten cache"))
        assert _tree(build_lark(_grammar(), cache_dir=tmp_path)) == fresh


def test_grammar_cache_unwritable_place_only_costs_the_rebuild(tmp_path, monkeypatch):
    from policyeval.dsl.parser import build_lark, grammar_cache_dir

    fresh = _tree(build_lark(_grammar(), cache_dir=None))
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    assert _tree(build_lark(_grammar(), cache_dir=blocker / "policyeval")) == fresh
    monkeypatch.setenv("POLICYEVAL_CACHE_DIR", "")
    assert grammar_cache_dir() is None
    monkeypatch.setenv("POLICYEVAL_CACHE_DIR", str(tmp_path / "c"))
    assert grammar_cache_dir() == tmp_path / "c"
    monkeypatch.delenv("POLICYEVAL_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert grammar_cache_dir() == tmp_path / "xdg" / "policyeval"
