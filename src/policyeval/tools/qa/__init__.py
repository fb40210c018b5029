"""`policyeval qa`: run every sample case (documents + profile -> expected verdict, basis and evidence
page) and report pass / fail, the trace of each failure and which rules the cases never exercise.

`manifest` reads the cases, `runners` runs them (in this process, a process pool or a Dask cluster),
`reports` writes text, JSON and JUnit. The Streamlit app and the bench call the names below."""

from .manifest import DEFAULT_MANIFEST, Case, load_manifest, load_manifests
from .reports import CaseResult, QAReport, failure_text, report_json, report_junit, report_text
from .runners import rule_spec, run_case, run_cases

__all__ = [
    "Case",
    "CaseResult",
    "QAReport",
    "load_manifest",
    "load_manifests",
    "run_cases",
    "run_case",
    "rule_spec",
    "report_json",
    "report_junit",
    "report_text",
    "failure_text",
    "DEFAULT_MANIFEST",
]
