"""policyeval: will this health plan cover IV ketamine or Spravato for this patient?

>>> import policyeval
>>> profile = {"treatment": "esketamine_nasal", "provider_in_network": True}
>>> result = policyeval.evaluate(["samples/sbc01_named_pa.pdf"], profile)
>>> result.decision.verdict
'pa_required'

The names below load on first use (PEP 562), so `import policyeval` -- and the command line's
`--version` and `rules fmt` -- do not import the PDF reader or the rules engine until they are needed.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .decide.ruleset import RuleSet, load_rules
    from .errors import DocumentError, DSLError, EngineError, InputError, PolicyEvalError, ProfileError
    from .find.findings import find as find_findings
    from .models import Decision, Document, Evidence, Finding
    from .pipeline import (
        DocumentCache,
        Evaluation,
        PlanCache,
        evaluate,
        evaluate_plan_text,
        formulary_plans,
        hidden_text_warnings,
        plan_from_inputs,
        read_documents,
    )
    from .profile import Profile, load_profile, profile_from_dict
    from .read.render import render_evidence
    from .terminal import printable, printable_streams
    from .terms import forget_words

# public name -> (module, name in it)
_EXPORTS: dict[str, tuple[str, str]] = {
    "evaluate": (".pipeline", "evaluate"),
    "evaluate_plan_text": (".pipeline", "evaluate_plan_text"),
    "plan_from_inputs": (".pipeline", "plan_from_inputs"),
    "read_documents": (".pipeline", "read_documents"),
    "formulary_plans": (".pipeline", "formulary_plans"),
    "DocumentCache": (".pipeline", "DocumentCache"),
    "PlanCache": (".pipeline", "PlanCache"),
    "hidden_text_warnings": (".pipeline", "hidden_text_warnings"),
    "printable": (".terminal", "printable"),
    "printable_streams": (".terminal", "printable_streams"),
    "forget_words": (".terms", "forget_words"),
    "find_findings": (".find.findings", "find"),
    "render_evidence": (".read.render", "render_evidence"),
    "load_rules": (".decide.ruleset", "load_rules"),
    "load_profile": (".profile", "load_profile"),
    "profile_from_dict": (".profile", "profile_from_dict"),
    "Evaluation": (".pipeline", "Evaluation"),
    "Decision": (".models", "Decision"),
    "Document": (".models", "Document"),
    "Evidence": (".models", "Evidence"),
    "Finding": (".models", "Finding"),
    "Profile": (".profile", "Profile"),
    "RuleSet": (".decide.ruleset", "RuleSet"),
    "PolicyEvalError": (".errors", "PolicyEvalError"),
    "InputError": (".errors", "InputError"),
    "DocumentError": (".errors", "DocumentError"),
    "ProfileError": (".errors", "ProfileError"),
    "DSLError": (".errors", "DSLError"),
    "EngineError": (".errors", "EngineError"),
}

__all__ = [
    "evaluate",
    "evaluate_plan_text",
    "plan_from_inputs",
    "read_documents",
    "formulary_plans",
    "DocumentCache",
    "PlanCache",
    "hidden_text_warnings",
    "printable",
    "printable_streams",
    "forget_words",
    "find_findings",
    "render_evidence",
    "load_rules",
    "load_profile",
    "profile_from_dict",
    "Evaluation",
    "Decision",
    "Document",
    "Evidence",
    "Finding",
    "Profile",
    "RuleSet",
    "PolicyEvalError",
    "InputError",
    "DocumentError",
    "ProfileError",
    "DSLError",
    "EngineError",
]
assert sorted(__all__) == sorted(_EXPORTS), "every public name has a module to load it from"
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'policyeval' has no attribute {name!r}")
    module, attr = _EXPORTS[name]
    value = getattr(importlib.import_module(module, __name__), attr)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
