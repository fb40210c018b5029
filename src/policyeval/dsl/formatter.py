"""Canonical text of whole rule and plan files (`format_file`, `format_text`); expressions are laid
out by `unparse`.

One layout for everything: statements in source order; rule and criterion items in a fixed order
(priority, when, then, reason, next, source / describe, when, require, proof, source), indented by
four; a blank line around every block; long conditions wrapped before `or` / `and`; long `source`
headers and plan facts broken one option per line. Comments are kept: lark drops them, so they are
re-read from the source text and attached, by line, to the statement or item they precede or end
(`comments`).
`format_text(format_text(x)) == format_text(x)`, and the formatted text parses to the same AST."""

from __future__ import annotations

import json

from .comments import Comment, Statement, Unit, attach, comments_in, statements
from .parser import parse
from .syntax import Criterion, DocumentDecl, Expr, PlanFact, PolicyFile, Rule, Source
from .unparse import WIDTH, layout_expr, number_text, unparse

__all__ = ["format_file", "format_text", "INDENT"]

INDENT = "    "


# ---- statements ----------------------------------------------------------------------------------


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _source_lines(keyword: str, src: Source, indent: str, width: int) -> list[str]:
    opts = []
    if src.title:
        opts.append(f"title {_q(src.title)}")
    if src.url:
        opts.append(f"url {_q(src.url)}")
    if src.effective:
        opts.append(f"effective {src.effective}")
    if src.undated:
        opts.append(f"undated {_q(src.undated)}")
    head = f"{indent}{keyword} {_q(src.label)}"
    one = " ".join([head] + opts)
    if len(one) <= width:
        return [one]
    return [head] + [indent + INDENT + o for o in opts]


def _when_lines(keyword: str, expr: Expr, width: int) -> list[str]:
    prefix = f"{INDENT}{keyword} "
    lines = layout_expr(expr, len(prefix), 2 * len(INDENT), width=width)
    return [prefix + lines[0]] + lines[1:]


def _rule_items(rule: Rule, pf: PolicyFile, width: int) -> list[tuple[str, list[str]]]:
    items: list[tuple[str, list[str]]] = []
    if rule.priority is not None:
        items.append(("priority", [f"{INDENT}priority {rule.priority}"]))
    if rule.when is not None:
        items.append(("when", _when_lines("when", rule.when, width)))
    items.append(("then", [f"{INDENT}then {rule.verdict} basis {rule.basis}"]))
    if rule.reason:
        items.append(("reason", [f"{INDENT}reason {_q(rule.reason)}"]))
    for step in rule.next_steps:
        items.append(("next", [f"{INDENT}next {_q(step)}"]))
    if rule.source is not None and not _inherited(rule, pf):
        items.append(("source", _source_lines("source", rule.source, INDENT, width)))
    return items


def _criterion_items(crit: Criterion, pf: PolicyFile, width: int) -> list[tuple[str, list[str]]]:
    items: list[tuple[str, list[str]]] = []
    if crit.description:
        items.append(("describe", [f"{INDENT}describe {_q(crit.description)}"]))
    if crit.when is not None:
        items.append(("when", _when_lines("when", crit.when, width)))
    if crit.require is not None:
        items.append(("require", _when_lines("require", crit.require, width)))
    if crit.proof:
        items.append(("proof", [f"{INDENT}proof {_q(crit.proof)}"]))
    if crit.source is not None and not _inherited(crit, pf):
        items.append(("source", _source_lines("source", crit.source, INDENT, width)))
    return items


def _inherited(item: Rule | Criterion, pf: PolicyFile) -> bool:
    """A rule's source that is its version's or the file's, not its own (what it would inherit anyway)."""
    version_source = item.version.source if item.version is not None else None
    default = version_source or pf.source
    return default is not None and (item.source is default or item.source == default)


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


def _with_comments(unit: Unit, lines: list[str], indent: str) -> list[str]:
    """Leading comments, then the lines; one trailing comment stays on a one-line unit."""
    return [text for _, text in _entries(unit, lines, indent, False)]


def _entries(unit: Unit, lines: list[str], indent: str, blank_first: bool) -> list[tuple[bool, str]]:
    """(blank line before?, text) for a unit's comments and lines. Only top-level comments keep the
    blank line above them (paragraphs of comments); inside blocks the caller ignores the flags."""
    trailing = list(unit.trailing)
    lines = list(lines)
    moved: list[Comment] = []
    if len(trailing) == 1 and len(lines) == 1:
        lines[0] += "  " + trailing[0].text
    else:
        moved = trailing
    out = [(c.blank_before, indent + c.text) for c in unit.leading]
    out += [(False, indent + c.text) for c in moved]
    out.append((blank_first, lines[0]))
    out += [(False, line) for line in lines[1:]]
    return out


def _block_lines(st: Statement, pf: PolicyFile, width: int) -> tuple[list[str], list[Comment]]:
    """A rule or criterion. Returns its lines and comments that must go before it."""
    obj = st.obj
    keyword = "rule" if st.kind == "rule" else "criterion"
    rendered = _rule_items(obj, pf, width) if st.kind == "rule" else _criterion_items(obj, pf, width)
    # match rendered items to source items by key and occurrence (comments travel with their item)
    pools: dict[str, list[Unit]] = {}
    for key, _, _, unit in st.items:
        pools.setdefault(key, []).append(unit)
    orphans: list[Comment] = []
    out = [f"{keyword} {obj.name} {{"]
    before: list[Comment] = []
    if len(st.header.trailing) == 1:
        out[0] += "  " + st.header.trailing[0].text
    else:
        before += st.header.trailing
    for key, lines in rendered:
        pool = pools.get(key)
        unit = pool.pop(0) if pool else Unit()
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


def _stmt_entries(st: Statement, pf: PolicyFile, width: int) -> tuple[list[tuple[bool, str]], bool]:
    """A statement with its comments, and whether the statement itself spans several lines."""
    if st.is_block or st.kind == "version":
        lines, before = _block_lines(st, pf, width) if st.is_block else _version_lines(st, pf, width)
        entries = [(c.blank_before, c.text) for c in st.leading] + [(False, c.text) for c in before]
        entries.append((st.blank_before, lines[0]))
        entries += [(False, line) for line in lines[1:]]
        return entries, True
    if st.kind == "plan":
        lines = [f"plan {_q(st.obj)}"]
    elif st.kind == "insurer":
        lines = [f"insurer {st.obj}"]
    elif st.kind == "source":
        lines = _source_lines("source", st.obj, "", width)
    elif st.kind == "param":
        lines = [f"param {st.obj.name} = {unparse(st.obj.value)}"]
    elif st.kind == "document":
        lines = [_document_line(st.obj)]
    else:
        lines = _fact_lines(st.obj)
    return _entries(st, lines, "", st.blank_before), st.kind == "fact" and len(lines) > 1


def _version_lines(st: Statement, pf: PolicyFile, width: int) -> tuple[list[str], list[Comment]]:
    """A version block: its statements laid out like a file's, four spaces in."""
    version = st.obj
    head = f"version {version.date}" + (f" {_q(version.label)}" if version.label else "") + " {"
    before: list[Comment] = []
    if len(st.header.trailing) == 1:
        head += "  " + st.header.trailing[0].text
    else:
        before += st.header.trailing
    body, _ = _statement_lines(st.children, pf, width - len(INDENT))
    body += [c.text for c in st.closing.leading]
    closing = "}" + "".join("  " + c.text for c in st.closing.trailing[:1])
    body += [c.text for c in st.closing.trailing[1:]]
    return [head] + [INDENT + line if line else line for line in body] + [closing], before


def _statement_lines(stmts: list[Statement], pf: PolicyFile, width: int) -> tuple[list[str], bool]:
    """Statements one after another: a blank line around every block and where the source had one.
    Also whether the last one spans several lines."""
    out: list[str] = []
    prev_multi = False
    for st in stmts:
        entries, multi = _stmt_entries(st, pf, width)
        if out and (entries[0][0] or multi or prev_multi):
            out.append("")
        out.append(entries[0][1])
        for blank, text in entries[1:]:
            if blank:
                out.append("")
            out.append(text)
        prev_multi = multi
    return out, prev_multi


def format_file(pf: PolicyFile) -> str:
    """Canonical text of a parsed file, its comments kept (from `pf.source_text`)."""
    stmts = statements(pf)
    comments = comments_in(pf.source_text) if pf.source_text else []
    eof = attach(stmts, comments, pf.source_text or "")
    out, ends_multi = _statement_lines(stmts, pf, WIDTH)
    for i, c in enumerate(eof):
        if out and (c.blank_before or (i == 0 and ends_multi)):
            out.append("")
        out.append(c.text)
    return "\n".join(out) + "\n" if out else ""


def format_text(text: str, path: str = "<string>") -> str:
    """Canonical text of a rule or plan file. Raises DSLError when it does not parse."""
    return format_file(parse(text, path))
