"""One exception hierarchy, so the CLI and the app can turn any bad input into one plain line."""

from __future__ import annotations


class PolicyEvalError(Exception):
    """Base of every error a user can act on. `str(err)` is the one line we show."""


class InputError(PolicyEvalError):
    """A file or value given by the user is unusable (path, size, type)."""


class DocumentError(InputError):
    """A plan document cannot be read: not a PDF, encrypted, corrupted, empty, too large."""


class ProfileError(InputError):
    """The patient profile has an unknown key, a wrong type or an impossible value."""


class DSLError(PolicyEvalError):
    """A rule or plan file is malformed. Carries a position so editors and the CLI can point at it."""

    def __init__(
        self,
        message: str,
        file: str = "<string>",
        line: int = 0,
        column: int = 0,
        source_line: str = "",
        length: int = 1,
        hint: str = "",
    ):
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.source_line = source_line
        self.length = max(1, length)
        self.hint = hint
        super().__init__(self.one_line())

    def one_line(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        text = f"{where}: error: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text

    def render(self) -> str:
        """Compiler-style: location, message, the source line and a caret under the culprit."""
        lines = [self.one_line()]
        if self.source_line:
            text, col, length = _window(self.source_line.rstrip("\n"), max(1, self.column), self.length)
            gutter = f"{self.line:>4} | "
            lines.append(gutter + text)
            lines.append(" " * (len(gutter) + col - 1) + "^" * length)
        return "\n".join(lines)


SOURCE_WIDTH = 120


def _window(text: str, column: int, length: int) -> tuple[str, int, int]:
    """At most SOURCE_WIDTH characters of a long source line around the culprit, with '…' where cut."""
    length = min(length, SOURCE_WIDTH // 2)
    if len(text) <= SOURCE_WIDTH:
        return text, column, length
    start = max(0, min(column - 1 - SOURCE_WIDTH // 3, len(text) - SOURCE_WIDTH))
    piece = text[start : start + SOURCE_WIDTH]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + SOURCE_WIDTH < len(text) else ""
    return prefix + piece + suffix, column - start + len(prefix), length


class EngineError(PolicyEvalError):
    """The rules engine refused a rule set or an evaluation; mapped back to the rule where possible."""
