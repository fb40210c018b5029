"""Text bound for a terminal, from documents and rule files nobody vetted: control characters and
escape sequences removed, so a plan PDF or a rule file cannot move the cursor, rewrite what was
printed before, change the terminal's title or colours, or hide text with bidirectional overrides.

`printable` is the one function every printer uses; `printable_streams` wraps stdout and stderr
with it for the length of a command, so no printer can forget."""

from __future__ import annotations

import contextlib
import io
import re
import sys
from collections.abc import Iterator
from typing import TextIO

# ESC sequences: CSI (ESC [ ... final), OSC / DCS / SOS / PM / APC strings (up to BEL or ESC \ or the
# end), and two-character escapes (ESC followed by one character).
_ESCAPES = re.compile(
    r"\x1b(?:\[[0-?]*[ -/]*[@-~]?|[\]PX^_][^\x07\x1b]*(?:\x07|\x1b\\)?|.?)|\x9b[0-?]*[ -/]*[@-~]?", re.S
)
# C0 controls but tab and newline, DEL, C1 controls (8-bit CSI included), and the bidirectional
# overrides and isolates that reorder what a terminal shows.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """`text` without escape sequences and control characters (tabs and newlines stay)."""
    if text.isprintable():
        return text
    return _CONTROLS.sub("", _ESCAPES.sub("", text))


class _Printable(io.TextIOBase):
    """A text stream that passes everything written through `printable`."""

    def __init__(self, stream: TextIO):
        self._stream = stream

    def write(self, s: str) -> int:
        self._stream.write(printable(s))
        return len(s)

    def flush(self) -> None:
        self._stream.flush()

    def isatty(self) -> bool:
        return self._stream.isatty()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self._stream, "encoding", "utf-8")

    def fileno(self) -> int:
        return self._stream.fileno()


@contextlib.contextmanager
def printable_streams() -> Iterator[None]:
    """For the length of the block, everything printed to stdout and stderr goes through `printable`."""
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Printable(out), _Printable(err)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err
