"""`policyeval rules diff PACK`: what changed from one version of an insurer's policy to the next, in
words a rule author reads -- rules and criteria added or removed, thresholds moved (params, and the
numbers and names inside conditions), verdicts, priorities and texts changed, and the sources cited.

Each version is compared as it is in force: the statements outside the version blocks plus the
version's own, with the version's params over the file's (`dsl.versions`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .. import resources
from ..dsl.checks import RuleProgram, check_rules
from ..dsl.parser import parse_file
from ..dsl.syntax import Compare, Criterion, Expr, Literal, Name, PolicyFile, Rule, Source, Version, ast_shape
from ..dsl.unparse import literal_text, unparse
from ..dsl.versions import Period, param_names, periods, version_text
from ..errors import DSLError
from ..lexicon import load_lexicon
from .packs import find_pack

__all__ = ["VersionChange", "PackDiff", "diff_pack", "diff_text"]


@dataclass
class VersionChange:
    """What changed from version `before` to version `after` (either "" = before the first version)."""

    before: str
    after: str
    changes: list[str] = field(default_factory=list)


@dataclass
class PackDiff:
    insurer: str
    file: str
    changes: list[VersionChange]

    def to_json(self) -> dict[str, Any]:
        return {
            "insurer": self.insurer,
            "file": self.file,
            "versions": [{"from": c.before, "to": c.after, "changes": c.changes} for c in self.changes],
        }


@dataclass
class _Snapshot:
    """A period of the pack as it is in force: its rules and criteria by name, its params and source."""

    title: str
    params: dict[str, Literal]
    rules: dict[str, Rule]
    criteria: dict[str, Criterion]
    source: Source | None


def diff_pack(name: str) -> PackDiff:
    """The changes between consecutive versions of one pack (by insurer id or path)."""
    path = find_pack(name)
    pf = parse_file(resources.display_path(path))
    problems, program = check_rules([pf], load_lexicon())
    if program is None:
        raise DSLError(problems[0])
    base = {p.name: p.value for p in pf.params}
    spans = periods(pf, base, {v.date: {p.name: p.value for p in v.params} for v in pf.versions})
    snaps = [_snapshot(pf, program, p) for p in spans if p.version is not None]
    changes = [VersionChange(a.title, b.title, _changes(a, b)) for a, b in zip(snaps, snaps[1:])]
    return PackDiff(pf.insurer, pf.path, changes)


def _snapshot(pf: PolicyFile, program: RuleProgram, period: Period) -> _Snapshot:
    version: Version | None = period.version

    def in_force(item: Rule | Criterion) -> bool:
        return item.pos.file == pf.path and (item.version is version or item.window == ("", ""))

    return _Snapshot(
        version_text(version) if version else "before the first version",
        period.params,
        {r.name: r for r in program.rules if in_force(r)},
        {c.name: c for c in program.criteria if in_force(c)},
        (version.source if version and version.source else None) or pf.source,
    )


def _changes(a: _Snapshot, b: _Snapshot) -> list[str]:
    out = _source_changes(a.source, b.source)
    out += _param_changes(a, b)
    for kind, old, new in (("rule", a.rules, b.rules), ("criterion", a.criteria, b.criteria)):
        out += [f"{kind} {n} added" + _what(new[n]) for n in new if n not in old]
        out += [f"{kind} {n} removed" for n in old if n not in new]
        for n in (n for n in new if n in old):
            out += [f"{kind} {n}: {c}" for c in _item_changes(old[n], new[n], a.params, b.params)]
    return out or ["no change in rules, criteria, params or sources"]


def _what(item: Rule | Criterion) -> str:
    if isinstance(item, Rule):
        return f" ({item.verdict} / {item.basis}, priority {item.priority})"
    return f": {item.description}" if item.description else ""


def _source_changes(a: Source | None, b: Source | None) -> list[str]:
    if a is None or b is None:
        return [] if a is b else [f"source: {a.cite() if a else 'none'} → {b.cite() if b else 'none'}"]
    out = []
    for attr in ("label", "title", "url", "effective", "undated"):
        old, new = getattr(a, attr), getattr(b, attr)
        if old != new:
            out.append(f"source {attr}: {old or '(none)'} → {new or '(none)'}")
    return out


def _param_changes(a: _Snapshot, b: _Snapshot) -> list[str]:
    out = []
    for name in dict.fromkeys([*a.params, *b.params]):
        old, new = a.params.get(name), b.params.get(name)
        if _lit(old) == _lit(new):
            continue
        readers = [f"rule {r}" for r in b.rules if name in param_names(b.rules[r])]
        readers += [f"criterion {c}" for c in b.criteria if name in param_names(b.criteria[c])]
        moved = f"{_lit(old) or '(none)'} → {_lit(new) or '(none)'}"
        out.append(f"param {name}: {moved}" + (f" (read by {', '.join(readers)})" if readers else ""))
    return out


def _item_changes(
    old: Rule | Criterion, new: Rule | Criterion, old_params: dict[str, Literal], new_params: dict[str, Literal]
) -> list[str]:
    out = []
    if isinstance(old, Rule) and isinstance(new, Rule):
        for attr in ("verdict", "basis", "priority"):
            if getattr(old, attr) != getattr(new, attr):
                out.append(f"{attr} {getattr(old, attr)} → {getattr(new, attr)}")
        conds = [("when", old.when, new.when)]
        texts = [("reason", old.reason, new.reason), ("next steps", old.next_steps, new.next_steps)]
    elif isinstance(old, Criterion) and isinstance(new, Criterion):
        conds = [("when", old.when, new.when), ("requires", old.require, new.require)]
        texts = [("description", old.description, new.description), ("proof", old.proof, new.proof)]
    else:
        return []
    for label, before, after in conds:
        out += _condition_changes(label, before, after, old_params, new_params)
    out += [f"{label} changed" for label, before, after in texts if before != after]
    return out


def _condition_changes(
    label: str, old: Expr | None, new: Expr | None, old_params: dict[str, Literal], new_params: dict[str, Literal]
) -> list[str]:
    """Moved thresholds one by one when only constants differ; else the whole condition, before and after."""
    if old is None or new is None:
        if old is new:
            return []
        return [f"{label}: {unparse(old) if old else '(none)'} → {unparse(new) if new else '(none)'}"]
    if ast_shape(old) == ast_shape(new):
        return []  # params read by it are reported with the params
    moved = _moved_constants(old, new)
    if moved is not None:
        return [f"{label}: {m}" for m in moved]
    return [f"{label}: {unparse(old)} → {unparse(new)}"]


def _moved_constants(old: Any, new: Any) -> list[str] | None:
    """Where two conditions differ only in constants: each as 'context: before → after'; else None."""
    if type(old) is not type(new):
        return None
    if isinstance(old, Literal):
        return [] if _lit(old) == _lit(new) else [f"{literal_text(old.value)} → {literal_text(new.value)}"]
    if isinstance(old, Name):
        return [] if old.name == new.name else [f"{old.name} → {new.name}"]
    if isinstance(old, tuple):
        if len(old) != len(new):
            return None
        parts = [_moved_constants(a, b) for a, b in zip(old, new)]
        return None if any(p is None for p in parts) else [m for p in parts if p for m in p]
    if not hasattr(old, "__dataclass_fields__"):
        return [] if old == new else None
    out: list[str] = []
    for name in old.__dataclass_fields__:
        if name == "pos":
            continue
        sub = _moved_constants(getattr(old, name), getattr(new, name))
        if sub is None:
            return None
        out += sub
    if out and isinstance(old, Compare):
        return [f"{unparse(old)} → {unparse(new)}"]  # a comparison: shown whole, it reads better
    return out


def _lit(value: Literal | None) -> str:
    return literal_text(value.value) if value is not None else ""


def diff_text(diff: PackDiff) -> str:
    out = [f"{diff.insurer} ({diff.file})"]
    if not diff.changes:
        out.append("  one version only (or none): nothing to compare")
    for change in diff.changes:
        out += ["", f"{change.before}  →  {change.after}"]
        out += [f"  {c}" for c in change.changes]
    return "\n".join(out) + "\n"
