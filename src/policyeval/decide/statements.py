"""What a plan's findings say, as statements the decision may use: the same for every patient, so
built once per plan and cached.

A finding becomes a statement with its scope; what its document may not decide is set aside
with the reason the trace gives:
- a document that is not medical coverage (dental, vision, life ...) never decides;
- a drug list (formulary) speaks only for drugs: IV ketamine, infusion therapy or mental-health
  services are never decided by a formulary;
- a rider or amendment replaces what the document it amends says about the same concept (the base
  document named by `amends`, else every plan document that is not a policy, rider or drug list);
- coverage in a document that states prior-authorization criteria is coverage subject to prior
  authorization, never plain coverage.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from ..models import Finding, Scope

# Concepts a drug list can speak for (a formulary lists drugs, not services).
DRUG_CONCEPTS = frozenset({"esketamine_nasal", "specialty_drugs", "prescription_drugs"})
# Statement kinds the rules read through mentions()/policy_says().
STATEMENT_KINDS = frozenset({"treatment", "category", "exclusion"})
POLARITY = frozenset({"covered", "excluded", "experimental", "prior_authorization", "pa_not_required", "step_therapy"})
# Statements granting coverage.
GRANTS = frozenset({"covered", "prior_authorization"})
DENIES = frozenset({"excluded", "experimental"})
# Coverage stated for some indications limits coverage to them (the older `restricted` said so).
LIMITS_COVERAGE = frozenset({"covered", "restricted"})
# A rider with no `amends` replaces these documents' statements.
AMENDABLE_KINDS = frozenset({"sbc", "eoc", "medicare_summary", "other"})


@dataclass(frozen=True)
class Statement:
    """A finding as the decision reads it: the scope it holds for, and where it comes from."""

    finding: Finding
    modifiers: frozenset[str]
    scope: Scope
    in_policy: bool  # from an insurer medical policy / payer criteria document (kind policy)
    other_than: frozenset[str] = frozenset()  # other_indications: the indications it is "other" than
    scoped: bool = True  # False: no limit stated, it holds for every patient

    @property
    def concept(self) -> str:
        return self.finding.concept

    @property
    def grants(self) -> bool:
        return bool(self.modifiers & GRANTS)

    @property
    def denies_only(self) -> bool:
        """An exclusion that grants nothing (not covered / experimental, no coverage stated)."""
        return bool(self.modifiers & DENIES) and not self.grants


@dataclass(frozen=True)
class SetAside:
    """A statement its document may not decide, and why (shown in the trace)."""

    statement: Statement
    reason: str


@dataclass
class PlanStatements:
    """A plan's statements by concept, what was set aside, and the payer criteria it states."""

    by_concept: dict[str, list[Statement]] = field(default_factory=dict)
    set_aside: list[SetAside] = field(default_factory=list)
    criteria: list[Finding] = field(default_factory=list)  # criterion facts of policy documents

    _candidates: dict[tuple[str, tuple[str, ...], bool, bool], tuple[Statement, ...]] = field(
        default_factory=dict, repr=False
    )
    memo: dict[Any, Any] = field(default_factory=dict, repr=False)  # what later stages derive per plan

    def about(self, concept: str) -> list[Statement]:
        return self.by_concept.get(concept, [])

    def set_aside_about(self, concept: str) -> list[SetAside]:
        return [s for s in self.set_aside if s.statement.concept == concept]

    def scoped_about(self, concept: str) -> list[Statement]:
        """The statements about the concept whose scope limits whom they hold for."""
        return [s for s in self.about(concept) if s.scoped]

    def candidates(
        self, concept: str, mods: tuple[str, ...], in_policy: bool, set_aside: bool = False
    ) -> tuple[Statement, ...]:
        """Statements about the concept from the plan's own documents (or from policy documents)
        carrying every listed modifier (set-aside ones too when asked); anesthetic mentions of a
        treatment count only when non_psychiatric is asked for. The same for every patient: kept."""
        key = (concept, mods, in_policy, set_aside)
        found = self._candidates.get(key)
        if found is None:
            wanted = set(mods)
            pool = list(self.about(concept))
            if set_aside:
                pool += [a.statement for a in self.set_aside_about(concept)]
            found = tuple(
                st
                for st in pool
                if wanted <= st.modifiers
                and st.in_policy == in_policy
                and ("non_psychiatric" in wanted or "non_psychiatric" not in st.modifiers)
            )
            self._candidates[key] = found
        return found


def plan_statements(
    findings: Iterable[Finding], kinds: dict[str, str], about: dict[str, str], amends: dict[str, str]
) -> PlanStatements:
    """Statements of one plan. `kinds`, `about` and `amends` map document names to the document's
    kind, its kind in words ("dental plan") and the document a rider amends."""
    findings = list(findings)
    gated = {f.evidence.document for f in findings if f.kind == "criterion"}
    out = PlanStatements()
    kept: list[Statement] = []
    for f in findings:
        if f.kind == "criterion" and kinds.get(f.evidence.document) == "policy":
            out.criteria.append(f)
        if f.kind not in STATEMENT_KINDS:
            continue
        kind = kinds.get(f.evidence.document, f.evidence.document_kind or "other")
        mods = f.modifiers
        if f.evidence.document in gated and f.kind == "treatment" and "covered" in mods:
            mods = mods | {"prior_authorization"}  # coverage gated by criteria is prior authorization
        scope = f.scope
        st = Statement(f, mods, scope, kind == "policy", scoped=not scope.is_empty())
        reason = _not_decisive(st, kind, about.get(f.evidence.document, ""))
        if reason:
            out.set_aside.append(SetAside(st, reason))
        else:
            kept.append(st)
    kept = _apply_riders(kept, kinds, amends, out.set_aside)
    for st in _resolve_other_indications(kept):
        out.by_concept.setdefault(st.concept, []).append(st)
    return out


def _not_decisive(st: Statement, kind: str, about: str) -> str:
    doc = st.finding.evidence.document
    if kind == "non_medical":
        return f"{doc} is {_article(about or 'non-medical')} document, not medical coverage"
    if kind == "formulary" and st.concept not in DRUG_CONCEPTS:
        return f"{doc} is a drug list; it speaks only for drugs"
    return ""


def _article(words: str) -> str:
    return ("an " if words[:1].lower() in "aeiou" else "a ") + words


def _apply_riders(
    statements: list[Statement], kinds: dict[str, str], amends: dict[str, str], set_aside: list[SetAside]
) -> list[Statement]:
    """A rider's statement about a concept replaces the amended document's statements about it."""
    riders = [s for s in statements if kinds.get(s.finding.evidence.document) == "rider" and s.modifiers & POLARITY]
    if not riders:
        return statements
    replaced: dict[tuple[str, str], Statement] = {}  # (base document, concept) -> the rider statement
    for r in riders:
        rider_doc = r.finding.evidence.document
        base = amends.get(rider_doc, "")
        bases = [base] if base in kinds else [d for d, k in kinds.items() if k in AMENDABLE_KINDS]
        for b in bases:
            replaced.setdefault((b, r.concept), r)
    kept = []
    for s in statements:
        by = replaced.get((s.finding.evidence.document, s.concept))
        if by is None:
            kept.append(s)
            continue
        ev = by.finding.evidence
        set_aside.append(
            SetAside(s, f"replaced by {ev.document} page {ev.page} (a rider amending {s.finding.evidence.document})")
        )
    return kept


def _resolve_other_indications(statements: list[Statement]) -> list[Statement]:
    """'Every other use' with no indication named means every use except the ones the same document
    (else the same kind of source) covers for the same concept."""
    covered: dict[tuple[str, str], set[str]] = {}
    by_source: dict[tuple[bool, str], set[str]] = {}
    for s in statements:
        if s.grants and s.scope.indications and not s.scope.other_indications:
            covered.setdefault((s.finding.evidence.document, s.concept), set()).update(s.scope.indications)
            by_source.setdefault((s.in_policy, s.concept), set()).update(s.scope.indications)
    out = []
    for s in statements:
        if s.scope.other_indications:
            named = set(s.scope.indications)
            if not named:
                named = covered.get((s.finding.evidence.document, s.concept)) or by_source.get(
                    (s.in_policy, s.concept), set()
                )
            s = replace(s, other_than=frozenset(named), scoped=True)
        out.append(s)
    return out
