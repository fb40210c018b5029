"""Lark's parse tree -> the AST of `syntax`, keeping positions. Besides the AST, the builder fills
the layout the formatter needs: `span` on every statement, `layout` on rules and criteria (their items
in source order) and `spans` for the file headers; those fields never take part in AST equality."""

from __future__ import annotations

import json
import math
from typing import Any

from lark import Token, Transformer, v_args

from ..errors import DSLError
from .syntax import (
    And,
    Call,
    Compare,
    Criterion,
    DocumentDecl,
    ListExpr,
    Literal,
    Name,
    Not,
    Or,
    Param,
    PlanFact,
    PolicyFile,
    Pos,
    Rule,
    Source,
    Version,
)

__all__ = ["TreeToAST", "assemble"]


def _option(key: str, kind: str) -> Any:
    """A transformer method for an option holding one value: ("key", value)."""

    @v_args(inline=True)
    def method(self: TreeToAST, value: Any) -> tuple[str, Any]:
        if kind == "string":
            return key, self._unquote(value)
        if kind == "int":
            return key, int(value)
        return key, value if kind == "names" else str(value)

    return method


class TreeToAST(Transformer):
    """Parse tree -> AST dataclasses, keeping positions."""

    def __init__(self, path: str):
        super().__init__()
        self.path = path

    def _pos(self, meta_or_token) -> Pos:
        if isinstance(meta_or_token, Token):
            t = meta_or_token
            return Pos(self.path, t.line or 0, t.column or 0, t.end_line or 0, t.end_column or 0)
        m = meta_or_token
        if getattr(m, "empty", True):
            return Pos(self.path)
        return Pos(self.path, m.line, m.column, m.end_line, m.end_column)

    @staticmethod
    def _span(meta) -> tuple[int, int, int]:
        if getattr(meta, "empty", True):
            return (0, 0, 0)
        return (meta.line, meta.column, meta.end_line)

    def _unquote(self, tok: Token) -> str:
        """A STRING token's value. Escapes are JSON's (what the plan-file writer emits); others are errors."""
        text = str(tok)
        if "\\" not in text:
            return text[1:-1]
        try:
            return json.loads(text, strict=False)
        except json.JSONDecodeError as err:
            col = (tok.column or 0) + max(0, err.pos)
            bad = text[err.pos : err.pos + 2] if err.pos < len(text) else text
            raise DSLError(
                f"invalid escape '{bad}' in string",
                self.path,
                tok.line or 0,
                col,
                length=len(bad),
                hint='escapes are \\" \\\\ \\n \\t \\uXXXX',
            ) from None

    def _number(self, tok: Token, value: float) -> float:
        if not math.isfinite(value):
            raise DSLError(
                f"number {str(tok)[:20]}... is too large",
                self.path,
                tok.line or 0,
                tok.column or 0,
                length=len(str(tok)),
            )
        return value

    # literals
    @v_args(inline=True)
    def int_(self, tok):
        return Literal(int(tok), self._pos(tok))

    @v_args(inline=True)
    def float_(self, tok):
        return Literal(self._number(tok, float(tok)), self._pos(tok))

    @v_args(inline=True)
    def string(self, tok):
        return Literal(self._unquote(tok), self._pos(tok))

    @v_args(meta=True)
    def true(self, meta, _):
        return Literal(True, self._pos(meta))

    @v_args(meta=True)
    def false(self, meta, _):
        return Literal(False, self._pos(meta))

    # expressions
    @v_args(inline=True)
    def name(self, tok):
        return Name(str(tok), self._pos(tok))

    @v_args(meta=True)
    def call(self, meta, children):
        func, *args = children
        positional = tuple(a for a in args if not isinstance(a, tuple))
        keywords = tuple(a for a in args if isinstance(a, tuple))
        return Call(str(func), positional, keywords, self._pos(meta))

    @v_args(inline=True)
    def arg(self, expr):
        return expr

    @v_args(inline=True)
    def kwarg(self, key, expr):
        return (str(key), expr)

    @v_args(meta=True)
    def list(self, meta, items):
        return ListExpr(tuple(items), self._pos(meta))

    @v_args(meta=True, inline=True)
    def compare(self, meta, left, op, right):
        return Compare(str(op), left, right, self._pos(meta))

    @v_args(meta=True, inline=True)
    def member(self, meta, left, right):
        return Compare("in", left, right, self._pos(meta))

    @v_args(meta=True, inline=True)
    def not_member(self, meta, left, right):
        return Compare("notin", left, right, self._pos(meta))

    @v_args(meta=True)
    def and_(self, meta, items):
        return items[0] if len(items) == 1 else And(tuple(items), self._pos(meta))

    @v_args(meta=True)
    def or_(self, meta, items):
        return items[0] if len(items) == 1 else Or(tuple(items), self._pos(meta))

    @v_args(meta=True, inline=True)
    def not_(self, meta, expr):
        return Not(expr, self._pos(meta))

    # provenance
    def _source(self, meta, label, opts) -> Source:
        src = Source(self._unquote(label), pos=self._pos(meta))
        for key, value in opts:
            setattr(src, key, value)
        src.span = self._span(meta)
        return src

    @v_args(meta=True)
    def source_decl(self, meta, children):
        return ("source_decl", self._source(meta, children[0], children[1:]), self._pos(meta), self._span(meta))

    @v_args(meta=True)
    def rule_source(self, meta, children):
        return ("source", self._source(meta, children[0], children[1:]), self._pos(meta), self._span(meta))

    @v_args(meta=True, inline=True)
    def insurer_decl(self, meta, tok):
        return ("insurer_decl", str(tok), self._pos(tok), self._span(meta))

    @v_args(meta=True, inline=True)
    def param(self, meta, name, value):
        prm = Param(str(name), value, self._pos(name))
        prm.span = self._span(meta)
        return prm

    # rule / criterion items: (key, value, pos, span)
    @v_args(meta=True, inline=True)
    def priority(self, meta, tok):
        return ("priority", int(tok), self._pos(tok), self._span(meta))

    @v_args(meta=True, inline=True)
    def when(self, meta, expr):
        return ("when", expr, self._pos(meta), self._span(meta))

    @v_args(meta=True, inline=True)
    def require(self, meta, expr):
        return ("require", expr, self._pos(meta), self._span(meta))

    @v_args(meta=True, inline=True)
    def then(self, meta, verdict, basis):
        return (
            "then",
            (str(verdict), self._pos(verdict), str(basis), self._pos(basis)),
            self._pos(meta),
            self._span(meta),
        )

    @v_args(meta=True, inline=True)
    def reason(self, meta, tok):
        return ("reason", self._unquote(tok), self._pos(tok), self._span(meta))

    @v_args(meta=True, inline=True)
    def next_step(self, meta, tok):
        return ("next", self._unquote(tok), self._pos(tok), self._span(meta))

    @v_args(meta=True, inline=True)
    def describe(self, meta, tok):
        return ("describe", self._unquote(tok), self._pos(tok), self._span(meta))

    @v_args(meta=True, inline=True)
    def proof(self, meta, tok):
        return ("proof", self._unquote(tok), self._pos(tok), self._span(meta))

    def _layout(self, kind: str, items):
        seen: dict[str, Pos] = {}
        for key, _, pos, _span in items:
            if key in seen and key != "next":
                raise DSLError(
                    f"'{key}' given twice in this {kind}",
                    self.path,
                    pos.line,
                    pos.column,
                    length=len(key),
                    hint=f"first given at line {seen[key].line}",
                )
            seen[key] = pos
        return [(key, span[0], span[2]) for key, _, _, span in items]

    @v_args(meta=True)
    def rule(self, meta, children):
        name, *items = children
        layout = self._layout("rule", items)
        rule = Rule(str(name), pos=self._pos(name))
        for key, value, _pos, _ in items:
            if key == "priority":
                rule.priority = value
            elif key == "when":
                rule.when = value
            elif key == "then":
                rule.verdict, rule.verdict_pos, rule.basis, rule.basis_pos = value
            elif key == "reason":
                rule.reason = value
            elif key == "next":
                rule.next_steps.append(value)
            elif key == "source":
                rule.source = value
        if not rule.verdict:
            raise DSLError(
                f"rule '{rule.name}' has no 'then <verdict> basis <basis>'",
                self.path,
                rule.pos.line,
                rule.pos.column,
                length=len(rule.name),
            )
        rule.span, rule.layout = self._span(meta), layout
        return rule

    @v_args(meta=True)
    def criterion(self, meta, children):
        name, *items = children
        layout = self._layout("criterion", items)
        crit = Criterion(str(name), pos=self._pos(name))
        for key, value, _, _ in items:
            if key == "describe":
                crit.description = value
            elif key == "when":
                crit.when = value
            elif key == "require":
                crit.require = value
            elif key == "proof":
                crit.proof = value
            elif key == "source":
                crit.source = value
        if crit.require is None:
            raise DSLError(
                f"criterion '{crit.name}' has no 'require <condition>'",
                self.path,
                crit.pos.line,
                crit.pos.column,
                length=len(crit.name),
            )
        crit.span, crit.layout = self._span(meta), layout
        return crit

    # plan files
    @v_args(meta=True, inline=True)
    def plan_decl(self, meta, tok):
        return ("plan", self._unquote(tok), self._pos(meta), self._span(meta))

    @v_args(meta=True)
    def document_decl(self, meta, children):
        doc = DocumentDecl(self._unquote(children[0]), pos=self._pos(meta))
        for key, value in children[1:]:
            setattr(doc, key, value)
        doc.span = self._span(meta)
        return doc

    src_title = _option("title", "string")
    src_url = _option("url", "string")
    doc_title = _option("title", "string")
    doc_about = _option("about", "string")
    doc_amends = _option("amends", "string")
    doc_year = _option("year", "string")
    fact_section = _option("section", "string")
    fact_row = _option("row", "string")
    fact_quote = _option("quote", "string")
    fact_matched = _option("matched", "string")
    fact_limit = _option("limit", "string")
    fact_consequence = _option("consequence", "string")
    fact_tier = _option("tier", "string")
    fact_pointer = _option("pointer", "string")
    fact_value = _option("value", "string")
    fact_conditions = _option("conditions", "names")
    fact_indications = _option("indications", "names")
    fact_routes = _option("routes", "names")
    fact_settings = _option("settings", "names")
    src_effective = _option("effective", "text")
    src_undated = _option("undated", "string")
    doc_kind = _option("kind", "text")
    doc_pages = _option("pages", "int")
    fact_network = _option("network", "text")
    fact_age_min = _option("age_min", "int")
    fact_age_max = _option("age_max", "int")
    fact_device = _option("device", "text")

    def modifier_list(self, items):
        return ("modifiers", [str(i) for i in items])

    def name_list(self, items):
        return [str(i) for i in items]

    @v_args(inline=True)
    def fact_location(self, doc, page):
        return [("document", self._unquote(doc)), ("page", int(page))]

    @v_args(inline=True)
    def fact_box(self, *nums):
        return ("box", tuple(float(n.value) for n in nums))

    def fact_ocr(self, _):
        return ("ocr", True)

    @v_args(inline=True)
    def fact_other_indications(self, names):
        return [("indications", names), ("other_indications", True)]

    @v_args(inline=True)
    def fact_other_routes(self, names):
        return [("routes", names), ("other_routes", True)]

    @v_args(inline=True)
    def fact_cell(self, name, tok):
        return ("cell", (str(name), self._unquote(tok)))

    @v_args(meta=True)
    def fact(self, meta, children):
        kind, concept, *opts = children
        fact = PlanFact(str(kind), str(concept), pos=self._pos(meta))
        for opt in opts:
            for key, value in opt if isinstance(opt, list) else [opt]:
                if key == "box":
                    fact.boxes.append(value)
                elif key == "limit":
                    fact.limits.append(value)
                elif key == "cell":
                    fact.cells[value[0]] = value[1]
                else:
                    setattr(fact, key, value)
        fact.span = self._span(meta)
        return fact

    @v_args(meta=True)
    def version_block(self, meta, children):
        date, *items = children
        label = ""
        if items and isinstance(items[0], Token):
            label = self._unquote(items.pop(0))
        version = Version(str(date), label, pos=self._pos(date), span=self._span(meta))
        return ("version", version, items)

    def start(self, statements):
        return statements


def assemble(statements: list[Any], text: str, path: str) -> PolicyFile:
    """The transformed statements -> one file: header scope (insurer, file source, version) given to
    each rule and criterion; a header out of place or given twice is an error."""
    pf = PolicyFile(path=path, source_text=text)
    for st in statements:
        if isinstance(st, (Rule, Criterion)):
            _scoped(pf, st, None)
        elif isinstance(st, Param):
            pf.params.append(st)
        elif isinstance(st, DocumentDecl):
            pf.documents.append(st)
        elif isinstance(st, PlanFact):
            pf.facts.append(st)
        elif st[0] == "insurer_decl":
            _insurer(pf, st[1], st[2])
            pf.spans["insurer"] = st[3]
        elif st[0] == "source_decl":
            pf.source = _one_source(pf.source, st[1], st[2], "file-level 'source'")
            pf.spans["source"] = st[3]
        elif st[0] == "version":
            _version(pf, st[1], st[2])
        elif st[0] == "plan":
            pf.plan_title = st[1]  # combined plan texts may repeat it: the last one wins
            pf.spans["plan"] = st[3]
    return pf


def _scoped(pf: PolicyFile, item: Rule | Criterion, version: Version | None) -> None:
    """A rule or criterion takes the file's insurer, its version, and the version's or file's source."""
    item.insurer = pf.insurer
    item.version = version
    item.source = item.source or (version.source if version else None) or pf.source
    if isinstance(item, Rule):
        pf.rules.append(item)
    else:
        pf.criteria.append(item)


def _insurer(pf: PolicyFile, insurer: str, pos: Pos) -> None:
    if pf.rules or pf.criteria or pf.versions:
        raise DSLError(
            "'insurer' must come before the first rule, criterion or version in a file",
            pf.path,
            pos.line,
            pos.column,
            length=len(insurer),
        )
    if pf.insurer:
        raise DSLError(
            "'insurer' given twice in this file",
            pf.path,
            pos.line,
            pos.column,
            length=len(insurer),
            hint=f"first given at line {pf.insurer_pos.line}; one file is one insurer's pack",
        )
    pf.insurer, pf.insurer_pos = insurer, pos


def _one_source(current: Source | None, new: Source, pos: Pos, what: str) -> Source:
    if current is not None:
        raise DSLError(
            f"{what} given twice",
            pos.file,
            pos.line,
            pos.column,
            length=6,
            hint=f"first given at line {current.pos.line}; give a rule its own source inside its braces",
        )
    return new


def _version(pf: PolicyFile, version: Version, items: list[Any]) -> None:
    """A version block: its source and params are its own; its rules and criteria join the file's."""
    for item in items:
        if isinstance(item, (Rule, Criterion)):
            _scoped(pf, item, version)
        elif isinstance(item, Param):
            version.params.append(item)
        else:  # ("source_decl", source, pos, span)
            version.source = _one_source(version.source, item[1], item[2], f"'source' of version {version.date}")
    pf.versions.append(version)
