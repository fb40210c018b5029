"""Files a user names: one bounded, UTF-8-only way to read them, one way to expand folders into the
files inside, one way to show a path, and one wording of YAML syntax errors -- each with errors that
name the file and say what to do."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

import yaml

from .errors import InputError


def read_bytes(
    path: str | Path, what: str, max_bytes: int, error: type[InputError] = InputError, hint: str = ""
) -> bytes:
    """The file's bytes; `error` naming the file for a missing, unreadable or oversized file (`hint`
    says what to do about the size). Only a regular file is read, and its size is checked before
    reading: a device (/dev/zero, /dev/urandom), a FIFO or a huge file is refused without waiting or
    filling memory."""
    p = Path(path)
    too_large = f"; {hint}" if hint else ""
    try:
        fd = os.open(p, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    except FileNotFoundError:
        raise error(f"{p}: no such {what} file") from None
    except IsADirectoryError:
        raise error(f"{p}: is a directory, not a {what} file") from None
    except OSError as err:
        raise error(f"{p}: cannot read ({err.strerror})") from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise error(f"{p}: is a directory, not a {what} file")
        if not stat.S_ISREG(st.st_mode):
            raise error(f"{p}: not a regular file (a device, pipe or socket); give the {what} file itself")
        if st.st_size > max_bytes:
            raise error(f"{p}: {st.st_size:,} bytes is too large for a {what} file (limit {max_bytes:,}){too_large}")
        chunks = []
        left = max_bytes + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
    except OSError as err:
        raise error(f"{p}: cannot read ({err.strerror})") from None
    finally:
        os.close(fd)
    if len(data) > max_bytes:  # grew while being read
        raise error(f"{p}: too large for a {what} file (limit {max_bytes:,} bytes){too_large}")
    return data


def read_text(path: str | Path, what: str, max_bytes: int, error: type[InputError] = InputError) -> str:
    """The file's text (read_bytes), UTF-8 only."""
    data = read_bytes(path, what, max_bytes, error)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise error(f"{Path(path)}: not UTF-8 text (byte {err.start}); save the {what} as UTF-8") from None


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
