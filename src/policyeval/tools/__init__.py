"""The rule author's and QA's tools: take rule files, rule tests, plans and profiles; give diagnostics,
formatted files, test reports with rule coverage, "why not" explanations, the fact schema as docs, and
QA runs over the sample manifest. The command line and the app use these public names (they load on
first use, so naming one does not import the PDF reader or the engine):

- `rule_files` -- the rule files a command works on: those given (folders searched), else the shipped ones
- `check_texts`, `check_paths`, `check_files`, `check_report`, `Diagnostic` -- `rules check` (`rulecheck`)
- `format_text`, `format_path` -- `rules fmt` (`formatting`)
- `run_rule_tests`, `RuleTestReport`, `RuleTestResult` -- `rules test` (`ruletests`)
- `explain_case`, `RuleExplanation`, `CaseExplanation` -- `explain` (`explain`; also `explain.explain`)
- `schema`, `facts_text`, `facts_markdown`, `update_doc` -- `rules facts` (`schemadoc`)
- `qa` -- `policyeval qa`: `load_manifest`, `run_cases`, `report_text` / `report_json` / `report_junit`
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS: dict[str, str] = {
    "rule_files": "..resources",
    "check_texts": ".rulecheck",
    "check_paths": ".rulecheck",
    "check_files": ".rulecheck",
    "check_report": ".rulecheck",
    "Diagnostic": ".rulecheck",
    "format_text": ".formatting",
    "format_path": ".formatting",
    "run_rule_tests": ".ruletests",
    "RuleTestReport": ".ruletests",
    "RuleTestResult": ".ruletests",
    "explain_case": ".explain",
    "RuleExplanation": ".explain",
    "CaseExplanation": ".explain",
    "schema": ".schemadoc",
    "facts_text": ".schemadoc",
    "facts_markdown": ".schemadoc",
    "update_doc": ".schemadoc",
}

__all__ = [*_EXPORTS, "qa"]


def __getattr__(name: str) -> Any:
    if name == "qa":
        return importlib.import_module(".qa", __name__)
    if name not in _EXPORTS:
        raise AttributeError(f"module 'policyeval.tools' has no attribute {name!r}")
    value = getattr(importlib.import_module(_EXPORTS[name], __name__), name)
    globals()[name] = value
    return value
