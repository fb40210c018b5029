"""Small user-given text files (profiles, manifests): one bounded, UTF-8-only way to read them, with
errors that name the file and say what to do."""

from __future__ import annotations

from pathlib import Path

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
