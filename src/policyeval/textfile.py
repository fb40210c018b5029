"""Files a user names: one bounded, UTF-8-only way to read them, one way to expand folders into the
files inside, one way to show a path, and one wording of YAML syntax errors -- each with errors that
name the file and say what to do."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import yaml

from .errors import InputError


def read_text(path: str | Path, what: str, max_bytes: int, error: type[InputError] = InputError) -> str:
    """The file's text; `error` naming the file for a missing, unreadable, oversized or non-UTF-8 file."""
    p = Path(path)
    try:
        if p.is_dir():
            raise error(f"{p}: is a directory, not a {what} file")
        data = p.read_bytes()
    except FileNotFoundError:
        raise error(f"{p}: no such {what} file") from None
    except OSError as err:
        raise error(f"{p}: cannot read ({err.strerror})") from None
    if len(data) > max_bytes:
        raise error(f"{p}: {len(data):,} bytes is too large for a {what} (limit {max_bytes:,})")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise error(f"{p}: not UTF-8 text (byte {err.start}); save the {what} as UTF-8") from None


def expand_paths(paths: Iterable[str | Path], pattern: str, what: str) -> list[Path]:
    """Files as given; directories searched recursively for `pattern` (sorted). InputError for a path
    that does not exist or a directory without such files."""
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = sorted(p.rglob(pattern))
            if not found:
                raise InputError(f"{p}: no {pattern} files in this directory")
            out.extend(found)
        elif p.is_file():
            out.append(p)
        else:
            raise InputError(f"{p}: no such {what} or directory")
    return out


def shown_path(path: str | Path) -> Path:
    """Relative to the working directory when inside it (shorter messages), else as given."""
    p = Path(path)
    try:
        return p.resolve().relative_to(Path.cwd().resolve())
    except (ValueError, OSError):
        return p


def yaml_error(err: yaml.YAMLError, name: str | Path, what: str = "YAML") -> str:
    """One line for a YAML syntax error: '<name>: not valid YAML at line 3, column 7: <problem>'."""
    mark = getattr(err, "problem_mark", None)
    where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
    return f"{name}: not valid {what}{where}: {getattr(err, 'problem', None) or err}"


MAX_DOC_BYTES = 10_000_000  # a Markdown document with a generated block


def replace_generated(path: str | Path, begin: str, end: str, body: str) -> bool:
    """Put `body` between the `begin` and `end` marker lines of a Markdown file; True when it changed."""
    p = Path(path)
    text = read_text(p, "Markdown", MAX_DOC_BYTES)
    start, stop = text.find(begin), text.find(end)
    if start < 0 or stop < start:
        raise InputError(f"{p}: no generated block (put {begin} and {end} where it goes)")
    new = text[:start] + begin + "\n" + body + end + text[stop + len(end) :]
    if new != text:
        try:
            p.write_text(new, encoding="utf-8")
        except OSError as err:
            raise InputError(f"{p}: cannot write ({err.strerror})") from None
    return new != text
