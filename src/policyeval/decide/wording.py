"""Filling the wording rule authors write: `{name}` placeholders in reasons, next steps and criterion
descriptions."""

from __future__ import annotations


class _KeepUnknown(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill(text: str, values: dict[str, str]) -> str:
    """`text` with each {name} replaced by its value; unknown names stay as written."""
    return text.format_map(_KeepUnknown(values)) if "{" in text else text
