"""Text of a rule or plan file -> `syntax.PolicyFile`. Lark parses; a Transformer builds the AST;
every error becomes a `DSLError` pointing at file, line and column.

Besides the AST, the parser leaves layout hints the formatter needs and the AST has no field for:
`obj._span = (line, column, end_line)` on every statement, `rule._items` / `criterion._items`
(`[(key, line, end_line), ...]` in source order) and `pf._spans` for the file headers. They are plain
attributes, not dataclass fields, so they never take part in AST equality."""

from __future__ import annotations

import json
import math
import re
from functools import cache
from pathlib import Path

from lark import Lark, Token, Transformer, v_args
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken, VisitError

from .. import resources
from ..errors import DSLError, InputError
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
)

MAX_SOURCE_BYTES = 1_000_000  # lark needs ~20 s per MB; real rule files are a few KB
MAX_NESTING = 200  # deeper expressions are refused before lark or Python recursion can fail

# What a person would call each terminal in an error message.
_TOKEN_WORDS = {
    "NAME": "a name",
    "STRING": 'a "string"',
    "SIGNED_INT": "a number",
    "SIGNED_FLOAT": "a number",
    "INT": "a whole number",
    "DATE": "a date (YYYY-MM-DD)",
    "COMPOP": "a comparison (== != < <= > >=)",
    "LBRACE": "'{'",
    "RBRACE": "'}'",
    "LSQB": "'['",
    "RSQB": "']'",
    "LPAR": "'('",
    "RPAR": "')'",
    "COMMA": "','",
    "EQUAL": "'='",
    "COLON": "':'",
    "$END": "end of file",
}

# Strings and comments, in the order they occur: how the formatter and the nesting guard find
# comments without mistaking a '#' or a bracket inside a string for one.
STRING_OR_COMMENT = re.compile(r'"(?:[^"\\\n]|\\.)*"|#[^\n]*')


@cache
def _lark() -> Lark:
    return Lark(
        resources.grammar_path().read_text(encoding="utf-8"),
        parser="lalr",
        propagate_positions=True,
        maybe_placeholders=False,
    )


def lines_of(text: str) -> list[str]:
    """Source lines as lark counts them: only '\\n' ends a line (not \\r, \\x0c or U+2028)."""
    return [line.rstrip("\r") for line in text.split("\n")]


class _Build(Transformer):
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
    @v_args(inline=True)
    def src_title(self, tok):
        return ("title", self._unquote(tok))

    @v_args(inline=True)
    def src_url(self, tok):
        return ("url", self._unquote(tok))

    @v_args(inline=True)
    def src_effective(self, tok):
        return ("effective", str(tok))

    def _source(self, meta, label, opts) -> Source:
        src = Source(self._unquote(label), pos=self._pos(meta))
        for key, value in opts:
            setattr(src, key, value)
        src._span = self._span(meta)
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
        prm._span = self._span(meta)
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

    def _items(self, kind: str, items) -> list[tuple[str, int, int]]:
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
        layout = self._items("rule", items)
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
        rule._span, rule._items = self._span(meta), layout
        return rule

    @v_args(meta=True)
    def criterion(self, meta, children):
        name, *items = children
        layout = self._items("criterion", items)
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
        crit._span, crit._items = self._span(meta), layout
        return crit

    # plan files
    @v_args(meta=True, inline=True)
    def plan_decl(self, meta, tok):
        return ("plan", self._unquote(tok), self._pos(meta), self._span(meta))

    @v_args(inline=True)
    def doc_kind(self, tok):
        return ("kind", str(tok))

    @v_args(inline=True)
    def doc_pages(self, tok):
        return ("pages", int(tok))

    @v_args(inline=True)
    def doc_title(self, tok):
        return ("title", self._unquote(tok))

    @v_args(inline=True)
    def doc_about(self, tok):
        return ("about", self._unquote(tok))

    @v_args(inline=True)
    def doc_amends(self, tok):
        return ("amends", self._unquote(tok))

    @v_args(inline=True)
    def doc_year(self, tok):
        return ("year", self._unquote(tok))

    @v_args(meta=True)
    def document_decl(self, meta, children):
        doc = DocumentDecl(self._unquote(children[0]), pos=self._pos(meta))
        for key, value in children[1:]:
            setattr(doc, key, value)
        doc._span = self._span(meta)
        return doc

    def modifier_list(self, items):
        return ("modifiers", [str(i) for i in items])

    def name_list(self, items):
        return [str(i) for i in items]

    @v_args(inline=True)
    def fact_location(self, doc, page):
        return [("document", self._unquote(doc)), ("page", int(page))]

    @v_args(inline=True)
    def fact_section(self, tok):
        return ("section", self._unquote(tok))

    @v_args(inline=True)
    def fact_row(self, tok):
        return ("row", self._unquote(tok))

    @v_args(inline=True)
    def fact_quote(self, tok):
        return ("quote", self._unquote(tok))

    @v_args(inline=True)
    def fact_matched(self, tok):
        return ("matched", self._unquote(tok))

    @v_args(inline=True)
    def fact_conditions(self, names):
        return ("conditions", names)

    @v_args(inline=True)
    def fact_box(self, *nums):
        return ("box", tuple(float(n.value) for n in nums))

    def fact_ocr(self, _):
        return ("ocr", True)

    @v_args(inline=True)
    def fact_indications(self, names):
        return ("indications", names)

    @v_args(inline=True)
    def fact_other_indications(self, names):
        return [("indications", names), ("other_indications", True)]

    @v_args(inline=True)
    def fact_network(self, tok):
        return ("network", str(tok))

    @v_args(inline=True)
    def fact_routes(self, names):
        return ("routes", names)

    @v_args(inline=True)
    def fact_other_routes(self, names):
        return [("routes", names), ("other_routes", True)]

    @v_args(inline=True)
    def fact_age_min(self, tok):
        return ("age_min", int(tok))

    @v_args(inline=True)
    def fact_age_max(self, tok):
        return ("age_max", int(tok))

    @v_args(inline=True)
    def fact_settings(self, names):
        return ("settings", names)

    @v_args(inline=True)
    def fact_limit(self, tok):
        return ("limit", self._unquote(tok))

    @v_args(inline=True)
    def fact_consequence(self, tok):
        return ("consequence", self._unquote(tok))

    @v_args(inline=True)
    def fact_device(self, tok):
        return ("device", str(tok))

    @v_args(inline=True)
    def fact_tier(self, tok):
        return ("tier", self._unquote(tok))

    @v_args(inline=True)
    def fact_cell(self, name, tok):
        return ("cell", (str(name), self._unquote(tok)))

    @v_args(inline=True)
    def fact_pointer(self, tok):
        return ("pointer", self._unquote(tok))

    @v_args(inline=True)
    def fact_value(self, tok):
        return ("value", self._unquote(tok))

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
        fact._span = self._span(meta)
        return fact

    def start(self, statements):
        return statements


def _nesting_depth(text: str) -> int:
    """Bracket depth outside strings and comments."""
    depth = best = 0
    for ch in STRING_OR_COMMENT.sub(" ", text):
        if ch in "([{":
            depth += 1
            best = max(best, depth)
        elif ch in ")]}":
            depth -= 1
    return best


def _expected_words(expected) -> str:
    words = {_TOKEN_WORDS.get(e, f"'{e.lower()}'" if e.isupper() and not e.startswith("__") else e) for e in expected}
    # closing brackets first: after a half-written block, '}' is usually what is missing
    words = sorted((w for w in words if not w.startswith("__")), key=lambda w: (not (len(w) == 3 and w[1] in ")]}"), w))
    if len(words) > 8:
        words = words[:8] + ["..."]
    return ", ".join(words)


def _syntax_error(err: UnexpectedInput, text: str, path: str) -> DSLError:
    line = getattr(err, "line", 0) or 0
    column = getattr(err, "column", 0) or 0
    source_lines = lines_of(text)
    source_line = source_lines[line - 1] if 0 < line <= len(source_lines) else ""
    if isinstance(err, UnexpectedCharacters):
        ch = text[err.pos_in_stream] if err.pos_in_stream < len(text) else ""
        msg = f"unexpected character {ch!r}"
        if ch == '"':
            msg = 'unterminated string (a string must close with " on the same line)'
        return DSLError(msg, path, line, column, source_line)
    if isinstance(err, UnexpectedEOF) or (isinstance(err, UnexpectedToken) and err.token.type == "$END"):
        content = [i for i, s in enumerate(source_lines) if s.strip()]
        last = content[-1] + 1 if content else 1
        last_text = source_lines[last - 1] if source_lines else ""
        return DSLError(
            f"unexpected end of file, expected {_expected_words(err.expected)}",
            path,
            last,
            len(last_text.rstrip()) + 1,
            last_text,
        )
    assert isinstance(err, UnexpectedToken)
    tok = err.token
    expected = _expected_words(err.accepts or err.expected)
    return DSLError(
        f"unexpected {tok.value!r}, expected {expected}", path, line, column, source_line, length=len(str(tok.value))
    )


def parse(text: str, path: str = "<string>") -> PolicyFile:
    """Parse one file's text. Raises DSLError; never another exception for any input text."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_SOURCE_BYTES:
        raise DSLError(f"file is larger than {MAX_SOURCE_BYTES // 1_000_000} MB; split it into several files", path)
    if _nesting_depth(text) > MAX_NESTING:
        raise DSLError(f"brackets nested more than {MAX_NESTING} deep; simplify the expression", path)
    try:
        tree = _lark().parse(text)
        statements = _Build(path).transform(tree)
    except UnexpectedInput as err:
        raise _syntax_error(err, text, path) from None
    except VisitError as err:
        if isinstance(err.orig_exc, DSLError):
            raise _with_source(err.orig_exc, text) from None
        if isinstance(err.orig_exc, RecursionError):
            raise DSLError("expression too deeply nested; simplify it", path) from None
        raise DSLError(f"cannot read this file: {err.orig_exc}", path) from None
    except RecursionError:
        raise DSLError("expression too deeply nested; simplify it", path) from None
    try:
        return _assemble(statements, text, path)
    except DSLError as exc:
        raise _with_source(exc, text) from None


def _with_source(exc: DSLError, text: str) -> DSLError:
    lines = lines_of(text)
    if exc.line and not exc.source_line and exc.line <= len(lines):
        exc.source_line = lines[exc.line - 1]
    return exc


def _assemble(statements, text: str, path: str) -> PolicyFile:
    pf = PolicyFile(path=path, source_text=text)
    pf._spans = {}
    for st in statements:
        if isinstance(st, Rule):
            st.insurer = pf.insurer
            st.source = st.source or pf.source
            pf.rules.append(st)
        elif isinstance(st, Criterion):
            st.insurer = pf.insurer
            st.source = st.source or pf.source
            pf.criteria.append(st)
        elif isinstance(st, Param):
            pf.params.append(st)
        elif isinstance(st, DocumentDecl):
            pf.documents.append(st)
        elif isinstance(st, PlanFact):
            pf.facts.append(st)
        elif st[0] == "insurer_decl":
            pos = st[2]
            if pf.rules or pf.criteria:
                raise DSLError(
                    "'insurer' must come before the first rule or criterion in a file",
                    path,
                    pos.line,
                    pos.column,
                    length=len(st[1]),
                )
            if pf.insurer:
                raise DSLError(
                    "'insurer' given twice in this file",
                    path,
                    pos.line,
                    pos.column,
                    length=len(st[1]),
                    hint=f"first given at line {pf.insurer_pos.line}; one file is one insurer's pack",
                )
            pf.insurer, pf.insurer_pos = st[1], pos
            pf._spans["insurer"] = st[3]
        elif st[0] == "source_decl":
            if pf.source is not None:
                pos = st[2]
                raise DSLError(
                    "file-level 'source' given twice",
                    path,
                    pos.line,
                    pos.column,
                    length=6,
                    hint=f"first given at line {pf.source.pos.line}; give a rule its own source inside its braces",
                )
            pf.source = st[1]
            pf._spans["source"] = st[3]
        elif st[0] == "plan":
            pf.plan_title = st[1]  # combined plan texts may repeat it: the last one wins
            pf._spans["plan"] = st[3]
    return pf


def parse_file(path: str | Path) -> PolicyFile:
    """Read and parse a file; unreadable or non-UTF-8 files give a DSLError naming the file."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{p}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{p}: is a directory, not a .policy file") from None
    except OSError as err:
        raise InputError(f"{p}: cannot read ({err.strerror})") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise DSLError(f"not UTF-8 text (byte {err.start}); save the file as UTF-8", str(p)) from None
    return parse(text, str(p))
