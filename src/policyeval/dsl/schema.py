"""What rules can read: the fact schema (fields and functions with their types) and the names that
are values. The one place names are defined; the checker, the docs (`policyeval rules facts`), the
lowering and the case values all read it."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..lexicon import Lexicon
from ..models import DOCUMENT_KINDS, MODIFIERS, TREATMENTS

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
        FieldSpec(
            "insurer_candidates",
            "int",
            "how many carriers the medical documents name as theirs when the profile names none and they "
            "name more than one (0 otherwise); pharmacy benefit managers never count",
            optional=False,
        ),
        FieldSpec(
            "insurer_has_pack",
            "bool",
            "the rule set has an insurer pack for the resolved insurer that decides this treatment "
            "(not given when the insurer is unknown)",
        ),
        FieldSpec(
            "medical_documents",
            "int",
            "how many of the documents given are about medical coverage (every kind but non_medical)",
            optional=False,
        ),
    )
}

FUNCTIONS: dict[str, FunctionSpec] = {
    f.name: f
    for f in (
        FunctionSpec(
            "mentions",
            (ParamSpec("concept", "concept"), ParamSpec("modifiers", "modifier", (), variadic=True)),
            "bool",
            "the plan's own documents (SBC, EOC, rider, drug list, other; not insurer medical policies, never a "
            "non-medical document) state the concept (`treatment` = the profile's treatment) with every listed "
            "modifier, in a statement whose scope (indications, network, route, age, setting) includes the "
            "patient; anesthetic/controlled-substance mentions of a treatment count only when "
            "`non_psychiatric` is asked for",
        ),
        FunctionSpec(
            "policy_says",
            (ParamSpec("concept", "concept"), ParamSpec("modifiers", "modifier", (), variadic=True)),
            "bool",
            "like mentions(), but in an insurer medical-policy document given with the plan "
            "(kind policy) rather than in the plan's own documents",
        ),
        FunctionSpec(
            "indication_excludes",
            (ParamSpec("concept", "concept"), ParamSpec("modifiers", "modifier", (), variadic=True)),
            "bool",
            "the plan's own documents cover the concept (with every listed modifier) in statements limited "
            "to indications, and the profile's diagnoses include none of them (e.g. covered for "
            "treatment-resistant depression, and the patient has PTSD); a prior-authorization requirement "
            "stated for an indication does not limit coverage",
        ),
        FunctionSpec(
            "policy_indication_excludes",
            (ParamSpec("concept", "concept"), ParamSpec("modifiers", "modifier", (), variadic=True)),
            "bool",
            "like indication_excludes(), but in an insurer medical-policy document given with the plan",
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
            "the profile's diagnoses include an indication the documents limit the concept's coverage to (TRD "
            "counts as met by MDD with 2+ failed antidepressant trials of 6+ weeks)",
            optional=True,
        ),
        FunctionSpec(
            "has_document",
            (ParamSpec("kind", "kind"),),
            "bool",
            "a document of this kind was given: sbc, eoc, rider, policy, formulary, medicare_summary, "
            "non_medical, other",
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
# What `{name}` may stand for in a rule's reason and next steps (decide/decision.py fills them).
PLACEHOLDERS = (
    "treatment",  # the treatment's label
    "insurer",  # the resolved insurer's label
    "document",  # the deciding passage: its document, page, quote and chart row
    "page",
    "quote",
    "row",
    "source",  # the winning rule's policy citation
    "carriers",  # the carriers the documents name when they name several
    "non_medical",  # "dental.pdf is a dental plan document" for each non-medical document
    "insurer_policy",  # why no insurer policy decided: carrier unknown, ambiguous, or no pack for it
)


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
    """A 'did you mean' hint for a misspelt name, or "" when nothing is close."""
    close = difflib.get_close_matches(name, list(options), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""
