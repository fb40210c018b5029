"""`policyeval rules fmt` on one file: read it, lay it out canonically (`dsl.formatter`), and refuse
to write anything whose meaning the formatter would change."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..dsl.formatter import format_file, format_text
from ..dsl.parser import MAX_SOURCE_BYTES, parse
from ..dsl.syntax import same_ast
from ..errors import DSLError, InputError, PolicyEvalError
from ..textfile import read_text, shown_path

__all__ = ["Formatted", "format_path", "format_text"]


@dataclass
class Formatted:
    path: Path
    shown: Path  # as messages name it
    old: str = ""
    new: str = ""
    error: str = ""  # why the file was left alone (already rendered for the terminal)

    @property
    def changed(self) -> bool:
        return not self.error and self.new != self.old

    def write(self) -> None:
        try:
            self.path.write_text(self.new, encoding="utf-8")
        except OSError as err:
            raise InputError(f"{self.shown}: cannot write ({err.strerror})") from None


def format_path(path: Path) -> Formatted:
    """The file's text and its canonical layout; `error` set when it cannot be read or parsed."""
    shown = shown_path(path)
    out = Formatted(Path(path), shown)
    try:
        out.old = read_text(path, "policy", MAX_SOURCE_BYTES)
        parsed = parse(out.old, str(shown))
    except DSLError as err:
        out.error = err.render()
        return out
    except InputError as err:
        out.error = str(err)
        return out
    out.new = format_file(parsed)
    if out.new != out.old and not same_ast(parsed, parse(out.new, str(shown))):  # never write a changed meaning
        raise PolicyEvalError(
            f"{shown}: the formatter would change what this file means; "
            "file left as it is (a bug in policyeval, please report it)"
        )
    return out
