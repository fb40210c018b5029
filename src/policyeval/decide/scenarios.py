"""When the profile leaves a statement's scope open (network, age, diagnosis, setting), the case is
decided once per answer the patient could give, and the answers are compared: the same outcome
settles it; different outcomes give `unknown`, naming the question and what each answer gives.
The answers to try come from the statements themselves (their age bounds, their indications), so
their number stays small; more than MAX_SCENARIOS combinations are not tried."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from ..lexicon import Lexicon
from .scope import AGE, INDICATION, NETWORK, SETTING, SETTING_WORDS, Fit, Patient

MAX_SCENARIOS = 16  # combinations of answers tried for one case
MAX_AGE_ANSWERS = 4  # age bands tried (the statements' bounds cut the ages into bands)
MAX_INDICATIONS = 4  # diagnoses tried, besides "none of these"


@dataclass(frozen=True)
class Question:
    """A profile answer that would settle the case, and the answers worth trying."""

    key: str
    values: tuple[Any, ...]
    labels: tuple[str, ...]  # "if your provider is in network", one per value
    asks: str  # "whether your provider is in your plan's network"
    step: str  # what the patient can do to answer it


Answers = Mapping[str, Any]


def questions_for(fits: Sequence[Fit], patient: Patient, lexicon: Lexicon) -> list[Question]:
    """The questions the open statements ask, in the order they were met."""
    keys = list(dict.fromkeys(q for f in fits for q in f.questions))
    out = []
    for key in keys:
        if key == NETWORK:
            out.append(
                Question(
                    NETWORK,
                    (True, False),
                    ("if your provider is in network", "if your provider is out of network"),
                    "whether your provider is in your plan's network",
                    "Ask the insurer (or check its provider directory) whether your provider is in network, "
                    "then add it to your answers.",
                )
            )
        elif key == AGE:
            out.append(_age_question(sorted({a for f in fits for a in f.ages})))
        elif key == INDICATION:
            wanted: set[str] = set().union(*(f.indications for f in fits))
            if patient.conditions is not None:
                wanted &= patient.maybe
            if wanted:
                out.append(_indication_question(sorted(wanted)[:MAX_INDICATIONS], lexicon))
        elif key.startswith(SETTING):
            where = SETTING_WORDS.get(key[len(SETTING) :], key[len(SETTING) :])
            out.append(
                Question(
                    key,
                    (True, False),
                    (f"if it is given {where}", f"if it is not given {where}"),
                    f"whether the treatment is given {where}",
                    f"Ask your provider whether the treatment would be given {where}.",
                )
            )
    return out


def _age_question(bounds: list[int]) -> Question:
    bounds = bounds[: MAX_AGE_ANSWERS - 1]
    values = [max(bounds[0] - 1, 0), *bounds]
    labels = [f"if you are younger than {bounds[0]}"]
    for i, b in enumerate(bounds):
        nxt = bounds[i + 1] if i + 1 < len(bounds) else None
        labels.append(f"if you are {b} or older" if nxt is None else f"if you are {b} to {nxt - 1}")
    return Question(AGE, tuple(values), tuple(labels), "your age", "Add your age to your answers.")


def _indication_question(conditions: list[str], lexicon: Lexicon) -> Question:
    def label(c: str) -> str:
        return lexicon.concepts[c].label if c in lexicon.concepts else c

    labels = [f"if you have {label(c)}" for c in conditions]
    labels.append("if you have none of these" if len(conditions) > 1 else f"if you don't have {label(conditions[0])}")
    return Question(
        INDICATION,
        (*conditions, ""),
        tuple(labels),
        "your diagnosis",
        "Add your diagnoses (ICD-10 codes from your psychiatrist) and the antidepressants you have tried "
        "(each with its weeks and improvement), then check again.",
    )


def combinations(questions: Sequence[Question]) -> list[dict[str, Any]] | None:
    """Every combination of answers, or None when there are more than MAX_SCENARIOS."""
    total = 1
    for q in questions:
        total *= len(q.values)
    if total > MAX_SCENARIOS:
        return None
    return [dict(zip((q.key for q in questions), combo)) for combo in itertools.product(*(q.values for q in questions))]


def describe(questions: Sequence[Question], answers: Answers) -> str:
    """'if your provider is in network and if you are 18 or older' -> for one combination."""
    parts = []
    for q in questions:
        if q.key in answers:
            parts.append(q.labels[q.values.index(answers[q.key])])
    return ", ".join(parts)


def assume(patient: Patient, answers: Answers, lexicon: Lexicon) -> Patient:
    """The patient as if they had given these answers."""
    if not answers:
        return patient
    p = patient
    if NETWORK in answers:
        p = replace(p, in_network=bool(answers[NETWORK]))
    if AGE in answers:
        p = replace(p, age=int(answers[AGE]))
    if INDICATION in answers:
        c = answers[INDICATION]
        known = set(p.conditions or ())
        if c:
            known |= {c} | lexicon.implied(c)
        p = replace(p, conditions=frozenset(known), maybe=frozenset())
    settings = {k[len(SETTING) :]: bool(v) for k, v in answers.items() if k.startswith(SETTING)}
    if settings:
        p = replace(p, settings={**p.settings, **settings})
    return p
