"""The prior-authorization checklist: the criteria that apply to this case (the insurer pack's, else
the common ones), each checked against the profile as met, not met or not given, with the values it
read and the proof the insurer will ask for."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

from ..dsl.lowering import Lowerer
from ..dsl.schema import FIELDS
from ..dsl.syntax import Call, Criterion, Expr, Literal, Name, Rule, in_window, walk
from ..dsl.unparse import unparse
from ..models import CriterionResult, Evidence, Finding
from .case import CaseFacts
from .payer import payer_criteria
from .ruleset import RuleSet
from .threevalued import eval3, operand_value
from .wording import fill


def _applicable(ruleset: RuleSet, crit: Criterion, facts: CaseFacts) -> bool:
    if crit.when is None:
        return True
    return eval3(crit.when, facts, ruleset.lowerer, ruleset.params_for(crit)) is True


def checklist(
    ruleset: RuleSet, facts: CaseFacts, winner: Rule, evidence: list[Evidence]
) -> tuple[list[CriterionResult], list[str]]:
    """The criteria for a pa_required verdict and notes (approval periods), from one source so the
    verdict and its checklist cite the same policy: a pack rule's pack; else the criteria a payer
    document given with the plan states (the deciding one when it states any); else the insurer
    pack's, else the common ones."""
    if not winner.insurer:
        stated = payer_criteria_for(facts, [e.document for e in evidence])
        if stated:
            result = payer_criteria(stated, facts)
            if result.criteria:
                return result.criteria, result.notes
    return check_criteria(ruleset, facts), []


def payer_criteria_for(facts: CaseFacts, deciding: list[str]) -> list[Finding]:
    """Criterion facts of the policy documents that speak about this treatment; only the deciding
    document's when it states criteria."""
    st = facts.statements
    speaking = {s.finding.evidence.document for s in st.about(facts.profile.treatment) if s.in_policy}
    usable = [f for f in st.criteria if f.evidence.document in speaking]
    for doc in deciding:
        own = [f for f in usable if f.evidence.document == doc]
        if own:
            return own
    return usable


def check_criteria(ruleset: RuleSet, facts: CaseFacts) -> list[CriterionResult]:
    """The insurer pack's criteria where it has any for this case, else the common ones."""
    in_force = [c for c in ruleset.criteria if in_window(c.window, facts.service_date)]
    pack = [c for c in in_force if c.insurer and c.insurer == facts.insurer and _applicable(ruleset, c, facts)]
    chosen = pack or [c for c in in_force if not c.insurer and _applicable(ruleset, c, facts)]
    out: list[CriterionResult] = []
    for crit in chosen:
        params = ruleset.params_for(crit)
        result = eval3(_requirement(crit), facts, ruleset.lowerer, params)
        status = {True: "met", False: "not_met", None: "not_given"}[result]
        words = _words(crit, ruleset)
        detail = "; ".join(
            dict.fromkeys(
                f"{label} = {_shown(operand_value(node, facts, ruleset.lowerer, params))}"
                for label, node in words.reads
            )
        )
        out.append(CriterionResult(crit.name, words.description, status, detail, crit.proof, words.source))
    return out


@dataclass(frozen=True)
class _Words:
    """A criterion's text and the operands its detail shows: the same for every case."""

    criterion: Criterion
    description: str
    source: str
    reads: tuple[tuple[str, Expr], ...]  # (label as written, operand)


_WORDS: WeakKeyDictionary[Lowerer, dict[int, _Words]] = WeakKeyDictionary()


def _words(crit: Criterion, ruleset: RuleSet) -> _Words:
    known = _WORDS.setdefault(ruleset.lowerer, {})
    words = known.get(id(crit))
    if words is None or words.criterion is not crit:
        params = ruleset.params_for(crit)
        words = _Words(
            crit,
            fill(crit.description or crit.name, _param_text(params)),
            crit.source.cite() if crit.source else "",
            tuple(_reads(crit, params)),
        )
        known[id(crit)] = words
    return words


def _requirement(crit: Criterion) -> Expr:
    """What the criterion requires (the checker refuses a criterion without `require`)."""
    return crit.require if crit.require is not None else Literal(True)


def _param_text(params: dict[str, Literal]) -> dict[str, str]:
    return {k: (f"{v.value:g}" if isinstance(v.value, float) else str(v.value)) for k, v in params.items()}


def _reads(crit: Criterion, params: dict[str, Literal]) -> list[tuple[str, Expr]]:
    """The profile values a criterion reads, labelled as written: 'age', 'trials(weeks: 6, ...)'."""
    out: list[tuple[str, Expr]] = []
    for node in walk(_requirement(crit)):
        if isinstance(node, Name) and node.name not in params and node.name in FIELDS:
            out.append((node.name, node))
        elif isinstance(node, Call):
            out.append((_call_label(node, params), node))
    return out


def _shown(value: Any) -> str:
    return "not given" if value is None else ("yes" if value is True else "no" if value is False else str(value))


def _call_label(call: Call, params: dict[str, Literal]) -> str:
    """The call as written, with params replaced by their values: trials(weeks: 6, improvement: 25)."""

    def sub(e: Expr) -> Expr:
        return params[e.name] if isinstance(e, Name) and e.name in params else e

    return unparse(
        Call(call.func, tuple(sub(a) for a in call.args), tuple((k, sub(v)) for k, v in call.kwargs), call.pos)
    )
