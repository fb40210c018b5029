"""Where comments go when the formatter rewrites a file. Lark drops comments, so they are re-read from
the source text and attached, by line, to the statement or block item they precede (or end); what
precedes nothing stays at the end of the file."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

from .diagnostics import lines_of
from .parser import STRING_OR_COMMENT
from .syntax import PolicyFile, Span

__all__ = ["Comment", "Unit", "Statement", "comments_in", "statements", "attach"]


@dataclass
class Comment:
    line: int
    text: str
    own_line: bool  # nothing but whitespace before it on its line
    blank_before: bool  # the line above is blank


def comments_in(text: str) -> list[Comment]:
    lines = lines_of(text)
    starts = [0]
    for i, ch in enumerate(text):
        if ch == "\n":
            starts.append(i + 1)
    out = []
    for m in STRING_OR_COMMENT.finditer(text):
        if not m.group().startswith("#"):
            continue
        line = bisect.bisect_right(starts, m.start())
        before = text[starts[line - 1] : m.start()]
        out.append(Comment(line, m.group().rstrip(), not before.strip(), line >= 2 and not lines[line - 2].strip()))
    return out


@dataclass
class Unit:
    """Something comments attach to: a statement, a rule item, a block's header or closing brace."""

    leading: list[Comment] = field(default_factory=list)
    trailing: list[Comment] = field(default_factory=list)


@dataclass
class Statement(Unit):
    kind: str = ""
    obj: Any = None  # the statement: its type follows `kind`
    line: int = 0
    column: int = 0
    end_line: int = 0
    blank_before: bool = False
    items: list[tuple[str, int, int, Unit]] = field(default_factory=list)  # blocks: (key, line, end, unit)
    header: Unit = field(default_factory=Unit)
    closing: Unit = field(default_factory=Unit)
    children: list[Statement] = field(default_factory=list)  # a version block's statements

    @property
    def is_block(self) -> bool:
        return self.kind in ("rule", "criterion")


_ORDER = {
    k: i
    for i, k in enumerate(("plan", "insurer", "source", "param", "version", "rule", "criterion", "document", "fact"))
}


def _statement(kind: str, obj: Any, span: Span | None) -> Statement:
    line, col, end = span or (0, 0, 0)
    st = Statement(kind=kind, obj=obj, line=line, column=col, end_line=end)
    for key, s, e in getattr(obj, "layout", ()):
        st.items.append((key, s, e, Unit()))
    return st


def _in_order(stmts: list[Statement]) -> list[Statement]:
    """Positioned statements in source order; any without a position (built in code) after them."""
    return sorted(stmts, key=lambda s: (s.line == 0, s.line, s.column, _ORDER[s.kind]))


def statements(pf: PolicyFile) -> list[Statement]:
    """The file's statements in source order; a version block holds its own."""
    spans = pf.spans
    out: list[Statement] = []
    if pf.plan_title:
        out.append(_statement("plan", pf.plan_title, spans.get("plan")))
    if pf.insurer:
        out.append(
            _statement("insurer", pf.insurer, spans.get("insurer") or (pf.insurer_pos.line, 1, pf.insurer_pos.line))
        )
    if pf.source is not None:
        out.append(_statement("source", pf.source, spans.get("source") or pf.source.span))
    versions = {id(v): _statement("version", v, v.span) for v in pf.versions}
    for v in pf.versions:
        inner = versions[id(v)].children
        if v.source is not None:
            inner.append(_statement("source", v.source, v.source.span))
        inner.extend(_statement("param", prm, prm.span) for prm in v.params)
    out.extend(versions.values())
    for kind, objs in (("param", pf.params), ("rule", pf.rules), ("criterion", pf.criteria)):
        for obj in objs:
            version = getattr(obj, "version", None)
            home = versions[id(version)].children if version is not None else out
            home.append(_statement(kind, obj, obj.span))
    out.extend(_statement("document", d, d.span) for d in pf.documents)
    out.extend(_statement("fact", f, f.span) for f in pf.facts)
    for st in versions.values():
        st.children = _in_order(st.children)
    return _in_order(out)


def attach(stmts: list[Statement], comments: list[Comment], text: str) -> list[Comment]:
    """Give every comment a home; returns those left for the end of the file."""
    _mark_blank_lines(stmts, lines_of(text))
    return _attach(stmts, comments)


def _mark_blank_lines(stmts: list[Statement], lines: list[str]) -> None:
    for st in stmts:
        if st.line:
            prefix = lines[st.line - 1][: max(0, st.column - 1)] if st.line <= len(lines) else ""
            st.blank_before = not prefix.strip() and st.line >= 2 and not lines[st.line - 2].strip()
        _mark_blank_lines(st.children, lines)


def _in_block(st: Statement, c: Comment) -> None:
    """A comment inside a rule or criterion: with the item it is in or precedes, else at the brace."""
    for _, s, e, unit in st.items:
        if s <= c.line <= e:  # inside an item (a wrapped condition): stays with it
            (unit.leading if c.own_line else unit.trailing).append(c)
            return
        if s > c.line:
            unit.leading.append(c)
            return
    if c.line == st.end_line and not c.own_line:
        st.closing.trailing.append(c)
    else:
        st.closing.leading.append(c)


def _attach(stmts: list[Statement], comments: list[Comment]) -> list[Comment]:
    """Comments among `stmts`; those after the last one are returned (end of file, or of a block)."""
    positioned = [s for s in stmts if s.line]
    left: list[Comment] = []
    inside: dict[int, list[Comment]] = {}  # version statement id -> comments between its braces

    def before_next(c: Comment) -> None:
        nxt = next((s for s in positioned if s.line > c.line), None)
        (nxt.leading if nxt is not None else left).append(c)

    for c in comments:
        version = next((s for s in positioned if s.kind == "version" and s.line <= c.line <= s.end_line), None)
        if version is not None:
            if c.line == version.line and not c.own_line:
                version.header.trailing.append(c)
            elif c.line == version.end_line and not c.own_line:
                version.closing.trailing.append(c)
            else:
                inside.setdefault(id(version), []).append(c)
            continue
        if c.own_line:
            holder = next((s for s in positioned if s.line < c.line < s.end_line), None)
            if holder is None:
                before_next(c)
            elif holder.is_block:
                _in_block(holder, c)
            else:
                holder.leading.append(c)
            continue
        holders = [s for s in positioned if s.line <= c.line <= s.end_line]
        if not holders:
            before_next(c)
        elif not holders[-1].is_block:
            holders[-1].trailing.append(c)
        elif c.line == holders[-1].line:
            holders[-1].header.trailing.append(c)
        else:
            _in_block(holders[-1], c)
    for st in positioned:
        if id(st) in inside:
            st.closing.leading.extend(_attach(st.children, inside[id(st)]))
    return left
