"""Seven real 2024-2026 plan documents (../shared/real-docs, never copied into this repository): with the
full shipped rules (default policy and insurer packs), each case must give the verdict and basis its
manifest records, with the deciding evidence on one of the pages it lists; a case the manifest marks
ambiguous must at least never give `covered`. Cases the code gets wrong today are strict xfails naming
what is wrong (KNOWN_WRONG), so fixing one shows as a failure until it is taken off the list. The module
is skipped where the folder is absent (POLICYEVAL_REAL_DOCS may point at it from a git worktree)."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

REAL = Path(os.environ.get("POLICYEVAL_REAL_DOCS") or ROOT.parent / "shared" / "real-docs")
MANIFEST = REAL / "manifest.yaml"
# Several minutes on a 2-core machine (documents of 71-163 pages, some OCR): `make test-fast` skips it.
pytestmark = [
    pytest.mark.skipif(not MANIFEST.exists(), reason="../shared/real-docs is not present"),
    pytest.mark.slow,
]

# case id - profile name -> what the code gets wrong today (the capability it waits for), and whether the
# xfail is strict (False only where the failure depends on this machine's speed).
KNOWN_WRONG: dict[str, tuple[str, bool]] = {
    "d07-iv": (
        "reading fails: a page of the drug list is sent to OCR, which runs out of time on a loaded machine "
        "(issue 11 §2-3: few-text pages, OCR budget)",
        False,
    ),
    "d07-esk": (
        "reading fails: a page of the drug list is sent to OCR, which runs out of time on a loaded machine "
        "(issue 11 §2-3: few-text pages, OCR budget)",
        False,
    ),
}


def _cases() -> list:
    if not MANIFEST.exists():
        return []
    data = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    params = []
    for case in data["cases"]:
        for prof in case["profiles"]:
            pid = f"{case['id']}-{prof['name']}"
            known = KNOWN_WRONG.get(pid)
            marks = [pytest.mark.xfail(strict=known[1], reason=known[0])] if known else []
            params.append(pytest.param(case, prof, id=pid, marks=marks))
    return params


@cache
def _plan(pdf: str) -> str:
    """Read and find once per document; each profile is then decided on the plan text."""
    from policyeval import plan_from_inputs

    text, _docs = plan_from_inputs([REAL / pdf])
    return text


def _evidence(decision) -> str:
    return "; ".join(f"p{e.page} {e.row}: {e.quote[:100]!r}" for e in decision.evidence) or "no evidence"


@pytest.mark.parametrize("case, prof", _cases())
def test_real_document(case, prof, default_rules):
    from policyeval import evaluate_plan_text

    decision, _findings = evaluate_plan_text(_plan(case["pdf"]), prof["profile"], default_rules)
    expect = prof["expect"]
    got = (decision.verdict, decision.basis)
    where = f"{case['pdf']} {prof['name']}: got {got} by rule {decision.rule}; {_evidence(decision)}"
    if prof.get("ambiguous"):
        assert decision.verdict != "covered", f"ambiguous case must never be covered; {where}"
        return
    assert got == (expect["verdict"], expect["basis"]), f"expected {expect['verdict']}/{expect['basis']}; {where}"
    if expect["pages"]:
        assert decision.evidence and decision.evidence[0].page in expect["pages"], (
            f"expected the deciding evidence on pages {expect['pages']}; {where}"
        )
    else:
        assert not decision.evidence, f"expected no deciding evidence; {where}"
