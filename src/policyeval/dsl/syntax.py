"""The DSL's abstract syntax: plain dataclasses with source positions, shared by parser, checker,
formatter, compiler and explainer. Expressions are immutable so they can be hashed and cached."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any


@dataclass(frozen=True)
class Pos:
    file: str = "<string>"
    line: int = 0
    column: int = 0
    end_line: int = 0
    end_column: int = 0

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


NOWHERE = Pos()

# Layout the formatter needs and positions do not give: (line, column, end_line) of a statement, and
# a block's items in source order as (key, line, end_line). Not part of AST equality.
Span = tuple[int, int, int]
NO_SPAN: Span = (0, 0, 0)


def _span() -> Span:
    return field(default=NO_SPAN, compare=False, repr=False)


def _layout() -> list[tuple[str, int, int]]:
    return field(default_factory=list, compare=False, repr=False)


# ---- expressions ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Literal:
    value: bool | int | float | str
    pos: Pos = field(default=NOWHERE, compare=False)


@dataclass(frozen=True)
class Name:
    """A bare identifier: a fact field, a param, or a constant (concept, verdict, insurer id)."""

    name: str
    pos: Pos = field(default=NOWHERE, compare=False)


@dataclass(frozen=True)
class ListExpr:
    items: tuple[Expr, ...]
    pos: Pos = field(default=NOWHERE, compare=False)


@dataclass(frozen=True)
class Call:
    func: str
    args: tuple[Expr, ...] = ()
    kwargs: tuple[tuple[str, Expr], ...] = ()
    pos: Pos = field(default=NOWHERE, compare=False)


@dataclass(frozen=True)
class Compare:
    op: str  # == != < <= > >= in notin
    left: Expr
    right: Expr
    pos: Pos = field(default=NOWHERE, compare=False)


@dataclass(frozen=True)
class And:
    items: tuple[Expr, ...]
    pos: Pos = field(default=NOWHERE, compare=False)


@dataclass(frozen=True)
class Or:
    items: tuple[Expr, ...]
    pos: Pos = field(default=NOWHERE, compare=False)


@dataclass(frozen=True)
class Not:
    expr: Expr
    pos: Pos = field(default=NOWHERE, compare=False)


Expr = Literal | Name | ListExpr | Call | Compare | And | Or | Not

# ---- statements ----------------------------------------------------------------------------------


@dataclass
class Source:
    """Provenance of a rule: the insurer policy it encodes."""

    label: str
    title: str = ""
    url: str = ""
    effective: str = ""  # ISO date
    undated: str = ""  # why no effective date can be given (instead of `effective`)
    pos: Pos = NOWHERE
    span: Span = _span()

    def cite(self) -> str:
        parts = [self.label]
        if self.title:
            parts.append(f"“{self.title}”")
        if self.effective:
            parts.append(f"effective {self.effective}")
        elif self.undated:
            parts.append("undated")
        return ", ".join(parts)


@dataclass
class Version:
    """A version of an insurer's policy: in force from `date` until the next version's date. Its
    params override the file's for every rule and criterion while it is in force."""

    date: str  # ISO date
    label: str = ""  # what changed, in a few words
    source: Source | None = None  # the default source of its rules and criteria
    params: list[Param] = field(default_factory=list)
    pos: Pos = NOWHERE
    span: Span = _span()


# When a rule or criterion is in force: (first day, first day no longer) as ISO dates, "" = open.
Window = tuple[str, str]
ALWAYS: Window = ("", "")


def in_window(window: Window, day: str) -> bool:
    """Whether ISO date `day` falls in the window (ISO dates order as text)."""
    start, end = window
    return (not start or start <= day) and (not end or day < end)


@dataclass
class Rule:
    name: str
    priority: int | None = None
    when: Expr | None = None
    verdict: str = ""
    basis: str = ""
    reason: str = ""
    next_steps: list[str] = field(default_factory=list)
    source: Source | None = None
    insurer: str = ""  # scope from the file's `insurer` header ("" = every insurer)
    version: Version | None = None  # the version block it is in, or (a copy for) the version in force
    window: Window = field(default=ALWAYS, compare=False, repr=False)  # when it is in force
    pos: Pos = NOWHERE
    verdict_pos: Pos = NOWHERE
    basis_pos: Pos = NOWHERE
    order: int = 0  # declaration order across all loaded files (tie-break)
    span: Span = _span()
    layout: list[tuple[str, int, int]] = _layout()


@dataclass
class Criterion:
    name: str
    description: str = ""
    when: Expr | None = None
    require: Expr | None = None
    proof: str = ""
    source: Source | None = None
    insurer: str = ""
    version: Version | None = None
    window: Window = field(default=ALWAYS, compare=False, repr=False)
    pos: Pos = NOWHERE
    span: Span = _span()
    layout: list[tuple[str, int, int]] = _layout()


@dataclass
class Param:
    name: str
    value: Literal
    pos: Pos = NOWHERE
    span: Span = _span()


@dataclass
class DocumentDecl:
    name: str
    kind: str = "other"
    pages: int = 0
    title: str = ""
    about: str = ""  # Document.kind_detail
    amends: str = ""
    year: str = ""
    pos: Pos = NOWHERE
    span: Span = _span()


@dataclass
class PlanFact:
    kind: str
    concept: str
    modifiers: list[str] = field(default_factory=list)
    document: str = ""
    page: int = 0
    section: str = ""
    row: str = ""
    quote: str = ""
    matched: str = ""
    conditions: list[str] = field(default_factory=list)
    boxes: list[tuple[float, float, float, float]] = field(default_factory=list)
    ocr: bool = False
    # scope (models.Scope)
    indications: list[str] = field(default_factory=list)
    other_indications: bool = False
    network: str = ""
    routes: list[str] = field(default_factory=list)
    other_routes: bool = False
    age_min: int | None = None
    age_max: int | None = None
    settings: list[str] = field(default_factory=list)
    limits: list[str] = field(default_factory=list)
    consequence: str = ""
    device: str = ""
    tier: str = ""
    cells: dict[str, str] = field(default_factory=dict)
    pointer: str = ""
    value: str = ""
    pos: Pos = NOWHERE
    span: Span = _span()


@dataclass
class PolicyFile:
    """One parsed file. A rule file has rules/criteria; a plan file has documents/facts."""

    path: str
    source_text: str
    insurer: str = ""
    insurer_pos: Pos = NOWHERE
    source: Source | None = None
    plan_title: str = ""
    params: list[Param] = field(default_factory=list)
    versions: list[Version] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)  # every rule, those inside version blocks too
    criteria: list[Criterion] = field(default_factory=list)
    documents: list[DocumentDecl] = field(default_factory=list)
    facts: list[PlanFact] = field(default_factory=list)
    spans: dict[str, Span] = field(default_factory=dict, compare=False, repr=False)  # file headers' layout

    @property
    def is_plan(self) -> bool:
        return bool(self.documents or self.facts or self.plan_title)


def walk(expr: Expr) -> Iterator[Expr]:
    """Every node of an expression, depth first, parents before children."""
    yield expr
    if isinstance(expr, (And, Or)):
        for item in expr.items:
            yield from walk(item)
    elif isinstance(expr, Not):
        yield from walk(expr.expr)
    elif isinstance(expr, Compare):
        yield from walk(expr.left)
        yield from walk(expr.right)
    elif isinstance(expr, ListExpr):
        for item in expr.items:
            yield from walk(item)
    elif isinstance(expr, Call):
        for item in expr.args:
            yield from walk(item)
        for _, item in expr.kwargs:
            yield from walk(item)


def leaves(expr: Expr) -> list[Expr]:
    """The comparisons and boolean atoms of a condition (below and/or/not), left to right."""
    out: list[Expr] = []
    stack = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, (And, Or)):
            stack.extend(reversed(node.items))
        elif isinstance(node, Not):
            stack.append(node.expr)
        else:
            out.append(node)
    return out


# ---- AST equality ignoring positions ------------------------------------------------------------


def ast_shape(obj: Any) -> Any:
    """A position-free, comparable form of a parsed file (or any AST node): what `fmt` must preserve."""
    if isinstance(obj, PolicyFile):
        return (
            "file",
            obj.insurer,
            ast_shape(obj.source),
            obj.plan_title,
            ast_shape(obj.params),
            ast_shape(obj.versions),
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
        skip = {"pos", "verdict_pos", "basis_pos", "order", "span", "layout", "window"}
        return (type(obj).__name__,) + tuple(ast_shape(getattr(obj, f.name)) for f in fields(obj) if f.name not in skip)
    return obj


def same_ast(a: PolicyFile, b: PolicyFile) -> bool:
    return ast_shape(a) == ast_shape(b)
