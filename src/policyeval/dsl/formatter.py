"""Canonical text of DSL expressions (`unparse`) and of whole files (`format_file`, `format_text`).

One layout for everything: statements in source order; rule and criterion items in a fixed order
(priority, when, then, reason, next, source / describe, when, require, proof, source), indented by
four; a blank line around every block; long conditions wrapped before `or` / `and`; long `source`
headers and plan facts broken one option per line. Comments are kept: lark drops them, so they are
re-read from the source text and attached, by line, to the statement or item they precede (or end).
`format_text(format_text(x)) == format_text(x)`, and the formatted text parses to the same AST."""

from __future__ import annotations

import bisect
import json
from dataclasses import dataclass, field, fields, is_dataclass
from decimal import Decimal

from .syntax import (
    And,
    Call,
    Compare,
    Criterion,
    DocumentDecl,
    Expr,
    ListExpr,
    Literal,
    Name,
    Not,
    Or,
    PlanFact,
    PolicyFile,
    Rule,
    Source,
)

WIDTH = 100
INDENT = "    "
_PREC = {Or: 1, And: 2, Not: 3, Compare: 4}


def number_text(value: int | float) -> str:
    """A number as the grammar reads it back exactly: never an exponent, floats always with a '.'."""
    if isinstance(value, bool) or not isinstance(value, float):
        return str(int(value))
    text = repr(value)
    if "e" in text or "E" in text:
        text = format(Decimal(text), "f")
    if "." not in text:
        text += ".0"
    return text


def _lit(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return number_text(value)


def _needs_parens(expr: Expr, parent: int) -> bool:
    prec = _PREC.get(type(expr))
    if prec is None:
        return False
    return prec < parent or (parent == prec and not isinstance(expr, Not))


def unparse(expr: Expr, parent: int = 0) -> str:
    """One-line canonical text of an expression; parenthesises only where precedence needs it."""
    if isinstance(expr, Literal):
        return _lit(expr.value)
    if isinstance(expr, Name):
        return expr.name
    if isinstance(expr, ListExpr):
        return "[" + ", ".join(unparse(i) for i in expr.items) + "]"
    if isinstance(expr, Call):
        args = [unparse(a) for a in expr.args] + [f"{k}: {unparse(v)}" for k, v in expr.kwargs]
        return f"{expr.func}({', '.join(args)})"
    if isinstance(expr, Compare):
        op = {"in": "in", "notin": "not in"}.get(expr.op, expr.op)
        text = f"{unparse(expr.left, 5)} {op} {unparse(expr.right, 5)}"
    elif isinstance(expr, Not):
        text = f"not {unparse(expr.expr, 3)}"
    else:
        joiner = " or " if isinstance(expr, Or) else " and "
        prec = _PREC[type(expr)]
        text = joiner.join(unparse(i, prec) for i in expr.items)
    return f"({text})" if _needs_parens(expr, parent) else text


def layout_expr(expr: Expr, col: int, cont: int, parent: int = 0) -> list[str]:
    """`expr` starting at column `col` (0-based), filled to WIDTH and wrapped before `or` / `and`.
    The first line has no indentation; continuation lines carry their own: `cont` spaces for the
    operands of this expression, four more inside each parenthesised group."""
    text = unparse(expr, parent)
    if col + len(text) <= WIDTH or not isinstance(expr, (And, Or, Not)):
        return [text]
    paren = _needs_parens(expr, parent)
    start = col + (1 if paren else 0)
    item_cont = cont + 4 if paren else cont
    if isinstance(expr, Not):
        lines = layout_expr(expr.expr, start + 4, item_cont, 3)
        lines[0] = "not " + lines[0]
    else:
        op = "or" if isinstance(expr, Or) else "and"
        prec = _PREC[type(expr)]

        def sub_cont(item):  # an unparenthesised nested group continues deeper, to stay readable
            return item_cont if _needs_parens(item, prec) else item_cont + 4

        lines = layout_expr(expr.items[0], start, sub_cont(expr.items[0]), prec)
        for i, item in enumerate(expr.items[1:], 1):
            at = (start if len(lines) == 1 else 0) + len(lines[-1]) + len(op) + 2
            closing = 1 if paren and i == len(expr.items) - 1 else 0
            piece = unparse(item, prec)
            if at + len(piece) + closing <= WIDTH:  # fits on this line
                lines[-1] += f" {op} {piece}"
                continue
            hanging = layout_expr(item, at, sub_cont(item), prec)
            if len(hanging) > 1 and at + len(hanging[0]) <= WIDTH and _needs_parens(item, prec):
                lines[-1] += f" {op} {hanging[0]}"  # a group opens here and wraps inside
                lines.extend(hanging[1:])
                continue
            prefix = " " * item_cont + op + " "
            sub = layout_expr(item, len(prefix), sub_cont(item), prec)
            lines.append(prefix + sub[0])
            lines.extend(sub[1:])
    if paren:
        lines[0] = "(" + lines[0]
        lines[-1] += ")"
    return lines


# ---- comments ------------------------------------------------------------------------------------


@dataclass
class _Comment:
    line: int
    text: str
    own_line: bool  # nothing but whitespace before it on its line
    blank_before: bool  # the line above is blank


def _comments(text: str) -> list[_Comment]:
    from .parser import STRING_OR_COMMENT, lines_of

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
        out.append(_Comment(line, m.group().rstrip(), not before.strip(), line >= 2 and not lines[line - 2].strip()))
    return out


@dataclass
class _Unit:
    """Something comments attach to: a statement, a rule item, a block's header or closing brace."""

    leading: list[_Comment] = field(default_factory=list)
    trailing: list[_Comment] = field(default_factory=list)


@dataclass
class _Stmt(_Unit):
    kind: str = ""
    obj: object = None
    line: int = 0
    column: int = 0
    end_line: int = 0
    blank_before: bool = False
    items: list[tuple[str, int, int, _Unit]] = field(default_factory=list)  # blocks: (key, line, end, unit)
    header: _Unit = field(default_factory=_Unit)
    closing: _Unit = field(default_factory=_Unit)

    @property
    def is_block(self) -> bool:
        return self.kind in ("rule", "criterion")


def _statements(pf: PolicyFile) -> list[_Stmt]:
    spans = getattr(pf, "_spans", {})
    out: list[_Stmt] = []

    def add(kind, obj, span):
        line, col, end = span or (0, 0, 0)
        st = _Stmt(kind=kind, obj=obj, line=line, column=col, end_line=end)
        for key, s, e in getattr(obj, "_items", []):
            st.items.append((key, s, e, _Unit()))
        out.append(st)

    if pf.plan_title:
        add("plan", pf.plan_title, spans.get("plan"))
    if pf.insurer:
        add("insurer", pf.insurer, spans.get("insurer") or (pf.insurer_pos.line, 1, pf.insurer_pos.line))
    if pf.source is not None:
        add("source", pf.source, spans.get("source") or getattr(pf.source, "_span", None))
    for kind, objs in (
        ("param", pf.params),
        ("rule", pf.rules),
        ("criterion", pf.criteria),
        ("document", pf.documents),
        ("fact", pf.facts),
    ):
        for obj in objs:
            add(kind, obj, getattr(obj, "_span", None))
    # positioned statements in source order; any without a position (built in code) after them
    order = {
        k: i for i, k in enumerate(("plan", "insurer", "source", "param", "rule", "criterion", "document", "fact"))
    }
    out.sort(key=lambda s: (s.line == 0, s.line, s.column, order[s.kind]))
    return out


def _attach(stmts: list[_Stmt], comments: list[_Comment], text: str) -> list[_Comment]:
    """Give every comment a home; returns those left for the end of the file."""
    from .parser import lines_of

    lines = lines_of(text)
    for st in stmts:
        if st.line:
            prefix = lines[st.line - 1][: max(0, st.column - 1)] if st.line <= len(lines) else ""
            st.blank_before = not prefix.strip() and st.line >= 2 and not lines[st.line - 2].strip()
    positioned = [s for s in stmts if s.line]
    eof: list[_Comment] = []

    def in_block(st: _Stmt, c: _Comment):
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


# ---- statements ----------------------------------------------------------------------------------


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _source_lines(keyword: str, src: Source, indent: str) -> list[str]:
    opts = []
    if src.title:
        opts.append(f"title {_q(src.title)}")
    if src.url:
        opts.append(f"url {_q(src.url)}")
    if src.effective:
        opts.append(f"effective {src.effective}")
    head = f"{indent}{keyword} {_q(src.label)}"
    one = " ".join([head] + opts)
    if len(one) <= WIDTH:
        return [one]
    return [head] + [indent + INDENT + o for o in opts]


def _when_lines(keyword: str, expr: Expr) -> list[str]:
    prefix = f"{INDENT}{keyword} "
    lines = layout_expr(expr, len(prefix), 2 * len(INDENT))
    return [prefix + lines[0]] + lines[1:]


def _rule_items(rule: Rule, pf: PolicyFile) -> list[tuple[str, list[str]]]:
    items: list[tuple[str, list[str]]] = []
    if rule.priority is not None:
        items.append(("priority", [f"{INDENT}priority {rule.priority}"]))
    if rule.when is not None:
        items.append(("when", _when_lines("when", rule.when)))
    items.append(("then", [f"{INDENT}then {rule.verdict} basis {rule.basis}"]))
    if rule.reason:
        items.append(("reason", [f"{INDENT}reason {_q(rule.reason)}"]))
    for step in rule.next_steps:
        items.append(("next", [f"{INDENT}next {_q(step)}"]))
    if rule.source is not None and not _inherited(rule.source, pf):
        items.append(("source", _source_lines("source", rule.source, INDENT)))
    return items


def _criterion_items(crit: Criterion, pf: PolicyFile) -> list[tuple[str, list[str]]]:
    items: list[tuple[str, list[str]]] = []
    if crit.description:
        items.append(("describe", [f"{INDENT}describe {_q(crit.description)}"]))
    if crit.when is not None:
        items.append(("when", _when_lines("when", crit.when)))
    if crit.require is not None:
        items.append(("require", _when_lines("require", crit.require)))
    if crit.proof:
        items.append(("proof", [f"{INDENT}proof {_q(crit.proof)}"]))
    if crit.source is not None and not _inherited(crit.source, pf):
        items.append(("source", _source_lines("source", crit.source, INDENT)))
    return items


def _inherited(src: Source, pf: PolicyFile) -> bool:
    """A rule's source that is the file's header, not its own."""
    return pf.source is not None and (src is pf.source or src == pf.source)


def _fact_lines(f: PlanFact) -> list[str]:
    head = f"fact {f.kind} {f.concept}"
    if f.modifiers:
        head += " [" + ", ".join(f.modifiers) + "]"
    opts = []
    if f.document or f.page:
        opts.append(f"in {_q(f.document)} page {f.page}")
    if f.section:
        opts.append(f"section {_q(f.section)}")
    if f.row:
        opts.append(f"row {_q(f.row)}")
    if f.matched:
        opts.append(f"matched {_q(f.matched)}")
    if f.conditions:
        opts.append("conditions [" + ", ".join(f.conditions) + "]")
    if f.indications or f.other_indications:
        keyword = "other_indications" if f.other_indications else "indications"
        opts.append(f"{keyword} [" + ", ".join(f.indications) + "]")
    if f.network:
        opts.append(f"network {f.network}")
    if f.routes or f.other_routes:
        keyword = "other_routes" if f.other_routes else "routes"
        opts.append(f"{keyword} [" + ", ".join(f.routes) + "]")
    if f.age_min is not None:
        opts.append(f"age_min {f.age_min}")
    if f.age_max is not None:
        opts.append(f"age_max {f.age_max}")
    if f.settings:
        opts.append("settings [" + ", ".join(f.settings) + "]")
    opts.extend(f"limit {_q(limit)}" for limit in f.limits)
    if f.consequence:
        opts.append(f"consequence {_q(f.consequence)}")
    if f.device:
        opts.append(f"device {f.device}")
    if f.tier:
        opts.append(f"tier {_q(f.tier)}")
    opts.extend(f"cell {role} {_q(text)}" for role, text in f.cells.items())
    if f.pointer:
        opts.append(f"pointer {_q(f.pointer)}")
    if f.value:
        opts.append(f"value {_q(f.value)}")
    if f.quote:
        opts.append(f"quote {_q(f.quote)}")
    for box in f.boxes:
        opts.append("box [" + ", ".join(number_text(float(v)) for v in box) + "]")
    if f.ocr:
        opts.append("ocr")
    one = " ".join([head] + opts)
    if len(one) <= WIDTH and not f.boxes:
        return [one]
    return [head] + [INDENT + o for o in opts]


def _document_line(d: DocumentDecl) -> str:
    text = f"document {_q(d.name)} kind {d.kind}"
    if d.pages:
        text += f" pages {d.pages}"
    if d.title:
        text += f" title {_q(d.title)}"
    if d.about:
        text += f" about {_q(d.about)}"
    if d.amends:
        text += f" amends {_q(d.amends)}"
    if d.year:
        text += f" year {_q(d.year)}"
    return text


def _with_comments(unit: _Unit, lines: list[str], indent: str) -> list[str]:
    """Leading comments, then the lines; one trailing comment stays on a one-line unit."""
    return [text for _, text in _entries(unit, lines, indent, False)]


def _entries(unit: _Unit, lines: list[str], indent: str, blank_first: bool) -> list[tuple[bool, str]]:
    """(blank line before?, text) for a unit's comments and lines. Only top-level comments keep the
    blank line above them (paragraphs of comments); inside blocks the caller ignores the flags."""
    trailing = list(unit.trailing)
    lines = list(lines)
    moved: list[_Comment] = []
    if len(trailing) == 1 and len(lines) == 1:
        lines[0] += "  " + trailing[0].text
    else:
        moved = trailing
    out = [(c.blank_before, indent + c.text) for c in unit.leading]
    out += [(False, indent + c.text) for c in moved]
    out.append((blank_first, lines[0]))
    out += [(False, line) for line in lines[1:]]
    return out


def _block_lines(st: _Stmt, pf: PolicyFile) -> tuple[list[str], list[_Comment]]:
    """A rule or criterion. Returns its lines and comments that must go before it."""
    obj = st.obj
    keyword = "rule" if st.kind == "rule" else "criterion"
    rendered = _rule_items(obj, pf) if st.kind == "rule" else _criterion_items(obj, pf)
    # match rendered items to source items by key and occurrence (comments travel with their item)
    pools: dict[str, list[_Unit]] = {}
    for key, _, _, unit in st.items:
        pools.setdefault(key, []).append(unit)
    orphans: list[_Comment] = []
    out = [f"{keyword} {obj.name} {{"]
    before: list[_Comment] = []
    if len(st.header.trailing) == 1:
        out[0] += "  " + st.header.trailing[0].text
    else:
        before += st.header.trailing
    for key, lines in rendered:
        pool = pools.get(key)
        unit = pool.pop(0) if pool else _Unit()
        out += _with_comments(unit, lines, INDENT)
    for pool in pools.values():  # source items no longer in the AST: keep their comments
        for unit in pool:
            orphans += unit.leading + unit.trailing
    closing_leading = orphans + st.closing.leading
    closing_trailing = st.closing.trailing
    if len(closing_trailing) > 1:
        closing_leading += closing_trailing
        closing_trailing = []
    out += [INDENT + c.text for c in closing_leading]
    out.append("}" + ("  " + closing_trailing[0].text if closing_trailing else ""))
    return out, before


def _stmt_entries(st: _Stmt, pf: PolicyFile) -> tuple[list[tuple[bool, str]], bool]:
    """A top-level statement with its comments, and whether the statement itself spans several lines."""
    if st.is_block:
        lines, before = _block_lines(st, pf)
        entries = [(c.blank_before, c.text) for c in st.leading] + [(False, c.text) for c in before]
        entries.append((st.blank_before, lines[0]))
        entries += [(False, line) for line in lines[1:]]
        return entries, True
    if st.kind == "plan":
        lines = [f"plan {_q(st.obj)}"]
    elif st.kind == "insurer":
        lines = [f"insurer {st.obj}"]
    elif st.kind == "source":
        lines = _source_lines("source", st.obj, "")
    elif st.kind == "param":
        lines = [f"param {st.obj.name} = {unparse(st.obj.value)}"]
    elif st.kind == "document":
        lines = [_document_line(st.obj)]
    else:
        lines = _fact_lines(st.obj)
    return _entries(st, lines, "", st.blank_before), st.kind == "fact" and len(lines) > 1


def format_file(pf: PolicyFile) -> str:
    """Canonical text of a parsed file, its comments kept (from `pf.source_text`)."""
    stmts = _statements(pf)
    comments = _comments(pf.source_text) if pf.source_text else []
    eof = _attach(stmts, comments, pf.source_text or "")
    out: list[str] = []
    prev_multi = False
    for st in stmts:
        entries, multi = _stmt_entries(st, pf)
        if out and (entries[0][0] or multi or prev_multi):
            out.append("")
        out.append(entries[0][1])
        for blank, text in entries[1:]:
            if blank:
                out.append("")
            out.append(text)
        prev_multi = multi
    for i, c in enumerate(eof):
        if out and (c.blank_before or (i == 0 and prev_multi)):
            out.append("")
        out.append(c.text)
    return "\n".join(out) + "\n" if out else ""


def format_text(text: str, path: str = "<string>") -> str:
    """Canonical text of a rule or plan file. Raises DSLError when it does not parse."""
    from .parser import parse

    return format_file(parse(text, path))


# ---- AST equality ignoring positions ------------------------------------------------------------


def ast_shape(obj):
    """A position-free, comparable form of a parsed file (or any AST node): what `fmt` must preserve."""
    if isinstance(obj, PolicyFile):
        return (
            "file",
            obj.insurer,
            ast_shape(obj.source),
            obj.plan_title,
            ast_shape(obj.params),
            ast_shape(obj.rules),
            ast_shape(obj.criteria),
            ast_shape(obj.documents),
            ast_shape(obj.facts),
        )
    if isinstance(obj, (list, tuple)):
        return tuple(ast_shape(o) for o in obj)
    if isinstance(obj, bool) or obj is None or isinstance(obj, str):
        return obj
    if isinstance(obj, (int, float)):
        return (type(obj).__name__, obj)
    if is_dataclass(obj):
        skip = {"pos", "verdict_pos", "basis_pos", "order"}
        return (type(obj).__name__,) + tuple(ast_shape(getattr(obj, f.name)) for f in fields(obj) if f.name not in skip)
    return obj


def same_ast(a: PolicyFile, b: PolicyFile) -> bool:
    return ast_shape(a) == ast_shape(b)
