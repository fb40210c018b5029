"""What rules can read: the fact schema (fields and functions with types), the values of one case
(plan findings + profile), lowering of DSL conditions to the engine's flat IR, and three-valued
evaluation for criteria and `explain`. The schema is the one place names are defined; the checker,
the docs (`policyeval rules facts`) and the compiler all read it."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..dsl.syntax import And, Call, Compare, Expr, ListExpr, Literal, Name, Not, Or, Pos
from ..errors import DSLError
from ..lexicon import Lexicon
from ..models import DOCUMENT_KINDS, MODIFIERS, TREATMENTS, Finding
from ..profile import Profile, score_name

# Types: "bool" "int" "number" "string" "treatment" "insurer" "concept" "condition" "modifier" "kind"
NUMERIC = {"int", "number"}


@dataclass(frozen=True)
class FieldSpec:
    name: str
    type: str
    doc: str
    optional: bool = True


@dataclass(frozen=True)
class ParamSpec:
    name: str
    type: str
    default: Any = None  # None = required
    variadic: bool = False


@dataclass(frozen=True)
class FunctionSpec:
    name: str
    params: tuple[ParamSpec, ...]
    returns: str
    doc: str
    optional: bool = False  # the result may be "not given" (depends on an absent profile field)


FIELDS: dict[str, FieldSpec] = {
    f.name: f
    for f in (
        FieldSpec(
            "treatment", "treatment", "the treatment asked about: iv_ketamine or esketamine_nasal", optional=False
        ),
        FieldSpec(
            "insurer",
            "insurer",
            "insurer id (aetna, cigna, uhc, bcbsma ...): the profile's, else the one recognised in the documents",
        ),
        FieldSpec("age", "int", "patient's age in years"),
        FieldSpec(
            "failed_antidepressant_trials",
            "int",
            "number of failed antidepressant trials: the profile's count, "
            "else the detailed trials with at most 25% improvement",
        ),
        FieldSpec("current_oral_antidepressant", "bool", "currently taking an oral antidepressant"),
        FieldSpec("psychotherapy_tried", "bool", "has tried evidence-based psychotherapy"),
        FieldSpec("rems_certified_site", "bool", "treatment site is REMS-certified (Spravato)"),
        FieldSpec("provider_in_network", "bool", "the treating provider is in the plan's network"),
    )
}

FUNCTIONS: dict[str, FunctionSpec] = {
    f.name: f
    for f in (
        FunctionSpec(
            "mentions",
            (ParamSpec("concept", "concept"), ParamSpec("modifiers", "modifier", (), variadic=True)),
            "bool",
            "the plan's own documents (SBC, EOC, other; not insurer medical policies) mention the concept (`treatment` = the profile's treatment) in a "
            "scope carrying every listed modifier; anesthetic/controlled-substance mentions of a treatment "
            "count only when `non_psychiatric` is asked for",
        ),
        FunctionSpec(
            "policy_says",
            (ParamSpec("concept", "concept"), ParamSpec("modifiers", "modifier", (), variadic=True)),
            "bool",
            "like mentions(), but in an insurer medical-policy document given with the plan "
            "(kind policy) rather than in the plan's own documents",
        ),
        FunctionSpec(
            "diagnosed",
            (ParamSpec("condition", "condition"),),
            "bool",
            "the profile's diagnoses (names or ICD-10 codes) include the condition",
            optional=True,
        ),
        FunctionSpec(
            "score",
            (ParamSpec("scale", "string"),),
            "number",
            'the profile\'s severity score on a scale: "PHQ-9", "MADRS", "HAM-D", "QIDS"',
            optional=True,
        ),
        FunctionSpec(
            "trials",
            (ParamSpec("weeks", "number", 0), ParamSpec("improvement", "number", 25)),
            "int",
            "failed antidepressant trials of at least `weeks` weeks with at most `improvement` % improvement "
            "(detailed trials when given, else the profile's count)",
            optional=True,
        ),
        FunctionSpec(
            "indication_met",
            (ParamSpec("concept", "concept"),),
            "bool",
            "the profile's diagnoses include an indication the plan restricts the concept to (TRD counts as "
            "met by MDD with 2+ failed antidepressant trials of 6+ weeks)",
            optional=True,
        ),
        FunctionSpec(
            "has_document",
            (ParamSpec("kind", "kind"),),
            "bool",
            "a document of this kind was given: sbc, eoc, policy, other",
        ),
        FunctionSpec(
            "given",
            (ParamSpec("field", "field"),),
            "bool",
            "the profile gives this field (also: diagnoses, scores, antidepressant_trials)",
        ),
    )
}

PROFILE_ONLY = ("diagnoses", "scores", "antidepressant_trials")
TRD_MIN_FAILED_TRIALS = 2  # domain.md §2.1: "TRD in practice = failure of >= 2 oral antidepressants"


def constants(lexicon: Lexicon) -> dict[str, str]:
    """Bare names that are values, with their type."""
    out: dict[str, str] = {}
    for cid, concept in lexicon.concepts.items():
        out[cid] = "condition" if concept.kind == "condition" else "concept"
    for t in TREATMENTS:
        out[t] = "treatment"
    for iid in lexicon.insurers:
        out[iid] = "insurer"
    for m in MODIFIERS:
        out[m] = "modifier"
    for k in DOCUMENT_KINDS:
        out.setdefault(k, "kind")
    out["none"] = "insurer"
    return out


def suggest(name: str, options: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(options), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def _err(msg: str, pos: Pos, length: int = 1, hint: str = "") -> DSLError:
    return DSLError(msg, pos.file, pos.line, pos.column, length=length, hint=hint)


# ---- values of one case --------------------------------------------------------------------------


@dataclass
class Value:
    value: Any
    given: bool = True
    support: tuple[Finding, ...] = ()  # findings that made a mentions(...) true


@dataclass
class CaseFacts:
    """Everything rules can read for one case. Computed once per evaluation; values memoised."""

    profile: Profile
    findings: list[Finding]
    document_kinds: dict[str, str]  # document name -> kind
    lexicon: Lexicon
    insurer: str = ""  # resolved insurer id ("" = unknown)
    insurer_source: str = ""  # "profile" | document name
    _memo: dict = field(default_factory=dict)

    @property
    def conditions(self) -> set[str]:
        key = ("__conditions",)
        if key not in self._memo:
            found: set[str] = set()
            for d in self.profile.diagnoses or ():
                found |= self.lexicon.conditions_for(d)
            self._memo[key] = found
        return self._memo[key]

    def field(self, name: str) -> Value:
        p = self.profile
        if name == "treatment":
            return Value(p.treatment)
        if name == "insurer":
            return Value(self.insurer, bool(self.insurer))
        if name == "failed_antidepressant_trials":
            if p.failed_antidepressant_trials is not None:
                return Value(p.failed_antidepressant_trials)
            if p.antidepressant_trials is not None:
                return Value(self._count_trials(0, 25))
            return Value(0, False)
        if name in FIELDS:
            v = getattr(p, name)
            default = False if FIELDS[name].type == "bool" else 0
            return Value(default if v is None else v, v is not None)
        raise KeyError(name)

    def _count_trials(self, weeks: float, improvement: float) -> int:
        return sum(
            1
            for t in self.profile.antidepressant_trials or ()
            if t.weeks is not None
            and t.weeks >= weeks
            and t.improvement_pct is not None
            and t.improvement_pct <= improvement
        )

    def call(self, func: str, args: tuple) -> Value:
        key = (func, args)
        if key not in self._memo:
            self._memo[key] = getattr(self, f"_fn_{func}")(*args)
        return self._memo[key]

    def _resolve_concept(self, concept: str) -> str:
        return self.profile.treatment if concept == "treatment" else concept

    def _matching(self, concept: str, mods: tuple[str, ...], in_policy: bool) -> Value:
        concept = self._resolve_concept(concept)
        wanted = set(mods)
        hits = tuple(
            f
            for f in self.findings
            if f.concept == concept
            and wanted <= f.modifiers
            and (self._kind_of(f) == "policy") == in_policy
            and ("non_psychiatric" in wanted or "non_psychiatric" not in f.modifiers)
        )
        return Value(bool(hits), True, hits)

    def _kind_of(self, f: Finding) -> str:
        return self.document_kinds.get(f.evidence.document, f.evidence.document_kind or "other")

    def _fn_mentions(self, concept: str, *mods: str) -> Value:
        return self._matching(concept, mods, in_policy=False)

    def _fn_policy_says(self, concept: str, *mods: str) -> Value:
        return self._matching(concept, mods, in_policy=True)

    def _fn_diagnosed(self, condition: str) -> Value:
        if self.profile.diagnoses is None:
            return Value(False, False)
        return Value(condition in self.conditions)

    def _fn_score(self, scale: str) -> Value:
        name = score_name(scale)
        scores = self.profile.scores or {}
        if name not in scores:
            return Value(0, False)
        return Value(scores[name])

    def _fn_trials(self, weeks: float = 0, improvement: float = 25) -> Value:
        p = self.profile
        if p.antidepressant_trials is not None:
            return Value(self._count_trials(weeks, improvement))
        if p.failed_antidepressant_trials is not None:
            return Value(p.failed_antidepressant_trials)
        return Value(0, False)

    def _fn_indication_met(self, concept: str) -> Value:
        concept = self._resolve_concept(concept)
        restricted = [
            f
            for f in self.findings
            if f.concept == concept and "restricted" in f.modifiers and "non_psychiatric" not in f.modifiers
        ]
        if self.profile.diagnoses is None:
            return Value(False, False, tuple(restricted))
        wanted = set()
        for f in restricted:
            wanted |= set(f.conditions)
        if wanted & self.conditions:
            return Value(True, True, tuple(restricted))
        if "trd" in wanted and "mdd" in self.conditions:
            # TRD has no ICD-10 code: in practice it is MDD that failed at least 2 antidepressant trials.
            trials = self._fn_trials(6, 25)
            if not trials.given:
                return Value(False, False, tuple(restricted))
            return Value(trials.value >= TRD_MIN_FAILED_TRIALS, True, tuple(restricted))
        return Value(False, True, tuple(restricted))

    def _fn_has_document(self, kind: str) -> Value:
        return Value(kind in self.document_kinds.values())

    def _fn_given(self, name: str) -> Value:
        if name in PROFILE_ONLY:
            return Value(getattr(self.profile, name) is not None)
        return Value(self.field(name).given)


# ---- resolution & lowering to the engine IR ------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    """A flat engine field standing for a DSL field or function call."""

    key: str  # engine field name
    func: str  # "" for a plain field
    args: tuple  # resolved constant arguments
    type: str
    optional: bool

    def value(self, facts: CaseFacts) -> Value:
        return facts.call(self.func, self.args) if self.func else facts.field(self.key)


class Lowerer:
    """Resolves names against the schema, params and constants, and lowers conditions to the engine
    IR (And/Or/Not/Compare(field, literal)/Literal). Slots collect the fields one case must supply."""

    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon
        self.consts = constants(lexicon)
        self.slots: dict[str, Slot] = {}

    # types ------------------------------------------------------------------
    def _const_type(self, name: str) -> str | None:
        return self.consts.get(name)

    def resolve_arg(self, expr: Expr, spec: ParamSpec, params: dict[str, Literal]) -> Any:
        if isinstance(expr, Name) and expr.name in params:
            expr = params[expr.name]
        if isinstance(expr, Literal):
            if spec.type in NUMERIC and not isinstance(expr.value, bool) and isinstance(expr.value, (int, float)):
                return expr.value
            if spec.type == "string" and isinstance(expr.value, str):
                return expr.value
            raise _err(f"argument '{spec.name}' expects {spec.type}, got {expr.value!r}", expr.pos)
        if not isinstance(expr, Name):
            raise _err(f"argument '{spec.name}' must be a name or a constant", getattr(expr, "pos", Pos()))
        name = expr.name
        if spec.type == "field":
            if name in FIELDS or name in PROFILE_ONLY:
                return name
            raise _err(f"unknown field '{name}'", expr.pos, len(name), suggest(name, list(FIELDS) + list(PROFILE_ONLY)))
        if spec.type == "concept":
            if name == "treatment" or self._const_type(name) in ("concept", "treatment", "condition"):
                return name
        elif spec.type == "modifier":
            if name in MODIFIERS:
                return name
            raise _err(f"unknown modifier '{name}'", expr.pos, len(name), suggest(name, MODIFIERS))
        elif spec.type == "condition":
            if self._const_type(name) == "condition":
                return name
            conds = [c for c, t in self.consts.items() if t == "condition"]
            raise _err(f"unknown condition '{name}'", expr.pos, len(name), suggest(name, conds))
        elif spec.type == "kind":
            if name in DOCUMENT_KINDS:
                return name
            raise _err(f"unknown document kind '{name}'", expr.pos, len(name), suggest(name, DOCUMENT_KINDS))
        if name in self.consts:
            return name
        raise _err(f"unknown name '{name}'", expr.pos, len(name), suggest(name, self.consts))

    def slot_for_call(self, call: Call, params: dict[str, Literal]) -> Slot:
        spec = FUNCTIONS.get(call.func)
        if spec is None:
            raise _err(f"unknown function '{call.func}'", call.pos, len(call.func), suggest(call.func, FUNCTIONS))
        args: list[Any] = []
        positional = list(call.args)
        kw = dict(call.kwargs)
        for p in spec.params:
            if p.variadic:
                args.extend(self.resolve_arg(a, p, params) for a in positional)
                positional = []
                continue
            if positional:
                args.append(self.resolve_arg(positional.pop(0), p, params))
            elif p.name in kw:
                args.append(self.resolve_arg(kw.pop(p.name), p, params))
            elif p.default is not None:
                args.append(p.default)
            else:
                raise _err(f"{call.func}() needs its '{p.name}' argument", call.pos, len(call.func))
        if positional:
            raise _err(f"{call.func}() takes {len(spec.params)} argument(s), got more", call.pos, len(call.func))
        if kw:
            bad = next(iter(kw))
            raise _err(
                f"{call.func}() has no argument '{bad}'",
                call.pos,
                len(call.func),
                suggest(bad, [p.name for p in spec.params]),
            )
        resolved = tuple(args)
        key = "f_" + call.func + "".join(f"_{a}" for a in resolved).replace(".", "p").replace("-", "m")
        key = "".join(ch if ch.isalnum() or ch == "_" else "_" for ch in key)
        return self.slots.setdefault(key, Slot(key, call.func, resolved, spec.returns, spec.optional))

    def slot_for_name(self, name: Name) -> Slot:
        spec = FIELDS[name.name]
        return self.slots.setdefault(name.name, Slot(name.name, "", (), spec.type, spec.optional))

    def operand(self, expr: Expr, params: dict[str, Literal]) -> tuple[str, Any]:
        """('slot', Slot) | ('const', (value, type))."""
        if isinstance(expr, Literal):
            t = (
                "bool"
                if isinstance(expr.value, bool)
                else "int"
                if isinstance(expr.value, int)
                else "number"
                if isinstance(expr.value, float)
                else "string"
            )
            return "const", (expr.value, t)
        if isinstance(expr, Call):
            return "slot", self.slot_for_call(expr, params)
        if isinstance(expr, Name):
            if expr.name in params:
                return self.operand(params[expr.name], params)
            if expr.name in FIELDS:
                return "slot", self.slot_for_name(expr)
            t = self._const_type(expr.name)
            if t:
                return "const", (expr.name, t)
            raise _err(
                f"unknown name '{expr.name}'",
                expr.pos,
                len(expr.name),
                suggest(expr.name, list(FIELDS) + list(params) + list(self.consts)),
            )
        raise _err("expected a field, a function call or a constant here", getattr(expr, "pos", Pos()))

    @staticmethod
    def compatible(a: str, b: str) -> bool:
        if a in NUMERIC and b in NUMERIC:
            return True
        strings = {"string", "treatment", "insurer", "concept", "condition", "kind", "modifier"}
        if a in strings and b in strings:
            return a == b or "string" in (a, b)
        return a == b

    def lower(self, expr: Expr, params: dict[str, Literal]) -> Expr:
        if isinstance(expr, And):
            return And(tuple(self.lower(e, params) for e in expr.items), expr.pos)
        if isinstance(expr, Or):
            return Or(tuple(self.lower(e, params) for e in expr.items), expr.pos)
        if isinstance(expr, Not):
            return Not(self.lower(expr.expr, params), expr.pos)
        if isinstance(expr, Compare):
            return self._lower_compare(expr, params)
        if isinstance(expr, (Name, Call, Literal)):
            kind, thing = self.operand(expr, params)
            if kind == "const":
                value, t = thing
                if t != "bool":
                    raise _err(f"{value!r} is not a condition (true/false)", expr.pos)
                return Literal(value, expr.pos)
            if thing.type != "bool":
                raise _err(
                    f"'{_label(expr)}' is {thing.type}, not a condition; compare it with something",
                    expr.pos,
                    len(_label(expr)),
                )
            return self._guard(thing, Compare("==", Name(thing.key), Literal(True)), expr.pos)
        raise _err("a list is not a condition", getattr(expr, "pos", Pos()))

    def _guard(self, slot: Slot, cmp: Expr, pos: Pos) -> Expr:
        if not slot.optional:
            return cmp
        return And((Compare("==", Name(slot.key + "__given"), Literal(True)), cmp), pos)

    def _lower_compare(self, expr: Compare, params: dict[str, Literal]) -> Expr:
        if expr.op in ("in", "notin"):
            if not isinstance(expr.right, ListExpr):
                raise _err("'in' needs a list: x in [a, b]", expr.pos)
            if not expr.right.items:
                raise _err("'in []' can never hold: the list is empty", expr.right.pos)
            parts = tuple(
                Compare("==" if expr.op == "in" else "!=", expr.left, item, expr.pos) for item in expr.right.items
            )
            joined = Or(parts, expr.pos) if expr.op == "in" else And(parts, expr.pos)
            return self.lower(joined, params)
        lk, left = self.operand(expr.left, params)
        rk, right = self.operand(expr.right, params)
        op = expr.op
        if lk == "const" and rk == "slot":
            lk, left, rk, right = rk, right, lk, left
            op = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}.get(op, op)
        if lk == "const":
            a, b = left[0], right[0]
            return Literal(_py_compare(op, a, b), expr.pos)
        slot: Slot = left
        if rk == "slot":
            raise _err("compare a field with a constant, not with another field", expr.pos)
        value, vtype = right
        if not self.compatible(slot.type, vtype):
            raise _err(
                f"cannot compare {_label(expr.left)} ({slot.type}) with {value!r} ({vtype})",
                expr.pos,
                hint=_type_hint(slot.type, self.consts),
            )
        if slot.type in ("bool",) or vtype not in NUMERIC:
            if op not in ("==", "!="):
                raise _err(f"'{op}' needs numbers; {slot.type} values only take == and !=", expr.pos)
        return self._guard(slot, Compare(op, Name(slot.key), Literal(value)), expr.pos)


def _type_hint(t: str, consts: dict[str, str]) -> str:
    examples = [c for c, ct in consts.items() if ct == t][:4]
    return f"{t} values are e.g. {', '.join(examples)}" if examples else ""


def _label(expr: Expr) -> str:
    if isinstance(expr, Name):
        return expr.name
    if isinstance(expr, Call):
        return expr.func + "(...)"
    return "expression"


def _py_compare(op: str, a: Any, b: Any) -> bool:
    try:
        return (
            {"==": a == b, "!=": a != b}.get(op)
            if op in ("==", "!=")
            else {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]
        )
    except TypeError:
        return False


def engine_fact(slots: Iterable[Slot], facts: CaseFacts) -> dict[str, Any]:
    """The flat fact the engine matches: every slot present, with a `__given` flag for optional ones."""
    out: dict[str, Any] = {}
    for slot in slots:
        v = slot.value(facts)
        value = v.value
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        out[slot.key] = value
        if slot.optional:
            out[slot.key + "__given"] = bool(v.given)
    return out


# ---- three-valued evaluation (criteria, explain) -------------------------------------------------


def eval3(expr: Expr, facts: CaseFacts, lowerer: Lowerer, params: dict[str, Literal]) -> bool | None:
    """True / False / None (a value it needs is not given). Used where 'not given' must not read as 'not met'."""
    if isinstance(expr, And):
        vals = [eval3(e, facts, lowerer, params) for e in expr.items]
        return False if False in vals else None if None in vals else True
    if isinstance(expr, Or):
        vals = [eval3(e, facts, lowerer, params) for e in expr.items]
        return True if True in vals else None if None in vals else False
    if isinstance(expr, Not):
        v = eval3(expr.expr, facts, lowerer, params)
        return None if v is None else not v
    if isinstance(expr, Compare):
        if expr.op in ("in", "notin"):
            items = expr.right.items if isinstance(expr.right, ListExpr) else ()
            parts = tuple(Compare("==", expr.left, i) for i in items)
            v = eval3(Or(parts), facts, lowerer, params)
            return v if expr.op == "in" or v is None else not v
        left = operand_value(expr.left, facts, lowerer, params)
        right = operand_value(expr.right, facts, lowerer, params)
        if left is None or right is None:
            return None
        return _py_compare(expr.op, left, right)
    v = operand_value(expr, facts, lowerer, params)
    return None if v is None else bool(v)


def operand_value(expr: Expr, facts: CaseFacts, lowerer: Lowerer, params: dict[str, Literal]) -> Any:
    """A value for an operand, or None when it is not given."""
    kind, thing = lowerer.operand(expr, params)
    if kind == "const":
        return thing[0]
    v = thing.value(facts)
    return v.value if v.given else None


def support(expr: Expr, facts: CaseFacts, lowerer: Lowerer, params: dict[str, Literal]) -> list[Finding]:
    """Findings behind the true mentions(...)/indication_met(...) calls of a condition: the evidence."""
    from ..dsl.syntax import walk

    out: list[Finding] = []
    for node in walk(expr):
        if isinstance(node, Call) and node.func in ("mentions", "policy_says", "indication_met"):
            v = lowerer.slot_for_call(node, params).value(facts)
            if v.value:
                out.extend(f for f in v.support if f not in out)
    return out
