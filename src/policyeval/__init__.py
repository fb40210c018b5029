"""policyeval: will this health plan cover IV ketamine or Spravato for this patient?

>>> import policyeval
>>> result = policyeval.evaluate(["samples/sbc01.pdf"], {"treatment": "esketamine_nasal"})
>>> result.decision.verdict
"""

from .decide.ruleset import RuleSet, load_rules
from .errors import DocumentError, DSLError, EngineError, InputError, PolicyEvalError, ProfileError
from .models import Decision, Document, Evidence, Finding
from .pipeline import Evaluation, evaluate, evaluate_plan_text, plan_from_inputs, read_documents
from .profile import Profile, load_profile, profile_from_dict

__all__ = [
    "evaluate",
    "evaluate_plan_text",
    "plan_from_inputs",
    "read_documents",
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
__version__ = "0.1.0"
