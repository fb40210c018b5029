"""The values of one case: the plan's findings and the patient's profile, as the fields and functions
of the fact schema (dsl/schema.py) define them, and the flat fact the engine matches."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..dsl.lowering import Slot
from ..dsl.schema import FIELDS, PROFILE_ONLY
from ..dsl.versions import SERVICE_DAY, day_number
from ..lexicon import Lexicon
from ..models import Finding
from ..profile import Profile, score_name

TRD_MIN_FAILED_TRIALS = 2  # domain.md §2.1: "TRD in practice = failure of >= 2 oral antidepressants"


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
    service_date: str = ""  # ISO date the versions in force are picked by: the profile's, else today
    _memo: dict[tuple[str, tuple[Any, ...]], Value] = field(default_factory=dict)
    _conditions: set[str] | None = None

    def __post_init__(self) -> None:
        self.service_date = self.service_date or self.profile.service_date or dt.date.today().isoformat()

    @property
    def conditions(self) -> set[str]:
        """The condition ids the profile's diagnoses name (names or ICD-10 codes)."""
        if self._conditions is None:
            found: set[str] = set()
            for d in self.profile.diagnoses or ():
                found |= self.lexicon.conditions_for(d)
            self._conditions = found
        return self._conditions

    def field(self, name: str) -> Value:
        p = self.profile
        if name == "treatment":
            return Value(p.treatment)
        if name == "insurer":
            return Value(self.insurer, bool(self.insurer))
        if name == SERVICE_DAY:
            return Value(day_number(self.service_date))
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

    def call(self, func: str, args: tuple[Any, ...]) -> Value:
        key = (func, args)
        if key not in self._memo:
            value: Value = getattr(self, f"_fn_{func}")(*args)
            self._memo[key] = value
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
