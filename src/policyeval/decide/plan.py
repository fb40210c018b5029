"""One plan prepared for deciding: its documents, statements and carrier, worked out once and shared
by every profile decided against it (the app re-decides on every answer; QA and the benchmark decide
one plan for many profiles). Holds nothing about a patient."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from weakref import WeakKeyDictionary

from ..dsl.planfile import DocumentInfo
from ..lexicon import Lexicon
from ..models import Finding
from ..profile import Profile
from .carrier import Carrier, resolve_carrier
from .case import CaseFacts
from .ruleset import RuleSet
from .statements import PlanStatements, plan_statements


@dataclass
class PreparedPlan:
    findings: list[Finding]
    kinds: dict[str, str]  # document name -> kind
    about: dict[str, str]  # document name -> its kind in words ("dental plan")
    statements: PlanStatements
    # The carrier the documents name, per lexicon (used when the profile names none).
    _carriers: WeakKeyDictionary[Lexicon, Carrier] = field(default_factory=WeakKeyDictionary, repr=False)

    def case(self, profile: Profile, rules: RuleSet, lexicon: Lexicon) -> CaseFacts:
        """The case of one profile against this plan."""
        if profile.insurer:
            carrier = resolve_carrier(profile, self.findings, lexicon, self.kinds)
        else:
            carrier = self._carriers.get(lexicon) or resolve_carrier(profile, self.findings, lexicon, self.kinds)
            self._carriers[lexicon] = carrier
        return CaseFacts(
            profile,
            self.findings,
            self.kinds,
            lexicon,
            carrier.insurer,
            carrier.source,
            plan=self.statements,
            about=self.about,
            carriers=carrier.candidates,
            packs=rules.pack_treatments,
        )


def prepare_plan(documents: Sequence[DocumentInfo], findings: list[Finding]) -> PreparedPlan:
    """A plan's documents and findings (from its plan file) prepared for many profiles."""
    kinds = {d.name: d.kind for d in documents}
    for f in findings:
        kinds.setdefault(f.evidence.document, f.evidence.document_kind or "other")
    about = {d.name: d.kind_detail for d in documents if d.kind_detail}
    amends = {d.name: d.amends for d in documents if d.amends}
    return PreparedPlan(findings, kinds, about, plan_statements(findings, kinds, about, amends))
