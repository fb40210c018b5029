"""End to end over the whole sample manifest: one test per case (documents + profile -> expected verdict,
basis and deciding evidence page), through the same code path as `policyeval qa`. A failure shows what
differs and the case's trace (every matched rule, the winner marked)."""

from __future__ import annotations

import pytest
from conftest import SAMPLES

MANIFEST = SAMPLES / "manifest.yaml"


def _cases():
    if not MANIFEST.exists():
        return [
            pytest.param(None, marks=pytest.mark.skip(reason="samples/manifest.yaml not written yet"), id="no-manifest")
        ]
    from policyeval.tools.qa import load_manifest

    return [pytest.param(c, id=c.id) for c in load_manifest(MANIFEST)]


@pytest.mark.parametrize("case", _cases())
def test_case(case):
    from policyeval.tools.qa import failure_text, run_case

    result = run_case(case)
    if not result.passed:
        why = f"\nwhy this case: {case.why}" if case.why else ""
        pytest.fail(failure_text(result) + why, pytrace=False)
