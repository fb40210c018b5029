"""`policyeval rules check`: every error and warning in rule (and plan) files, as a compiler reports
them -- the DSL front end's errors (`dsl.checks`), its warnings (`dsl.lint`), then whether the rules
engine accepts the rule set (its refusal mapped back to the rule and line)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from .. import resources
from ..decide.ruleset import build
from ..dsl.checks import check_plan_files, check_rules
from ..dsl.diagnostics import Diagnostic, engine_error_diagnostic, errors
from ..dsl.lint import lint
from ..dsl.parser import parse, parse_file
from ..dsl.syntax import PolicyFile
from ..errors import DSLError, EngineError
from ..lexicon import Lexicon, load_lexicon
from ..textfile import shown_path

__all__ = ["check_texts", "check_paths", "check_files", "check_report", "Diagnostic", "errors"]


def check_texts(
    texts: Mapping[str, str], lexicon: Lexicon | None = None, warnings: bool = True, compile_engine: bool = True
) -> list[Diagnostic]:
    """Check files given as {path: text} together (duplicate names are found across them)."""
    diags: list[Diagnostic] = []
    parsed: list[PolicyFile] = []
    for path, text in texts.items():
        try:
            parsed.append(parse(text, path))
        except DSLError as err:
            diags.append(err.diagnostic)
    return diags + check_files(parsed, lexicon, warnings, compile_engine)


def check_paths(
    paths: Iterable[str | Path] = (), lexicon: Lexicon | None = None, warnings: bool = True, compile_engine: bool = True
) -> list[Diagnostic]:
    """Check rule (and plan) files on disk; no paths: every shipped rule file."""
    diags: list[Diagnostic] = []
    parsed: list[PolicyFile] = []
    for p in resources.rule_files(paths):
        try:
            parsed.append(parse_file(shown_path(p)))
        except DSLError as err:
            diags.append(err.diagnostic)
    return diags + check_files(parsed, lexicon, warnings, compile_engine)


def check_files(
    files: Sequence[PolicyFile], lexicon: Lexicon | None = None, warnings: bool = True, compile_engine: bool = True
) -> list[Diagnostic]:
    """Every error (and, with `warnings`, every warning) in parsed files, ordered by file and line."""
    lexicon = lexicon or load_lexicon()
    rule_files = [f for f in files if not f.is_plan]
    diags = check_plan_files([f for f in files if f.is_plan], lexicon)
    problems, program = check_rules(rule_files, lexicon)
    diags += problems
    clean = not errors(diags)
    if warnings and clean and program is not None:
        diags += lint(program)
    if compile_engine and clean and any(f.rules for f in rule_files):
        diags += _engine_errors(rule_files, lexicon)
    order = {f.path: i for i, f in enumerate(files)}
    return sorted(diags, key=lambda d: (order.get(d.file, len(order)), d.line, d.column, d.severity != "error"))


def _engine_errors(files: list[PolicyFile], lexicon: Lexicon) -> list[Diagnostic]:
    """What the rules engine refuses in rules the front end accepted."""
    try:
        rs = build(files, lexicon)
    except DSLError as err:  # cannot happen after check_rules; report rather than crash
        return [err.diagnostic]
    try:
        rs.compiled()
    except EngineError as err:
        cause = err.__cause__ if isinstance(err.__cause__, EngineError) else err
        return [engine_error_diagnostic(cause, rs.rules, {f.path: f for f in files})]
    return []


def check_report(diags: Sequence[Diagnostic], files: int) -> str:
    """What `policyeval rules check` prints: every diagnostic, then a one-line summary."""
    n_err = len(errors(diags))
    n_warn = len(diags) - n_err
    out = "".join(d.render() + "\n\n" for d in diags)
    return out + (
        f"checked {files} file{'s' * (files != 1)}: {n_err} error{'s' * (n_err != 1)}, "
        f"{n_warn} warning{'s' * (n_warn != 1)}\n"
    )
