"""Building diagnostics: a problem at a position of a parsed file, with its source line, and an engine
refusal mapped back to the rule that caused it. The `Diagnostic` itself (and `DSLError`, which carries
one) lives in `policyeval.errors`, so every stage can raise it."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from ..errors import Diagnostic, DSLError, EngineError
from .syntax import PolicyFile, Pos, Rule

__all__ = [
    "Diagnostic",
    "errors",
    "lines_of",
    "source_line",
    "at",
    "with_source",
    "span_length",
    "word_pos",
    "rule_id",
    "engine_error_diagnostic",
]


def errors(diags: Iterable[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diags if d.severity == "error"]


def lines_of(text: str) -> list[str]:
    """Source lines as lark counts them: only '\\n' ends a line (not \\r, \\x0c or U+2028)."""
    return [line.rstrip("\r") for line in text.split("\n")]


def source_line(text: str, line: int) -> str:
    """Line `line` (1-based) of `text`, or "" when there is none."""
    lines = lines_of(text)
    return lines[line - 1] if 0 < line <= len(lines) else ""


def at(pf: PolicyFile, message: str, pos: Pos, length: int = 1, hint: str = "", severity: str = "error") -> Diagnostic:
    """A diagnostic at `pos` of a parsed file, with the line it points into."""
    return Diagnostic(
        severity, message, pf.path, pos.line, pos.column, source_line(pf.source_text, pos.line), length, hint
    )


def with_source(err: DSLError, text: str) -> DSLError:
    """Fill in the source line of an error raised without one (lowering, the parser's transformer)."""
    if err.line and not err.source_line:
        err.source_line = source_line(text, err.line)
    return err


def span_length(pos: Pos, fallback: int = 1) -> int:
    """Characters a one-line node covers (to underline all of it), else `fallback`."""
    if pos.end_line == pos.line and pos.end_column > pos.column:
        return pos.end_column - pos.column
    return fallback


def rule_id(rule: Rule) -> str:
    """A rule's id in the engine and in messages: `file:name`, and `@date` for a version's instance."""
    return f"{rule.pos.file}:{rule.name}" + (f"@{rule.version.date}" if rule.version is not None else "")


def engine_error_diagnostic(err: EngineError, rules: Sequence[Rule], files: Mapping[str, PolicyFile]) -> Diagnostic:
    """Map the engine's message (which names a rule id `file:name`) back to the rule's line."""
    msg = str(err)
    for rule in sorted(rules, key=lambda r: -len(rule_id(r))):
        rid = rule_id(rule)
        if rid in msg:
            detail = msg.replace(f"rules {rid}", "").replace(f"rule {rid}", "").replace(rid, rule.name)
            detail = detail.strip(" :;,") or msg
            pf = files.get(rule.pos.file)
            where = rule.when.pos if rule.when is not None and rule.when.pos.line else rule.pos
            return Diagnostic(
                "error",
                f"the rules engine cannot compile rule '{rule.name}': {detail}",
                rule.pos.file,
                where.line,
                where.column,
                source_line(pf.source_text, where.line) if pf is not None else "",
                len(rule.name),
                "simplify the condition or split the rule",
            )
    return Diagnostic("error", f"the rules engine refused the rule set: {msg}", rules[0].pos.file if rules else "")


def word_pos(pf: PolicyFile, start: int, end: int, word: str, fallback: Pos) -> Pos:
    """Where `word` first occurs as a whole word on lines start..end (positions the AST does not keep)."""
    lines = lines_of(pf.source_text)
    pattern = re.compile(r"(?<![A-Za-z0-9_])" + re.escape(word) + r"(?![A-Za-z0-9_])")
    for n in range(max(1, start), min(len(lines), max(start, end)) + 1):
        m = pattern.search(lines[n - 1])
        if m:
            return Pos(pf.path, n, m.start() + 1, n, m.end() + 1)
    return fallback
