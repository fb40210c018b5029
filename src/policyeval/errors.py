"""One exception hierarchy, so the CLI and the app can turn any bad input into one plain line."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class PolicyEvalError(Exception):
    """Base of every error a user can act on. `str(err)` is the one line we show."""


class InputError(PolicyEvalError):
    """A file or value given by the user is unusable (path, size, type)."""


class DocumentError(InputError):
    """A plan document cannot be read: not a PDF, encrypted, corrupted, empty, too large."""


class ProfileError(InputError):
    """The patient profile has an unknown key, a wrong type or an impossible value."""


SOURCE_WIDTH = 120  # characters of a source line shown under a diagnostic


@dataclass
class Diagnostic:
    """One problem in a rule or plan file, at a position: the data behind every DSL error and warning
    (`policyeval rules check` lists them; a `DSLError` carries one)."""

    severity: str  # "error" | "warning"
    message: str
    file: str = "<string>"
    line: int = 0
    column: int = 0
    source_line: str = ""
    length: int = 1
    hint: str = ""

    def one_line(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        text = f"{where}: {self.severity}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text

    def render(self) -> str:
        """Compiler-style: location, message, the source line and a caret under the culprit."""
        lines = [self.one_line()]
        if self.source_line and self.line:
            text, col, length = _window(self.source_line.rstrip(), max(1, self.column), max(1, self.length))
            gutter = f"{self.line:>4} | "
            lines.append(gutter + text)
            length = max(1, min(length, len(text) - col + 1))
            lines.append(" " * (len(gutter) + col - 1) + "^" * length)
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


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


class _DiagnosticField(Generic[T]):
    """An attribute of a DSLError that is the same-named field of its diagnostic."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, err: DSLError, owner: type | None = None) -> T:
        value: T = getattr(err.diagnostic, self.name)
        return value

    def __set__(self, err: DSLError, value: T) -> None:
        setattr(err.diagnostic, self.name, value)


class DSLError(PolicyEvalError):
    """A rule or plan file is malformed: carries the `Diagnostic` (position, message, hint) so editors
    and the CLI can point at it. `DSLError(diagnostic)` or `DSLError(message, file, line, ...)`."""

    def __init__(
        self,
        message: str | Diagnostic,
        file: str = "<string>",
        line: int = 0,
        column: int = 0,
        source_line: str = "",
        length: int = 1,
        hint: str = "",
    ):
        if isinstance(message, Diagnostic):
            self.diagnostic = message
        else:
            self.diagnostic = Diagnostic("error", message, file, line, column, source_line, max(1, length), hint)
        super().__init__(self.diagnostic)  # args: so the error pickles whole (worker processes)

    def __str__(self) -> str:
        return self.diagnostic.one_line()

    def one_line(self) -> str:
        return self.diagnostic.one_line()

    def render(self) -> str:
        return self.diagnostic.render()

    # The diagnostic's fields, readable and settable on the error (callers fill in a source line or
    # move a position into the file that embeds the text).
    message: _DiagnosticField[str] = _DiagnosticField()
    file: _DiagnosticField[str] = _DiagnosticField()
    line: _DiagnosticField[int] = _DiagnosticField()
    column: _DiagnosticField[int] = _DiagnosticField()
    source_line: _DiagnosticField[str] = _DiagnosticField()
    length: _DiagnosticField[int] = _DiagnosticField()
    hint: _DiagnosticField[str] = _DiagnosticField()


class EngineError(PolicyEvalError):
    """The rules engine refused a rule set or an evaluation; mapped back to the rule where possible."""
