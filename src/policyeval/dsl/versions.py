"""Versions of an insurer's policy, resolved: which rules and criteria hold on which service dates, and
with which params.

A file's `version DATE "label" { ... }` blocks split time into periods: before the first version,
then each version from its date until the next version's date (the last one open-ended). A statement
outside every version block holds in every period. A version's params override the file's while it
is in force, so a rule written once outside the blocks but reading a param a version changes becomes
one instance per period, each lowered with that period's params; a rule inside a block is one
instance for its version's period. Each instance carries its window (`syntax.Window`); a rule's
window becomes a comparison on the case's service day in its engine condition, so the engine itself
picks the version in force (no per-evaluation work outside it), and a criterion's window filters the
checklist."""

from __future__ import annotations

import dataclasses
import datetime as dt
import string
from dataclasses import dataclass
from typing import TypeVar

from .syntax import ALWAYS, And, Compare, Criterion, Expr, Literal, Name, PolicyFile, Rule, Version, Window, walk

__all__ = [
    "Period",
    "periods",
    "instances",
    "scope_key",
    "window_guard",
    "guarded",
    "day_number",
    "SERVICE_DAY",
    "version_text",
    "param_names",
    "window_text",
]

SERVICE_DAY = "service_day"  # engine field: the case's service date as a day number (date.toordinal)


@dataclass
class Period:
    """A stretch of time with one set of params: before the first version, or one version in force."""

    version: Version | None
    window: Window
    params: dict[str, Literal]
    key: str  # where the program keeps its params (scope_key of its rules)


def scope_key(path: str, version: Version | None) -> str:
    """The params scope of a rule or criterion: its file, and its version's date when it has one."""
    return f"{path}@{version.date}" if version is not None else path


def periods(pf: PolicyFile, base: dict[str, Literal], own: dict[str, dict[str, Literal]]) -> list[Period]:
    """The file's periods in date order. `base`: the file's params; `own`: each version's params by
    date. Versions with an invalid or repeated date are the checker's to report; they are left out."""
    dated = sorted({v.date: v for v in pf.versions if _valid(v.date)}.values(), key=lambda v: v.date)
    if not dated:
        return [Period(None, ALWAYS, base, pf.path)]
    out = [Period(None, ("", dated[0].date), base, pf.path)]
    for i, v in enumerate(dated):
        end = dated[i + 1].date if i + 1 < len(dated) else ""
        out.append(Period(v, (v.date, end), {**base, **own.get(v.date, {})}, scope_key(pf.path, v)))
    return out


Item = TypeVar("Item", Rule, Criterion)


def instances(item: Item, all_periods: list[Period]) -> list[tuple[Item, Period]]:
    """The rule or criterion as it holds in each period: one instance for a versioned one; for one
    outside the blocks, one open-ended instance when every period gives the params it reads the same
    values, else one per period."""
    if item.version is not None:
        home = [p for p in all_periods if p.version is item.version]
        return [(dataclasses.replace(item, window=p.window), p) for p in home]
    used = param_names(item)
    first = all_periods[0]
    if all(_same(first.params, p.params, used) for p in all_periods[1:]):
        return [(dataclasses.replace(item, window=ALWAYS), first)]
    return [(dataclasses.replace(item, version=p.version, window=p.window), p) for p in all_periods]


def day_number(iso: str) -> int:
    """An ISO date as the engine compares it (days since year 1)."""
    return dt.date.fromisoformat(iso).toordinal()


def window_guard(window: Window) -> list[Expr]:
    """Comparisons on the service day that hold exactly inside the window ([] = always)."""
    start, end = window
    guard: list[Expr] = []
    if start:
        guard.append(Compare(">=", Name(SERVICE_DAY), Literal(day_number(start))))
    if end:
        guard.append(Compare("<", Name(SERVICE_DAY), Literal(day_number(end))))
    return guard


def guarded(window: Window, condition: Expr) -> Expr:
    """`condition`, holding only on service dates inside the window."""
    guard = window_guard(window)
    return And((*guard, condition)) if guard else condition


def version_text(version: Version) -> str:
    """'2025-02-15 “monotherapy allowed for TRD”' (the date alone when there is no label)."""
    return version.date + (f" “{version.label}”" if version.label else "")


def window_text(window: Window) -> str:
    """'from 2025-02-15', 'until 2025-02-15 (not including)', 'from 2024-01-15 until 2025-02-15', 'always'."""
    start, end = window
    if start and end:
        return f"from {start} until {end}"
    if start:
        return f"from {start}"
    if end:
        return f"before {end}"
    return "always"


def _valid(date: str) -> bool:
    try:
        dt.date.fromisoformat(date)
    except ValueError:
        return False
    return True


def _same(a: dict[str, Literal], b: dict[str, Literal], names: set[str]) -> bool:
    return all(_value(a.get(n)) == _value(b.get(n)) for n in names)


def _value(lit: Literal | None) -> tuple[str, object] | None:
    return None if lit is None else (type(lit.value).__name__, lit.value)


def param_names(item: Rule | Criterion) -> set[str]:
    """Every name the item's conditions read, and the {placeholders} of its criterion text."""
    exprs = [item.when] + ([item.require] if isinstance(item, Criterion) else [])
    names = {n.name for e in exprs if e is not None for n in walk(e) if isinstance(n, Name)}
    if isinstance(item, Criterion):
        try:
            names |= {name for _, name, _, _ in string.Formatter().parse(item.description) if name}
        except ValueError:
            pass
    return names
