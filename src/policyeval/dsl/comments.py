"""Where comments go when the formatter rewrites a file. Lark drops comments, so they are re-read from
the source text and attached, by line, to the statement or block item they precede (or end); what
precedes nothing stays at the end of the file."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

from .diagnostics import lines_of
from .parser import STRING_OR_COMMENT
from .syntax import PolicyFile

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

    @property
    def is_block(self) -> bool:
        return self.kind in ("rule", "criterion")


def statements(pf: PolicyFile) -> list[Statement]:
    spans = pf.spans
    out: list[Statement] = []

    def add(kind, obj, span):
        line, col, end = span or (0, 0, 0)
        st = Statement(kind=kind, obj=obj, line=line, column=col, end_line=end)
        for key, s, e in getattr(obj, "layout", ()):
            st.items.append((key, s, e, Unit()))
        out.append(st)

    if pf.plan_title:
        add("plan", pf.plan_title, spans.get("plan"))
    if pf.insurer:
        add("insurer", pf.insurer, spans.get("insurer") or (pf.insurer_pos.line, 1, pf.insurer_pos.line))
    if pf.source is not None:
        add("source", pf.source, spans.get("source") or pf.source.span)
    for kind, objs in (
        ("param", pf.params),
        ("rule", pf.rules),
        ("criterion", pf.criteria),
        ("document", pf.documents),
        ("fact", pf.facts),
    ):
        for obj in objs:
            add(kind, obj, obj.span)
    # positioned statements in source order; any without a position (built in code) after them
    order = {
        k: i for i, k in enumerate(("plan", "insurer", "source", "param", "rule", "criterion", "document", "fact"))
    }
    out.sort(key=lambda s: (s.line == 0, s.line, s.column, order[s.kind]))
    return out


def attach(stmts: list[Statement], comments: list[Comment], text: str) -> list[Comment]:
    """Give every comment a home; returns those left for the end of the file."""
    lines = lines_of(text)
    for st in stmts:
        if st.line:
            prefix = lines[st.line - 1][: max(0, st.column - 1)] if st.line <= len(lines) else ""
            st.blank_before = not prefix.strip() and st.line >= 2 and not lines[st.line - 2].strip()
    positioned = [s for s in stmts if s.line]
    eof: list[Comment] = []

    def in_block(st: Statement, c: Comment):
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

    for c in comments:
        if c.own_line:
            inside = next((s for s in positioned if s.line < c.line < s.end_line), None)
            if inside is not None:
                (in_block(inside, c) if inside.is_block else inside.leading.append(c))
                continue
            nxt = next((s for s in positioned if s.line > c.line), None)
            (nxt.leading if nxt is not None else eof).append(c)
            continue
        holders = [s for s in positioned if s.line <= c.line <= s.end_line]
        if not holders:
            nxt = next((s for s in positioned if s.line > c.line), None)
            (nxt.leading if nxt is not None else eof).append(c)
            continue
        st = holders[-1]
        if st.is_block:
            if c.line == st.line:
                st.header.trailing.append(c)
            else:
                in_block(st, c)
        else:
            st.trailing.append(c)
    return eof
