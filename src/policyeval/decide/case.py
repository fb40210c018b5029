"""The values of one case: the plan's findings and the patient's profile, as the fields and functions
of the fact schema (dsl/schema.py) define them, and the flat fact the engine matches."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any
from weakref import WeakKeyDictionary

from ..dsl.lowering import Lowerer, Slot
from ..dsl.schema import FIELDS, PROFILE_ONLY
from ..dsl.versions import SERVICE_DAY, day_number
from ..lexicon import Lexicon
from ..models import Finding
from ..profile import Profile, score_name
from .scenarios import assume
from .scope import APPLIES, INDICATION, REMS, TREATMENT_ROUTE, Fit, Patient, fit
from .statements import LIMITS_COVERAGE, PlanStatements, Statement, plan_statements

# What each diagnosis (as written) names, per lexicon: the same answer for every case.
_CONDITIONS: WeakKeyDictionary[Lexicon, dict[str, frozenset[str]]] = WeakKeyDictionary()
TRD_MIN_FAILED_TRIALS = 2  # docs/DOMAIN.md §2.1: TRD = at least 2 failed oral antidepressants


@dataclass
class Value:
    value: Any
    given: bool = True
    support: tuple[Finding, ...] = ()  # findings that made a mentions(...) true


@dataclass
class CaseFacts:
    """Everything rules can read for one case. Computed once per evaluation; values memoised.

    Statements count only where their scope includes the patient (scope.py); `answers` are what a
    scenario assumes for questions the profile leaves open (scenarios.py); with `apply_scope` off,
    every statement counts, set-aside ones too (the trace's "does not apply" entries)."""

    profile: Profile
    findings: list[Finding]
    document_kinds: dict[str, str]  # document name -> kind
    lexicon: Lexicon
    insurer: str = ""  # resolved insurer id ("" = unknown or ambiguous)
    insurer_source: str = ""  # "profile" | document name
    service_date: str = ""  # ISO date the versions in force are picked by: the profile's, else today
    plan: PlanStatements | None = None  # the plan's statements (built from findings when None)
    about: dict[str, str] = field(default_factory=dict)  # document name -> its kind in words
    carriers: tuple[str, ...] = ()  # the carriers the documents name when they name several
    packs: Mapping[str, frozenset[str]] = field(default_factory=dict)  # insurer -> treatments its pack decides
    answers: Mapping[str, Any] = field(default_factory=dict)  # a scenario's assumed answers
    apply_scope: bool = True
    _memo: dict[tuple[str, tuple[Any, ...]], Value] = field(default_factory=dict)
    _conditions: set[str] | None = None
    _patient: Patient | None = None
    _profile_patient: Patient | None = None
    _fits: dict[int, Fit] = field(default_factory=dict)

    @property
    def statements(self) -> PlanStatements:
        if self.plan is None:
            self.plan = plan_statements(self.findings, self.document_kinds, self.about, {})
        return self.plan

    def __post_init__(self) -> None:
        self.service_date = self.service_date or self.profile.service_date or dt.date.today().isoformat()

    @property
    def conditions(self) -> set[str]:
        """The condition ids the profile's diagnoses name (names or ICD-10 codes)."""
        if self._conditions is None:
            known = _CONDITIONS.setdefault(self.lexicon, {})
            found: set[str] = set()
            for d in self.profile.diagnoses or ():
                if d not in known:
                    known[d] = frozenset(self.lexicon.conditions_for(d))
                found |= known[d]
            self._conditions = found
        return self._conditions

    @property
    def patient(self) -> Patient:
        """What scope is checked against: the profile, with the scenario's answers."""
        if self._patient is None:
            self._patient = assume(self.profile_patient, self.answers, self.lexicon)
        return self._patient

    @property
    def profile_patient(self) -> Patient:
        """What the profile itself says (no scenario answers): criteria are checked against it."""
        if self._profile_patient is None:
            self._profile_patient = self._read_patient()
        return self._profile_patient

    def _read_patient(self) -> Patient:
        p = self.profile
        conditions: frozenset[str] | None = None
        maybe: frozenset[str] = frozenset()
        if p.diagnoses is not None:
            known = set(self.conditions)
            if "trd" not in known and "mdd" in known:
                # TRD has no ICD-10 code: in practice it is MDD that failed at least 2 antidepressant trials.
                trials = self._fn_trials(6, 25)
                if not trials.given:
                    maybe = frozenset({"trd"})
                elif trials.value >= TRD_MIN_FAILED_TRIALS:
                    known.add("trd")
            conditions = frozenset(known)
        settings = {} if p.rems_certified_site is None else {REMS: p.rems_certified_site}
        return Patient(TREATMENT_ROUTE.get(p.treatment, ""), p.provider_in_network, p.age, settings, conditions, maybe)

    def fit(self, st: Statement) -> Fit:
        if not st.scoped:
            return APPLIES
        key = id(st)
        if key not in self._fits:
            self._fits[key] = fit(st, self.patient, self.lexicon)
        return self._fits[key]

    def assuming(self, answers: Mapping[str, Any]) -> CaseFacts:
        """The same case under a scenario's answers (fresh memo)."""
        return replace(self, answers=answers, _memo={}, _patient=None, _fits={})

    def ignoring_scope(self) -> CaseFacts:
        """The same case with every statement counted, set-aside ones too."""
        return replace(self, apply_scope=False, _memo={}, _fits={})

    def why_not(self, finding: Finding) -> str:
        """Why a statement does not count for this patient ("" when it does)."""
        for aside in self.statements.set_aside:
            if aside.statement.finding is finding:
                return aside.reason
        for st in self.statements.about(finding.concept):
            if st.finding is finding:
                f = self.fit(st)
                return (
                    f.reason
                    if f.status == "excluded"
                    else ""
                    if f.status == "applies"
                    else "the profile leaves it open"
                )
        return ""

    def field(self, name: str) -> Value:
        p = self.profile
        if name == "treatment":
            return Value(p.treatment)
        if name == "insurer":
            return Value(self.insurer, bool(self.insurer))
        if name == SERVICE_DAY:
            return Value(day_number(self.service_date))
        if name == "insurer_candidates":
            return Value(len(self.carriers))
        if name == "insurer_has_pack":
            return Value(p.treatment in self.packs.get(self.insurer, ()), bool(self.insurer))
        if name == "medical_documents":
            return Value(sum(1 for k in self.document_kinds.values() if k != "non_medical"))
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

    def _candidates(self, concept: str, mods: tuple[str, ...], in_policy: bool) -> tuple[Statement, ...]:
        concept = self._resolve_concept(concept)
        return self.statements.candidates(concept, mods, in_policy, set_aside=not self.apply_scope)

    def _matching(self, concept: str, mods: tuple[str, ...], in_policy: bool) -> Value:
        hits = tuple(
            st.finding
            for st in self._candidates(concept, mods, in_policy)
            if not st.scoped or not self.apply_scope or self.fit(st).status == "applies"
        )
        return Value(bool(hits), True, hits)

    def _excluding(self, concept: str, mods: tuple[str, ...], in_policy: bool) -> Value:
        """The statements covering the concept that are limited to indications cover it only for
        indications the patient's diagnoses exclude (none of them holds for the patient). Coverage
        stated for some indications is coverage for those only; a prior-authorization requirement
        stated for some indications says nothing about the others."""
        if not self.apply_scope:
            return Value(False)
        limited = [
            st
            for st in self._candidates(concept, mods, in_policy)
            if st.modifiers & LIMITS_COVERAGE and st.scope.indications and not st.scope.other_indications
        ]
        fits = [self.fit(st) for st in limited]
        if any(f.status != "excluded" for f in fits):
            return Value(False)
        hits = tuple(st.finding for st, f in zip(limited, fits) if f.by == "indication")
        return Value(bool(hits), True, hits)

    def _fn_mentions(self, concept: str, *mods: str) -> Value:
        return self._matching(concept, mods, in_policy=False)

    def _fn_policy_says(self, concept: str, *mods: str) -> Value:
        return self._matching(concept, mods, in_policy=True)

    def _fn_indication_excludes(self, concept: str, *mods: str) -> Value:
        return self._excluding(concept, mods, in_policy=False)

    def _fn_policy_indication_excludes(self, concept: str, *mods: str) -> Value:
        return self._excluding(concept, mods, in_policy=True)

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
        """Whether the diagnoses include an indication the plan limits the concept's coverage to."""
        concept = self._resolve_concept(concept)
        limited = [
            st
            for st in self.statements.about(concept)
            if st.scope.indications
            and not st.scope.other_indications
            and st.grants
            and "non_psychiatric" not in st.modifiers
        ]
        support = tuple(st.finding for st in limited)
        if self.profile.diagnoses is None and INDICATION not in self.answers:
            return Value(False, False, support)
        wanted = frozenset(c for st in limited for c in st.scope.indications)
        has = self.patient.has_any(wanted) if wanted else False
        return Value(bool(has), has is not None, support)

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
        _put(out, slot, slot.value(facts))
    return out


def _put(out: dict[str, Any], slot: Slot, v: Value) -> None:
    value = v.value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    out[slot.key] = value
    if slot.optional:
        out[slot.key + "__given"] = bool(v.given)


# Engine-fact slots that the plan and the treatment alone decide (per plan, rule set and treatment).
_PLAN_FIELDS = frozenset({"treatment", "medical_documents"})
_STATEMENT_FUNCTIONS = {"mentions": False, "policy_says": True}  # -> whether it reads policy documents


def plan_engine_fact(lowerer: Lowerer, facts: CaseFacts) -> dict[str, Any]:
    """engine_fact() for the rule set of `lowerer`, with the slots that depend only on the plan and
    the treatment computed once per plan (kept with its statements) and only the rest per case."""
    key = ("engine-fact", id(lowerer), facts.profile.treatment, facts.apply_scope)
    kept = facts.statements.memo.get(key)
    if kept is None or kept[0] is not lowerer or len(kept[1]) + len(kept[2]) != len(lowerer.slots):
        base: dict[str, Any] = {}
        variable: list[Slot] = []
        for slot in lowerer.slots.values():
            if _plan_only(slot, facts):
                _put(base, slot, slot.value(facts))
            else:
                variable.append(slot)
        kept = (lowerer, base, variable)
        facts.statements.memo[key] = kept
    out = dict(kept[1])
    for slot in kept[2]:
        _put(out, slot, slot.value(facts))
    return out


def _plan_only(slot: Slot, facts: CaseFacts) -> bool:
    if not slot.func:
        return slot.key in _PLAN_FIELDS
    if slot.func == "has_document":
        return True
    if slot.func in _STATEMENT_FUNCTIONS:
        concept, mods = slot.args[0], tuple(slot.args[1:])
        return not any(st.scoped for st in facts._candidates(concept, mods, _STATEMENT_FUNCTIONS[slot.func]))
    return False
