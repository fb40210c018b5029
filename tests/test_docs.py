"""docs/DSL.md stays true: its examples check clean (or fail exactly as shown), its fact table is the
code's schema, and its walk-through works end to end."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from policyeval.cli import main
from policyeval.dsl.formatter import format_text
from policyeval.tools.rulecheck import check_report, check_texts
from policyeval.tools.schemadoc import DOC_BEGIN, DOC_END, facts_markdown

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "DSL.md"
TEXT = DOC.read_text(encoding="utf-8")
FENCE = re.compile(r"^```(\S*)([^\n]*)\n(.*?)^```$", re.S | re.M)


def blocks() -> list[tuple[str, str, str, int]]:
    """(language, title, body, index) of every fenced block."""
    out = []
    for i, m in enumerate(FENCE.finditer(TEXT)):
        title = re.search(r"title=(\S+)", m.group(2))
        out.append((m.group(1), title.group(1) if title else "", m.group(3), i))
    return out


BLOCKS = blocks()
POLICY = [b for b in BLOCKS if b[0] == "policy"]
ERRORS = [b for b in BLOCKS if b[0] == "policy-error"]


def titled(lang: str, title: str) -> str:
    return next(body for lg, t, body, _ in BLOCKS if lg == lang and t == title)


def test_the_doc_has_examples():
    assert len(POLICY) >= 10 and len(ERRORS) >= 3


@pytest.mark.parametrize("block", POLICY, ids=lambda b: b[1] or f"block{b[3]}")
def test_policy_examples_check_clean_and_are_formatted(block):
    _, title, body, i = block
    name = title or f"example{i}.policy"
    diags = check_texts({name: body})
    assert diags == [], "\n".join(d.render() for d in diags)
    assert format_text(body, name) == body, "run the block through `policyeval rules fmt`"


@pytest.mark.parametrize("block", ERRORS, ids=lambda b: b[1] or f"block{b[3]}")
def test_error_examples_fail_exactly_as_shown(block):
    _, title, body, i = block
    following = BLOCKS[i + 1]
    assert following[0] == "text", "a policy-error block is followed by a ```text block with the output"
    name = title or f"example{i}.policy"
    assert check_report(check_texts({name: body}), 1) == following[2]


def test_fact_table_is_generated_from_the_code():
    start, end = TEXT.index(DOC_BEGIN) + len(DOC_BEGIN) + 1, TEXT.index(DOC_END)
    assert TEXT[start:end] == facts_markdown(), (
        "docs/DSL.md is out of date: run `policyeval rules facts --update docs/DSL.md`"
    )


def test_every_construct_is_shown():
    code = "\n".join(body for _, _, body, _ in POLICY)
    for word in (
        "insurer ",
        "source ",
        "param ",
        "rule ",
        "criterion ",
        "priority ",
        "when ",
        "then ",
        "reason ",
        "next ",
        "describe ",
        "require ",
        "proof ",
        "title ",
        "url ",
        "effective ",
        "undated ",
        "version ",
        "plan ",
        "document ",
        "fact ",
        "section ",
        "row ",
        "matched ",
        "quote ",
        "box ",
        " not ",
        " and ",
        " or ",
        " in [",
        "given(",
        "mentions(",
        "diagnosed(",
        "trials(",
        "score(",
        "==",
        ">=",
        "# ",
    ):
        assert word in code, f"no tested example shows {word!r}"


def test_walk_through_end_to_end(tmp_path, monkeypatch, capsys):
    rules = tmp_path / "rules"
    (rules / "insurers").mkdir(parents=True)
    for name in ("default.policy", "criteria.policy"):
        shutil.copy(ROOT / "rules" / name, rules / name)
    (rules / "insurers" / "premera.policy").write_text(titled("policy", "rules/insurers/premera.policy"))
    (rules / "insurers" / "premera_test.yaml").write_text(titled("yaml", "rules/insurers/premera_test.yaml"))
    (tmp_path / "plan.policy").write_text(titled("policy", "plan.policy"))
    (tmp_path / "profile.yaml").write_text(titled("yaml", "profile.yaml"))
    monkeypatch.chdir(tmp_path)

    assert main(["rules", "check", "rules"]) == 0
    assert "0 errors, 0 warnings" in capsys.readouterr().out
    assert main(["rules", "fmt", "--check", "rules/insurers/premera.policy"]) == 0
    capsys.readouterr()

    assert main(["rules", "test", "rules/insurers/premera_test.yaml"]) == 0
    out = capsys.readouterr().out
    shown = TEXT.split("`policyeval rules test rules/insurers/premera_test.yaml` prints")[1]
    assert out.startswith(FENCE.search(shown).group(3))

    assert main(["explain", "plan.policy", "--profile", "profile.yaml", "--rules", "rules"]) == 0
    out = capsys.readouterr().out
    shown = TEXT.split("`policyeval explain plan.policy --profile profile.yaml` shows")[1]
    for line in FENCE.search(shown).group(3).splitlines():
        assert line in out.splitlines(), f"explain no longer prints: {line}"


def test_rules_diff_prints_what_the_doc_shows(tmp_path, monkeypatch, capsys):
    (tmp_path / "versions_example.policy").write_text(titled("policy", "versions_example.policy"))
    monkeypatch.chdir(tmp_path)
    assert main(["rules", "diff", "versions_example.policy"]) == 0
    shown = TEXT.split("`policyeval rules diff versions_example.policy` prints:")[1]
    assert capsys.readouterr().out == FENCE.search(shown).group(3)
