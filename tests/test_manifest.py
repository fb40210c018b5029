"""End to end over the whole sample manifest: one test per case (documents + profile -> expected verdict,
basis and deciding evidence page), through the same code path as `policyeval qa`. A failure shows what
differs and the case's trace (every matched rule, the winner marked).

Cases the code cannot pass yet live in samples/manifest_pending.yaml (generated from the `pending` reasons
in samples/scoped_cases.py): they run as strict xfails, so a case that starts passing fails here until its
`pending` is removed and the manifests are regenerated."""

from __future__ import annotations

import pytest
import yaml
from conftest import SAMPLES

MANIFEST = SAMPLES / "manifest.yaml"
PENDING = SAMPLES / "manifest_pending.yaml"


def _has_cases(path) -> bool:
    return path.exists() and bool((yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("cases"))


def _cases():
    if not MANIFEST.exists():
        return [
            pytest.param(None, marks=pytest.mark.skip(reason="samples/manifest.yaml not written yet"), id="no-manifest")
        ]
    from policyeval.tools.qa import load_manifest

    params = [pytest.param(c, id=c.id) for c in load_manifest(MANIFEST)]
    if _has_cases(PENDING):
        raw = {c["id"]: c for c in yaml.safe_load(PENDING.read_text(encoding="utf-8"))["cases"]}
        for c in load_manifest(PENDING):
            why = str(raw[c.id].get("note", "pending"))
            params.append(pytest.param(c, id=c.id, marks=pytest.mark.xfail(strict=True, reason=why)))
    return params


@pytest.mark.parametrize("case", _cases())
def test_case(case):
    from policyeval.tools.qa import failure_text, run_case

    result = run_case(case)
    if not result.passed:
        why = f"\nwhy this case: {case.why}" if case.why else ""
        pytest.fail(failure_text(result) + why, pytrace=False)


def test_pending_cases_say_why():
    """Every pending case names what it waits for, and no case is both ready and pending."""
    if not _has_cases(PENDING):
        pytest.skip("no pending cases")
    ready = {c["id"] for c in yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))["cases"]}
    for c in yaml.safe_load(PENDING.read_text(encoding="utf-8"))["cases"]:
        assert str(c.get("note", "")).startswith("pending: ") and len(c["note"]) > 20, c["id"]
        assert c["id"] not in ready, c["id"]
