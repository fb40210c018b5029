"""Text of a rule or plan file -> `syntax.PolicyFile`. Lark parses (LALR, grammar/policy.lark), the
`builder` turns the tree into the AST, and every error becomes a `DSLError` pointing at file, line and
column, worded for a person ("expected '}'", "unterminated string")."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from lark import Lark
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken, VisitError

from .. import resources
from ..errors import DSLError
from ..textfile import read_text
from .builder import TreeToAST, assemble
from .diagnostics import lines_of, with_source
from .syntax import PolicyFile

MAX_SOURCE_BYTES = 1_000_000  # lark needs ~20 s per MB; real rule files are a few KB
MAX_NESTING = 200  # deeper expressions are refused before lark or Python recursion can fail

# What a person would call each terminal in an error message.
_TOKEN_WORDS = {
    "NAME": "a name",
    "STRING": 'a "string"',
    "SIGNED_INT": "a number",
    "SIGNED_FLOAT": "a number",
    "INT": "a whole number",
    "DATE": "a date (YYYY-MM-DD)",
    "COMPOP": "a comparison (== != < <= > >=)",
    "LBRACE": "'{'",
    "RBRACE": "'}'",
    "LSQB": "'['",
    "RSQB": "']'",
    "LPAR": "'('",
    "RPAR": "')'",
    "COMMA": "','",
    "EQUAL": "'='",
    "COLON": "':'",
    "$END": "end of file",
}

# Strings and comments, in the order they occur: how the formatter and the nesting guard find
# comments without mistaking a '#' or a bracket inside a string for one.
STRING_OR_COMMENT = re.compile(r'"(?:[^"\\\n]|\\.)*"|#[^\n]*')


@cache
def _lark() -> Lark:
    return build_lark(resources.grammar_path().read_text(encoding="utf-8"), grammar_cache_dir())


def build_lark(grammar: str, cache_dir: Path | None) -> Lark:
    """The LALR parser for `grammar`, its tables kept in the user's cache directory between runs (lark's
    `cache=` option: about 50 ms saved per start). Lark stores a hash of the grammar, its options and
    its own version in the file and rebuilds a stale one; an unreadable or corrupt file is rebuilt, an
    unwritable directory only costs the rebuild. The file holds parser tables, nothing about a patient.
    `cache_dir` None: no cache."""
    cache: str | bool = False
    if cache_dir is not None:
        digest = hashlib.sha256(grammar.encode("utf-8")).hexdigest()[:16]
        try:
            cache_dir.mkdir(parents=True, exist_ok=True)
            cache = str(cache_dir / f"grammar-{digest}.lark-cache")
        except OSError:
            cache = False  # no cache directory: parse without one
    return Lark(grammar, parser="lalr", propagate_positions=True, maybe_placeholders=False, cache=cache)


def grammar_cache_dir() -> Path | None:
    """$POLICYEVAL_CACHE_DIR, else $XDG_CACHE_HOME/policyeval, else ~/.cache/policyeval; None when
    POLICYEVAL_CACHE_DIR is empty (no cache) or there is no home directory."""
    explicit = os.environ.get("POLICYEVAL_CACHE_DIR")
    if explicit is not None:
        return Path(explicit) if explicit else None
    base = os.environ.get("XDG_CACHE_HOME") or ""
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except (RuntimeError, KeyError):
            return None
    return Path(base) / "policyeval"


def _nesting_depth(text: str) -> int:
    """Bracket depth outside strings and comments."""
    depth = best = 0
    for ch in STRING_OR_COMMENT.sub(" ", text):
        if ch in "([{":
            depth += 1
            best = max(best, depth)
        elif ch in ")]}":
            depth -= 1
    return best


def _expected_words(expected: Iterable[str]) -> str:
    named = {_TOKEN_WORDS.get(e, f"'{e.lower()}'" if e.isupper() and not e.startswith("__") else e) for e in expected}
    # closing brackets first: after a half-written block, '}' is usually what is missing
    words = sorted((w for w in named if not w.startswith("__")), key=lambda w: (not (len(w) == 3 and w[1] in ")]}"), w))
    if len(words) > 8:
        words = words[:8] + ["..."]
    return ", ".join(words)


def _syntax_error(err: UnexpectedInput, text: str, path: str) -> DSLError:
    line = getattr(err, "line", 0) or 0
    column = getattr(err, "column", 0) or 0
    source_lines = lines_of(text)
    source_line = source_lines[line - 1] if 0 < line <= len(source_lines) else ""
    if isinstance(err, UnexpectedCharacters):
        at = err.pos_in_stream or 0
        ch = text[at] if at < len(text) else ""
        msg = f"unexpected character {ch!r}"
        if ch == '"':
            msg = 'unterminated string (a string must close with " on the same line)'
        return DSLError(msg, path, line, column, source_line)
    if isinstance(err, UnexpectedEOF) or (isinstance(err, UnexpectedToken) and err.token.type == "$END"):
        content = [i for i, s in enumerate(source_lines) if s.strip()]
        last = content[-1] + 1 if content else 1
        last_text = source_lines[last - 1] if source_lines else ""
        return DSLError(
            f"unexpected end of file, expected {_expected_words(err.expected)}",
            path,
            last,
            len(last_text.rstrip()) + 1,
            last_text,
        )
    assert isinstance(err, UnexpectedToken)
    tok = err.token
    expected = _expected_words(err.accepts or err.expected)
    return DSLError(
        f"unexpected {tok.value!r}, expected {expected}", path, line, column, source_line, length=len(str(tok.value))
    )


def parse(text: str, path: str = "<string>") -> PolicyFile:
    """Parse one file's text. Raises DSLError; never another exception for any input text."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_SOURCE_BYTES:
        raise DSLError(f"file is larger than {MAX_SOURCE_BYTES // 1_000_000} MB; split it into several files", path)
    if _nesting_depth(text) > MAX_NESTING:
        raise DSLError(f"brackets nested more than {MAX_NESTING} deep; simplify the expression", path)
    try:
        tree = _lark().parse(text)
        statements = TreeToAST(path).transform(tree)
    except UnexpectedInput as err:
        raise _syntax_error(err, text, path) from None
    except VisitError as err:
        if isinstance(err.orig_exc, DSLError):
            raise with_source(err.orig_exc, text) from None
        if isinstance(err.orig_exc, RecursionError):
            raise DSLError("expression too deeply nested; simplify it", path) from None
        raise DSLError(f"cannot read this file: {err.orig_exc}", path) from None
    except RecursionError:
        raise DSLError("expression too deeply nested; simplify it", path) from None
    try:
        return assemble(statements, text, path)
    except DSLError as exc:
        raise with_source(exc, text) from None


def parse_file(path: str | Path) -> PolicyFile:
    """Read and parse a file; a missing, unreadable, oversized or non-UTF-8 file is an InputError
    naming it."""
    return parse(read_text(path, "policy", MAX_SOURCE_BYTES), str(path))
