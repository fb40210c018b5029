"""Prior-authorization criteria a payer document states (an insurer medical policy or PA criteria
page given with the plan): they replace the generic or pack criteria in the checklist, each checked
against the profile and citing its page. Approval periods are not criteria: they become notes."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ..models import CriterionResult, Finding
from ..profile import score_name
from .case import CaseFacts
from .scope import SETTING_WORDS, condition_words

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
# The trial-shape criteria that qualify `failed_trials` when the same document states them.
_TRIAL_SHAPE = ("trial_weeks", "max_improvement")


@dataclass(frozen=True)
class PayerCriteria:
    criteria: list[CriterionResult]
    notes: list[str]  # approval and renewal periods, as next steps


def _number(text: str) -> float | None:
    m = _NUMBER.search(text or "")
    return float(m.group()) if m else None


def _cite(f: Finding) -> str:
    return f"{f.evidence.document} page {f.evidence.page}"


def _status(value: bool | None) -> str:
    return {True: "met", False: "not_met", None: "not_given"}[value]


def _shown(value: object) -> str:
    return (
        "not given"
        if value is None
        else (
            "yes"
            if value is True
            else "no"
            if value is False
            else f"{value:g}"
            if isinstance(value, float)
            else str(value)
        )
    )


def payer_criteria(findings: list[Finding], facts: CaseFacts) -> PayerCriteria:
    """The checklist of these criterion facts (one document's, in the order stated)."""
    by_id: dict[str, list[Finding]] = {}
    for f in findings:
        by_id.setdefault(f.concept, []).append(f)
    out: list[CriterionResult] = []
    notes: list[str] = []
    for cid, group in by_id.items():
        if cid in _TRIAL_SHAPE and "failed_trials" in by_id:
            continue  # folded into failed_trials
        if cid in ("approval_months", "renewal_months"):
            months = _number(group[0].value)
            if months is not None:
                what = "An approval lasts" if cid == "approval_months" else "A renewal lasts"
                notes.append(f"{what} {months:g} months under this policy ({_cite(group[0])}).")
            continue
        check = _CHECKS.get(cid)
        if check is not None:
            result = check(group, by_id, facts)
            if result is not None:
                out.append(result)
    return PayerCriteria(out, notes)


def _min_age(group: list[Finding], _: dict[str, list[Finding]], facts: CaseFacts) -> CriterionResult | None:
    n = _number(group[0].value)
    if n is None:
        return None
    age = facts.profile.age
    status = _status(None if age is None else age >= n)
    return CriterionResult(
        "min_age",
        f"Age {n:g} or older",
        status,
        f"age = {_shown(age)}",
        "Your date of birth on the request (the insurer checks it against enrollment).",
        _cite(group[0]),
    )


def _diagnosis(group: list[Finding], _: dict[str, list[Finding]], facts: CaseFacts) -> CriterionResult | None:
    wanted = frozenset(c for f in group for c in f.scope.indications)
    if not wanted:
        return None
    has = facts.profile_patient.has_any(wanted)
    given = "not given" if facts.profile.diagnoses is None else ", ".join(facts.profile.diagnoses) or "none"
    return CriterionResult(
        "diagnosis",
        f"Diagnosis: {condition_words(wanted, facts.lexicon)}",
        _status(has),
        f"diagnoses = {given}",
        "Your psychiatrist's diagnosis with its ICD-10 code.",
        _cite(group[0]),
    )


def _failed_trials(group: list[Finding], by_id: dict[str, list[Finding]], facts: CaseFacts) -> CriterionResult | None:
    n = _number(group[0].value)
    if n is None:
        return None
    weeks = _number(by_id["trial_weeks"][0].value) if "trial_weeks" in by_id else None
    improvement = _number(by_id["max_improvement"][0].value) if "max_improvement" in by_id else None
    trials = facts.call("trials", (weeks or 0, 25 if improvement is None else improvement))
    desc = f"At least {n:g} failed antidepressant trials"
    if weeks is not None:
        desc += f" of {weeks:g}+ weeks each"
    if improvement is not None:
        desc += f" (at most {improvement:g}% improvement)"
    count = trials.value if trials.given else None
    return CriterionResult(
        "failed_trials",
        desc,
        _status(None if count is None else count >= n),
        f"failed trials = {_shown(count)}",
        "Pharmacy records or chart notes listing each antidepressant, its dose, the dates and your response.",
        _cite(group[0]),
    )


def _trial_weeks(group: list[Finding], _: dict[str, list[Finding]], facts: CaseFacts) -> CriterionResult | None:
    weeks = _number(group[0].value)
    if weeks is None:
        return None
    trials = facts.call("trials", (weeks, 100))
    return CriterionResult(
        "trial_weeks",
        f"Antidepressant trials of {weeks:g}+ weeks each",
        _status(None if not trials.given else trials.value >= 1),
        f"trials of {weeks:g}+ weeks = {_shown(trials.value if trials.given else None)}",
        "Pharmacy records or chart notes with the dates of each antidepressant trial.",
        _cite(group[0]),
    )


def _trial_classes(group: list[Finding], _: dict[str, list[Finding]], facts: CaseFacts) -> CriterionResult | None:
    n = _number(group[0].value)
    if n is None:
        return None
    return CriterionResult(
        "trial_classes",
        f"Failed trials from at least {n:g} different antidepressant classes",
        "not_given",
        "the profile does not record classes",
        "Pharmacy records naming each antidepressant (the insurer checks their classes).",
        _cite(group[0]),
    )


def _min_score(group: list[Finding], _: dict[str, list[Finding]], facts: CaseFacts) -> CriterionResult | None:
    """Several thresholds (PHQ-9 15, MADRS 28) are alternatives: any one met is enough."""
    parts: list[str] = []
    results: list[bool | None] = []
    details: list[str] = []
    for f in group:
        scale_text = _NUMBER.sub("", f.value).strip(" :≥>=")
        n = _number(f.value)
        scale = score_name(scale_text)
        if n is None or scale is None:
            continue
        parts.append(f"{scale_text} at least {n:g}")
        score = facts.call("score", (scale_text,))
        results.append(score.value >= n if score.given else None)
        details.append(f"{scale_text} = {_shown(score.value if score.given else None)}")
    if not parts:
        return None
    status = True if True in results else None if None in results else False
    return CriterionResult(
        "min_score",
        "Severity score: " + " or ".join(parts),
        _status(status),
        "; ".join(details),
        "A recent severity score recorded by your clinician.",
        _cite(group[0]),
    )


def _flag(field: str, name: str, desc: str, proof: str) -> Callable[..., CriterionResult | None]:
    def check(group: list[Finding], _: dict[str, list[Finding]], facts: CaseFacts) -> CriterionResult | None:
        value = getattr(facts.profile, field)
        return CriterionResult(name, desc, _status(value), f"{field} = {_shown(value)}", proof, _cite(group[0]))

    return check


def _concurrent(group: list[Finding], by_id: dict[str, list[Finding]], facts: CaseFacts) -> CriterionResult | None:
    if "not" in group[0].value.lower():
        return None  # monotherapy allowed: nothing to check
    return _flag(
        "current_oral_antidepressant",
        "concurrent_antidepressant",
        "Taking an oral antidepressant alongside",
        "Your current prescription list.",
    )(group, by_id, facts)


def _prescriber(group: list[Finding], _: dict[str, list[Finding]], facts: CaseFacts) -> CriterionResult | None:
    who = " or ".join(SETTING_WORDS.get(s, s) for f in group for s in f.scope.settings) or group[0].value
    if not who:
        return None
    return CriterionResult(
        "prescriber",
        f"Prescribed or supervised {who}",
        "not_given",
        "the profile does not say who prescribes",
        "The prescriber's name and specialty on the request.",
        _cite(group[0]),
    )


_CHECKS: dict[str, Callable[[list[Finding], dict[str, list[Finding]], CaseFacts], CriterionResult | None]] = {
    "min_age": _min_age,
    "diagnosis": _diagnosis,
    "failed_trials": _failed_trials,
    "trial_weeks": _trial_weeks,
    "max_improvement": lambda g, b, f: None,
    "trial_classes": _trial_classes,
    "min_score": _min_score,
    "prescriber": _prescriber,
    "rems_setting": _flag(
        "rems_certified_site",
        "rems_setting",
        "Treatment in a REMS-certified healthcare setting",
        "The clinic's Spravato REMS certification (the clinic can confirm it).",
    ),
    "concurrent_antidepressant": _concurrent,
    "psychotherapy": _flag(
        "psychotherapy_tried",
        "psychotherapy",
        "Psychotherapy tried or ongoing",
        "Your therapist's notes or a letter stating the therapy and its dates.",
    ),
}
